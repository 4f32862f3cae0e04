// `stitch run` with a 1 s tick against a real Prometheus (Debian package) scraping an exporter
// this test controls, deploying Envoy's route-mirror example to a file-based xDS directory.
// Latency rises: the redirect appears in the deployed listener's route configuration; latency
// falls: the configuration returns to the base exactly; the history and audit say why.
#include <catch2/catch.hpp>

#include <signal.h>

#include <atomic>
#include <mutex>

#include <nlohmann/json.hpp>

#include "RunHarness.h"
#include "runtime/ingest/Source.h"
#include "runtime/stitch/SqliteStore.h"
#include "support/LiveServers.h"


using namespace ::stitch::e2e;

namespace {

// Istio metrics for `service1` on a 1 s grid with explicit timestamps. Every second adds 20
// requests, observed in the latency bucket `le="100"` (fast) or only `le="1000"` (slow), so
// histogram_quantile(0.99) over a short window reads ~99 ms or ~991 ms.
class Service1Metrics {
 public:
  void SetSlow(bool slow) {
    std::lock_guard<std::mutex> lock(mutex_);
    Advance();
    slow_ = slow;
  }

  std::string Body() {
    std::lock_guard<std::mutex> lock(mutex_);
    Advance();
    std::string ts = " " + std::to_string(second_ * 1000) + "\n";
    std::string id =
        "reporter=\"destination\",destination_service_name=\"service1\",destination_service_namespace=\"demo\","
        "destination_workload=\"service1-v1\",request_protocol=\"http\"";
    std::string out = "# TYPE istio_requests_total counter\n";
    out += "istio_requests_total{" + id + ",response_code=\"200\"} " + std::to_string(total_) + ts;
    out += "# TYPE istio_request_duration_milliseconds histogram\n";
    std::string b = "istio_request_duration_milliseconds_bucket{" + id;
    out += b + ",le=\"100\"} " + std::to_string(fast_) + ts;
    out += b + ",le=\"1000\"} " + std::to_string(total_) + ts;
    out += b + ",le=\"+Inf\"} " + std::to_string(total_) + ts;
    out += "istio_request_duration_milliseconds_count{" + id + "} " + std::to_string(total_) + ts;
    return out;
  }

 private:
  // Adds one second's observations for every whole second since the last call.
  void Advance() {
    int64_t now = ::stitch::ingest::WallClockMs() / 1000;
    if (second_ == 0) second_ = now - 1;
    for (; second_ < now; ++second_) {
      total_ += 20;
      if (!slow_) fast_ += 20;
    }
  }

  std::mutex mutex_;
  bool slow_ = false;
  int64_t second_ = 0;
  int64_t total_ = 1000, fast_ = 1000;
};

const char* kPolicy = R"(policy shadow_slow_service1 {
  target service "service1"
  when p99(latency) > 500ms for 3s
  recover when p99(latency) < 300ms for 3s
  then redirect 10% to "service1-mirror"
}
)";

// The route configuration deployed in the xDS directory's listener file.
nlohmann::json DeployedRoutes(const std::string& xds_dir) {
  std::string lds = ReadText(xds_dir + "/lds.yaml");
  if (lds.empty()) return nullptr;
  // The listener's inline route_config is what the redirect changes.
  size_t at = lds.find("virtual_hosts:");
  return at == std::string::npos ? nlohmann::json(nullptr) : nlohmann::json(lds.substr(at));
}

std::vector<nlohmann::json> Decisions(const std::string& log) {
  std::vector<nlohmann::json> out;
  std::istringstream lines(ReadText(log));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

}  // namespace

