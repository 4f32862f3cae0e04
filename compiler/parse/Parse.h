// The parse phase: source text → AST. ANTLR is quarantined here: its listeners are replaced,
// its exceptions caught, and nesting bounded before it recurses.
#pragma once

#include "compiler/ast/Ast.h"
#include "compiler/diagnostics/Diagnostic.h"

namespace stitch::parse {

struct ParseOptions {
  size_t max_bytes = 4 * 1024 * 1024;  // larger files are refused (E0008)
  uint32_t max_nesting = 100;          // brackets and prefix operators (E0007)
  size_t max_syntax_errors = 50;       // then E0015 and stop reporting
};

// Always returns a File, as complete as the text allows; problems go to `diagnostics`.
// Lexical errors (UTF-8, binary, size, nesting) stop before parsing; syntax errors are all
// reported that the parser can recover from.
ast::File Parse(SourceFilePtr source, Diagnostics& diagnostics, const ParseOptions& options = {});

}  // namespace stitch::parse
