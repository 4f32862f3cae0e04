// Live queries against a Prometheus server's HTTP API, one PromQL query per frame column.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/frame/Frame.h"
#include "runtime/ingest/Options.h"
#include "runtime/ingest/PromApi.h"
#include "runtime/ingest/Result.h"

namespace stitch::ingest {

// A column filled by a PromQL expression whose result is already in the column's meaning
// (a rate, a quantile, a gauge), times `scale` into base units.
struct PromQuery {
  std::string column;
  std::string promql;
  double scale = 1.0;
};

// The standard queries for a profile: requests, errors (0 rather than absent when a service has
// requests but no 5xx), the quantiles of `options.quantiles`, bytes, connections, node counts;
// counters over a `window_s` rate window.
std::vector<PromQuery> DefaultPromQueries(Profile profile, double window_s,
                                          const std::vector<double>& quantiles);

// Thread-compatible (one caller at a time); every call is bounded by the timeout.
class PromHttpClient {
 public:
  // `base_url` like `http://127.0.0.1:9090` (a trailing `/` is ignored).
  PromHttpClient(std::string base_url, int64_t timeout_ms);

  // `/api/v1/query`, evaluated at `time_ms` (the server's now when nullopt).
  Result<PromQueryResult> Query(const std::string& promql, std::optional<int64_t> time_ms);
  // `/api/v1/query_range` over [start_ms, end_ms] every step_ms.
  Result<PromQueryResult> QueryRange(const std::string& promql, int64_t start_ms, int64_t end_ms,
                                     int64_t step_ms);

  // Runs every query at `time_ms` and merges the results into one frame at that time. The first
  // failing query fails the whole frame (no partial frame).
  Result<frame::Frame> QueryFrame(const std::vector<PromQuery>& queries, int64_t time_ms,
                                  const IngestOptions& options);

  const std::string& base_url() const { return base_url_; }

 private:
  Result<PromQueryResult> Get(const std::string& path_and_query);

  std::string base_url_;
  int64_t timeout_ms_;
};

}  // namespace stitch::ingest