TEST_CASE("stitch run on live Prometheus telemetry deploys the redirect and returns to the base", "[live]") {
  Service1Metrics metrics;
  ::stitch::ingest::testing::Exporter exporter([&] { return metrics.Body(); });
  ::stitch::ingest::testing::PrometheusProcess prometheus;
  std::string started = prometheus.Start(exporter.port(), 60);
  INFO(started);
  REQUIRE(started.empty());

  Scratch scratch;
  scratch.Write("policies/service1.policy", kPolicy);
  scratch.Write("manifests/route-mirror-envoy.yaml", ReadText("examples/demo/manifests/route-mirror-envoy.yaml"));
  std::string config = scratch.Write("stitch.yaml", R"(policies: policies
manifests: manifests/route-mirror-envoy.yaml
telemetry:
  source: prometheus-api
  location: )" + prometheus.url() + R"(
  profile: istio
  window: 5s
  timeout: 2s
tick: 1s
store: state/versions.db
log: state/decisions.jsonl
deploy:
  targets:
    - name: edge
      kind: envoy-xds
      path: xds
)");
  std::string xds = scratch.Path("xds");
  RunProcess run(config, scratch.Path("run.out"));
  auto output = [&] { return ReadText(scratch.Path("run.out")); };

  // The base goes out first.
  INFO(output());
  REQUIRE(WaitFor([&] { return !DeployedRoutes(xds).is_null(); }, std::chrono::seconds(120)));
  nlohmann::json base = DeployedRoutes(xds);
  CHECK(base.get<std::string>().find("service1-mirror\n                  weight") == std::string::npos);
  CHECK(base.get<std::string>().find("weighted_clusters") == std::string::npos);

  // Latency rises: the redirect reaches the deployed route configuration.
  metrics.SetSlow(true);
  REQUIRE(WaitFor([&] { return DeployedRoutes(xds).dump().find("weighted_clusters") != std::string::npos; },
                  std::chrono::seconds(120)));
  std::string redirected = DeployedRoutes(xds).get<std::string>();
  CHECK(redirected.find("name: service1\n") != std::string::npos);
  CHECK(redirected.find("weight: 90") != std::string::npos);
  CHECK(redirected.find("name: service1-mirror") != std::string::npos);
  CHECK(redirected.find("weight: 10") != std::string::npos);

  // It fired only after the condition held for the whole `for` window, and the version was
  // committed and deployed in the tick it fired.
  auto decisions = Decisions(scratch.Path("state/decisions.jsonl"));
  int64_t pending_ms = 0, firing_ms = 0;
  std::string firing_time;
  for (const auto& d : decisions) {
    if (d["to"] == "pending" && pending_ms == 0) pending_ms = d["time_ms"];
    if (d["to"] == "firing" && firing_ms == 0) {
      firing_ms = d["time_ms"];
      firing_time = d["time"];
    }
  }
  REQUIRE(pending_ms > 0);
  REQUIRE(firing_ms > 0);
  CHECK(firing_ms - pending_ms >= 3000);
  std::string show;
  REQUIRE(Stitch("show 2 --store " + scratch.Path("state/versions.db"), show) == 0);
  CHECK(show.find(firing_time.substr(0, 19)) != std::string::npos);
  CHECK(show.find("shadow_slow_service1") != std::string::npos);
  CHECK(show.find("service1-mirror") != std::string::npos);

  // Latency falls: the route configuration returns to the base exactly.
  metrics.SetSlow(false);
  REQUIRE(WaitFor([&] { return DeployedRoutes(xds) == base; }, std::chrono::seconds(120)));

  // SIGTERM: a clean stop.
  run.Signal(SIGTERM);
  CHECK(run.Wait(std::chrono::seconds(60)) == 0);
  CHECK(output().find("stopped after") != std::string::npos);

  // base, redirect, base again: the third version's content hash equals the first's
  auto store = ::stitch::stitch::OpenSqliteStore(scratch.Path("state/versions.db"));
  REQUIRE(store);
  auto history = (*store)->History();
  REQUIRE(history);
  REQUIRE(history->size() == 3);
  CHECK((*history)[0].hash == (*history)[2].hash);
  CHECK((*history)[1].hash != (*history)[0].hash);
  CHECK((*history)[1].action_count == 1);
  auto redirect = (*store)->Get(2);
  REQUIRE(redirect);
  REQUIRE(redirect->audit.size() == 1);
  CHECK(redirect->audit[0].who == "stitch run");
  CHECK(redirect->audit[0].why.find("shadow_slow_service1") != std::string::npos);
}
