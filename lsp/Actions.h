// What each action does and where it is valid, for hover and completion. The target rule is
// the checker's (E0401); tests/lsp checks that the two agree.
#pragma once

#include <string_view>
#include <vector>

#include "compiler/ast/Ast.h"

namespace stitch::lsp {

struct ActionInfo {
  ast::ActionKind kind;
  std::string_view label;    // "set timeout"
  std::string_view syntax;   // "set timeout D"
  std::string_view snippet;  // LSP snippet inserted by completion
  std::string_view effect;   // one sentence
  std::string_view valid_on; // "service and route targets"
};

const std::vector<ActionInfo>& Actions();
const ActionInfo& InfoFor(ast::ActionKind kind);
bool ActionValidFor(ast::ActionKind action, ast::TargetKind target);

}  // namespace stitch::lsp
