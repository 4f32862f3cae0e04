// Prometheus text exposition: the scanner over every corpus file, and scrapes into frames.
#include <catch2/catch.hpp>

#include <cmath>

#include "TestData.h"
#include "runtime/ingest/PromScrape.h"
#include "runtime/ingest/PromText.h"

using namespace stitch;
using namespace stitch::ingest;
using namespace stitch::ingest::testing;

namespace {

constexpr int64_t kT0 = 1'800'000'000'000;  // scrape times in these tests

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("scanner reads every corpus exposition", "[promtext]") {
  struct Case {
    const char* file;
    size_t samples;
  };
  // Sample lines counted with `grep -c '^[a-z]'`.
  const Case cases[] = {
      {"prometheus-text/envoy-1.28-local-ratelimit-no-trailing-newline.txt", 5},
      {"prometheus-text/envoy-external-upstream-rq-by-status-code.txt", 5},
      {"prometheus-text/istio-requests-total-all-labels.txt", 1},
      {"prometheus-text/istio-waypoint-minimal.txt", 11},
      {"prometheus-text/linkerd-proxy-sample-metrics.txt", 199},
      {"prometheus-text/prometheus-2.42-self-metrics-under-load.txt", 380},
  };
  for (const Case& c : cases) {
    INFO(c.file);
    const std::string text = ReadData(c.file);
    auto exposition = ParsePromText(text, c.file);
    REQUIRE(exposition);
    CHECK(exposition->samples.size() == c.samples);
  }
}

TEST_CASE("scanner details: labels, escapes, types, values, no final newline", "[promtext]") {
  // The Envoy 1.28 file ends without a newline and uses `{}` label sets.
  const std::string envoy = ReadData("prometheus-text/envoy-1.28-local-ratelimit-no-trailing-newline.txt");
  REQUIRE(envoy.back() != '\n');
  auto e = ParsePromText(envoy);
  REQUIRE(e);
  const PromSample& last = e->samples.back();
  CHECK(last.name == "envoy_control_plane_connected_state");
  CHECK(last.label_count == 0);
  CHECK(last.value == 1);
  CHECK(last.line == 10);
  CHECK(e->TypeOf("envoy_control_plane_connected_state") == PromType::kGauge);

  // The full Istio label set: 25 labels, the last one read correctly.
  const std::string istio = ReadData("prometheus-text/istio-requests-total-all-labels.txt");
  auto i = ParsePromText(istio);
  REQUIRE(i);
  REQUIRE(i->samples.size() == 1);
  CHECK(i->samples[0].label_count == 25);
  CHECK(*FindLabel(i->LabelsOf(i->samples[0]), "destination_canonical_revision") == "1");
  CHECK(i->TypeOf("istio_requests_total") == PromType::kCounter);

  const std::string text =
      "# HELP x a help line with \"quotes\"\n"
      "# TYPE x_seconds histogram\n"
      "x_seconds_bucket{le=\"+Inf\",path=\"/a\\\"b\\\\c\\nd\",} 3 1700000000000\n"
      "  y NaN\n"
      "z{a=\"1\"} -Inf\n"
      "w 0x1p-2\n"
      "# EOF\n"
      "garbage after eof is ignored {\n";
  auto p = ParsePromText(text);
  REQUIRE(p);
  REQUIRE(p->samples.size() == 4);
  CHECK(*FindLabel(p->LabelsOf(p->samples[0]), "path") == "/a\"b\\c\nd");
  double v = 0;
  CHECK(ParsePromValue("+Inf", &v));
  CHECK(std::isinf(v));
  CHECK_FALSE(ParsePromValue("1.5x", &v));
  CHECK_FALSE(ParsePromValue("++1", &v));
  CHECK(p->samples[0].has_timestamp);
  CHECK(p->samples[0].timestamp_ms == 1'700'000'000'000);
  CHECK(p->TypeOf("x_seconds_bucket") == PromType::kHistogram);
  CHECK(std::isnan(p->samples[1].value));
  CHECK(p->samples[2].value == -std::numeric_limits<double>::infinity());
  CHECK(p->samples[3].value == 0.25);
}

TEST_CASE("scanner errors name the file, line and column; no partial result", "[promtext]") {
  struct Case {
    const char* text;
    size_t line, column;
    const char* message;
  };
  const Case cases[] = {
      {"ok 1\nbad{a=\"1\" 2\n", 2, 11, "expected `,` or `}`"},
      {"ok 1\n\nx{a=\"unterminated} 1\n", 3, 5, "unterminated value of label `a`"},
      {"x 1\ny abc\n", 2, 3, "invalid value `abc`"},
      {"x 1 12x\n", 1, 5, "invalid timestamp `12x`"},
      {"x 1 12 more\n", 1, 8, "unexpected text after the timestamp"},
      {"x\n", 1, 2, "expected a space and a value"},
      {"{a=\"b\"} 1\n", 1, 1, "expected a metric name"},
      {"x{1a=\"b\"} 1\n", 1, 3, "expected a label name"},
      {"x{a:\"b\"} 1\n", 1, 4, "expected `=`"},
      {"# TYPE x countr\n", 1, 10, "unknown metric type `countr`"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    auto r = ParsePromText(c.text, "scrape.txt");
    REQUIRE_FALSE(r);
    CHECK(r.error().file == "scrape.txt");
    CHECK(r.error().line == c.line);
    CHECK(r.error().column == c.column);
    CHECK(r.error().message.find(c.message) != std::string::npos);
  }
  CHECK(ParsePromText("x 1\ny abc\n", "scrape.txt").error().ToString() ==
        "scrape.txt:2:3: invalid value `abc`");
}

TEST_CASE("istio waypoint: quantiles, connections, then rates and resets over scrapes", "[promtext]") {
  IngestOptions options;
  options.mapping.labels.default_service = "waypoint";
  PromScraper scraper(options);
  const std::string first = ReadData("prometheus-text/istio-waypoint-minimal.txt");
  auto f1 = scraper.Ingest(first, "waypoint.txt", kT0);
  REQUIRE(f1);
  const auto svc = Service("waypoint");
  // First scrape: counters have no rate yet (missing, never 0); the histogram uses its
  // lifetime counts, flagged. Buckets (ms -> s): le 0.01: 5, le 0.1: 10, +Inf: 10.
  CHECK_FALSE(Value(*f1, svc, "requests"));
  CHECK_FALSE(Value(*f1, svc, "error_rate"));
  // p50: rank 5 reaches the first bucket: 0 + 0.01 * 5/5 = 0.01
  CHECK(*Value(*f1, svc, "latency.p50") == Approx(0.01).epsilon(1e-12));
  // p90: rank 9 in (0.01, 0.1]: 0.01 + 0.09 * (9 - 5)/5 = 0.082
  CHECK(*Value(*f1, svc, "latency.p90") == Approx(0.082).epsilon(1e-12));
  // p99: rank 9.9: 0.01 + 0.09 * 4.9/5 = 0.0982
  CHECK(*Value(*f1, svc, "latency.p99") == Approx(0.0982).epsilon(1e-12));
  CHECK(HasFlag(*f1, svc, "latency", "lifetime"));
  // connections = opened - closed = 20 - 18
  CHECK(*Value(*f1, svc, "connections") == 2);

  // Second scrape 10 s later (values changed from the corpus file): 200s 10 -> 30, a new 503
  // series (no rate yet), buckets +2/+4/+6, sent bytes 4096 -> 6144, received 8192 -> 8192.
  std::string second = Replace(first, "istio_requests_total{response_code=\"200\",reporter=\"source\"} 10",
                               "istio_requests_total{response_code=\"200\",reporter=\"source\"} 30\n"
                               "istio_requests_total{response_code=\"503\",reporter=\"source\"} 5");
  second = Replace(second, "{le=\"10\"} 5", "{le=\"10\"} 7");
  second = Replace(second, "{le=\"100\"} 10", "{le=\"100\"} 14");
  second = Replace(second, "{le=\"+Inf\"} 10", "{le=\"+Inf\"} 16");
  second = Replace(second, "istio_tcp_sent_bytes_total{} 4096", "istio_tcp_sent_bytes_total{} 6144");
  auto f2 = scraper.Ingest(second, "waypoint-2.txt", kT0 + 10'000);
  REQUIRE(f2);
  CHECK(*Value(*f2, svc, "requests") == 2);   // (30 - 10) / 10 s; the new 503 series has no rate
  CHECK(*Value(*f2, svc, "errors") == 0);     // the 200 series counts 0 errors
  CHECK(*Value(*f2, svc, "error_rate") == 0);
  CHECK(*Value(*f2, svc, "bytes_out") == 204.8);  // 2048 B / 10 s
  CHECK(*Value(*f2, svc, "bytes_in") == 0);
  // Bucket increases 2, 4, 6: p50 rank 3 in (0.01, 0.1]: 0.01 + 0.09 * (3-2)/(4-2) = 0.055
  CHECK(*Value(*f2, svc, "latency.p50") == Approx(0.055).epsilon(1e-12));
  // p99 rank 5.94 > 4: the +Inf bucket -> the highest finite bound 0.1, flagged.
  CHECK(*Value(*f2, svc, "latency.p99") == 0.1);
  CHECK(HasFlag(*f2, svc, "latency.p99", "+Inf bucket"));
  CHECK_FALSE(HasFlag(*f2, svc, "latency", "lifetime"));

  // Third scrape 10 s later: 200s 30 -> 40 (1/s), 503s 5 -> 8 (0.3/s); sent bytes reset to
  // 1024: the increase is 1024 (counted from the reset), 102.4 B/s, never negative.
  std::string third = Replace(second, "{response_code=\"200\",reporter=\"source\"} 30",
                              "{response_code=\"200\",reporter=\"source\"} 40");
  third = Replace(third, "{response_code=\"503\",reporter=\"source\"} 5",
                  "{response_code=\"503\",reporter=\"source\"} 8");
  third = Replace(third, "istio_tcp_sent_bytes_total{} 6144", "istio_tcp_sent_bytes_total{} 1024");
  auto f3 = scraper.Ingest(third, "waypoint-3.txt", kT0 + 20'000);
  REQUIRE(f3);
  CHECK(*Value(*f3, svc, "requests") == Approx(1.3).epsilon(1e-12));
  CHECK(*Value(*f3, svc, "errors") == Approx(0.3).epsilon(1e-12));
  // error_rate = 0.3 / 1.3
  CHECK(*Value(*f3, svc, "error_rate") == Approx(0.3 / 1.3).epsilon(1e-12));
  CHECK(*Value(*f3, svc, "bytes_out") == 102.4);
  // No request in the interval: the histogram is empty, quantiles missing.
  CHECK_FALSE(Value(*f3, svc, "latency.p50"));

  // A malformed scrape is an error and does not disturb the state.
  auto bad = scraper.Ingest("istio_requests_total{response_code=\"200\" 1\n", "bad.txt", kT0 + 25'000);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().line == 1);
}

TEST_CASE("envoy cluster stats by status code (Kuma): per-cluster rates, zero traffic", "[promtext]") {
  PromScraper scraper(IngestOptions{});
  const std::string first = ReadData("prometheus-text/envoy-external-upstream-rq-by-status-code.txt");
  REQUIRE(scraper.Ingest(first, "kuma.txt", kT0));
  // 15 s later: cluster 0382: 200s 14 -> 29, 404s 2 -> 5; fe04: 200s 24 -> 24, 404s 12 -> 42;
  // admin unchanged.
  std::string second = Replace(first, "envoy_cluster_name=\"backend_kuma-demo_svc_3001-0382aaf295add2eb\"} 14",
                               "envoy_cluster_name=\"backend_kuma-demo_svc_3001-0382aaf295add2eb\"} 29");
  second = Replace(second, "envoy_cluster_name=\"backend_kuma-demo_svc_3001-0382aaf295add2eb\"} 2\n",
                   "envoy_cluster_name=\"backend_kuma-demo_svc_3001-0382aaf295add2eb\"} 5\n");
  second = Replace(second, "envoy_cluster_name=\"backend_kuma-demo_svc_3001-fe04929f294bcdea\"} 12",
                   "envoy_cluster_name=\"backend_kuma-demo_svc_3001-fe04929f294bcdea\"} 42");
  auto f = scraper.Ingest(second, "kuma-2.txt", kT0 + 15'000);
  REQUIRE(f);
  const auto a = Service("backend_kuma-demo_svc_3001-0382aaf295add2eb");
  const auto b = Service("backend_kuma-demo_svc_3001-fe04929f294bcdea");
  const auto admin = Service("kuma_envoy_admin");
  // a: (15 + 3) / 15 s = 1.2/s; 404 is not a server error: errors 0, error_rate 0.
  CHECK(*Value(*f, a, "requests") == Approx(1.2).epsilon(1e-12));
  CHECK(*Value(*f, a, "errors") == 0);
  CHECK(*Value(*f, a, "error_rate") == 0);
  CHECK(*Value(*f, b, "requests") == 2);  // 30 / 15 s
  // admin: no request in the interval: error_rate is missing, never NaN.
  CHECK(*Value(*f, admin, "requests") == 0);
  CHECK_FALSE(Value(*f, admin, "error_rate"));
}

TEST_CASE("prometheus self-metrics with a custom route mapping", "[promtext]") {
  IngestOptions options;
  options.mapping = Mapping{};
  options.mapping.labels.default_service = "prometheus";
  options.mapping.labels.route = {"handler"};
  options.mapping.rules = {
      {"prometheus_http_requests_total", "requests", MetricKind::kAuto, 1, 0, 1, {}},
      {"prometheus_http_requests_total", "errors", MetricKind::kCounter, 1, 0, 1, {{"code", "5"}}},
      {"prometheus_http_request_duration_seconds", "latency", MetricKind::kAuto, 1, 0, 1, {}},
      {"prometheus_tsdb_head_series", "head_series", MetricKind::kAuto, 1, 0, 1, {}},
  };
  PromScraper scraper(options);
  auto f = scraper.Ingest(ReadData("prometheus-text/prometheus-2.42-self-metrics-under-load.txt"),
                          "self.txt", kT0);
  REQUIRE(f);
  const auto query = Route("prometheus", "/api/v1/query");
  // All 126 /api/v1/query requests are in the first bucket (le 0.1): p99 = 0.1 * 0.99 = 0.099,
  // the value the same server answered to histogram_quantile(0.99, ...) in
  // prometheus-api/query-vector-p99-by-handler.json.
  CHECK(*Value(*f, query, "latency.p99") == Approx(0.099).epsilon(1e-12));
  CHECK(*Value(*f, Route("prometheus", "/metrics"), "latency.p50") == Approx(0.05).epsilon(1e-12));
  // The service row sums its routes' buckets: 126 + 2 + 77 = 205 in le 0.1 -> p50 = 0.05.
  CHECK(*Value(*f, Service("prometheus"), "latency.p50") == Approx(0.05).epsilon(1e-12));
  CHECK(f->FindEntity(Route("prometheus", "/api/v1/query_range")));
  // A gauge reads as it is.
  CHECK(Value(*f, Service("prometheus"), "head_series").has_value());
}
