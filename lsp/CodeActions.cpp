#include "lsp/CodeActions.h"

namespace stitch::lsp {

std::vector<QuickFix> QuickFixesIn(const Document& document, SourceRange range) {
  std::vector<QuickFix> out;
  for (const auto& d : document.diagnostics) {
    if (!d.fix || d.file != document.source) continue;
    if (d.range.end < range.begin || d.range.begin > range.end) continue;
    out.push_back({&d, *d.fix});
  }
  return out;
}

}  // namespace stitch::lsp
