// Diagnostics: a document's compiler diagnostics (the same codes and messages as `stitch check`)
// as LSP diagnostics, with notes as related information.
#pragma once

#include <vector>

#include "lsp/Protocol.h"
#include "lsp/Server.h"

namespace stitch::lsp {

lsp::Diagnostic ToLspDiagnostic(const Document& document, const stitch::Diagnostic& diagnostic);
PublishDiagnosticsParams DiagnosticsFor(const Document& document);

}  // namespace stitch::lsp
