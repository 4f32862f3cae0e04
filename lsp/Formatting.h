// Formatting: exactly `stitch fmt` — the canonical layout of a `.policy` file, or the canonical
// YAML form of a YAML policy file. A file with syntax errors is not formatted.
#pragma once

#include <optional>
#include <string>

#include "lsp/Server.h"

namespace stitch::lsp {

// The formatted text, or nullopt when the document has syntax errors.
std::optional<std::string> FormatDocument(const Document& document);

}  // namespace stitch::lsp
