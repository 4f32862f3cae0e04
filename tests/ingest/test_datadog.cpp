// Datadog metrics query responses recorded by Datadog's API client test suite.
#include <catch2/catch.hpp>

#include "TestData.h"
#include "runtime/ingest/Datadog.h"

using namespace stitch;
using namespace stitch::ingest;
using namespace stitch::ingest::testing;

namespace {

Result<std::vector<frame::Frame>> FromCassette(const std::string& file, const IngestOptions& options) {
  auto body = DatadogCassetteBody(ReadData(file), file);
  if (!body) return body.error();
  return ParseDatadogResponse(*body, file, options);
}

}  // namespace

TEST_CASE("v1 query: a point list becomes one frame per point, percent to ratio", "[datadog]") {
  auto frames = FromCassette("datadog/v1-query-timeseries-points-ok.cassette.yaml", {});
  REQUIRE(frames);
  REQUIRE(frames->size() == 288);
  CHECK(frames->front().time_ms == 1641344100000);
  CHECK(frames->back().time_ms == 1641430200000);
  // scope `*`, no tags: the default service; unit percent -> x 0.01.
  CHECK(*Value(frames->front(), Service("unknown"), "system.cpu.idle") ==
        Approx(0.914583840476142).epsilon(1e-15));
  CHECK(*Value(frames->back(), Service("unknown"), "system.cpu.idle") ==
        Approx(0.9257754687873684).epsilon(1e-15));
}

TEST_CASE("v2 timeseries and scalar responses", "[datadog]") {
  IngestOptions options;
  options.column = "custom_metrics";
  auto series = FromCassette("datadog/v2-query-timeseries-ok.cassette.yaml", options);
  REQUIRE(series);
  REQUIRE(series->size() == 3);
  CHECK((*series)[0].time_ms == 1711977645000);
  CHECK(*Value((*series)[2], Service("unknown"), "custom_metrics") == 87);
  IngestOptions at;
  at.now_ms = 1711394880000;
  auto scalar = FromCassette("datadog/v2-query-scalar-ok.cassette.yaml", at);
  REQUIRE(scalar);
  REQUIRE(scalar->size() == 1);
  CHECK((*scalar)[0].time_ms == at.now_ms);
  // Column named by the query (`a`), percent -> ratio.
  CHECK(*Value((*scalar)[0], Service("unknown"), "a") == Approx(0.06368151928283307).epsilon(1e-15));
}

TEST_CASE("null points are dropped, tags name entities", "[datadog]") {
  const std::string body = R"({"status":"ok","series":[
    {"metric":"trace.http.request.duration","tag_set":["service:web","host:web-1"],
     "unit":[{"name":"millisecond"},null],
     "pointlist":[[1000,12.0],[2000,null],[3000,30.0]]}]})";
  auto frames = ParseDatadogResponse(body, "q.json", IngestOptions{});
  REQUIRE(frames);
  REQUIRE(frames->size() == 2);  // the null point makes no frame (not a zero)
  CHECK((*frames)[1].time_ms == 3000);
  CHECK(*Value((*frames)[1], Node("web", "web-1"), "trace.http.request.duration") ==
        Approx(0.03).epsilon(1e-15));
}

TEST_CASE("errors: HTTP 400 cassette, error documents, malformed points", "[datadog]") {
  auto bad = FromCassette("datadog/v2-query-timeseries-bad-request.cassette.yaml", {});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().ToString() ==
        "datadog/v2-query-timeseries-bad-request.cassette.yaml: "
        "interactions[0].response: HTTP 400: API input validation failed: Invalid type. Expected "
        "\"timeseries_request\".");
  auto errors = ParseDatadogResponse(R"({"errors":["Forbidden"]})", "e.json", {});
  REQUIRE_FALSE(errors);
  CHECK(errors.error().message == "datadog query failed: Forbidden");
  auto point = ParseDatadogResponse(R"({"status":"ok","series":[{"pointlist":[[1,"x"]]}]})", "p.json", {});
  REQUIRE_FALSE(point);
  CHECK(point.error().json_path == "$.series[0].pointlist[0][1]");
}
