// `stitch lsp`: the language server over stdin/stdout (see docs/lsp.md).
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "lsp/LanguageServer.h"

namespace stitch::cli {

int RunLsp(const Args& args) {
  bool stdio = false;
  ArgParser parser("lsp",
                   "Run the language server (LSP 3.17) on stdin/stdout for editors: diagnostics, "
                   "hover, completion, definitions, references, symbols, formatting, semantic "
                   "tokens and quick fixes.");
  parser.Flag("--stdio", &stdio, "use stdin/stdout (the default and only transport)");
  if (auto exit = parser.Parse(args)) return *exit;
  std::ios::sync_with_stdio(false);
  lsp::Transport transport(std::cin, std::cout);
  return lsp::RunLanguageServer(transport, {STITCH_VERSION});
}

}  // namespace stitch::cli
