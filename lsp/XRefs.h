// Go to definition and find references for constants, metrics and policies (and built-in
// metrics and functions, which have uses but no declaration). Policy names are unique across a
// policy set, so a policy's references are its declarations in every open document.
#pragma once

#include <vector>

#include "lsp/Server.h"

namespace stitch::lsp {

struct SourceLocation {
  const Document* document;
  SourceRange range;
};

// Where the symbol at `offset` is declared; empty for built-ins and when nothing is there.
std::vector<SourceLocation> DefinitionAt(const Server& server, const Document& document, uint32_t offset);

std::vector<SourceLocation> ReferencesAt(const Server& server, const Document& document, uint32_t offset,
                                         bool include_declaration);

}  // namespace stitch::lsp
