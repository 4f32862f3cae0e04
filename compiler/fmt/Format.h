// The canonical layout of policy files (`stitch fmt`, LSP formatting): idempotent, keeps every
// comment, orders clauses canonically. Also prints single expressions, targets and actions for
// the YAML form.
#pragma once

#include <string>

#include "compiler/ast/Ast.h"

namespace stitch::formatter {

// Formats a file that parsed without syntax errors.
std::string FormatFile(const ast::File& file);

std::string FormatExpr(const ast::Expr& expr);
std::string FormatTarget(const ast::Target& target);
std::string FormatAction(const ast::Action& action);
std::string FormatCondition(const ast::Condition& condition);  // "x > 1 for 2m"
std::string FormatHealthTerm(const ast::HealthTerm& term);

}  // namespace stitch::formatter
