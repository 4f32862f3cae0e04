#include "Check.h"

#include <cmath>
#include <functional>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "compiler/check/Builtins.h"
#include "compiler/check/Series.h"
#include "compiler/check/Suggest.h"
#include "compiler/types/Units.h"

namespace stitch::check {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::Op;
using types::Dim;
using types::Flavor;
using types::Type;

std::string FormatNumber(double value) {
  std::string s = fmt::format("{:.6g}", value);
  return s;
}

bool IsServiceTarget(ast::TargetKind kind) {
  return kind == ast::TargetKind::kService || kind == ast::TargetKind::kServiceMatch ||
         kind == ast::TargetKind::kServicesWhere;
}
bool IsNodeTarget(ast::TargetKind kind) {
  return kind == ast::TargetKind::kNode || kind == ast::TargetKind::kNodeMatch;
}

const char* TargetKindName(ast::TargetKind kind) {
  if (IsServiceTarget(kind)) return "a service";
  if (IsNodeTarget(kind)) return "nodes";
  if (kind == ast::TargetKind::kRoute) return "a route";
  return "a namespace";
}

// Where an expression is being checked, which decides the names it may use.
struct Scope {
  enum class Kind { kConst, kCondition, kTargetFilter, kArgument } kind = Kind::kCondition;
  const ast::Policy* policy = nullptr;  // for conditions: the target kind
};

class Checker {
 public:
  Checker(ast::File& file, Diagnostics& diagnostics, const CheckOptions& options)
      : file_(file), source_(file.source), diagnostics_(diagnostics), options_(options) {}

  void Run() {
    DeclareNames();
    for (auto& metric : file_.metrics) CheckMetric(metric);
    for (uint32_t i = 0; i < file_.consts.size(); ++i) EvaluateConst(i);
    CheckGuards();
    CheckHealth();
    for (auto& policy : file_.policies) CheckPolicy(policy);
    for (const auto& c : file_.consts) {
      if (!c.used) {
        diagnostics_.Add(DiagCode::W0002, source_, c.name.range,
                         fmt::format("constant `{}` is never used", c.name.text));
      }
    }
    for (const auto& m : file_.metrics) {
      if (!m.used) {
        diagnostics_.Add(DiagCode::W0006, source_, m.name.range,
                         fmt::format("metric `{}` is declared but never used", m.name.text));
      }
    }
  }

 private:
  // ---- names -------------------------------------------------------------------------------

  void DeclareNames() {
    std::map<std::string, SourceRange> seen;
    // Returns false for a name that clashes; its declaration is then not reported as unused.
    auto declare = [&](const ast::Name& name, const char* what) {
      if (name.text.empty()) return true;
      if (FindBuiltinMetric(name.text) || FindBuiltinFunction(name.text)) {
        diagnostics_.Add(DiagCode::E0109, source_, name.range,
                         fmt::format("{} `{}` hides the built-in {} of that name", what, name.text,
                                     FindBuiltinMetric(name.text) ? "metric" : "function"));
        return false;
      }
      auto [it, inserted] = seen.emplace(name.text, name.range);
      if (!inserted) {
        auto& d = diagnostics_.Add(DiagCode::E0102, source_, name.range,
                                   fmt::format("`{}` is already defined", name.text));
        d.notes.push_back({source_, it->second, "the first definition is here"});
        return false;
      }
      return true;
    };
    for (uint32_t i = 0; i < file_.consts.size(); ++i) {
      if (!declare(file_.consts[i].name, "constant")) file_.consts[i].used = true;
      names_.emplace(file_.consts[i].name.text, std::make_pair(ast::SymbolKind::kConst, i));
    }
    for (uint32_t i = 0; i < file_.metrics.size(); ++i) {
      if (!declare(file_.metrics[i].name, "metric")) file_.metrics[i].used = true;
      names_.emplace(file_.metrics[i].name.text, std::make_pair(ast::SymbolKind::kCustomMetric, i));
    }
    std::map<std::string, SourceRange> policies;
    for (const auto& policy : file_.policies) {
      if (policy.name.text.empty()) continue;
      auto [it, inserted] = policies.emplace(policy.name.text, policy.name.range);
      if (!inserted) {
        auto& d = diagnostics_.Add(DiagCode::E0102, source_, policy.name.range,
                                   fmt::format("policy `{}` is already defined", policy.name.text));
        d.notes.push_back({source_, it->second, "the first definition is here"});
      }
    }
  }

  std::vector<std::string> NameCandidates() const {
    std::vector<std::string> out;
    for (const auto& [name, symbol] : names_) out.push_back(name);
    for (const auto& metric : BuiltinMetrics()) out.emplace_back(metric.name);
    return out;
  }

  void CheckMetric(ast::MetricDecl& metric) {
    if (!types::ParseTypeName(metric.type_name.text, &metric.type) || metric.type.is_bool() ||
        metric.type.is_string() || metric.type.kind == Type::Kind::kStringList) {
      auto& d = diagnostics_.Add(
          DiagCode::E0110, source_, metric.type_name.range,
          fmt::format("`{}` is not a metric type; use duration, ratio, rate, bytes, byte_rate, "
                      "count, number or distribution",
                      metric.type_name.text));
      if (auto guess = Closest(metric.type_name.text,
                               {"duration", "ratio", "rate", "bytes", "byte_rate", "count",
                                "number", "distribution"})) {
        d.fix = FixIt{metric.type_name.range, *guess, fmt::format("did you mean `{}`?", *guess)};
      }
      metric.type = Type::Error();
    }
    static const std::vector<std::string> kSources = {"prometheus", "otlp", "datadog", "envoy"};
    if (std::find(kSources.begin(), kSources.end(), metric.source.text) == kSources.end()) {
      auto& d = diagnostics_.Add(
          DiagCode::E0107, source_, metric.source.range,
          fmt::format("unknown metric source `{}`; use prometheus, otlp, datadog or envoy",
                      metric.source.text));
      if (auto guess = Closest(metric.source.text, kSources)) {
        d.fix = FixIt{metric.source.range, *guess, fmt::format("did you mean `{}`?", *guess)};
      }
    }
    if (metric.series.empty()) {
      diagnostics_.Add(DiagCode::E0417, source_, metric.series_range,
                       fmt::format("metric `{}` needs the source's series name", metric.name.text));
    }
  }

  // ---- constants ---------------------------------------------------------------------------

  void EvaluateConst(uint32_t index) {
    ast::ConstDecl& decl = file_.consts[index];
    if (const_state_.size() < file_.consts.size()) const_state_.resize(file_.consts.size(), 0);
    if (const_state_[index] == 2) return;
    const_state_[index] = 1;
    const_stack_.push_back(index);
    Scope scope{Scope::Kind::kConst, nullptr};
    decl.type = CheckExpr(*decl.value, scope);
    decl.constant = decl.value->constant;
    if (decl.type_name) {
      Type declared;
      if (!types::ParseTypeName(decl.type_name->text, &declared)) {
        diagnostics_.Add(DiagCode::E0110, source_, decl.type_name->range,
                         fmt::format("`{}` is not a type name", decl.type_name->text));
      } else if (!decl.type.is_error() && !(declared == decl.type) &&
                 !(declared.is_plain_number() && decl.type.is_plain_number())) {
        diagnostics_.Add(DiagCode::E0214, source_, decl.value->range,
                         fmt::format("constant `{}` is declared as {} but its value is {}",
                                     decl.name.text, declared.Name(), decl.type.Name()));
      } else {
        decl.type = declared;
      }
    }
    const_stack_.pop_back();
    const_state_[index] = 2;
  }

