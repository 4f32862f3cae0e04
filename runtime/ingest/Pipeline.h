// What the runtime does with each frame a source yields: keep it in the history, fill the
// health score, the anomaly flags and the derived columns the compiled policies read, and keep
// the last frame (marked stale) when the source fails.
#pragma once

#include <string>
#include <vector>

#include "runtime/frame/History.h"
#include "runtime/ingest/Health.h"

namespace stitch::ingest {

struct PipelineConfig {
  HealthConfig health;
  // Derived column keys the policies read (ColumnKey.h), e.g. `avg(latency.p99,300)`.
  std::vector<std::string> derived;
  int64_t retention_ms = 60 * 60 * 1000;
};

// Not thread-safe.
class Pipeline {
 public:
  explicit Pipeline(PipelineConfig config);

  // Scores `frame`, pushes it as the newest frame, fills `anomaly(<metric>,<window>)` for
  // each configured metric, `anomaly` (1 when any present flag is 1, 0 when all present flags
  // are 0, missing when none is present) and the derived keys. A frame older than the newest
  // is refused (false, *error set); a malformed derived key is reported in *error but the
  // frame is kept.
  bool Accept(frame::Frame frame, std::string* error = nullptr);

  // The source failed: the newest frame, if any, stays the current one, marked stale.
  void MarkStale();

  // True for the helper columns of the anomaly flags (`ewma(...)`, `anomaly(<metric>,...)`)
  // that no configured derived key asked for: a display may hide them.
  bool IsHelperColumn(std::string_view key) const;

  bool empty() const { return history_.empty(); }
  const frame::Frame& Newest() const { return history_.Newest(); }
  const frame::History& history() const { return history_; }
  const PipelineConfig& config() const { return config_; }

 private:
  PipelineConfig config_;
  frame::History history_;
};

}  // namespace stitch::ingest
