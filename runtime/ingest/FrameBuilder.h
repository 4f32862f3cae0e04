// Accumulates per-entity contributions from a source (summed rates, histogram buckets, raw
// observations, tags) and builds one Frame: quantile columns, error_rate, ordered rows and
// columns. Shared by every source so that all of them produce the same columns and units.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/frame/Frame.h"
#include "runtime/ingest/Options.h"

namespace stitch::ingest {

class FrameBuilder {
 public:
  enum class Combine : unsigned char { kSum, kMax };

  // `options` must outlive the builder.
  FrameBuilder(int64_t time_ms, const IngestOptions& options);

  int64_t time_ms() const { return time_ms_; }

  // Makes sure the entity has a row, even when all its columns end up missing.
  void Touch(const frame::EntityId& id);

  // Contributes to `column` of `id`. Contributions of a lower `priority` replace those of a
  // higher one; equal priorities combine (sum or max). A nullopt value marks the column as
  // reported but unknown (a counter's first scrape): it stays missing unless another
  // contribution of the same priority has a value.
  void AddValue(const frame::EntityId& id, std::string_view column, int priority,
                std::optional<double> value, Combine combine = Combine::kSum);

  // Contributes `count` observations <= `upper_bound` to histogram `column` (a base such as
  // "latency"; the frame gets "latency.p50" ...). Buckets of equal bounds add up.
  void AddBucket(const frame::EntityId& id, std::string_view column, int priority,
                 double upper_bound, double count);

  // Contributes one raw observation (a span duration) to distribution `column`.
  void AddObservation(const frame::EntityId& id, std::string_view column, double value);

  void AddTag(const frame::EntityId& id, const std::string& key, const std::string& value);
  void AddFlag(const frame::EntityId& id, std::string key, std::string message);

  // True when `sample_time_ms` is older than the staleness bound; counts it for a frame flag.
  bool IsStale(int64_t sample_time_ms);

  // Builds the frame: rows ordered by service, namespace, kind, node, route; built-in columns
  // first (requests, errors, error_rate, latency..., bytes, connections, nodes), then headers
  // and custom metrics. error_rate = errors / requests, missing when requests is 0 or either is
  // missing (unless a source gave error_rate itself).
  frame::Frame Build() const;

 private:
  struct Cell {
    int priority = 0;
    bool valid = false;
    double value = 0;
    Combine combine = Combine::kSum;
  };
  struct Histogram {
    int priority = 0;
    std::map<double, double> buckets;
  };
  struct Accumulator {
    frame::Entity entity;
    std::map<std::string, Cell, std::less<>> cells;
    std::map<std::string, Histogram, std::less<>> histograms;
    std::map<std::string, std::vector<double>, std::less<>> observations;
    std::vector<std::pair<std::string, std::string>> flags;
  };

  Accumulator& At(const frame::EntityId& id);

  int64_t time_ms_;
  const IngestOptions& options_;
  std::unordered_map<frame::EntityId, size_t, frame::EntityIdHash> index_;
  std::vector<Accumulator> entities_;
  size_t stale_samples_ = 0;
};

// Builders keyed by frame time, for sources whose input spans several instants (query_range
// matrices, Datadog point lists, recordings).
class FrameSet {
 public:
  // `options` must outlive the set.
  explicit FrameSet(const IngestOptions& options) : options_(options) {}
  FrameBuilder& At(int64_t time_ms);
  bool empty() const { return builders_.empty(); }
  // The frames, oldest first.
  std::vector<frame::Frame> Build() const;

 private:
  const IngestOptions& options_;
  std::map<int64_t, FrameBuilder> builders_;
};

// Sort rank of a column key in frames: built-ins in the order of docs/telemetry.md first.
int ColumnRank(std::string_view key);

}  // namespace stitch::ingest