  // ---- expressions -------------------------------------------------------------------------

  void ReportDistribution(const Expr& e) {
    diagnostics_.Add(DiagCode::E0206, source_, e.range,
                     fmt::format("`{}` is a latency distribution; pick a value such as `p99({})`",
                                 source_->Slice(e.range), source_->Slice(e.range)));
  }

  // A bare number literal (possibly negated), which a unit would fix.
  static const Expr* BareNumber(const Expr& e) {
    if (e.kind == ExprKind::kNumber) return &e;
    if (e.kind == ExprKind::kUnary && e.op == Op::kNeg && !e.children.empty() &&
        e.children[0]->kind == ExprKind::kNumber) {
      return e.children[0].get();
    }
    return nullptr;
  }

  // Offers `500ms` for `500` where a duration was expected, `5%` for `5` or `0.05` where a
  // ratio was.
  void AddUnitFix(Diagnostic& d, const Expr& bare, const Type& wanted) {
    auto suffix = types::SuggestedSuffix(wanted);
    if (!suffix) return;
    // A small bare duration most likely meant seconds (`timeout 2`), a large one milliseconds.
    if (wanted.is_duration() && bare.value < 10) suffix = "s";
    std::string replacement = bare.raw + *suffix;
    if (wanted.is_ratio() && !bare.integer && bare.value <= 1) {
      replacement = FormatNumber(bare.value * 100) + "%";
    }
    d.fix = FixIt{bare.range, replacement, fmt::format("write `{}`", replacement)};
  }

  Type CheckExpr(Expr& e, const Scope& scope) {
    e.type = CheckExprKind(e, scope);
    return e.type;
  }

  Type CheckExprKind(Expr& e, const Scope& scope) {
    switch (e.kind) {
      case ExprKind::kError:
        return Type::Error();
      case ExprKind::kNumber:
      case ExprKind::kQuantity:
        e.constant = ast::ConstValue::Number(e.value);
        return e.type;  // set by the parser from the literal
      case ExprKind::kString:
        e.constant = ast::ConstValue::String(e.text);
        return Type::String();
      case ExprKind::kBool:
        e.constant = ast::ConstValue::Bool(e.value != 0);
        return Type::Bool();
      case ExprKind::kName:
        return CheckName(e, scope);
      case ExprKind::kCall:
        return CheckCall(e, scope);
      case ExprKind::kParen: {
        Type t = CheckExpr(*e.children[0], scope);
        e.constant = e.children[0]->constant;
        return t;
      }
      case ExprKind::kUnary:
        return CheckUnary(e, scope);
      case ExprKind::kBinary:
        return CheckBinary(e, scope);
      case ExprKind::kCompare:
        return CheckCompare(e, scope);
      case ExprKind::kIn:
        return CheckIn(e, scope);
      case ExprKind::kMatch:
        return CheckMatch(e, scope);
      case ExprKind::kList: {
        bool all_strings = true;
        for (auto& element : e.children) {
          Type t = CheckExpr(*element, scope);
          if (!t.is_string() && !t.is_error()) {
            all_strings = false;
            diagnostics_.Add(DiagCode::E0208, source_, element->range,
                             fmt::format("list elements must be strings, not {}", t.Name()));
          }
        }
        return all_strings ? Type::StringList() : Type::Error();
      }
    }
    return Type::Error();
  }

  Type CheckName(Expr& e, const Scope& scope) {
    auto it = names_.find(e.text);
    if (it != names_.end()) {
      auto [kind, index] = it->second;
      e.symbol = kind;
      e.symbol_index = index;
      if (kind == ast::SymbolKind::kConst) {
        ast::ConstDecl& decl = file_.consts[index];
        decl.used = true;
        if (const_state_.size() < file_.consts.size()) const_state_.resize(file_.consts.size(), 0);
        if (const_state_[index] == 1) {
          auto& d = diagnostics_.Add(DiagCode::E0105, source_, e.range,
                                     fmt::format("constant `{}` depends on itself", e.text));
          d.notes.push_back({source_, decl.name.range, "it is defined here"});
          return Type::Error();
        }
        EvaluateConst(index);
        e.constant = decl.constant;
        return decl.type;
      }
      ast::MetricDecl& metric = file_.metrics[index];
      metric.used = true;
      if (!TelemetryAllowed(e, scope)) return Type::Error();
      return metric.type;
    }
    if (const BuiltinMetric* metric = FindBuiltinMetric(e.text)) {
      e.symbol = ast::SymbolKind::kBuiltinMetric;
      if (!TelemetryAllowed(e, scope)) return Type::Error();
      if (metric->services_only && scope.policy && !scope.policy->targets.empty() &&
          !IsServiceTarget(scope.policy->targets[0].kind)) {
        diagnostics_.Add(DiagCode::E0410, source_, e.range,
                         fmt::format("`{}` is only defined for service targets, and this policy "
                                     "targets {}",
                                     e.text, TargetKindName(scope.policy->targets[0].kind)));
        return Type::Error();
      }
      return metric->type;
    }
    if (FindBuiltinFunction(e.text)) {
      diagnostics_.Add(DiagCode::E0101, source_, e.range,
                       fmt::format("`{}` is a function; call it, as in `{}(...)`", e.text, e.text));
      return Type::Error();
    }
    auto& d = diagnostics_.Add(DiagCode::E0101, source_, e.range,
                               fmt::format("`{}` is not defined", e.text));
    if (auto guess = Closest(e.text, NameCandidates())) {
      d.fix = FixIt{e.range, *guess, fmt::format("did you mean `{}`?", *guess)};
    }
    return Type::Error();
  }

  // Telemetry is read by conditions only: not by constants, target filters or namespaces.
  bool TelemetryAllowed(const Expr& e, const Scope& scope) {
    if (scope.kind == Scope::Kind::kConst && !const_stack_.empty()) {
      diagnostics_.Add(DiagCode::E0108, source_, e.range,
                       fmt::format("constant `{}` cannot read the metric `{}`; constants are "
                                   "fixed when the policy is compiled",
                                   file_.consts[const_stack_.back()].name.text, e.text));
      return false;
    }
    if (scope.kind == Scope::Kind::kConst) {
      diagnostics_.Add(DiagCode::E0213, source_, e.range,
                       fmt::format("this value must be a constant, so it cannot read the metric `{}`",
                                   e.text));
      return false;
    }
    if (scope.kind == Scope::Kind::kTargetFilter) {
      diagnostics_.Add(DiagCode::E0414, source_, e.range,
                       fmt::format("a target filter selects services by their tags and cannot "
                                   "read the metric `{}`; use `tag(\"key\")`",
                                   e.text));
      return false;
    }
    if (scope.policy && !scope.policy->targets.empty() &&
        scope.policy->targets[0].kind == ast::TargetKind::kNamespace) {
      diagnostics_.Add(DiagCode::E0410, source_, e.range,
                       fmt::format("a namespace target has no telemetry, so `{}` cannot be read; "
                                   "target its services instead",
                                   e.text));
      return false;
    }
    return true;
  }

