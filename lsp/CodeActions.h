// Code actions: the compiler's fix-its (e.g. "write `500ms`") as quick fixes, for the
// diagnostics that touch the requested range.
#pragma once

#include <vector>

#include "lsp/Server.h"

namespace stitch::lsp {

struct QuickFix {
  const stitch::Diagnostic* diagnostic;  // owned by the document
  FixIt fix;
};

// Fix-its of diagnostics whose range intersects `range` (touching counts).
std::vector<QuickFix> QuickFixesIn(const Document& document, SourceRange range);

}  // namespace stitch::lsp
