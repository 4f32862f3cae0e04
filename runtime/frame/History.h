// A bounded ring of past frames that fills the derived columns (windowed functions, EWMA,
// z-score, anomaly flags) named by column keys (ColumnKey.h) with the stdlib built-ins.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "runtime/frame/ColumnKey.h"
#include "runtime/frame/Frame.h"
#include "stdlib/Robust.h"

namespace stitch::frame {

// Not thread-safe. Frames are matched across time by EntityId; a derived value is missing when
// its window holds too little data (avg/min/max/sum: no present sample; rate/delta/changed:
// fewer than two; zscore: fewer than two earlier samples or zero deviation; anomaly: fewer than
// AnomalyParams::min_samples earlier residuals). Windows are closed: [t - window, t].
class History {
 public:
  // Keeps the frames whose time is within `retention_ms` of the newest one. `anomaly` gives
  // the EWMA alpha and robust-z threshold used by `anomaly(key,window)` columns.
  explicit History(int64_t retention_ms, stdlib::AnomalyParams anomaly = {});

  // Appends the newest frame. A frame with the same time as the newest replaces it; an older
  // one is refused (returns false). Frames that fall out of the retention are dropped.
  bool Push(Frame frame);

  // Computes the derived columns named by `keys` (and, recursively, the inner ones they read,
  // in older frames too) into the newest frame. Base keys are ignored (a base column the frame
  // lacks reads as missing). Returns false and sets *error for a malformed derived key; the
  // columns of the other keys are still filled.
  bool Derive(const std::vector<std::string>& keys, std::string* error = nullptr);

  size_t size() const { return frames_.size(); }
  bool empty() const { return frames_.empty(); }
  // Frame i, oldest first.
  const Frame& at(size_t i) const { return frames_[i]; }
  // The newest frame; the history must not be empty.
  const Frame& Newest() const { return frames_.back(); }
  Frame& MutableNewest() { return frames_.back(); }
  int64_t retention_ms() const { return retention_ms_; }
  const stdlib::AnomalyParams& anomaly_params() const { return anomaly_; }

 private:
  bool Ensure(const std::string& key, size_t index, std::string* error);
  void ComputeWindowed(const std::string& key, const DerivedKey& dk, size_t index);
  void ComputeEwma(const std::string& key, const DerivedKey& dk, size_t index);
  void ComputeAnomaly(const std::string& key, const DerivedKey& dk,
                      const std::string& ewma_key, size_t index);
  // Row of frame `from`'s entity `row` in frame `to`.
  std::optional<size_t> MapRow(size_t from, size_t row, size_t to) const;
  size_t WindowBegin(size_t index, double window_s) const;

  int64_t retention_ms_;
  stdlib::AnomalyParams anomaly_;
  std::deque<Frame> frames_;
  // Frames with the same layout id have the same entities in the same rows.
  std::deque<uint64_t> layout_ids_;
  uint64_t next_layout_id_ = 0;
};

}  // namespace stitch::frame
