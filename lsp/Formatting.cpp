#include "lsp/Formatting.h"

#include "compiler/fmt/Format.h"
#include "compiler/yaml/YamlForm.h"

namespace stitch::lsp {

std::optional<std::string> FormatDocument(const Document& document) {
  if (!document.checked.syntax_ok) return std::nullopt;
  if (IsYamlPolicyPath(document.path)) return yaml::ToYaml(document.checked.ast);
  return formatter::FormatFile(document.checked.ast);
}

}  // namespace stitch::lsp
