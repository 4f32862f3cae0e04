#include "Ast.h"

namespace stitch::ast {

const char* OpSpelling(Op op) {
  switch (op) {
    case Op::kAdd: return "+";
    case Op::kSub: return "-";
    case Op::kMul: return "*";
    case Op::kDiv: return "/";
    case Op::kNeg: return "-";
    case Op::kNot: return "not";
    case Op::kAnd: return "and";
    case Op::kOr: return "or";
    case Op::kLt: return "<";
    case Op::kLe: return "<=";
    case Op::kGt: return ">";
    case Op::kGe: return ">=";
    case Op::kEq: return "==";
    case Op::kNe: return "!=";
  }
  return "?";
}

const char* ActionName(ActionKind kind) {
  switch (kind) {
    case ActionKind::kRedirect: return "redirect";
    case ActionKind::kMirror: return "mirror";
    case ActionKind::kShift: return "shift";
    case ActionKind::kIsolate: return "isolate";
    case ActionKind::kRateLimit: return "rate_limit";
    case ActionKind::kRequireMtls: return "require mtls";
    case ActionKind::kSetTimeout: return "set timeout";
    case ActionKind::kSetRetries: return "set retries";
  }
  return "?";
}

SourceRange File::ItemRange(const Item& item) const {
  switch (item.kind) {
    case ItemKind::kConst: return consts[item.index].range;
    case ItemKind::kMetric: return metrics[item.index].range;
    case ItemKind::kGuard: return guards[item.index].range;
    case ItemKind::kHealth: return health[item.index].range;
    case ItemKind::kPolicy: return policies[item.index].range;
  }
  return {};
}

}  // namespace stitch::ast
