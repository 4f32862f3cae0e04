// OTLP/JSON metrics: gauges, delta and cumulative sums, histograms, exponential histograms.
#include <catch2/catch.hpp>

#include "TestData.h"
#include "runtime/ingest/OtlpMetrics.h"

using namespace stitch;
using namespace stitch::ingest;
using namespace stitch::ingest::testing;

TEST_CASE("OTLP metrics example with declared custom metrics", "[otlp]") {
  IngestOptions options;
  options.mapping.rules.push_back({"my.gauge", "gauge", MetricKind::kAuto, 1, 0, 1, {}});
  options.mapping.rules.push_back({"my.counter", "counter", MetricKind::kAuto, 1, 0, 1, {}});
  options.mapping.rules.push_back({"my.histogram", "hist", MetricKind::kAuto, 1, 0, 1, {}});
  options.mapping.rules.push_back({"my.exponential.histogram", "exp", MetricKind::kAuto, 1, 0, 1, {}});
  OtlpMetricsConverter converter(options);
  auto f = converter.Ingest(ReadData("otlp/otlp-metrics-example.json"), "example.json");
  REQUIRE(f);
  CHECK(f->time_ms == 1544712660300);
  const auto svc = Service("my.service");
  CHECK(*Value(*f, svc, "gauge") == 10);
  // A delta sum whose start equals its time has no interval: no rate, flagged.
  CHECK_FALSE(Value(*f, svc, "counter"));
  CHECK(HasFlag(*f, svc, "counter", "without a time interval"));
  // bounds [1], counts [1, 1]: cumulative le 1: 1, +Inf: 2. p50: rank 1 -> 0 + 1 * 1/1 = 1.
  CHECK(*Value(*f, svc, "hist.p50") == 1);
  // p99: rank 1.98 in +Inf -> the highest finite bound 1, flagged.
  CHECK(*Value(*f, svc, "hist.p99") == 1);
  CHECK(HasFlag(*f, svc, "hist.p99", "+Inf"));
  // Exponential, scale 0 (base 2): zero bucket 1, offset 1 counts [0, 2]: (2,4]: 0, (4,8]: 2.
  // Cumulative: le 0: 1, le 2: 1, le 4: 1, le 8: 3, +Inf: 3.
  // p50: rank 1.5 in (4,8]: 4 + 4 * 0.5/2 = 5; p90: rank 2.7: 4 + 4 * 1.7/2 = 7.4;
  // p99: rank 2.97: 4 + 4 * 1.97/2 = 7.94.
  CHECK(*Value(*f, svc, "exp.p50") == Approx(5).epsilon(1e-12));
  CHECK(*Value(*f, svc, "exp.p90") == Approx(7.4).epsilon(1e-12));
  CHECK(*Value(*f, svc, "exp.p99") == Approx(7.94).epsilon(1e-12));
}

namespace {

// An http.server.request.duration histogram (seconds, cumulative) for service checkout with a
// 200 and a 503 point; bounds [0.1, 0.5].
std::string Doc(int64_t time_s, const char* ok_counts, const char* ok_count, const char* err_counts,
                const char* err_count) {
  auto point = [&](const char* status, const char* counts, const char* count) {
    return std::string(R"({"startTimeUnixNano":"1000000000000000000","timeUnixNano":")") +
           std::to_string(time_s) + R"(000000000","count":")" + count +
           R"(","bucketCounts":)" + counts + R"(,"explicitBounds":[0.1,0.5],"attributes":[{"key":"http.response.status_code","value":{"intValue":")" +
           status + R"("}}]})";
  };
  return std::string(R"({"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}},{"key":"k8s.namespace.name","value":{"stringValue":"shop"}}]},"scopeMetrics":[{"metrics":[{"name":"http.server.request.duration","unit":"s","histogram":{"aggregationTemporality":2,"dataPoints":[)") +
         point("200", ok_counts, ok_count) + "," + point("503", err_counts, err_count) + "]}}]}]}]}";
}

}  // namespace

TEST_CASE("OTLP cumulative HTTP histograms: requests, errors and latency over two documents", "[otlp]") {
  OtlpMetricsConverter converter{IngestOptions{}};
  auto first = converter.Ingest(Doc(2'000'000'000, "[\"2\",\"3\",\"0\"]", "5", "[\"0\",\"1\",\"0\"]", "1"), "1.json");
  REQUIRE(first);
  const auto svc = Service("checkout", "shop");
  CHECK_FALSE(Value(*first, svc, "requests"));  // cumulative: no previous document yet
  // 10 s later: 200 counts [4,6,0] (count 10), 503 counts [0,2,1] (count 3).
  auto second = converter.Ingest(Doc(2'000'000'010, "[\"4\",\"6\",\"0\"]", "10", "[\"0\",\"2\",\"1\"]", "3"), "2.json");
  REQUIRE(second);
  // requests (10 - 5 + 3 - 1) / 10 s = 0.7; errors (3 - 1) / 10 s = 0.2; error_rate 2/7.
  CHECK(*Value(*second, svc, "requests") == Approx(0.7).epsilon(1e-12));
  CHECK(*Value(*second, svc, "errors") == Approx(0.2).epsilon(1e-12));
  CHECK(*Value(*second, svc, "error_rate") == Approx(2.0 / 7).epsilon(1e-12));
  // Bucket increases: 200 [2,3,0], 503 [0,1,1] -> cumulative le 0.1: 2, le 0.5: 6, +Inf: 7.
  // p50: rank 3.5 in (0.1, 0.5]: 0.1 + 0.4 * (3.5 - 2)/4 = 0.25.
  CHECK(*Value(*second, svc, "latency.p50") == Approx(0.25).epsilon(1e-12));
}

TEST_CASE("malformed OTLP metrics are errors with a JSON path", "[otlp]") {
  OtlpMetricsConverter converter{IngestOptions{}};
  auto r = converter.Ingest(
      R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"x","histogram":{"dataPoints":[{"timeUnixNano":"1","bucketCounts":["1"],"explicitBounds":[1]}]}}]}]}]})",
      "h.json");
  REQUIRE_FALSE(r);
  CHECK(r.error().ToString() ==
        "h.json: $.resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0]: "
        "bucketCounts must have one more entry than explicitBounds");
  CHECK(OtlpUnitScale("ms") == 1e-3);
  CHECK(OtlpUnitScale("KiBy") == 1024);
  CHECK(OtlpUnitScale("{request}") == 1);
}
