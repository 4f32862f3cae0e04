#include "runtime/ingest/PromHttp.h"

#include "runtime/frame/ColumnKey.h"
#include "runtime/ingest/FrameBuilder.h"
#include "runtime/ingest/Http.h"

namespace stitch::ingest {

namespace {

std::string Seconds(int64_t ms) {
  return frame::FormatNumber(static_cast<double>(ms) / 1000.0);
}

}  // namespace

std::vector<PromQuery> DefaultPromQueries(Profile profile, double window_s,
                                          const std::vector<double>& quantiles) {
  std::vector<PromQuery> out;
  const std::string w = "[" + std::to_string(static_cast<int64_t>(window_s * 1000)) + "ms]";
  auto add = [&](const std::string& by, const std::string& requests, const std::string& errors,
                 const std::string& buckets, double latency_scale) {
    const std::string sum = "sum by (" + by + ") ";
    out.push_back({"requests", sum + "(rate(" + requests + w + "))"});
    out.push_back({"errors", sum + "(rate(" + errors + w + ")) or " + sum + "(rate(" + requests +
                                 w + ")) * 0"});
    for (double q : quantiles) {
      out.push_back({frame::QuantileKey("latency", q),
                     "histogram_quantile(" + frame::FormatNumber(q) + ", sum by (le, " + by +
                         ") (rate(" + buckets + w + ")))",
                     latency_scale});
    }
  };
  if (profile == Profile::kIstio || profile == Profile::kAll) {
    const std::string by = "destination_service_name, destination_service_namespace";
    add(by, "istio_requests_total", "istio_requests_total{response_code=~\"5..\"}",
        "istio_request_duration_milliseconds_bucket", 0.001);
    const std::string sum = "sum by (" + by + ") ";
    out.push_back({"bytes_in", sum + "(rate(istio_request_bytes_sum" + w + "))"});
    out.push_back({"bytes_out", sum + "(rate(istio_response_bytes_sum" + w + "))"});
    out.push_back({"connections", sum + "(istio_tcp_connections_opened_total) - " + sum +
                                      "(istio_tcp_connections_closed_total)"});
  }
  if (profile == Profile::kEnvoy || profile == Profile::kAll) {
    const std::string by = "envoy_cluster_name";
    add(by, "envoy_cluster_upstream_rq_total",
        "envoy_cluster_upstream_rq_xx{envoy_response_code_class=\"5\"}",
        "envoy_cluster_upstream_rq_time_bucket", 0.001);
    const std::string sum = "sum by (" + by + ") ";
    out.push_back({"connections", sum + "(envoy_cluster_upstream_cx_active)"});
    out.push_back({"healthy_nodes", sum + "(envoy_cluster_membership_healthy)"});
    out.push_back({"total_nodes", sum + "(envoy_cluster_membership_total)"});
  }
  return out;
}

PromHttpClient::PromHttpClient(std::string base_url, int64_t timeout_ms)
    : base_url_(std::move(base_url)), timeout_ms_(timeout_ms) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

Result<PromQueryResult> PromHttpClient::Get(const std::string& path_and_query) {
  const std::string url = base_url_ + path_and_query;
  STITCH_TRY(HttpResponse response, HttpGet(url, timeout_ms_));
  auto result = ParsePromApiResponse(response.body, url);
  if (!result && response.status != 200 && result.error().json_path.empty()) {
    // Not a Prometheus API document (a proxy page, a wrong port): report the HTTP status.
    std::string snippet = response.body.substr(0, 200);
    return Error{url, 0, 0, {}, "HTTP " + std::to_string(response.status) + ": " + snippet};
  }
  return result;
}

Result<PromQueryResult> PromHttpClient::Query(const std::string& promql,
                                              std::optional<int64_t> time_ms) {
  std::string path = "/api/v1/query?query=" + UrlEncode(promql);
  if (time_ms) path += "&time=" + Seconds(*time_ms);
  return Get(path);
}

Result<PromQueryResult> PromHttpClient::QueryRange(const std::string& promql, int64_t start_ms,
                                                   int64_t end_ms, int64_t step_ms) {
  return Get("/api/v1/query_range?query=" + UrlEncode(promql) + "&start=" + Seconds(start_ms) +
             "&end=" + Seconds(end_ms) + "&step=" + Seconds(step_ms));
}

Result<frame::Frame> PromHttpClient::QueryFrame(const std::vector<PromQuery>& queries,
                                                int64_t time_ms, const IngestOptions& options) {
  IngestOptions pinned = options;
  pinned.now_ms = time_ms;
  FrameSet frames(pinned);
  frames.At(time_ms);
  for (const PromQuery& query : queries) {
    STITCH_TRY(PromQueryResult result, Query(query.promql, time_ms));
    AddPromResult(result, {query.column, query.scale}, pinned, frames);
  }
  std::vector<frame::Frame> built = frames.Build();
  return std::move(built.front());
}

}  // namespace stitch::ingest
