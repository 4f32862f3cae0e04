// Health scores (0..100) and anomaly flags per entity, configured like the `health` block of
// the policy language (LANGUAGE.md §7). The compiler fills HealthConfig from that block.
#pragma once

#include <string>
#include <vector>

#include "runtime/frame/Frame.h"
#include "stdlib/Robust.h"

namespace stitch::ingest {

enum class HealthOp : unsigned char { kLess, kLessEqual, kGreater, kGreaterEqual };

// `latency.p99 <= 0.3 weight 0.5`: a column key, a comparison, a threshold in base units and a
// weight.
struct HealthTerm {
  std::string metric;
  HealthOp op = HealthOp::kLessEqual;
  double threshold = 0;
  double weight = 1;
};

// Which columns get anomaly flags, over which window, with which EWMA alpha and threshold.
struct AnomalyConfig {
  std::vector<std::string> metrics = {"latency.p99", "error_rate", "requests"};
  double window_s = 600;
  stdlib::AnomalyParams params;
};

struct HealthConfig {
  // Default: latency.p99 <= 300ms (0.5), error_rate <= 1% (0.4), connections <= 1000 (0.1).
  std::vector<HealthTerm> terms = {{"latency.p99", HealthOp::kLessEqual, 0.3, 0.5},
                                   {"error_rate", HealthOp::kLessEqual, 0.01, 0.4},
                                   {"connections", HealthOp::kLessEqual, 1000, 0.1}};
  // A node whose health is at least this counts in its service's healthy_nodes.
  double healthy_at = 50;
  AnomalyConfig anomaly;
};

// How well one value meets one term, in [0, 1]: 1 when the comparison holds; otherwise, for an
// upper bound, threshold / value (0 when the threshold is <= 0), for a lower bound,
// value / threshold (0 when the threshold is <= 0 or the value negative).
double TermScore(const HealthTerm& term, double value);

// Fills the `health` column: 100 * sum(weight * TermScore) / sum(weight) over the terms whose
// metric is present for the row; missing when none is. Then, for each service with node rows,
// fills `total_nodes` (the node rows) and `healthy_nodes` (nodes with health >= healthy_at)
// where the source gave no value.
void ScoreHealth(frame::Frame& frame, const HealthConfig& config);

}  // namespace stitch::ingest
