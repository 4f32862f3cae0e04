#include "Series.h"

#include "compiler/check/Builtins.h"
#include "runtime/frame/ColumnKey.h"

namespace stitch::check {
namespace {

// The base name of a distribution (`latency`, or a custom distribution metric).
std::optional<std::string> DistributionName(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kParen) return DistributionName(*e.children[0]);
  if (e.kind == ast::ExprKind::kName && e.type.kind == types::Type::Kind::kDistribution) return e.text;
  return std::nullopt;
}

}  // namespace

bool IsWindowedMinMax(const ast::Expr& call) {
  return call.children.size() == 2 && call.children[1]->type.is_duration() && call.children[1]->constant &&
         !call.children[0]->constant;
}

std::optional<std::string> SeriesKey(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::kParen:
      return SeriesKey(*e.children[0]);
    case ast::ExprKind::kName:
      if (e.symbol == ast::SymbolKind::kBuiltinMetric || e.symbol == ast::SymbolKind::kCustomMetric) {
        if (e.type.kind == types::Type::Kind::kDistribution) return std::nullopt;
        return e.text;
      }
      return std::nullopt;
    case ast::ExprKind::kCall:
      break;
    default:
      return std::nullopt;
  }
  const BuiltinFunction* function = FindBuiltinFunction(e.text);
  if (!function) return std::nullopt;
  auto inner = [&]() { return e.children.empty() ? std::nullopt : SeriesKey(*e.children[0]); };
  auto window = [&]() { return e.children.size() > 1 && e.children[1]->constant ? e.children[1]->constant->number : 0; };
  auto derived = [&](frame::DerivedFn fn, double param) -> std::optional<std::string> {
    auto key = inner();
    if (!key) return std::nullopt;
    return frame::FormatDerivedKey({fn, *key, param});
  };
  switch (function->function) {
    case Function::kP50:
    case Function::kP90:
    case Function::kP95:
    case Function::kP99:
    case Function::kQuantile: {
      if (e.children.empty()) return std::nullopt;
      auto base = DistributionName(*e.children[0]);
      if (!base) return std::nullopt;
      double q = function->function == Function::kP50   ? 0.5
                 : function->function == Function::kP90 ? 0.9
                 : function->function == Function::kP95 ? 0.95
                 : function->function == Function::kP99 ? 0.99
                 : (e.children.size() > 1 && e.children[1]->constant ? e.children[1]->constant->number : 0);
      return frame::QuantileKey(*base, q);
    }
    case Function::kHeader:
      if (e.children.empty() || !e.children[0]->constant) return std::nullopt;
      return frame::HeaderKey(e.children[0]->constant->string);
    case Function::kAvg: return derived(frame::DerivedFn::kAvg, window());
    case Function::kSum: return derived(frame::DerivedFn::kSum, window());
    case Function::kDelta: return derived(frame::DerivedFn::kDelta, window());
    case Function::kRate: return derived(frame::DerivedFn::kRate, window());
    case Function::kZscore: return derived(frame::DerivedFn::kZScore, window());
    case Function::kEwma: return derived(frame::DerivedFn::kEwma, window());
    case Function::kChanged: return derived(frame::DerivedFn::kChanged, window());
    case Function::kAnomaly: return derived(frame::DerivedFn::kAnomaly, kAnomalyWindowSeconds);
    case Function::kMin:
    case Function::kMax: {
      if (!IsWindowedMinMax(e)) return std::nullopt;
      return derived(function->function == Function::kMin ? frame::DerivedFn::kMin : frame::DerivedFn::kMax,
                     window());
    }
    default:
      return std::nullopt;
  }
}

}  // namespace stitch::check