  Type CheckUnary(Expr& e, const Scope& scope) {
    Expr& operand = *e.children[0];
    Type t = CheckExpr(operand, scope);
    if (t.is_error()) return t;
    if (e.op == Op::kNot) {
      if (!t.is_bool()) {
        diagnostics_.Add(DiagCode::E0205, source_, operand.range,
                         fmt::format("`not` needs a boolean, not {}", t.Name()));
        return Type::Error();
      }
      if (operand.constant) e.constant = ast::ConstValue::Bool(!operand.constant->boolean);
      return t;
    }
    if (t.kind == Type::Kind::kDistribution) {
      ReportDistribution(operand);
      return Type::Error();
    }
    if (!t.is_quantity()) {
      diagnostics_.Add(DiagCode::E0203, source_, operand.range,
                       fmt::format("`-` needs a number or quantity, not {}", t.Name()));
      return Type::Error();
    }
    if (operand.constant) e.constant = ast::ConstValue::Number(-operand.constant->number);
    return t;
  }

  Type CheckBinary(Expr& e, const Scope& scope) {
    Expr& lhs = *e.children[0];
    Expr& rhs = *e.children[1];
    Type a = CheckExpr(lhs, scope);
    Type b = CheckExpr(rhs, scope);
    if (a.is_error() || b.is_error()) return Type::Error();
    if (e.op == Op::kAnd || e.op == Op::kOr) {
      bool ok = true;
      for (const Expr* side : {&lhs, &rhs}) {
        if (!side->type.is_bool()) {
          diagnostics_.Add(DiagCode::E0205, source_, side->range,
                           fmt::format("`{}` needs booleans on both sides, not {}",
                                       ast::OpSpelling(e.op), side->type.Name()));
          ok = false;
        }
      }
      if (!ok) return Type::Error();
      if (lhs.constant && rhs.constant) {
        bool value = e.op == Op::kAnd ? lhs.constant->boolean && rhs.constant->boolean
                                      : lhs.constant->boolean || rhs.constant->boolean;
        e.constant = ast::ConstValue::Bool(value);
      }
      return Type::Bool();
    }
    for (const Expr* side : {&lhs, &rhs}) {
      if (side->type.kind == Type::Kind::kDistribution) {
        ReportDistribution(*side);
        return Type::Error();
      }
      if (!side->type.is_quantity()) {
        diagnostics_.Add(DiagCode::E0202, source_, side->range,
                         fmt::format("`{}` needs numbers or quantities, not {}",
                                     ast::OpSpelling(e.op), side->type.Name()));
        return Type::Error();
      }
    }
    Type result;
    if (e.op == Op::kAdd || e.op == Op::kSub) {
      if (!types::Compatible(a, b)) {
        auto& d = diagnostics_.Add(DiagCode::E0202, source_, e.range,
                                   fmt::format("cannot {} {} and {}",
                                               e.op == Op::kAdd ? "add" : "subtract", a.Name(), b.Name()));
        if (const Expr* bare = BareNumber(rhs); bare && !a.is_plain_number()) AddUnitFix(d, *bare, a);
        else if (const Expr* bare = BareNumber(lhs); bare && !b.is_plain_number()) AddUnitFix(d, *bare, b);
        return Type::Error();
      }
      Flavor flavor = a.flavor == b.flavor ? a.flavor : Flavor::kNumber;
      result = Type::Quantity(a.dim, flavor);
    } else {
      Dim dim = e.op == Op::kMul ? Dim{static_cast<int8_t>(a.dim.time + b.dim.time),
                                       static_cast<int8_t>(a.dim.bytes + b.dim.bytes)}
                                 : Dim{static_cast<int8_t>(a.dim.time - b.dim.time),
                                       static_cast<int8_t>(a.dim.bytes - b.dim.bytes)};
      Flavor flavor = ProductFlavor(e.op, a, b);
      // Scaling by a constant keeps the meaning: `error_rate * 2` is a ratio, `connections / 2`
      // a count.
      if (a.dim.dimensionless() && b.dim.dimensionless()) {
        if (rhs.constant) flavor = a.flavor;
        else if (lhs.constant && e.op == Op::kMul) flavor = b.flavor;
      }
      result = Type::Quantity(dim, flavor);
      if (e.op == Op::kDiv && rhs.constant && rhs.constant->number == 0) {
        diagnostics_.Add(DiagCode::E0207, source_, rhs.range, "division by zero");
        return Type::Error();
      }
    }
    if (lhs.constant && rhs.constant) {
      double x = lhs.constant->number, y = rhs.constant->number;
      double v = e.op == Op::kAdd ? x + y : e.op == Op::kSub ? x - y : e.op == Op::kMul ? x * y : x / y;
      e.constant = ast::ConstValue::Number(v);
    }
    return result;
  }

  // The meaning of a dimensionless product or quotient (LANGUAGE.md §3): scaling a ratio keeps
  // it a ratio, `rate * duration` is a count, `rate / rate` and `count / count` are ratios.
  static Flavor ProductFlavor(Op op, const Type& a, const Type& b) {
    bool a_plain = a.dim.dimensionless(), b_plain = b.dim.dimensionless();
    if (op == Op::kMul) {
      if (!a_plain && !b_plain) return Flavor::kCount;  // rate * duration
      if (a_plain && b_plain) {
        if (a.flavor == Flavor::kRatio || b.flavor == Flavor::kRatio) return Flavor::kRatio;
        return a.flavor == b.flavor ? a.flavor : Flavor::kNumber;
      }
      return Flavor::kNumber;
    }
    if (!a_plain && !b_plain) return a.is_duration() ? Flavor::kNumber : Flavor::kRatio;
    if (a_plain && b_plain) {
      if (a.flavor == Flavor::kRatio && b.flavor != Flavor::kRatio) return Flavor::kRatio;
      if (a.flavor == Flavor::kCount && b.flavor == Flavor::kCount) return Flavor::kRatio;
    }
    return Flavor::kNumber;
  }

  Type CheckCompare(Expr& e, const Scope& scope) {
    Expr& lhs = *e.children[0];
    Expr& rhs = *e.children[1];
    Type a = CheckExpr(lhs, scope);
    Type b = CheckExpr(rhs, scope);
    if (a.is_error() || b.is_error()) return Type::Bool();
    for (const Expr* side : {&lhs, &rhs}) {
      if (side->type.kind == Type::Kind::kDistribution) {
        ReportDistribution(*side);
        return Type::Bool();
      }
    }
    bool ordering = e.op != Op::kEq && e.op != Op::kNe;
    if ((a.is_string() || a.is_bool()) && a.kind == b.kind) {
      if (ordering) {
        diagnostics_.Add(DiagCode::E0211, source_, e.range,
                         fmt::format("`{}` orders numbers and quantities; {}s can only be "
                                     "compared with `==` and `!=`",
                                     ast::OpSpelling(e.op), a.Name()));
      }
      FoldCompare(e);
      return Type::Bool();
    }
    if (!types::Compatible(a, b)) {
      auto& d = diagnostics_.Add(
          DiagCode::E0201, source_, e.range,
          fmt::format("`{}` is {} {} but `{}` is {} {}", source_->Slice(lhs.range),
                      Article(a), a.Name(), source_->Slice(rhs.range), Article(b), b.Name()));
      if (const Expr* bare = BareNumber(rhs); bare && a.is_quantity()) AddUnitFix(d, *bare, a);
      else if (const Expr* bare = BareNumber(lhs); bare && b.is_quantity()) AddUnitFix(d, *bare, b);
      if (d.fix) d.range = d.fix->range;  // the literal that needs a unit
      return Type::Bool();
    }
    FoldCompare(e);
    return Type::Bool();
  }

