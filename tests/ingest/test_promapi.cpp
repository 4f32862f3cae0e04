// Prometheus HTTP API response files recorded from a real Prometheus 2.42.
#include <catch2/catch.hpp>

#include "TestData.h"
#include "runtime/ingest/PromApi.h"

using namespace stitch;
using namespace stitch::ingest;
using namespace stitch::ingest::testing;

namespace {

// Handlers as routes of a service "prometheus".
IngestOptions HandlerOptions() {
  IngestOptions options;
  options.mapping.labels.route.insert(options.mapping.labels.route.begin(), "handler");
  options.mapping.labels.default_service = "prometheus";
  return options;
}

std::vector<frame::Frame> Frames(const std::string& file, const QueryColumn& column,
                                 const IngestOptions& options) {
  auto result = ParsePromApiResponse(ReadData(file), file);
  REQUIRE(result);
  FrameSet set(options);
  AddPromResult(*result, column, options, set);
  return set.Build();
}

}  // namespace

TEST_CASE("instant vector: labels to entities, __name__ as the column", "[promapi]") {
  IngestOptions options;
  auto frames = Frames("prometheus-api/query-vector-up.json", {}, options);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].time_ms == 1796313321927);  // 1796313321.927 s
  // `service` names the service, `instance` the node: the node row gets the sample.
  CHECK(*Value(frames[0], Node("prometheus", "127.0.0.1:19091"), "up") == 1);
}

TEST_CASE("request rate by handler and code: series of one route add up", "[promapi]") {
  auto frames = Frames("prometheus-api/query-vector-request-rate-by-handler-code.json",
                       {"requests", 1}, HandlerOptions());
  REQUIRE(frames.size() == 1);
  // /api/v1/query: code 200 1.5555555555555556 + code 400 1.5555555555555556
  CHECK(*Value(frames[0], Route("prometheus", "/api/v1/query"), "requests") ==
        1.5555555555555556 + 1.5555555555555556);
  CHECK(*Value(frames[0], Route("prometheus", "/metrics"), "requests") == 2.055555555555556);
}

TEST_CASE("quantile results, NaN is missing and flagged", "[promapi]") {
  auto p99 = Frames("prometheus-api/query-vector-p99-by-handler.json", {"latency.p99", 1}, HandlerOptions());
  REQUIRE(p99.size() == 1);
  CHECK(*Value(p99[0], Route("prometheus", "/api/v1/query"), "latency.p99") == 0.099);
  auto nan = Frames("prometheus-api/query-vector-p99-with-nan.json", {"latency.p99", 1}, HandlerOptions());
  REQUIRE(nan.size() == 1);
  const auto ready = Route("prometheus", "/-/ready");
  REQUIRE(nan[0].FindEntity(ready));
  CHECK_FALSE(Value(nan[0], ready, "latency.p99"));
  CHECK(HasFlag(nan[0], ready, "latency.p99", "NaN"));
  CHECK(*Value(nan[0], Route("prometheus", "/metrics"), "latency.p99") == 0.099);
}

TEST_CASE("empty vectors give no data, not zero", "[promapi]") {
  CHECK(Frames("prometheus-api/query-vector-empty.json", {"requests", 1}, {}).empty());
  auto r = ParsePromApiResponse(ReadData("prometheus-api/query-vector-error-ratio-no-error-series.json"), "x");
  REQUIRE(r);
  CHECK(r->series.empty());
}

TEST_CASE("scalar +Inf is missing and flagged", "[promapi]") {
  auto frames = Frames("prometheus-api/query-scalar-plus-inf.json", {"ratio", 1}, {});
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].time_ms == 1796313321968);
  const auto svc = Service("unknown");
  CHECK_FALSE(Value(frames[0], svc, "ratio"));
  CHECK(HasFlag(frames[0], svc, "ratio", "infinite"));
}

TEST_CASE("matrix results give one frame per step", "[promapi]") {
  auto frames = Frames("prometheus-api/query_range-matrix-request-rate.json", {"requests", 1},
                       HandlerOptions());
  REQUIRE(frames.size() == 7);
  CHECK(frames.front().time_ms == 1796313291000);
  CHECK(frames.back().time_ms == 1796313321000);
  CHECK(*Value(frames[0], Route("prometheus", "/api/v1/query"), "requests") == 1.3396000000000001);
  CHECK(*Value(frames[6], Route("prometheus", "/metrics"), "requests") == 1.625);
  auto p90 = Frames("prometheus-api/query_range-matrix-p90.json", {"latency.p90", 1}, {});
  REQUIRE(p90.size() == 7);
  CHECK(*Value(p90[2], Service("unknown"), "latency.p90") == 0.09);
  // A scale turns milliseconds into seconds.
  auto ms = Frames("prometheus-api/query_range-matrix-p90.json", {"latency.p90", 0.001}, {});
  CHECK(*Value(ms[2], Service("unknown"), "latency.p90") == 0.09 * 0.001);
}

TEST_CASE("pinned frame time: stale samples are missing", "[promapi]") {
  IngestOptions options = HandlerOptions();
  options.now_ms = 1796313321937 + 301'000;  // 301 s after the samples: beyond 5 minutes
  auto frames = Frames("prometheus-api/query-vector-request-rate-by-handler-code.json",
                       {"requests", 1}, options);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].time_ms == options.now_ms);
  CHECK_FALSE(Value(frames[0], Route("prometheus", "/metrics"), "requests"));
  options.now_ms = 1796313321937 + 299'000;
  auto fresh = Frames("prometheus-api/query-vector-request-rate-by-handler-code.json",
                      {"requests", 1}, options);
  CHECK(*Value(fresh[0], Route("prometheus", "/metrics"), "requests") == 2.055555555555556);
}

TEST_CASE("error responses and malformed documents are errors with a JSON path", "[promapi]") {
  auto error = ParsePromApiResponse(ReadData("prometheus-api/query-error-bad-data.json"), "bad.json");
  REQUIRE_FALSE(error);
  CHECK(error.error().ToString() ==
        "bad.json: $: prometheus query failed: bad_data: invalid parameter \"query\": 1:6: "
        "parse error: unclosed left parenthesis");
  auto number = ParsePromApiResponse(
      R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}})", "n.json");
  REQUIRE_FALSE(number);
  CHECK(number.error().json_path == "$.data.result[0].value[1]");
  auto missing = ParsePromApiResponse(R"({"status":"success","data":{"result":[]}})", "m.json");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().ToString() == "m.json: $.data: missing member `resultType`");
  auto syntax = ParsePromApiResponse("{\"status\": \"success\",\n  \"data\": }", "s.json");
  REQUIRE_FALSE(syntax);
  CHECK(syntax.error().line == 2);
  CHECK(syntax.error().column == 11);
  auto string_result = ParsePromApiResponse(
      R"({"status":"success","data":{"resultType":"string","result":[1,"x"]}})", "t.json");
  REQUIRE_FALSE(string_result);
}
