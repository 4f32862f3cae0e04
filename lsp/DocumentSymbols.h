// Document symbols: the outline of a file — constants, metrics, guards, the health block and
// policies, with each policy's clauses as children.
#pragma once

#include <string>
#include <vector>

#include "lsp/Protocol.h"
#include "lsp/Server.h"

namespace stitch::lsp {

struct OutlineItem {
  std::string name;
  std::string detail;
  SymbolKind kind = SymbolKind::kObject;
  SourceRange range;      // the whole declaration
  SourceRange selection;  // its name
  std::vector<OutlineItem> children;
};

std::vector<OutlineItem> OutlineOf(const Document& document);

}  // namespace stitch::lsp