  static const char* Article(const Type& t) {
    std::string name = t.Name();
    return !name.empty() && std::string("aeiou").find(name[0]) != std::string::npos ? "an" : "a";
  }

  void FoldCompare(Expr& e) {
    const auto& a = e.children[0]->constant;
    const auto& b = e.children[1]->constant;
    if (!a || !b) return;
    int order;
    if (a->kind == ast::ConstValue::Kind::kString) {
      order = a->string.compare(b->string);
    } else if (a->kind == ast::ConstValue::Kind::kBool) {
      order = static_cast<int>(a->boolean) - static_cast<int>(b->boolean);
    } else {
      order = a->number < b->number ? -1 : a->number > b->number ? 1 : 0;
    }
    bool value = false;
    switch (e.op) {
      case Op::kLt: value = order < 0; break;
      case Op::kLe: value = order <= 0; break;
      case Op::kGt: value = order > 0; break;
      case Op::kGe: value = order >= 0; break;
      case Op::kEq: value = order == 0; break;
      default: value = order != 0; break;
    }
    e.constant = ast::ConstValue::Bool(value);
  }

  Type CheckIn(Expr& e, const Scope& scope) {
    Type a = CheckExpr(*e.children[0], scope);
    Type b = CheckExpr(*e.children[1], scope);
    if (!a.is_error() && !a.is_string()) {
      diagnostics_.Add(DiagCode::E0208, source_, e.children[0]->range,
                       fmt::format("`in` tests a string against a list of strings, but `{}` is {} {}",
                                   source_->Slice(e.children[0]->range), Article(a), a.Name()));
    }
    (void)b;
    return Type::Bool();
  }

  Type CheckMatch(Expr& e, const Scope& scope) {
    Type a = CheckExpr(*e.children[0], scope);
    Expr& pattern = *e.children[1];
    CheckExpr(pattern, scope);
    if (!a.is_error() && !a.is_string()) {
      diagnostics_.Add(DiagCode::E0209, source_, e.children[0]->range,
                       fmt::format("`~` matches a string against a regular expression, but `{}` "
                                   "is {} {}",
                                   source_->Slice(e.children[0]->range), Article(a), a.Name()));
    }
    if (pattern.kind == ExprKind::kString) CheckRegex(pattern.text, pattern.range);
    return Type::Bool();
  }

