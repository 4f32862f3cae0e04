// A zero-copy scanner of the Prometheus text exposition format (0.0.4, as served by Envoy's
// /stats/prometheus, Istio sidecars and Prometheus itself; OpenMetrics' `# EOF` is accepted).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/ingest/Mapping.h"
#include "runtime/ingest/Result.h"

namespace stitch::ingest {

enum class PromType : uint8_t { kUntyped, kCounter, kGauge, kHistogram, kSummary };

struct PromSample {
  std::string_view name;
  uint32_t label_begin = 0;  // index into Exposition::labels
  uint32_t label_count = 0;
  double value = 0;          // may be NaN or +/-Inf as written
  int64_t timestamp_ms = 0;  // valid when has_timestamp
  bool has_timestamp = false;
  uint32_t line = 0;
};

// A parsed exposition. Names and label values are views into the parsed text (or, for label
// values with escapes, into `unescaped`): the text must outlive the Exposition. Movable.
struct Exposition {
  std::vector<PromSample> samples;
  std::vector<Label> labels;
  std::unordered_map<std::string_view, PromType> types;  // from `# TYPE` lines
  std::deque<std::string> unescaped;

  Labels LabelsOf(const PromSample& s) const {
    return Labels(labels.data() + s.label_begin, s.label_count);
  }
  // The declared type of a sample name's family: `x_total` also finds `# TYPE x counter`,
  // `x_bucket`/`x_sum`/`x_count` find `# TYPE x histogram|summary`. kUntyped when undeclared.
  PromType TypeOf(std::string_view name) const;
};

// Scans `text`. A malformed line is an error naming `file`, the line and the column; no partial
// result is returned. A missing final newline is accepted (Envoy 1.28 emits none).
Result<Exposition> ParsePromText(std::string_view text, std::string_view file = {});

// Parses a sample value as Prometheus does (Go ParseFloat): decimal or hex floats, `NaN`,
// `+Inf`, `-Inf`, `Inf`, case-insensitive. False when `text` is not entirely a number.
bool ParsePromValue(std::string_view text, double* out);

}  // namespace stitch::ingest
