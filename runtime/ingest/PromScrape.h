// Turns successive Prometheus text scrapes into frames: counters become per-second rates
// between two scrapes (resets handled, never negative), histograms become quantiles of the
// bucket increases since the previous scrape (of the lifetime counts on the first scrape,
// flagged), gauges are taken as they are.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/frame/Frame.h"
#include "runtime/ingest/Options.h"
#include "runtime/ingest/PromText.h"
#include "runtime/ingest/Result.h"

namespace stitch::ingest {

// Keeps the previous scrape of one target. Not thread-safe.
class PromScraper {
 public:
  explicit PromScraper(IngestOptions options);

  // Converts a scrape taken at `time_ms` (samples with their own timestamp use it instead).
  // Counters seen for the first time are reported but missing; the scrape becomes the
  // previous one for the next call.
  frame::Frame Convert(const Exposition& exposition, int64_t time_ms);

  // Parses `text` and converts it; a malformed line is an error and leaves the state as it was.
  Result<frame::Frame> Ingest(std::string_view text, std::string_view file, int64_t time_ms);

  const IngestOptions& options() const { return options_; }

 private:
  struct Last {
    double value;
    int64_t time_ms;
  };

  IngestOptions options_;
  // Rules by the sample name they read: `x` (counter, gauge, auto), `x_bucket` (histograms),
  // `x_count` (histogram counts).
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, std::vector<size_t>, NameHash, std::equal_to<>> rules_by_name_;
  std::unordered_map<std::string, Last> last_;
  bool has_previous_ = false;
};

}  // namespace stitch::ingest