  void CheckRegex(const std::string& pattern, SourceRange range) {
    try {
      std::regex compiled(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& error) {
      diagnostics_.Add(DiagCode::E0210, source_, range,
                       fmt::format("invalid regular expression: {}", error.what()));
    }
  }

  // ---- calls -------------------------------------------------------------------------------

  bool Arity(Expr& e, size_t min, size_t max) {
    size_t n = e.children.size();
    if (n >= min && n <= max) return true;
    std::string wanted = min == max ? fmt::format("{}", min)
                         : max == SIZE_MAX ? fmt::format("at least {}", min)
                                           : fmt::format("{} or {}", min, max);
    diagnostics_.Add(DiagCode::E0104, source_, e.range,
                     fmt::format("`{}` takes {} argument{}, but {} {} given", e.text, wanted,
                                 (min == max && min == 1) ? "" : "s", n, n == 1 ? "was" : "were"));
    return false;
  }

  // A constant duration > 0 (a window); reports and returns false otherwise.
  bool Window(Expr& arg, const char* what) {
    if (arg.type.is_error()) return false;
    if (!arg.type.is_duration()) {
      auto& d = diagnostics_.Add(DiagCode::E0203, source_, arg.range,
                                 fmt::format("{} must be a duration, not {}", what, arg.type.Name()));
      if (const Expr* bare = BareNumber(arg)) {
        std::string replacement = bare->raw + "s";
        d.fix = FixIt{bare->range, replacement, fmt::format("write `{}`", replacement)};
      }
      return false;
    }
    if (!arg.constant) {
      diagnostics_.Add(DiagCode::E0212, source_, arg.range,
                       fmt::format("{} must be a constant duration", what));
      return false;
    }
    if (arg.constant->number <= 0) {
      diagnostics_.Add(DiagCode::E0302, source_, arg.range,
                       fmt::format("{} must be longer than zero", what));
      return false;
    }
    return true;
  }

  bool Quantity(Expr& arg, const std::string& function) {
    if (arg.type.is_error()) return false;
    if (arg.type.kind == Type::Kind::kDistribution) {
      ReportDistribution(arg);
      return false;
    }
    if (!arg.type.is_quantity()) {
      diagnostics_.Add(DiagCode::E0203, source_, arg.range,
                       fmt::format("`{}` needs a number or quantity, not {}", function, arg.type.Name()));
      return false;
    }
    return true;
  }

  // A constant ratio in [lo, hi] (a bare number is accepted where a function expects a ratio).
  bool RatioArgument(Expr& arg, const std::string& function, bool exclude_zero) {
    if (arg.type.is_error()) return false;
    if (!arg.type.is_quantity() || !arg.type.dim.dimensionless()) {
      diagnostics_.Add(DiagCode::E0203, source_, arg.range,
                       fmt::format("`{}` needs a ratio here, not {}", function, arg.type.Name()));
      return false;
    }
    if (!arg.constant) {
      diagnostics_.Add(DiagCode::E0213, source_, arg.range,
                       fmt::format("this argument of `{}` must be a constant", function));
      return false;
    }
    double v = arg.constant->number;
    if (v < 0 || v > 1 || (exclude_zero && v == 0)) {
      diagnostics_.Add(DiagCode::E0304, source_, arg.range,
                       fmt::format("`{}` needs a ratio in {}0, 1], not {}", function,
                                   exclude_zero ? "(" : "[", FormatNumber(v)));
      return false;
    }
    return true;
  }

  // Windowed functions keep history per frame column, so they read a series.
  bool Series(Expr& e) {
    if (e.children.empty() || SeriesKey(*e.children[0])) return true;
    diagnostics_.Add(DiagCode::E0215, source_, e.children[0]->range,
                     fmt::format("`{}` keeps a history, so it reads a metric series such as "
                                 "`requests`, `p99(latency)` or `header(\"x\")`, not `{}`",
                                 e.text, source_->Slice(e.children[0]->range)));
    return false;
  }

  Type CheckCall(Expr& e, const Scope& scope) {
    const BuiltinFunction* function = FindBuiltinFunction(e.text);
    if (!function) {
      for (auto& arg : e.children) CheckExpr(*arg, scope);
      auto& d = diagnostics_.Add(DiagCode::E0103, source_, e.name_range,
                                 fmt::format("there is no function `{}`", e.text));
      std::vector<std::string> names;
      for (const auto& f : BuiltinFunctions()) names.emplace_back(f.name);
      if (auto guess = Closest(e.text, names)) {
        d.fix = FixIt{e.name_range, *guess, fmt::format("did you mean `{}`?", *guess)};
      }
      return Type::Error();
    }
    // Arguments that name the telemetry (`latency` in `p99(latency)`) follow the call's scope.
    Scope inner = scope;
    for (auto& arg : e.children) CheckExpr(*arg, inner);
    auto args_ok = [&]() {
      for (auto& arg : e.children) {
        if (arg->type.is_error()) return false;
      }
      return true;
    };
    const std::string& name = e.text;
    switch (function->function) {
      case Function::kP50:
      case Function::kP90:
      case Function::kP95:
      case Function::kP99:
      case Function::kQuantile: {
        bool quantile = function->function == Function::kQuantile;
        if (!Arity(e, quantile ? 2 : 1, quantile ? 2 : 1) || !args_ok()) return Type::Error();
        if (e.children[0]->type.kind != Type::Kind::kDistribution) {
          diagnostics_.Add(DiagCode::E0203, source_, e.children[0]->range,
                           fmt::format("`{}` reads a distribution such as `latency`, not {}", name,
                                       e.children[0]->type.Name()));
          return Type::Error();
        }
        if (quantile && !RatioArgument(*e.children[1], name, false)) return Type::Error();
        return Type::Duration();
      }
      case Function::kAvg:
      case Function::kSum:
      case Function::kDelta:
        if (!Arity(e, 2, 2) || !args_ok()) return Type::Error();
        if (!Quantity(*e.children[0], name) || !Window(*e.children[1], "the window")) return Type::Error();
        if (!Series(e)) return Type::Error();
        return e.children[0]->type;
      case Function::kMin:
      case Function::kMax: {
        if (!Arity(e, 2, SIZE_MAX) || !args_ok()) return Type::Error();
        for (auto& arg : e.children) {
          if (!Quantity(*arg, name)) return Type::Error();
        }
        if (IsWindowedMinMax(e)) {
          if (!Window(*e.children[1], "the window") || !Series(e)) return Type::Error();
          return e.children[0]->type;
        }
        for (size_t i = 1; i < e.children.size(); ++i) {
          if (!types::Compatible(e.children[0]->type, e.children[i]->type)) {
            diagnostics_.Add(DiagCode::E0203, source_, e.children[i]->range,
                             fmt::format("`{}` compares values of one unit: {} and {}", name,
                                         e.children[0]->type.Name(), e.children[i]->type.Name()));
            return Type::Error();
          }
        }
        if (std::all_of(e.children.begin(), e.children.end(), [](auto& a) { return a->constant.has_value(); })) {
          double v = e.children[0]->constant->number;
          for (auto& arg : e.children) {
            v = function->function == Function::kMin ? std::min(v, arg->constant->number)
                                                     : std::max(v, arg->constant->number);
          }
          e.constant = ast::ConstValue::Number(v);
        }
        return e.children[0]->type;
      }
      case Function::kRate:
        if (!Arity(e, 2, 2) || !args_ok()) return Type::Error();
        if (!Quantity(*e.children[0], name)) return Type::Error();
        if (!e.children[0]->type.is_plain_number()) {
          diagnostics_.Add(DiagCode::E0203, source_, e.children[0]->range,
                           fmt::format("`rate` reads a counter (a count), not {}",
                                       e.children[0]->type.Name()));
          return Type::Error();
        }
        if (!Window(*e.children[1], "the window") || !Series(e)) return Type::Error();
        return Type::Rate();
      case Function::kEwma:
        if (!Arity(e, 2, 2) || !args_ok()) return Type::Error();
        if (!Quantity(*e.children[0], name) || !RatioArgument(*e.children[1], name, true) || !Series(e)) {
          return Type::Error();
        }
        return e.children[0]->type;
      case Function::kZscore:
        if (!Arity(e, 2, 2) || !args_ok()) return Type::Error();
        if (!Quantity(*e.children[0], name) || !Window(*e.children[1], "the window") || !Series(e)) {
          return Type::Error();
        }
        return Type::Number();
      case Function::kAbs:
        if (!Arity(e, 1, 1) || !args_ok() || !Quantity(*e.children[0], name)) return Type::Error();
        if (e.children[0]->constant) {
          e.constant = ast::ConstValue::Number(std::fabs(e.children[0]->constant->number));
        }
        return e.children[0]->type;
      case Function::kClamp:
        if (!Arity(e, 3, 3) || !args_ok()) return Type::Error();
        for (auto& arg : e.children) {
          if (!Quantity(*arg, name)) return Type::Error();
          if (!types::Compatible(e.children[0]->type, arg->type)) {
            diagnostics_.Add(DiagCode::E0203, source_, arg->range,
                             fmt::format("`clamp` bounds must have the unit of its value: {} and {}",
                                         e.children[0]->type.Name(), arg->type.Name()));
            return Type::Error();
          }
        }
        return e.children[0]->type;
      case Function::kAnomaly:
        if (!Arity(e, 1, 1) || !args_ok() || !Quantity(*e.children[0], name) || !Series(e)) return Type::Error();
        return Type::Bool();
      case Function::kChanged:
        if (!Arity(e, 2, 2) || !args_ok()) return Type::Error();
        if (!Quantity(*e.children[0], name) || !Window(*e.children[1], "the window") || !Series(e)) {
          return Type::Error();
        }
        return Type::Bool();
      case Function::kPresent:
        if (!Arity(e, 1, 1) || !args_ok()) return Type::Error();
        if (e.children[0]->type.kind == Type::Kind::kDistribution) {
          ReportDistribution(*e.children[0]);
          return Type::Error();
        }
        return Type::Bool();
      case Function::kHeader:
      case Function::kTag: {
        if (!Arity(e, 1, 1) || !args_ok()) return Type::Error();
        Expr& arg = *e.children[0];
        if (!arg.type.is_string() || !arg.constant) {
          diagnostics_.Add(DiagCode::E0203, source_, arg.range,
                           fmt::format("`{}` takes a constant string, as in `{}(\"x-debug\")`", name, name));
          return Type::Error();
        }
        if (function->function == Function::kHeader) {
          if (!CheckHeaderName(arg.constant->string, arg.range)) return Type::Error();
          if (!TelemetryAllowed(e, scope)) return Type::Error();
          return Type::Rate();
        }
        return Type::String();
      }
    }
    return Type::Error();
  }

  bool CheckHeaderName(const std::string& header, SourceRange range) {
    // RFC 9110 token characters.
    static const std::string kTokenChars = "!#$%&'*+-.^_`|~";
    bool ok = !header.empty();
    for (char c : header) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && kTokenChars.find(c) == std::string::npos) ok = false;
    }
    if (!ok) {
      diagnostics_.Add(DiagCode::E0411, source_, range,
                       fmt::format("`{}` is not a valid HTTP header name", header));
    }
    return ok;
  }

  // ---- guards and health -------------------------------------------------------------------

