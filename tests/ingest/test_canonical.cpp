// The canonical telemetry JSON: reading, writing, round trip, errors.
#include <catch2/catch.hpp>

#include "TestData.h"
#include "runtime/ingest/CanonicalJson.h"

using namespace stitch;
using namespace stitch::ingest;
using namespace stitch::ingest::testing;

namespace {

constexpr const char* kDoc = R"({
  "frames": [
    {
      "time_ms": 1800000000000,
      "entities": [
        {"kind": "service", "service": "checkout", "namespace": "prod", "tags": {"team": "pay"},
         "metrics": {"requests": 120, "errors": 3,
                     "latency": {"p50": 0.012, "p99": 0.48, "q0.999": 0.9},
                     "headers": {"X-Debug": 0.5}, "queue_depth": 4, "bytes_in": null}},
        {"kind": "node", "service": "checkout", "namespace": "prod", "node": "checkout-7f9c",
         "metrics": {"requests": 0, "errors": 0, "connections": 12}},
        {"kind": "route", "service": "checkout", "namespace": "prod", "route": "checkout/api",
         "metrics": {"latency.p99": 0.2, "error_rate": 0.25}}
      ]
    },
    {"time_ms": 1800000015000, "stale": true, "entities": []}
  ]
})";

}  // namespace

TEST_CASE("canonical JSON frames", "[canonical]") {
  auto frames = ParseCanonicalJson(kDoc, "rec.json", {});
  REQUIRE(frames);
  REQUIRE(frames->size() == 2);
  const frame::Frame& f = (*frames)[0];
  CHECK(f.time_ms == 1800000000000);
  const auto svc = Service("checkout", "prod");
  CHECK(*Value(f, svc, "requests") == 120);
  CHECK(*Value(f, svc, "error_rate") == 0.025);  // 3 / 120, computed
  CHECK(*Value(f, svc, "latency.p99") == 0.48);
  CHECK(*Value(f, svc, "latency.q0.999") == 0.9);
  CHECK(*Value(f, svc, "header.x-debug") == 0.5);  // header names are case-insensitive
  CHECK(*Value(f, svc, "queue_depth") == 4);
  CHECK(f.ColumnIndex("bytes_in"));  // null: the column exists, the value is missing
  CHECK_FALSE(Value(f, svc, "bytes_in"));
  CHECK(f.GetEntity(*f.FindEntity(svc)).tags.at("team") == "pay");
  const auto node = Node("checkout", "checkout-7f9c", "prod");
  CHECK(*Value(f, node, "connections") == 12);
  CHECK_FALSE(Value(f, node, "error_rate"));  // zero requests: missing, never NaN
  CHECK(*Value(f, Route("checkout", "checkout/api", "prod"), "error_rate") == 0.25);  // given
  CHECK((*frames)[1].stale);
  // Built-in columns first, in the documented order.
  CHECK(f.ColumnKey(0) == "requests");
  CHECK(f.ColumnKey(1) == "errors");
  CHECK(f.ColumnKey(2) == "error_rate");
}

TEST_CASE("canonical JSON round-trips through the writer", "[canonical]") {
  auto frames = ParseCanonicalJson(kDoc, "rec.json", {});
  REQUIRE(frames);
  const std::string written = WriteCanonicalJson(*frames);
  auto again = ParseCanonicalJson(written, "written.json", {});
  REQUIRE(again);
  REQUIRE(again->size() == frames->size());
  for (size_t i = 0; i < frames->size(); ++i) {
    const frame::Frame& a = (*frames)[i];
    const frame::Frame& b = (*again)[i];
    CHECK(a.time_ms == b.time_ms);
    CHECK(a.stale == b.stale);
    REQUIRE(a.rows() == b.rows());
    REQUIRE(a.columns() == b.columns());
    for (size_t row = 0; row < a.rows(); ++row) {
      CHECK(a.GetEntity(row).id == b.GetEntity(row).id);
      CHECK(a.GetEntity(row).tags == b.GetEntity(row).tags);
      for (size_t col = 0; col < a.columns(); ++col) {
        CHECK(a.ColumnKey(col) == b.ColumnKey(col));
        CHECK(a.Get(row, col) == b.Get(row, col));
      }
    }
  }
}

TEST_CASE("canonical JSON errors carry the JSON path or the line", "[canonical]") {
  struct Case {
    const char* doc;
    const char* expected;
  };
  const Case cases[] = {
      {R"({"frames":[{"time_ms":1,"entities":[{"kind":"pod","service":"a"}]}]})",
       "c.json: $.frames[0].entities[0]: unknown entity kind `pod` (service, node or route)"},
      {R"({"frames":[{"time_ms":1,"entities":[{"kind":"node","service":"a"}]}]})",
       "c.json: $.frames[0].entities[0]: a node entity needs `node`"},
      {R"({"frames":[{"time_ms":1,"entities":[{"service":"a","metrics":{"requests":"12"}}]}]})",
       "c.json: $.frames[0].entities[0].metrics.requests: expected a number"},
      {R"({"frames":[{"entities":[]}]})", "c.json: $.frames[0]: missing member `time_ms`"},
      {R"({"frames":[{"time_ms":2,"entities":[]},{"time_ms":1,"entities":[]}]})",
       "c.json: $.frames[1]: frames must be in increasing `time_ms` order"},
      {"{\"frames\": [\n  {\"time_ms\": 1,\n   \"entities\": [,]}]}",
       "c.json:3:17: invalid JSON: "},
  };
  for (const Case& c : cases) {
    INFO(c.doc);
    auto r = ParseCanonicalJson(c.doc, "c.json", {});
    REQUIRE_FALSE(r);
    CHECK(r.error().ToString().starts_with(c.expected));
  }
}
