// Hover: the type and unit of an expression (and its value when constant), a constant's or a
// metric's declaration and meaning, a function's signature and doc, a policy's summary, an
// action's effect.
#pragma once

#include <optional>
#include <string>

#include "lsp/Server.h"

namespace stitch::lsp {

struct HoverInfo {
  SourceRange range;     // what the hover is about
  std::string markdown;
};

std::optional<HoverInfo> HoverAt(const Document& document, uint32_t offset);

}  // namespace stitch::lsp