  // A constant of the wanted type; reports E0203/E0213 otherwise.
  std::optional<double> ConstantOf(Expr& e, const Type& wanted, const std::string& what) {
    Scope scope{Scope::Kind::kConst, nullptr};
    Type t = CheckExpr(e, scope);
    if (t.is_error()) return std::nullopt;
    if (!types::Compatible(t, wanted) || !t.is_quantity()) {
      auto& d = diagnostics_.Add(DiagCode::E0203, source_, e.range,
                                 fmt::format("{} must be {} {}, not {}", what, Article(wanted),
                                             wanted.Name(), t.Name()));
      if (const Expr* bare = BareNumber(e)) AddUnitFix(d, *bare, wanted);
      return std::nullopt;
    }
    if (!e.constant) {
      diagnostics_.Add(DiagCode::E0213, source_, e.range, fmt::format("{} must be a constant", what));
      return std::nullopt;
    }
    return e.constant->number;
  }

  bool WholeCount(Expr& e, double value, double min, double max, const std::string& what) {
    if (value < min || value > max || value != std::floor(value)) {
      diagnostics_.Add(DiagCode::E0305, source_, e.range,
                       fmt::format("{} must be a whole number from {} to {}, not {}", what,
                                   FormatNumber(min), FormatNumber(max), FormatNumber(value)));
      return false;
    }
    return true;
  }

  bool Share(Expr& e, double value, const std::string& what) {
    if (value <= 0 || value > 1) {
      diagnostics_.Add(DiagCode::E0301, source_, e.range,
                       fmt::format("{} must be more than 0% and at most 100%, not {}%", what,
                                   FormatNumber(value * 100)));
      return false;
    }
    return true;
  }

  void CheckGuards() {
    std::map<std::string, SourceRange> seen;
    for (auto& guard : file_.guards) {
      const GuardSetting* setting = nullptr;
      for (const auto& s : GuardSettings()) {
        if (s.name == guard.name.text) setting = &s;
      }
      if (!setting) {
        auto& d = diagnostics_.Add(DiagCode::E0106, source_, guard.name.range,
                                   fmt::format("there is no guard setting `{}`", guard.name.text));
        std::vector<std::string> names;
        for (const auto& s : GuardSettings()) names.emplace_back(s.name);
        if (auto guess = Closest(guard.name.text, names)) {
          d.fix = FixIt{guard.name.range, *guess, fmt::format("did you mean `{}`?", *guess)};
        }
        continue;
      }
      auto [it, inserted] = seen.emplace(guard.name.text, guard.name.range);
      if (!inserted) {
        auto& d = diagnostics_.Add(DiagCode::E0102, source_, guard.name.range,
                                   fmt::format("guard `{}` is set twice", guard.name.text));
        d.notes.push_back({source_, it->second, "it is first set here"});
      }
      auto value = ConstantOf(*guard.value, setting->type, fmt::format("`{}`", guard.name.text));
      if (!value) continue;
      if (setting->type.is_ratio()) {
        Share(*guard.value, *value, fmt::format("`{}`", guard.name.text));
      } else {
        double min = guard.name.text == "max_changes_per_tick" ? 1 : 0;
        WholeCount(*guard.value, *value, min, 1e6, fmt::format("`{}`", guard.name.text));
      }
    }
  }

  void CheckHealth() {
    for (size_t i = 1; i < file_.health.size(); ++i) {
      auto& d = diagnostics_.Add(DiagCode::E0503, source_, file_.health[i].range,
                                 "a file may have one `health` block");
      d.notes.push_back({source_, file_.health[0].range, "the first one is here"});
    }
    if (file_.health.empty()) return;
    double total = 0;
    bool weights_ok = true;
    for (auto& term : file_.health[0].terms) {
      Type metric_type = HealthMetricType(term);
      if (metric_type.is_error()) {
        weights_ok = false;
        continue;
      }
      ConstantOf(*term.threshold, metric_type, fmt::format("the threshold of `{}`", term.metric.text));
      auto weight = ConstantOf(*term.weight, Type::Number(), "a health weight");
      if (!weight) {
        weights_ok = false;
        continue;
      }
      if (*weight <= 0 || *weight > 1) {
        diagnostics_.Add(DiagCode::E0502, source_, term.weight->range,
                         fmt::format("a health weight must be more than 0 and at most 1, not {}",
                                     FormatNumber(*weight)));
        weights_ok = false;
      }
      total += *weight;
    }
    if (weights_ok && !file_.health[0].terms.empty() && std::fabs(total - 1) > 1e-9) {
      diagnostics_.Add(DiagCode::W0005, source_, file_.health[0].range,
                       fmt::format("the health weights add up to {}, not 1; scores are divided by "
                                   "their sum",
                                   FormatNumber(total)));
    }
  }

  Type HealthMetricType(ast::HealthTerm& term) {
    static const std::vector<std::string> kSelectors = {"p50", "p90", "p95", "p99"};
    const std::string& name = term.metric.text;
    Type type = Type::Error();
    if (name == "latency") {
      if (!term.selector ||
          std::find(kSelectors.begin(), kSelectors.end(), term.selector->text) == kSelectors.end()) {
        diagnostics_.Add(DiagCode::E0501, source_, term.selector ? term.selector->range : term.metric.range,
                         "`latency` in a health block needs a percentile: p50, p90, p95 or p99");
        return Type::Error();
      }
      return Type::Duration();
    }
    if (const BuiltinMetric* metric = FindBuiltinMetric(name);
        metric && name != "health" && metric->type.is_quantity()) {
      type = metric->type;
    } else if (auto it = names_.find(name); it != names_.end() && it->second.first == ast::SymbolKind::kCustomMetric) {
      file_.metrics[it->second.second].used = true;
      type = file_.metrics[it->second.second].type;
    } else {
      auto& d = diagnostics_.Add(DiagCode::E0501, source_, term.metric.range,
                                 fmt::format("`{}` cannot be scored in a health block", name));
      std::vector<std::string> names = {"latency", "error_rate", "requests", "errors",
                                        "connections", "bytes_in", "bytes_out"};
      if (auto guess = Closest(name, names)) {
        d.fix = FixIt{term.metric.range, *guess, fmt::format("did you mean `{}`?", *guess)};
      }
      return Type::Error();
    }
    if (term.selector) {
      diagnostics_.Add(DiagCode::E0501, source_, term.selector->range,
                       fmt::format("only `latency` takes a percentile, not `{}`", name));
      return Type::Error();
    }
    return type;
  }

  // ---- policies ----------------------------------------------------------------------------

