// Reading the annotated AST by byte offset: every expression, the symbol under the cursor and
// its uses. Works on a partial AST too (syntax errors): names the checker did not resolve are
// resolved by their text, as the checker would (file-level constants and metrics, then
// built-ins).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/Ast.h"

namespace stitch::lsp {

// Calls `visit` for every expression of the file, parents before children.
void ForEachExpr(const ast::File& file, const std::function<void(const ast::Expr&)>& visit);

// The smallest expression whose range contains `offset` (its end included), or null.
const ast::Expr* ExprAt(const ast::File& file, uint32_t offset);

// The policy whose block contains `offset`, or null.
const ast::Policy* PolicyAt(const ast::File& file, uint32_t offset);

// The action whose keyword is under `offset`, or null.
const ast::Action* ActionKeywordAt(const ast::File& file, uint32_t offset);

struct Symbol {
  enum class Kind { kConst, kCustomMetric, kBuiltinMetric, kFunction, kPolicy };
  Kind kind = Kind::kConst;
  uint32_t index = 0;   // into File::consts, File::metrics or File::policies
  std::string name;
  SourceRange range;    // the occurrence under the cursor
};

// The symbol declared or used at `offset`: a constant, a metric, a function or a policy.
std::optional<Symbol> SymbolAt(const ast::File& file, uint32_t offset);

// Where a declared symbol is declared (constants, custom metrics, policies), or nullopt.
std::optional<SourceRange> DeclarationOf(const ast::File& file, const Symbol& symbol);

// Every use of `symbol` in `file` in source order, and its declaration when asked.
std::vector<SourceRange> UsesOf(const ast::File& file, const Symbol& symbol, bool include_declaration);

// The symbol a name (a constant or metric) refers to, resolved as the checker does.
std::optional<Symbol> ResolveName(const ast::File& file, const std::string& name);

// The symbol of a `kName` expression: the checker's resolution, else ResolveName. Its range
// is the expression's.
std::optional<Symbol> NameSymbol(const ast::File& file, const ast::Expr& expr);

}  // namespace stitch::lsp
