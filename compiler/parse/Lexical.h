// Lexical checks and decoding shared by the parser and the YAML form: UTF-8 validation,
// string escapes, number and quantity literals.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/ast/Ast.h"
#include "compiler/diagnostics/Diagnostic.h"

namespace stitch::parse {

// Decodes a string literal `raw` (with its quotes, possibly unterminated) that starts at
// byte `offset` of `file`, reporting bad escapes (E0004) at their exact position.
std::string DecodeString(std::string_view raw, uint32_t offset, const SourceFilePtr& file,
                         Diagnostics& diagnostics);

// Fills a kNumber or kQuantity expression from its spelling, reporting E0011-E0013.
void ReadNumberLiteral(ast::Expr& expr, const SourceFilePtr& file, Diagnostics& diagnostics);
void ReadQuantityLiteral(ast::Expr& expr, const SourceFilePtr& file, Diagnostics& diagnostics);

// Escapes `value` as a policy string literal with quotes.
std::string QuoteString(std::string_view value);

}  // namespace stitch::parse