  void CheckPolicy(ast::Policy& policy) {
    if (policy.targets.empty()) {
      diagnostics_.Add(DiagCode::E0402, source_, policy.name.range,
                       fmt::format("policy `{}` has no `target`", policy.name.text));
    }
    for (size_t i = 1; i < policy.targets.size(); ++i) {
      auto& d = diagnostics_.Add(DiagCode::E0403, source_, policy.targets[i].range,
                                 fmt::format("policy `{}` has a second target; write one policy per "
                                             "target",
                                             policy.name.text));
      d.notes.push_back({source_, policy.targets[0].range, "the first target is here"});
    }
    for (auto& target : policy.targets) CheckTarget(target);
    if (policy.priority) {
      if (auto value = ConstantOf(*policy.priority, Type::Count(), "a priority")) {
        if (*value < 0 || *value > 1000 || *value != std::floor(*value)) {
          diagnostics_.Add(DiagCode::E0307, source_, policy.priority->range,
                           fmt::format("a priority must be a whole number from 0 to 1000, not {}",
                                       FormatNumber(*value)));
        }
      }
    }
    if (!policy.when && !policy.always) {
      diagnostics_.Add(DiagCode::E0404, source_, policy.name.range,
                       fmt::format("policy `{}` needs a `when` condition or `always`", policy.name.text));
    }
    if (policy.when && policy.always) {
      auto& d = diagnostics_.Add(DiagCode::E0405, source_, policy.always_range,
                                 fmt::format("policy `{}` has both `when` and `always`", policy.name.text));
      d.notes.push_back({source_, policy.when->range, "the condition is here"});
    }
    if (policy.recover && !policy.when) {
      diagnostics_.Add(DiagCode::E0408, source_, policy.recover->range,
                       "`recover when` needs a `when` condition to recover from");
    }
    Scope scope{Scope::Kind::kCondition, &policy};
    if (policy.when) CheckCondition(*policy.when, scope, "when");
    if (policy.recover) CheckCondition(*policy.recover, scope, "recover when");
    if (policy.on_missing) {
      const std::string& mode = policy.on_missing->text;
      if (mode != "hold" && mode != "fire" && mode != "skip") {
        auto& d = diagnostics_.Add(DiagCode::E0415, source_, policy.on_missing->range,
                                   fmt::format("`on missing` takes hold, fire or skip, not `{}`", mode));
        if (auto guess = Closest(mode, {"hold", "fire", "skip"})) {
          d.fix = FixIt{policy.on_missing->range, *guess, fmt::format("did you mean `{}`?", *guess)};
        }
      }
    }
    if (policy.actions.empty()) {
      diagnostics_.Add(DiagCode::E0406, source_, policy.name.range,
                       fmt::format("policy `{}` has no action; add `then ...`", policy.name.text));
    }
    for (auto& action : policy.actions) CheckAction(policy, action);
    CheckActionConflicts(policy);
  }

  void CheckTarget(ast::Target& target) {
    if (target.kind == ast::TargetKind::kServicesWhere) {
      Scope scope{Scope::Kind::kTargetFilter, nullptr};
      Type t = CheckExpr(*target.where, scope);
      if (!t.is_error() && !t.is_bool()) {
        diagnostics_.Add(DiagCode::E0204, source_, target.where->range,
                         fmt::format("a target filter must be a condition, not {}", t.Name()));
      }
      return;
    }
    if (target.pattern.empty()) {
      diagnostics_.Add(DiagCode::E0417, source_, target.pattern_range.begin == target.pattern_range.end
                                                     ? target.range : target.pattern_range,
                       "a target needs a name");
      return;
    }
    bool regex = target.kind == ast::TargetKind::kServiceMatch || target.kind == ast::TargetKind::kNodeMatch;
    if (regex) CheckRegex(target.pattern, target.pattern_range);
    if (!options_.manifests) return;
    const ManifestNames& names = *options_.manifests;
    bool found = false;
    if (regex) {
      try {
        std::regex re(target.pattern, std::regex::ECMAScript);
        for (const auto& s : names.services) found = found || std::regex_match(s, re);
      } catch (const std::regex_error&) {
        return;  // reported above
      }
    } else if (target.kind == ast::TargetKind::kNamespace) {
      found = names.namespaces.count(target.pattern) > 0;
    } else if (target.kind == ast::TargetKind::kRoute) {
      std::string service = target.pattern.substr(0, target.pattern.find('/'));
      found = names.routes.count(target.pattern) > 0 || names.services.count(service) > 0;
    } else {
      found = names.services.count(target.pattern) > 0;
    }
    if (!found) {
      diagnostics_.Add(DiagCode::W0001, source_, target.pattern_range,
                       fmt::format("{} {} matches nothing in the given manifests",
                                   regex ? "the pattern" : "the target", target.raw));
    }
  }

  void CheckCondition(ast::Condition& condition, const Scope& scope, const char* clause) {
    Type t = CheckExpr(*condition.expr, scope);
    if (!t.is_error() && !t.is_bool()) {
      auto& d = diagnostics_.Add(DiagCode::E0204, source_, condition.expr->range,
                                 fmt::format("the `{}` condition must be true or false, but it is {} {}",
                                             clause, Article(t), t.Name()));
      if (t.kind == Type::Kind::kDistribution) {
        d.notes.push_back({nullptr, {}, "compare a percentile, as in `p99(latency) > 500ms`"});
      }
    } else if (t.is_bool() && condition.expr->constant) {
      diagnostics_.Add(DiagCode::W0003, source_, condition.expr->range,
                       fmt::format("this condition is always {}{}",
                                   condition.expr->constant->boolean ? "true" : "false",
                                   condition.expr->constant->boolean ? "; use `always`" : ""));
    }
    if (condition.duration) {
      CheckExpr(*condition.duration, scope);
      Window(*condition.duration, "the `for` duration");
    }
  }

  // ---- actions -----------------------------------------------------------------------------

  bool ActionValidFor(ast::ActionKind action, ast::TargetKind target) {
    switch (action) {
      case ast::ActionKind::kIsolate:
        return IsNodeTarget(target);
      case ast::ActionKind::kRequireMtls:
        return IsServiceTarget(target) || target == ast::TargetKind::kNamespace;
      default:
        return IsServiceTarget(target) || target == ast::TargetKind::kRoute;
    }
  }

