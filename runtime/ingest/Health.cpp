#include "runtime/ingest/Health.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace stitch::ingest {

double TermScore(const HealthTerm& term, double value) {
  const double t = term.threshold;
  switch (term.op) {
    case HealthOp::kLess:
    case HealthOp::kLessEqual: {
      const bool holds = term.op == HealthOp::kLess ? value < t : value <= t;
      if (holds) return 1;
      return t > 0 && value > 0 ? std::clamp(t / value, 0.0, 1.0) : 0.0;
    }
    case HealthOp::kGreater:
    case HealthOp::kGreaterEqual: {
      const bool holds = term.op == HealthOp::kGreater ? value > t : value >= t;
      if (holds) return 1;
      return t > 0 && value > 0 ? std::clamp(value / t, 0.0, 1.0) : 0.0;
    }
  }
  return 0;
}

void ScoreHealth(frame::Frame& frame, const HealthConfig& config) {
  const size_t health = frame.AddColumn("health");
  std::vector<std::optional<size_t>> term_columns;
  for (const HealthTerm& term : config.terms) term_columns.push_back(frame.ColumnIndex(term.metric));
  for (size_t row = 0; row < frame.rows(); ++row) {
    double weighted = 0, weights = 0;
    for (size_t i = 0; i < config.terms.size(); ++i) {
      if (!term_columns[i] || !frame.Valid(row, *term_columns[i])) continue;
      weighted += config.terms[i].weight * TermScore(config.terms[i], frame.Value(row, *term_columns[i]));
      weights += config.terms[i].weight;
    }
    if (weights > 0) {
      frame.Set(row, health, 100.0 * weighted / weights);
    } else {
      frame.SetMissing(row, health);
    }
  }
  // Node counts of services from their node rows.
  std::map<std::tuple<std::string, std::string>, std::pair<double, double>> counts;
  for (size_t row = 0; row < frame.rows(); ++row) {
    const frame::EntityId& id = frame.GetEntity(row).id;
    if (id.kind != frame::EntityKind::kNode) continue;
    auto& [total, healthy] = counts[{id.service, id.ns}];
    total += 1;
    if (frame.Valid(row, health) && frame.Value(row, health) >= config.healthy_at) healthy += 1;
  }
  if (counts.empty()) return;
  const size_t total_col = frame.AddColumn("total_nodes");
  const size_t healthy_col = frame.AddColumn("healthy_nodes");
  for (const auto& [key, value] : counts) {
    const auto& [service, ns] = key;
    auto row = frame.FindEntity({frame::EntityKind::kService, service, "", "", ns});
    if (!row) continue;
    if (!frame.Valid(*row, total_col)) frame.Set(*row, total_col, value.first);
    if (!frame.Valid(*row, healthy_col)) frame.Set(*row, healthy_col, value.second);
  }
}

}  // namespace stitch::ingest
