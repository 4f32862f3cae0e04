// Completion: keywords for the place (top level, policy clauses, target forms), metrics,
// constants and functions in expressions, units after a number, the actions valid for the
// policy's target, and service and destination names from the workspace's manifests inside
// strings. Works on half-typed files: the place is read from the text around the cursor and
// the partial AST.
#pragma once

#include <string>
#include <vector>

#include "compiler/check/ManifestNames.h"
#include "lsp/Protocol.h"
#include "lsp/Server.h"

namespace stitch::lsp {

struct Completion {
  std::string label;
  CompletionKind kind = CompletionKind::kKeyword;
  std::string detail;
  std::string documentation;  // markdown
  SourceRange replace;        // the part of the word already typed
  std::string insert;         // replaces `replace`
  std::string snippet;        // the same with LSP snippet placeholders; empty when none
};

// Candidates at `offset`, in a stable order (the client filters them by what was typed).
std::vector<Completion> CompleteAt(const Document& document, uint32_t offset,
                                   const check::ManifestNames& manifests);

}  // namespace stitch::lsp