  void CheckAction(const ast::Policy& policy, ast::Action& action) {
    if (!policy.targets.empty() && !ActionValidFor(action.kind, policy.targets[0].kind)) {
      auto& d = diagnostics_.Add(DiagCode::E0401, source_, action.keyword_range,
                                 fmt::format("`{}` cannot act on {}", ast::ActionName(action.kind),
                                             TargetKindName(policy.targets[0].kind)));
      const char* valid = action.kind == ast::ActionKind::kIsolate ? "`target each node of service ...`"
                          : action.kind == ast::ActionKind::kRequireMtls ? "service and namespace targets"
                                                                         : "service and route targets";
      d.notes.push_back({source_, policy.targets[0].range, fmt::format("it is valid on {}", valid)});
    }
    std::string what = fmt::format("the share of `{}`", ast::ActionName(action.kind));
    switch (action.kind) {
      case ast::ActionKind::kRedirect:
      case ast::ActionKind::kMirror: {
        if (auto share = ConstantOf(*action.amount, Type::Ratio(), what)) Share(*action.amount, *share, what);
        CheckDestination(action.destination);
        break;
      }
      case ast::ActionKind::kShift: {
        auto start = ConstantOf(*action.amount, Type::Ratio(), what);
        if (start) Share(*action.amount, *start, what);
        auto step = ConstantOf(*action.step, Type::Ratio(), "the step of `shift`");
        if (step) Share(*action.step, *step, "the step of `shift`");
        if (auto every = ConstantOf(*action.every, Type::Duration(), "the interval of `shift`")) {
          if (*every <= 0) {
            diagnostics_.Add(DiagCode::E0302, source_, action.every->range,
                             "the interval of `shift` must be longer than zero");
          }
        }
        double max = 1;
        if (action.max) {
          auto m = ConstantOf(*action.max, Type::Ratio(), "the ceiling of `shift`");
          if (m && Share(*action.max, *m, "the ceiling of `shift`")) max = *m;
        }
        if (start && *start > max) {
          diagnostics_.Add(DiagCode::E0306, source_, action.amount->range,
                           fmt::format("`shift` starts at {}%, above its ceiling of {}%",
                                       FormatNumber(*start * 100), FormatNumber(max * 100)));
        } else if (step && *step > max) {
          diagnostics_.Add(DiagCode::E0306, source_, action.step->range,
                           fmt::format("the step of `shift` ({}%) is larger than its ceiling ({}%)",
                                       FormatNumber(*step * 100), FormatNumber(max * 100)));
        }
        CheckDestination(action.destination);
        break;
      }
      case ast::ActionKind::kIsolate:
        if (action.duration) {
          if (auto d = ConstantOf(*action.duration, Type::Duration(), "the isolation time")) {
            if (*d <= 0) {
              diagnostics_.Add(DiagCode::E0302, source_, action.duration->range,
                               "the isolation time must be longer than zero");
            }
          }
        }
        break;
      case ast::ActionKind::kRateLimit: {
        if (auto rate = ConstantOf(*action.amount, Type::Rate(), "a rate limit")) {
          if (*rate <= 0) {
            diagnostics_.Add(DiagCode::E0303, source_, action.amount->range,
                             "a rate limit must be more than zero requests per second");
          }
        }
        if (action.burst) {
          if (auto burst = ConstantOf(*action.burst, Type::Count(), "a burst")) {
            WholeCount(*action.burst, *burst, 1, 1e9, "a burst");
          }
        }
        if (action.header) CheckHeaderName(*action.header, action.header_range);
        break;
      }
      case ast::ActionKind::kRequireMtls: {
        const std::string& mode = action.mode.text;
        if (mode != "strict" && mode != "permissive") {
          auto& d = diagnostics_.Add(DiagCode::E0415, source_, action.mode.range,
                                     fmt::format("`require mtls` takes strict or permissive, not `{}`", mode));
          if (auto guess = Closest(mode, {"strict", "permissive"})) {
            d.fix = FixIt{action.mode.range, *guess, fmt::format("did you mean `{}`?", *guess)};
          }
        }
        break;
      }
      case ast::ActionKind::kSetTimeout:
        if (auto timeout = ConstantOf(*action.amount, Type::Duration(), "a timeout")) {
          if (*timeout <= 0) {
            diagnostics_.Add(DiagCode::E0302, source_, action.amount->range,
                             "a timeout must be longer than zero");
          }
        }
        break;
      case ast::ActionKind::kSetRetries:
        if (auto retries = ConstantOf(*action.amount, Type::Count(), "a number of retries")) {
          WholeCount(*action.amount, *retries, 0, 100, "a number of retries");
        }
        if (action.retry_on) CheckRetryOn(action);
        break;
    }
  }

  void CheckRetryOn(const ast::Action& action) {
    const auto& known = RetryConditions();
    std::vector<std::string> names(known.begin(), known.end());
    size_t start = 0;
    const std::string& list = *action.retry_on;
    while (start <= list.size()) {
      size_t comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      std::string condition = list.substr(start, comma - start);
      condition.erase(0, condition.find_first_not_of(' '));
      condition.erase(condition.find_last_not_of(' ') + 1);
      if (std::find(known.begin(), known.end(), condition) == known.end()) {
        auto& d = diagnostics_.Add(DiagCode::E0416, source_, action.retry_on_range,
                                   fmt::format("`{}` is not a retry condition", condition));
        if (auto guess = Closest(condition, names)) {
          d.notes.push_back({nullptr, {}, fmt::format("did you mean `{}`?", *guess)});
        } else {
          d.notes.push_back({nullptr, {}, "conditions are 5xx, gateway-error, reset, connect-failure, "
                                          "retriable-4xx, ... (Envoy's retry_on)"});
        }
        return;
      }
      start = comma + 1;
    }
  }

  void CheckDestination(const ast::Destination& dest) {
    if (dest.name.empty()) {
      diagnostics_.Add(DiagCode::E0417, source_, dest.range, "a destination needs a name");
      return;
    }
    static const std::vector<std::string> kPlaceholders = {"service", "namespace", "node", "route"};
    bool templated = false;
    for (size_t open = dest.name.find('{'); open != std::string::npos; open = dest.name.find('{', open + 1)) {
      templated = true;
      size_t close = dest.name.find('}', open);
      std::string field = dest.name.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
      if (close == std::string::npos ||
          std::find(kPlaceholders.begin(), kPlaceholders.end(), field) == kPlaceholders.end()) {
        auto& d = diagnostics_.Add(DiagCode::E0409, source_, dest.range,
                                   fmt::format("`{{{}}}` is not a destination placeholder; use "
                                               "{{service}}, {{namespace}}, {{node}} or {{route}}",
                                               field));
        if (auto guess = Closest(field, kPlaceholders)) {
          d.notes.push_back({nullptr, {}, fmt::format("did you mean `{{{}}}`?", *guess)});
        }
        return;
      }
    }
    if (templated || !options_.manifests) return;
    if (!options_.manifests->destinations.count(dest.name) && !options_.manifests->services.count(dest.name)) {
      diagnostics_.Add(DiagCode::W0004, source_, dest.range,
                       fmt::format("destination {} is not found in the given manifests", dest.raw));
    }
  }

  void CheckActionConflicts(const ast::Policy& policy) {
    std::map<std::string, const ast::Action*> singles;
    double redirected = 0;
    for (const auto& action : policy.actions) {
      std::string key;
      switch (action.kind) {
        case ast::ActionKind::kSetTimeout: key = "timeout"; break;
        case ast::ActionKind::kSetRetries: key = "retries"; break;
        case ast::ActionKind::kRequireMtls: key = "mtls"; break;
        case ast::ActionKind::kIsolate: key = "isolate"; break;
        case ast::ActionKind::kRateLimit:
          key = "rate_limit " + action.header.value_or("") + "=" + action.header_value.value_or("");
          break;
        case ast::ActionKind::kRedirect:
          if (action.amount && action.amount->constant && action.amount->constant->number <= 1) {
            redirected += action.amount->constant->number;
          }
          break;
        default:
          break;
      }
      if (key.empty()) continue;
      auto [it, inserted] = singles.emplace(key, &action);
      if (!inserted) {
        auto& d = diagnostics_.Add(DiagCode::E0412, source_, action.range,
                                   fmt::format("policy `{}` has two `{}` actions for the same traffic",
                                               policy.name.text, ast::ActionName(action.kind)));
        d.notes.push_back({source_, it->second->range, "the first one is here"});
      }
    }
    if (redirected > 1 + 1e-9) {
      diagnostics_.Add(DiagCode::E0413, source_, policy.name.range,
                       fmt::format("the redirects of policy `{}` move {}% of the traffic; at most "
                                   "100% can move",
                                   policy.name.text, FormatNumber(redirected * 100)));
    }
  }

  ast::File& file_;
  SourceFilePtr source_;
  Diagnostics& diagnostics_;
  const CheckOptions& options_;
  std::map<std::string, std::pair<ast::SymbolKind, uint32_t>> names_;
  std::vector<uint8_t> const_state_;  // 0 unvisited, 1 in progress, 2 done
  std::vector<uint32_t> const_stack_;
};

}  // namespace

void Check(ast::File& file, Diagnostics& diagnostics, const CheckOptions& options) {
  Checker(file, diagnostics, options).Run();
}

}  // namespace stitch::check
