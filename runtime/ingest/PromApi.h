// The Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`): response documents parsed
// with simdjson and turned into frames, one query per column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/frame/Frame.h"
#include "runtime/ingest/FrameBuilder.h"
#include "runtime/ingest/Options.h"
#include "runtime/ingest/Result.h"

namespace stitch::ingest {

struct PromPoint {
  int64_t time_ms;
  double value;  // NaN and +/-Inf as the server wrote them
};

struct PromSeries {
  std::vector<std::pair<std::string, std::string>> labels;  // the `metric` object
  std::vector<PromPoint> points;                             // one for vector and scalar
};

struct PromQueryResult {
  enum class Type : unsigned char { kVector, kMatrix, kScalar };
  Type type = Type::kVector;
  std::vector<PromSeries> series;  // a scalar is one series without labels
  std::vector<std::string> warnings;
};

// Parses a response body. `{"status":"error"}` is an error carrying errorType and error; a
// `string` result is an error (not telemetry). `file` names the source in errors (a path or
// the URL).
Result<PromQueryResult> ParsePromApiResponse(std::string_view body, std::string_view file);

// What a query fills: a column key and the factor into base units (milliseconds: 0.001).
struct QueryColumn {
  std::string column;  // empty: the series' __name__, else "value"
  double scale = 1.0;
};

// Adds a result's samples to `frames`: each series fills `column` of the most specific entity
// its labels name (route, else node, else service); series of the same entity add up, except
// quantile columns (`latency.*`), which keep the largest. NaN and +/-Inf samples are missing
// and flagged. With options.now_ms set, vector and scalar samples go to one frame at now_ms and
// samples older than the staleness bound are dropped; otherwise each sample goes to the frame
// of its own timestamp (a matrix gives one frame per step).
void AddPromResult(const PromQueryResult& result, const QueryColumn& column,
                   const IngestOptions& options, FrameSet& frames);

}  // namespace stitch::ingest
