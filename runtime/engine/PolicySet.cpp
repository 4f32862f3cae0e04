#include "PolicySet.h"

#include "runtime/frame/ColumnKey.h"

namespace stitch::engine {
namespace {

ingest::HealthOp HealthOpOf(ast::Op op) {
  switch (op) {
    case ast::Op::kLt: return ingest::HealthOp::kLess;
    case ast::Op::kGt: return ingest::HealthOp::kGreater;
    case ast::Op::kGe: return ingest::HealthOp::kGreaterEqual;
    default: return ingest::HealthOp::kLessEqual;
  }
}

double Number(const ast::ExprPtr& e) { return e && e->constant ? e->constant->number : 0; }

}  // namespace

PolicySetSettings ReadSettings(const std::vector<CheckedFile>& files) {
  PolicySetSettings settings;
  for (const CheckedFile& file : files) {
    for (const ast::GuardDecl& guard : file.ast.guards) {
      double value = Number(guard.value);
      if (guard.name.text == "min_healthy_nodes") settings.guards.min_healthy_nodes = value;
      if (guard.name.text == "max_isolated") settings.guards.max_isolated = value;
      if (guard.name.text == "max_redirect") settings.guards.max_redirect = value;
      if (guard.name.text == "max_changes_per_tick") settings.guards.max_changes_per_tick = static_cast<int>(value);
    }
    if (file.ast.health.empty()) continue;
    settings.health.terms.clear();
    for (const ast::HealthTerm& term : file.ast.health[0].terms) {
      std::string key = term.metric.text;
      if (term.selector) {
        double q = term.selector->text == "p50" ? 0.5 : term.selector->text == "p90" ? 0.9
                   : term.selector->text == "p95" ? 0.95 : 0.99;
        key = frame::QuantileKey(term.metric.text, q);
      }
      settings.health.terms.push_back({key, HealthOpOf(term.op), Number(term.threshold), Number(term.weight)});
    }
  }
  return settings;
}

}  // namespace stitch::engine
