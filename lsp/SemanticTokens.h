// Semantic tokens: the AST's names, literals, declarations and comments classified (a constant
// is a read-only variable, a built-in metric a default-library property, ...); the words left
// between them inside declarations are the grammar's keywords. Encoded for LSP as 5-integer
// relative groups with UTF-16 columns, one token per line.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "lsp/Server.h"

namespace stitch::lsp {

enum class TokenType : uint32_t {
  kKeyword, kVariable, kProperty, kFunction, kNumber, kString, kComment, kType, kClass, kEnumMember,
};
enum TokenModifier : uint32_t { kDeclaration = 1, kReadonly = 2, kDefaultLibrary = 4 };

// The legend announced in the server's capabilities, in enum order.
const std::vector<std::string_view>& TokenTypeNames();
const std::vector<std::string_view>& TokenModifierNames();

struct SemanticToken {
  SourceRange range;
  TokenType type;
  uint32_t modifiers = 0;
};

// Sorted, non-overlapping tokens of the document (empty for the YAML form).
std::vector<SemanticToken> SemanticTokensOf(const Document& document);

// The LSP `data` array: tokens split at line breaks, positions relative and in UTF-16.
std::vector<uint32_t> EncodeSemanticTokens(const SourceFile& file, const std::vector<SemanticToken>& tokens);

}  // namespace stitch::lsp
