#include "Lower.h"

#include <regex>

#include "compiler/check/Builtins.h"
#include "compiler/check/Series.h"
#include "runtime/frame/ColumnKey.h"

namespace stitch::lower {
namespace {

using ast::Expr;
using ast::ExprKind;
using ir::Inst;
using ir::Op;

class Lowerer {
 public:
  explicit Lowerer(ir::Program& program) : program_(program) {}

  int Condition(const std::string& name, const Expr& expr) {
    cond_ = ir::Condition{};
    cond_.name = name;
    cond_.result = Bool(expr);
    program_.conditions.push_back(std::move(cond_));
    return static_cast<int>(program_.conditions.size() - 1);
  }

 private:
  uint32_t Emit(Inst inst) {
    cond_.insts.push_back(inst);
    return static_cast<uint32_t>(cond_.insts.size() - 1);
  }
  uint32_t Emit(Op op, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0) { return Emit(Inst{op, a, b, c, 0}); }

  uint32_t Column(const std::string& key) {
    for (uint32_t i = 0; i < program_.columns.size(); ++i) {
      if (!program_.columns[i].is_tag_predicate && program_.columns[i].key == key) return i;
    }
    program_.columns.push_back({key, false, {}});
    return static_cast<uint32_t>(program_.columns.size() - 1);
  }

  uint32_t TagColumn(ir::TagPredicate predicate) {
    std::string key = predicate.tag + "\x1f" + std::to_string(static_cast<int>(predicate.kind)) +
                      (predicate.negate ? "!" : "=");
    for (const auto& v : predicate.values) key += "\x1f" + v;
    for (uint32_t i = 0; i < program_.columns.size(); ++i) {
      if (program_.columns[i].is_tag_predicate && program_.columns[i].key == key) return i;
    }
    program_.columns.push_back({key, true, std::move(predicate)});
    return static_cast<uint32_t>(program_.columns.size() - 1);
  }

  static const Expr& Unparen(const Expr& e) {
    return e.kind == ExprKind::kParen ? Unparen(*e.children[0]) : e;
  }
  // `tag("key")` → "key".
  static std::optional<std::string> TagKey(const Expr& raw) {
    const Expr& e = Unparen(raw);
    if (e.kind != ExprKind::kCall || e.text != "tag" || e.children.empty() || !e.children[0]->constant) {
      return std::nullopt;
    }
    return e.children[0]->constant->string;
  }

  // A number-valued expression.
  uint32_t Number(const Expr& e) {
    if (e.constant && e.constant->kind == ast::ConstValue::Kind::kNumber) {
      return Emit(Inst{Op::kConst, 0, 0, 0, e.constant->number});
    }
    switch (e.kind) {
      case ExprKind::kParen:
        return Number(*e.children[0]);
      case ExprKind::kName:
        return Emit(Op::kLoad, Column(*check::SeriesKey(e)));
      case ExprKind::kUnary:
        return Emit(Op::kNeg, Number(*e.children[0]));
      case ExprKind::kBinary: {
        uint32_t a = Number(*e.children[0]);
        uint32_t b = Number(*e.children[1]);
        Op op = e.op == ast::Op::kAdd ? Op::kAdd : e.op == ast::Op::kSub ? Op::kSub
                : e.op == ast::Op::kMul ? Op::kMul : Op::kDiv;
        return Emit(op, a, b);
      }
      case ExprKind::kCall:
        return NumberCall(e);
      default:
        break;
    }
    return Emit(Inst{Op::kConst, 0, 0, 0, 0});  // unreachable for checked input
  }

  uint32_t NumberCall(const Expr& e) {
    if (auto key = check::SeriesKey(e)) return Emit(Op::kLoad, Column(*key));
    const check::BuiltinFunction* f = check::FindBuiltinFunction(e.text);
    switch (f->function) {
      case check::Function::kAbs:
        return Emit(Op::kAbs, Number(*e.children[0]));
      case check::Function::kClamp: {
        uint32_t x = Number(*e.children[0]);
        uint32_t lo = Number(*e.children[1]);
        uint32_t hi = Number(*e.children[2]);
        return Emit(Op::kClamp, x, lo, hi);
      }
      case check::Function::kMin:
      case check::Function::kMax: {  // pairwise over its arguments
        Op op = f->function == check::Function::kMin ? Op::kMin : Op::kMax;
        uint32_t acc = Number(*e.children[0]);
        for (size_t i = 1; i < e.children.size(); ++i) acc = Emit(op, acc, Number(*e.children[i]));
        return acc;
      }
      default:
        return Emit(Inst{Op::kConst, 0, 0, 0, 0});  // unreachable for checked input
    }
  }

