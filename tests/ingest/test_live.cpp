// Live: a real Prometheus (Debian package) scrapes Istio/Envoy metrics served by this test and
// is queried through the HTTP source; down and hung servers give clear errors in time.
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <thread>

#include "support/LiveServers.h"
#include "TestData.h"
#include "runtime/ingest/Pipeline.h"
#include "runtime/ingest/PromHttp.h"
#include "runtime/ingest/Source.h"

using namespace stitch;
using namespace stitch::ingest;
using namespace stitch::ingest::testing;
using Clock = std::chrono::steady_clock;

namespace {

// Istio and Envoy metrics named and labelled as in the corpus files
// (istio-requests-total-all-labels.txt, istio-waypoint-minimal.txt), with explicit
// timestamps on a 1 s grid and values linear in time, so that every rate Prometheus computes
// from them is exact whatever the scrape jitter: per second, 200s +2, 503s +0.5, buckets
// le 10 ms +1, le 100 ms +2, +Inf +2.5.
class Metrics {
 public:
  Metrics() : start_ms_(NowSecondMs()) {}

  std::string Body() const {
    const int64_t t = NowSecondMs();
    const double k = static_cast<double>(t - start_ms_) / 1000.0;
    const std::string ts = " " + std::to_string(t) + "\n";
    const std::string id =
        "reporter=\"destination\",source_workload=\"productpage-v1\",source_workload_namespace=\"bookinfo\","
        "destination_workload=\"reviews-v1\",destination_workload_namespace=\"bookinfo\","
        "destination_service=\"reviews.bookinfo.svc.cluster.local\",destination_service_name=\"reviews\","
        "destination_service_namespace=\"bookinfo\",destination_canonical_service=\"reviews\","
        "request_protocol=\"http\"";
    auto num = [](double v) { return std::to_string(v); };
    std::string out;
    out += "# TYPE istio_requests_total counter\n";
    out += "istio_requests_total{" + id + ",response_code=\"200\"} " + num(1000 + 2 * k) + ts;
    out += "istio_requests_total{" + id + ",response_code=\"503\"} " + num(100 + 0.5 * k) + ts;
    out += "# TYPE istio_request_duration_milliseconds histogram\n";
    const std::string b = "istio_request_duration_milliseconds_bucket{" + id;
    out += b + ",le=\"10\"} " + num(1000 + 1 * k) + ts;
    out += b + ",le=\"100\"} " + num(2000 + 2 * k) + ts;
    out += b + ",le=\"+Inf\"} " + num(2500 + 2.5 * k) + ts;
    out += "istio_request_duration_milliseconds_sum{" + id + "} " + num(50000 + 100 * k) + ts;
    out += "istio_request_duration_milliseconds_count{" + id + "} " + num(2500 + 2.5 * k) + ts;
    out += "# TYPE istio_tcp_connections_opened_total counter\n";
    out += "istio_tcp_connections_opened_total{" + id + "} 20" + ts;
    out += "# TYPE istio_tcp_connections_closed_total counter\n";
    out += "istio_tcp_connections_closed_total{" + id + "} 18" + ts;
    const std::string cluster = "{envoy_cluster_name=\"outbound|9080||reviews.bookinfo.svc.cluster.local\"}";
    out += "# TYPE envoy_cluster_membership_healthy gauge\n";
    out += "envoy_cluster_membership_healthy" + cluster + " 3" + ts;
    out += "# TYPE envoy_cluster_membership_total gauge\n";
    out += "envoy_cluster_membership_total" + cluster + " 4" + ts;
    return out;
  }

