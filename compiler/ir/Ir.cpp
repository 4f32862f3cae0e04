#include "Ir.h"

#include <fmt/format.h>

namespace stitch::ir {

const char* OpName(Op op) {
  switch (op) {
    case Op::kConst: return "const";
    case Op::kLoad: return "load";
    case Op::kNeg: return "neg";
    case Op::kAbs: return "abs";
    case Op::kAdd: return "add";
    case Op::kSub: return "sub";
    case Op::kMul: return "mul";
    case Op::kDiv: return "div";
    case Op::kMin: return "min";
    case Op::kMax: return "max";
    case Op::kClamp: return "clamp";
    case Op::kTrue: return "true";
    case Op::kFalse: return "false";
    case Op::kLoadBool: return "load.bool";
    case Op::kLt: return "lt";
    case Op::kLe: return "le";
    case Op::kGt: return "gt";
    case Op::kGe: return "ge";
    case Op::kEq: return "eq";
    case Op::kNe: return "ne";
    case Op::kPresent: return "present";
    case Op::kNot: return "not";
    case Op::kAnd: return "and";
    case Op::kOr: return "or";
  }
  return "?";
}

bool IsNumeric(Op op) { return op <= Op::kClamp; }

namespace {

std::string Operands(const Inst& inst) {
  switch (inst.op) {
    case Op::kConst: return fmt::format("{}", inst.imm);
    case Op::kLoad:
    case Op::kLoadBool: return fmt::format("%c{}", inst.a);
    case Op::kTrue:
    case Op::kFalse: return "";
    case Op::kNeg:
    case Op::kAbs:
    case Op::kPresent:
    case Op::kNot: return fmt::format("%{}", inst.a);
    case Op::kClamp: return fmt::format("%{}, %{}, %{}", inst.a, inst.b, inst.c);
    default: return fmt::format("%{}, %{}", inst.a, inst.b);
  }
}

std::string Describe(const TagPredicate& p) {
  std::string values;
  for (size_t i = 0; i < p.values.size(); ++i) values += (i ? ", " : "") + fmt::format("\"{}\"", p.values[i]);
  switch (p.kind) {
    case TagPredicate::Kind::kEquals:
      return fmt::format("tag(\"{}\") {} {}", p.tag, p.negate ? "!=" : "==", values);
    case TagPredicate::Kind::kIn:
      return fmt::format("{}tag(\"{}\") in [{}]", p.negate ? "not " : "", p.tag, values);
    case TagPredicate::Kind::kMatches:
      return fmt::format("{}tag(\"{}\") ~ {}", p.negate ? "not " : "", p.tag, values);
    case TagPredicate::Kind::kTagsEqual:
      return fmt::format("tag(\"{}\") {} tag({})", p.tag, p.negate ? "!=" : "==", values);
  }
  return "";
}

}  // namespace

std::string Program::Print() const {
  std::string out = fmt::format("; {} columns, {} conditions\n", columns.size(), conditions.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column& c = columns[i];
    out += c.is_tag_predicate ? fmt::format("%c{} = tags {}\n", i, Describe(c.predicate))
                              : fmt::format("%c{} = frame \"{}\"\n", i, c.key);
  }
  for (const Condition& cond : conditions) {
    out += fmt::format("\ncondition {} {{\n", cond.name);
    for (size_t i = 0; i < cond.insts.size(); ++i) {
      const Inst& inst = cond.insts[i];
      std::string operands = Operands(inst);
      out += fmt::format("  %{} = {}{}{}\n", i, OpName(inst.op), operands.empty() ? "" : " ", operands);
    }
    out += fmt::format("  return %{}\n}}\n", cond.result);
  }
  return out;
}

}  // namespace stitch::ir
