// Datadog metrics query responses (v1 `/api/v1/query` series/pointlist, v2
// `/api/v2/query/timeseries` times/values, v2 `/api/v2/query/scalar` columns) into frames.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/frame/Frame.h"
#include "runtime/ingest/Options.h"
#include "runtime/ingest/Result.h"

namespace stitch::ingest {

// The factor from a Datadog unit name to base units (percent 0.01, millisecond 1e-3, ...,
// kibibyte 1024); a `per_unit` of minute or hour divides by 60 or 3600.
double DatadogUnitScale(std::string_view unit, std::string_view per_unit);

// Parses a response body into frames, one per timestamp (oldest first). Null points are
// dropped (never zero). Series tags `key:value` are labels for the entity mapping (`service`,
// `host`, `kube_namespace` by default). The column is options.column, else the v1 metric name,
// else `value`. A scalar response gives one frame at options.now_ms (the wall clock when 0).
// `{"errors": [...]}` or a v1 `"status": "error"` is an error.
Result<std::vector<frame::Frame>> ParseDatadogResponse(std::string_view body, std::string_view file,
                                                       const IngestOptions& options);

// A go-vcr cassette (YAML, as in Datadog's API client test suites): the first interaction's
// response body and status. A status >= 400 is an error carrying the body's `errors`.
Result<std::string> DatadogCassetteBody(std::string_view yaml, std::string_view file);

}  // namespace stitch::ingest