  // A three-valued boolean expression.
  uint32_t Bool(const Expr& e) {
    if (e.constant && e.constant->kind == ast::ConstValue::Kind::kBool) {
      return Emit(e.constant->boolean ? Op::kTrue : Op::kFalse);
    }
    switch (e.kind) {
      case ExprKind::kParen:
        return Bool(*e.children[0]);
      case ExprKind::kUnary:
        return Emit(Op::kNot, Bool(*e.children[0]));
      case ExprKind::kBinary: {
        uint32_t a = Bool(*e.children[0]);
        uint32_t b = Bool(*e.children[1]);
        return Emit(e.op == ast::Op::kAnd ? Op::kAnd : Op::kOr, a, b);
      }
      case ExprKind::kCompare:
        return Compare(e);
      case ExprKind::kIn:
      case ExprKind::kMatch:
        return TagTest(e);
      case ExprKind::kCall: {
        if (e.text == "present") return Emit(Op::kPresent, Number(*e.children[0]));
        // anomaly(x) and changed(x, W) are 1/0 series kept by the runtime.
        return Emit(Op::kLoadBool, Column(*check::SeriesKey(e)));
      }
      default:
        return Emit(Op::kFalse);  // unreachable for checked input
    }
  }

  uint32_t Compare(const Expr& e) {
    const Expr& lhs = *e.children[0];
    const Expr& rhs = *e.children[1];
    if (lhs.type.is_string()) return StringCompare(e);
    if (lhs.type.is_bool()) {  // Kleene equality: (a and b) or (not a and not b)
      uint32_t a = Bool(lhs), b = Bool(rhs);
      uint32_t both = Emit(Op::kAnd, a, b);
      uint32_t neither = Emit(Op::kAnd, Emit(Op::kNot, a), Emit(Op::kNot, b));
      uint32_t equal = Emit(Op::kOr, both, neither);
      return e.op == ast::Op::kEq ? equal : Emit(Op::kNot, equal);
    }
    uint32_t a = Number(lhs), b = Number(rhs);
    switch (e.op) {
      case ast::Op::kLt: return Emit(Op::kLt, a, b);
      case ast::Op::kLe: return Emit(Op::kLe, a, b);
      case ast::Op::kGt: return Emit(Op::kGt, a, b);
      case ast::Op::kGe: return Emit(Op::kGe, a, b);
      case ast::Op::kEq: return Emit(Op::kEq, a, b);
      default: return Emit(Op::kNe, a, b);
    }
  }

  // `tag("a") == "x"`, `"x" != tag("a")`, `tag("a") == tag("b")`.
  uint32_t StringCompare(const Expr& e) {
    const Expr& lhs = *e.children[0];
    const Expr& rhs = *e.children[1];
    bool negate = e.op == ast::Op::kNe;
    auto left_tag = TagKey(lhs), right_tag = TagKey(rhs);
    ir::TagPredicate p;
    p.negate = negate;
    if (left_tag && right_tag) {
      p.kind = ir::TagPredicate::Kind::kTagsEqual;
      p.tag = *left_tag;
      p.values = {*right_tag};
    } else {
      p.kind = ir::TagPredicate::Kind::kEquals;
      p.tag = left_tag ? *left_tag : *right_tag;
      p.values = {left_tag ? rhs.constant->string : lhs.constant->string};
    }
    return Emit(Op::kLoadBool, TagColumn(std::move(p)));
  }

  uint32_t TagTest(const Expr& e) {
    const Expr& subject = *e.children[0];
    const Expr& other = *e.children[1];
    std::vector<std::string> values;
    if (e.kind == ExprKind::kIn) {
      for (const auto& element : Unparen(other).children) values.push_back(element->constant->string);
    } else {
      values.push_back(other.constant->string);
    }
    if (subject.constant) {  // a constant string: decide now
      bool result;
      if (e.kind == ExprKind::kIn) {
        result = std::find(values.begin(), values.end(), subject.constant->string) != values.end();
      } else {
        // Regular expressions match the whole string, as in Prometheus.
        result = std::regex_match(subject.constant->string, std::regex(values[0], std::regex::ECMAScript));
      }
      return Emit(result ? Op::kTrue : Op::kFalse);
    }
    ir::TagPredicate p;
    p.kind = e.kind == ExprKind::kIn ? ir::TagPredicate::Kind::kIn : ir::TagPredicate::Kind::kMatches;
    p.tag = *TagKey(subject);
    p.values = std::move(values);
    return Emit(Op::kLoadBool, TagColumn(std::move(p)));
  }

  ir::Program& program_;
  ir::Condition cond_;
};

}  // namespace

std::vector<LoweredPolicy> LowerFile(const ast::File& file, ir::Program& program) {
  std::vector<LoweredPolicy> out;
  Lowerer lowerer(program);
  for (const ast::Policy& policy : file.policies) {
    LoweredPolicy lowered;
    lowered.policy = &policy;
    if (policy.when) lowered.when = lowerer.Condition(policy.name.text + ".when", *policy.when->expr);
    if (policy.recover) {
      lowered.recover = lowerer.Condition(policy.name.text + ".recover", *policy.recover->expr);
    }
    if (!policy.targets.empty() && policy.targets[0].where) {
      lowered.target_filter = lowerer.Condition(policy.name.text + ".target", *policy.targets[0].where);
    }
    out.push_back(lowered);
  }
  return out;
}

}  // namespace stitch::lower
