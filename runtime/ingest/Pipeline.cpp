#include "runtime/ingest/Pipeline.h"

#include "runtime/frame/ColumnKey.h"

namespace stitch::ingest {

Pipeline::Pipeline(PipelineConfig config)
    : config_(std::move(config)),
      history_(config_.retention_ms, config_.health.anomaly.params) {}

bool Pipeline::Accept(frame::Frame frame, std::string* error) {
  ScoreHealth(frame, config_.health);
  if (!history_.Push(std::move(frame))) {
    if (error) *error = "frame older than the newest one refused";
    return false;
  }
  std::vector<std::string> flags;
  for (const std::string& metric : config_.health.anomaly.metrics) {
    flags.push_back(frame::FormatDerivedKey(
        {frame::DerivedFn::kAnomaly, metric, config_.health.anomaly.window_s}));
  }
  std::string message;
  bool ok = history_.Derive(flags, &message);
  frame::Frame& newest = history_.MutableNewest();
  const size_t any = newest.AddColumn("anomaly");
  for (size_t row = 0; row < newest.rows(); ++row) {
    std::optional<double> combined;
    for (const std::string& key : flags) {
      if (auto v = newest.Get(row, key)) combined = std::max(combined.value_or(0.0), *v);
    }
    if (combined) {
      newest.Set(row, any, *combined);
    } else {
      newest.SetMissing(row, any);
    }
  }
  if (!history_.Derive(config_.derived, ok ? &message : nullptr)) ok = false;
  if (!ok && error) *error = message;
  return true;
}

bool Pipeline::IsHelperColumn(std::string_view key) const {
  if (!key.starts_with("ewma(") && !key.starts_with("anomaly(")) return false;
  for (const std::string& wanted : config_.derived) {
    if (wanted == key) return false;
  }
  return true;
}

void Pipeline::MarkStale() {
  if (!history_.empty()) history_.MutableNewest().stale = true;
}

}  // namespace stitch::ingest
