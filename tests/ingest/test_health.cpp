// Health scores, node counts, anomaly flags and stale frames through the Pipeline.
#include <catch2/catch.hpp>

#include "TestData.h"
#include "runtime/ingest/CanonicalJson.h"
#include "runtime/ingest/Pipeline.h"

using namespace stitch;
using namespace stitch::ingest;
using namespace stitch::ingest::testing;

namespace {

frame::Frame One(const std::string& doc) {
  auto frames = ParseCanonicalJson(doc, "h.json", {});
  REQUIRE(frames);
  REQUIRE(frames->size() == 1);
  return std::move(frames->front());
}

}  // namespace

TEST_CASE("term scores", "[health]") {
  const HealthTerm p99{"latency.p99", HealthOp::kLessEqual, 0.3, 0.5};
  CHECK(TermScore(p99, 0.3) == 1);
  CHECK(TermScore(p99, 0.6) == 0.5);  // 0.3 / 0.6
  const HealthTerm healthy{"healthy_nodes", HealthOp::kGreaterEqual, 4, 1};
  CHECK(TermScore(healthy, 1) == 0.25);  // 1 / 4
  CHECK(TermScore({"error_rate", HealthOp::kLess, 0, 1}, 0.1) == 0);
}

TEST_CASE("health scores with the default block, node counts", "[health]") {
  frame::Frame f = One(R"({"time_ms": 1000, "entities": [
    {"service": "cart", "metrics": {"latency": {"p99": 0.6}, "requests": 100, "errors": 0.5, "connections": 500}},
    {"kind": "node", "service": "cart", "node": "a", "metrics": {"latency": {"p99": 0.1}, "requests": 10, "errors": 1}},
    {"kind": "node", "service": "cart", "node": "b", "metrics": {"latency": {"p99": 0.2}, "requests": 10, "errors": 0}},
    {"service": "idle", "metrics": {"requests": 0}}
  ]})");
  ScoreHealth(f, HealthConfig{});
  // cart: p99 0.6 -> 0.3/0.6 = 0.5 (w 0.5); error_rate 0.005 <= 0.01 -> 1 (w 0.4);
  // connections 500 <= 1000 -> 1 (w 0.1): 100 * (0.25 + 0.4 + 0.1) / 1.0 = 75.
  CHECK(*Value(f, Service("cart"), "health") == Approx(75).epsilon(1e-12));
  // node a: p99 ok (1, w 0.5), error_rate 0.1 -> 0.01/0.1 = 0.1 (w 0.4); no connections:
  // 100 * (0.5 + 0.04) / 0.9 = 60.
  CHECK(*Value(f, Node("cart", "a"), "health") == Approx(60).epsilon(1e-12));
  CHECK(*Value(f, Node("cart", "b"), "health") == 100);
  // idle: no term metric present (error_rate missing at zero requests): health missing.
  CHECK_FALSE(Value(f, Service("idle"), "health"));
  // Both nodes are >= 50: 2 of 2 healthy.
  CHECK(*Value(f, Service("cart"), "total_nodes") == 2);
  CHECK(*Value(f, Service("cart"), "healthy_nodes") == 2);
  // A stricter block: node a (60 -> with threshold 70) is no longer healthy.
  HealthConfig strict;
  strict.healthy_at = 70;
  frame::Frame g = One(R"({"time_ms": 1000, "entities": [
    {"service": "cart", "metrics": {"requests": 1}},
    {"kind": "node", "service": "cart", "node": "a", "metrics": {"latency": {"p99": 0.1}, "requests": 10, "errors": 1}}]})");
  ScoreHealth(g, strict);
  CHECK(*Value(g, Service("cart"), "healthy_nodes") == 0);
}

TEST_CASE("pipeline: anomaly flags, derived columns, stale frames", "[health]") {
  PipelineConfig config;
  config.health.anomaly.metrics = {"requests"};
  config.health.anomaly.window_s = 600;
  config.derived = {"avg(requests,30)"};
  Pipeline pipeline(config);
  const double series[] = {10, 11, 10, 9, 10, 11, 10, 9, 10, 40};
  for (int i = 0; i < 10; ++i) {
    const std::string doc = R"({"time_ms": )" + std::to_string(1000 + i * 10'000) +
                            R"(, "entities": [{"service": "cart", "metrics": {"requests": )" +
                            std::to_string(series[i]) + "}}]}";
    std::string error;
    REQUIRE(pipeline.Accept(One(doc), &error));
    CHECK(error.empty());
  }
  const frame::Frame& f = pipeline.Newest();
  CHECK(*Value(f, Service("cart"), "anomaly(requests,600)") == 1);
  CHECK(*Value(f, Service("cart"), "anomaly") == 1);
  // avg over the closed window [t - 30 s, t]: the samples at t-30, t-20, t-10 and t are
  // 10, 9, 10, 40 -> 69 / 4.
  CHECK(*Value(f, Service("cart"), "avg(requests,30)") == Approx(69.0 / 4));
  CHECK(pipeline.IsHelperColumn("ewma(requests,0.3)"));
  CHECK_FALSE(pipeline.IsHelperColumn("avg(requests,30)"));
  // The source fails: the last frame stays, marked stale.
  CHECK_FALSE(pipeline.Newest().stale);
  pipeline.MarkStale();
  CHECK(pipeline.Newest().stale);
  // An older frame is refused.
  std::string error;
  CHECK_FALSE(pipeline.Accept(One(R"({"time_ms": 5, "entities": []})"), &error));
  CHECK(error == "frame older than the newest one refused");
}