 private:
  static int64_t NowSecondMs() { return WallClockMs() / 1000 * 1000; }
  int64_t start_ms_;
};

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

TEST_CASE("a down Prometheus gives a clear error within the timeout", "[live]") {
  const int port = FreePort();
  PromHttpClient client("http://127.0.0.1:" + std::to_string(port), 2000);
  const auto start = Clock::now();
  auto r = client.Query("up", std::nullopt);
  REQUIRE_FALSE(r);
  CHECK(SecondsSince(start) < 2.5);
  CHECK(r.error().message.find("request failed") != std::string::npos);
  CHECK(r.error().file.find("/api/v1/query?query=up") != std::string::npos);
}

TEST_CASE("a hung Prometheus times out; the pipeline keeps its last frame, stale", "[live]") {
  SilentServer hung;
  SourceConfig config;
  config.kind = SourceKind::kPromApi;
  config.locations = {"http://127.0.0.1:" + std::to_string(hung.port())};
  config.timeout_ms = 500;
  auto source = Source::Create(config);
  REQUIRE(source);
  Pipeline pipeline(PipelineConfig{});
  frame::Frame last;
  last.time_ms = 1000;
  REQUIRE(pipeline.Accept(last));
  const auto start = Clock::now();
  auto frames = (*source)->Poll();
  REQUIRE_FALSE(frames);
  CHECK(SecondsSince(start) < 2.0);
  CHECK(frames.error().message == "no response within 500 ms");
  pipeline.MarkStale();
  CHECK(pipeline.Newest().stale);
  CHECK(pipeline.Newest().time_ms == 1000);
}

TEST_CASE("a real Prometheus scrapes the test's exporter and is queried over HTTP", "[live]") {
  Metrics metrics;
  Exporter exporter([&metrics] { return metrics.Body(); });
  PrometheusProcess prometheus;
  const std::string failure = prometheus.Start(exporter.port(), 60);
  INFO(failure);
  REQUIRE(failure.empty());
  PromHttpClient client(prometheus.url(), 5000);

  // Wait (bounded, generously) until Prometheus holds at least 4 samples of the series.
  const auto start = Clock::now();
  bool ready = false;
  while (!ready && SecondsSince(start) < 120) {
    auto r = client.Query("count_over_time(istio_requests_total{response_code=\"503\"}[5m])", std::nullopt);
    ready = r && !r->series.empty() && r->series[0].points[0].value >= 4;
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  INFO(prometheus.LogTail());
  REQUIRE(ready);

  // The standard columns through explicit queries (irate: exact on linear data).
  const std::string by = "destination_service_name, destination_service_namespace";
  const std::vector<PromQuery> queries = {
      {"requests", "sum by (" + by + ") (irate(istio_requests_total[30s]))"},
      {"errors", "sum by (" + by + ") (irate(istio_requests_total{response_code=~\"5..\"}[30s]))"},
      {"latency.p50", "histogram_quantile(0.5, sum by (le, " + by + ") (irate(istio_request_duration_milliseconds_bucket[30s])))", 0.001},
      {"latency.p99", "histogram_quantile(0.99, sum by (le, " + by + ") (irate(istio_request_duration_milliseconds_bucket[30s])))", 0.001},
      {"connections", "sum by (" + by + ") (istio_tcp_connections_opened_total) - sum by (" + by + ") (istio_tcp_connections_closed_total)"},
      {"healthy_nodes", "sum by (envoy_cluster_name) (envoy_cluster_membership_healthy)"},
      {"total_nodes", "sum by (envoy_cluster_name) (envoy_cluster_membership_total)"},
  };
  const int64_t now = WallClockMs();
  auto f = client.QueryFrame(queries, now, IngestOptions{});
  REQUIRE(f);
  CHECK(f->time_ms == now);
  const auto reviews = Service("reviews", "bookinfo");
  REQUIRE(f->FindEntity(reviews));
  // 2/s (200s) + 0.5/s (503s)
  CHECK(*Value(*f, reviews, "requests") == 2.5);
  CHECK(*Value(*f, reviews, "errors") == 0.5);
  CHECK(*Value(*f, reviews, "error_rate") == 0.2);  // 0.5 / 2.5
  // Bucket rates 1, 2, 2.5 /s: p50 rank 1.25 in (10, 100] ms: 10 + 90 * 0.25/1 = 32.5 ms.
  CHECK(*Value(*f, reviews, "latency.p50") == Approx(0.0325).epsilon(1e-12));
  // p99 rank 2.475 > 2: the +Inf bucket, histogram_quantile answers the highest bound 100 ms.
  CHECK(*Value(*f, reviews, "latency.p99") == Approx(0.1).epsilon(1e-12));
  CHECK(*Value(*f, reviews, "connections") == 2);  // 20 opened - 18 closed
  // The Envoy cluster name `outbound|9080||reviews.bookinfo.svc.cluster.local` is the same
  // service row.
  CHECK(*Value(*f, reviews, "healthy_nodes") == 3);
  CHECK(*Value(*f, reviews, "total_nodes") == 4);

  // The default Istio queries (rate over 60 s): Prometheus extrapolates every series of the
  // same timestamps by the same factor, so ratios and quantiles stay exact.
  SourceConfig config;
  config.kind = SourceKind::kPromApi;
  config.locations = {prometheus.url()};
  config.profile = Profile::kIstio;
  auto source = Source::Create(config);
  REQUIRE(source);
  auto polled = (*source)->Poll();
  REQUIRE(polled);
  REQUIRE(polled->size() == 1);
  const frame::Frame& d = polled->front();
  CHECK(*Value(d, reviews, "requests") > 0);
  CHECK(*Value(d, reviews, "error_rate") == Approx(0.2).epsilon(1e-9));
  CHECK(*Value(d, reviews, "latency.p50") == Approx(0.0325).epsilon(1e-9));

  // A bad query is Prometheus' own error, reported whole.
  auto bad = client.Query("rate(", std::nullopt);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("bad_data") != std::string::npos);
}

TEST_CASE("the prometheus-text source scrapes the exporter over HTTP", "[live]") {
  Metrics metrics;
  Exporter exporter([&metrics] { return metrics.Body(); });
  SourceConfig config;
  config.kind = SourceKind::kPromText;
  config.locations = {"http://127.0.0.1:" + std::to_string(exporter.port()) + "/metrics"};
  auto source = Source::Create(config);
  REQUIRE(source);
  auto first = (*source)->Poll();
  REQUIRE(first);
  // The samples carry their own timestamps: the next whole second gives a second sample.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto second = (*source)->Poll();
  REQUIRE(second);
  const frame::Frame& f = second->front();
  const auto reviews = Service("reviews", "bookinfo");
  CHECK(*Value(f, reviews, "requests") == 2.5);
  CHECK(*Value(f, reviews, "error_rate") == 0.2);
  CHECK(*Value(f, reviews, "latency.p50") == Approx(0.0325).epsilon(1e-12));
  CHECK(*Value(f, reviews, "connections") == 2);
  CHECK(exporter.requests() == 2);
}
