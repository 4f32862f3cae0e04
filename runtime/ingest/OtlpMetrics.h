// OTLP/JSON metrics (`resourceMetrics`) into frames: gauges as they are, monotonic sums as
// rates (delta: over their own interval; cumulative: against the previous document),
// histograms and exponential histograms as quantiles, values scaled by their `unit`.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/frame/Frame.h"
#include "runtime/ingest/Options.h"
#include "runtime/ingest/Result.h"
#include "stdlib/Quantile.h"

namespace stitch::ingest {

// The factor from a UCUM unit to Stitch's base units: s 1, ms 1e-3, us 1e-6, ns 1e-9, min 60,
// h 3600, By 1, KBy 1e3, KiBy 1024 (and M/G), % 0.01; 1 for `1`, `{annotations}` and unknowns.
double OtlpUnitScale(std::string_view unit);

// Keeps the previous document's cumulative points. Not thread-safe.
class OtlpMetricsConverter {
 public:
  explicit OtlpMetricsConverter(IngestOptions options);

  // Parses and converts one document to one frame at options.now_ms (else its latest point).
  // Only metrics named by a mapping rule are read. Malformed input is an error with its JSON
  // path and leaves the state as it was.
  Result<frame::Frame> Ingest(std::string_view text, std::string_view file);

  struct Point {
    std::string metric, unit;
    enum class Type : unsigned char { kGauge, kSum, kHistogram } type = Type::kGauge;
    bool monotonic = false;
    bool delta = false;  // aggregationTemporality 1
    int64_t start_ns = 0, time_ns = 0;
    double value = 0;                    // gauge and sum
    double count = 0;                    // histograms
    std::vector<stdlib::Bucket> buckets;  // histograms: cumulative, unscaled bounds, +Inf last
    bool negative_buckets = false;        // exponential histogram negative range ignored
    std::vector<std::pair<std::string, std::string>> attributes;  // resource, then point
  };

 private:
  frame::Frame Convert(const std::vector<Point>& points);

  IngestOptions options_;
  struct Last {
    double value = 0;  // sums and histogram counts
    std::vector<stdlib::Bucket> buckets;
    int64_t time_ms = 0;
  };
  std::map<std::string, Last> last_;
};

}  // namespace stitch::ingest
