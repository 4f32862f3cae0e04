#include "Interpreter.h"

#include <cmath>
#include <vector>

namespace stitch::interp {
namespace {

using ir::Op;
using ir::Tri;

// One instruction's result for the current row: a number with its presence, or a Tri.
struct Value {
  double number = 0;
  bool present = false;
  uint8_t tri = ir::kUnknown;
};

Tri Compare(Op op, const Value& a, const Value& b) {
  if (!a.present || !b.present) return ir::kUnknown;
  bool r = false;
  switch (op) {
    case Op::kLt: r = a.number < b.number; break;
    case Op::kLe: r = a.number <= b.number; break;
    case Op::kGt: r = a.number > b.number; break;
    case Op::kGe: r = a.number >= b.number; break;
    case Op::kEq: r = a.number == b.number; break;
    default: r = a.number != b.number; break;
  }
  return r ? ir::kTrue : ir::kFalse;
}

Value Arithmetic(Op op, const Value& a, const Value& b) {
  double r = 0;
  switch (op) {
    case Op::kAdd: r = a.number + b.number; break;
    case Op::kSub: r = a.number - b.number; break;
    case Op::kMul: r = a.number * b.number; break;
    default: r = a.number / b.number; break;
  }
  // A non-finite result (a division by zero, an overflow) is missing, never NaN or Inf.
  return {r, a.present && b.present && std::isfinite(r)};
}

}  // namespace

void Evaluate(const ir::Condition& condition, const frame::FrameView& view, uint8_t* out) {
  std::vector<Value> values(condition.insts.size());
  for (size_t row = 0; row < view.rows; ++row) {
    for (size_t i = 0; i < condition.insts.size(); ++i) {
      const ir::Inst& inst = condition.insts[i];
      const Value& a = values[inst.a];
      const Value& b = values[inst.b];
      Value& v = values[i];
      switch (inst.op) {
        case Op::kConst:
          v = {inst.imm, true};
          break;
        case Op::kLoad:
        case Op::kLoadBool: {
          bool present = (view.validity[inst.a][row / 64] >> (row % 64)) & 1u;
          double number = view.values[inst.a][row];
          if (inst.op == Op::kLoad) {
            v = {number, present};
          } else {
            v.tri = !present ? ir::kUnknown : number != 0 ? ir::kTrue : ir::kFalse;
          }
          break;
        }
        case Op::kNeg:
          v = {-a.number, a.present};
          break;
        case Op::kAbs:
          v = {std::fabs(a.number), a.present};
          break;
        case Op::kAdd:
        case Op::kSub:
        case Op::kMul:
        case Op::kDiv:
          v = Arithmetic(inst.op, a, b);
          break;
        case Op::kMin:
          v = {a.number < b.number ? a.number : b.number, a.present && b.present};
          break;
        case Op::kMax:
          v = {a.number > b.number ? a.number : b.number, a.present && b.present};
          break;
        case Op::kClamp: {
          const Value& c = values[inst.c];
          double low = a.number > b.number ? a.number : b.number;
          v = {low < c.number ? low : c.number, a.present && b.present && c.present};
          break;
        }
        case Op::kTrue:
          v.tri = ir::kTrue;
          break;
        case Op::kFalse:
          v.tri = ir::kFalse;
          break;
        case Op::kLt:
        case Op::kLe:
        case Op::kGt:
        case Op::kGe:
        case Op::kEq:
        case Op::kNe:
          v.tri = Compare(inst.op, a, b);
          break;
        case Op::kPresent:
          v.tri = a.present ? ir::kTrue : ir::kFalse;
          break;
        case Op::kNot:
          v.tri = a.tri == ir::kUnknown ? ir::kUnknown : a.tri == ir::kTrue ? ir::kFalse : ir::kTrue;
          break;
        case Op::kAnd:
          v.tri = (a.tri == ir::kFalse || b.tri == ir::kFalse) ? ir::kFalse
                  : (a.tri == ir::kTrue && b.tri == ir::kTrue) ? ir::kTrue
                                                               : ir::kUnknown;
          break;
        case Op::kOr:
          v.tri = (a.tri == ir::kTrue || b.tri == ir::kTrue) ? ir::kTrue
                  : (a.tri == ir::kFalse && b.tri == ir::kFalse) ? ir::kFalse
                                                                 : ir::kUnknown;
          break;
      }
    }
    out[row] = values[condition.result].tri;
  }
}

}  // namespace stitch::interp
