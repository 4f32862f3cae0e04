#include "bench/Workload.h"

#include <algorithm>
#include <cstdlib>
#include <random>

#include <fmt/format.h>

namespace stitch::bench {

namespace {
int LatencyMs(int i) { return 100 + i * 7 % 900; }
int ErrorPercent(int i) { return 1 + i % 9; }
int RequestsPerSecond(int i) { return 200 + i % 300; }
std::string Svc(size_t i) { return "svc-" + std::to_string(i); }
}  // namespace

Thresholds ThresholdsOf(int i) {
  return {LatencyMs(i) / 1000.0, ErrorPercent(i) / 100.0, static_cast<double>(RequestsPerSecond(i))};
}

std::string PolicySet(int policies, const std::string& for_clause) {
  std::string text;
  for (int i = 0; i < policies; ++i) {
    std::string action = i % 3 == 0 ? fmt::format("set timeout {}s", 1 + i % 5) : fmt::format("set retries {}", 1 + i % 4);
    text += fmt::format(
        "policy p{} {{\n  target service ~ \".*\"\n  when (p99(latency) > {}ms and error_rate > {}%) or "
        "requests > {}/s{}\n  then {}\n}}\n",
        i, LatencyMs(i), ErrorPercent(i), RequestsPerSecond(i), for_clause, action);
  }
  return text;
}

std::vector<CheckedFile> CheckText(const std::string& text) {
  Diagnostics diagnostics;
  std::vector<CheckedFile> files;
  files.push_back(CheckSource(std::make_shared<SourceFile>("bench.policy", text), diagnostics));
  if (diagnostics.HasErrors()) std::abort();
  return files;
}

std::unique_ptr<Program> CompileProgram(const std::string& text, Backend backend, const std::string& cache_dir) {
  ProgramOptions options;
  options.backend = backend;
  options.cache_dir = cache_dir;
  return Program::Build(CheckText(text), options);
}

frame::Frame MakeFrame(size_t rows, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> latency(0.01, 1.2), errors(0, 0.12), requests(0, 600);
  std::uniform_int_distribution<int> percent(0, 99);
  frame::Frame f;
  size_t p99 = f.AddColumn("latency.p99"), er = f.AddColumn("error_rate"), rq = f.AddColumn("requests");
  for (size_t i = 0; i < rows; ++i) {
    size_t row = f.AddEntity({{frame::EntityKind::kService, Svc(i), "", "", ""}, {}});
    if (percent(rng) >= 5) f.Set(row, p99, latency(rng));
    if (percent(rng) >= 5) f.Set(row, er, errors(rng));
    if (percent(rng) >= 5) f.Set(row, rq, requests(rng));
  }
  return f;
}

frame::Frame QuietFrame(size_t rows, const std::vector<size_t>& hot, int64_t time_ms) {
  frame::Frame f;
  f.time_ms = time_ms;
  size_t p99 = f.AddColumn("latency.p99"), er = f.AddColumn("error_rate"), rq = f.AddColumn("requests");
  for (size_t i = 0; i < rows; ++i) {
    size_t row = f.AddEntity({{frame::EntityKind::kService, Svc(i), "", "", ""}, {}});
    bool is_hot = std::find(hot.begin(), hot.end(), i) != hot.end();
    f.Set(row, p99, is_hot ? 1.5 : 0.05);
    f.Set(row, er, is_hot ? 0.2 : 0.001);
    f.Set(row, rq, is_hot ? 900 : 50);
  }
  return f;
}

stitch::Manifest EnvoyManifest(int routes) {
  stitch::Json route_list = stitch::Json::array(), clusters = stitch::Json::array();
  for (int i = 0; i < routes; ++i) {
    route_list.push_back({{"match", {{"prefix", "/" + Svc(i) + "/"}}}, {"route", {{"cluster", Svc(i)}}}});
    stitch::Json endpoint = {{"endpoint", {{"address", {{"socket_address", {{"address", Svc(i)}, {"port_value", 8080}}}}}}}};
    clusters.push_back({{"name", Svc(i)},
                        {"type", "STRICT_DNS"},
                        {"lb_policy", "ROUND_ROBIN"},
                        {"load_assignment",
                         {{"cluster_name", Svc(i)}, {"endpoints", stitch::Json::array({{{"lb_endpoints", {endpoint}}}})}}}});
  }
  stitch::Json hcm = {
      {"@type", "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager"},
      {"stat_prefix", "ingress_http"},
      {"route_config",
       {{"name", "local_route"},
        {"virtual_hosts", stitch::Json::array({{{"name", "backend"}, {"domains", {"*"}}, {"routes", route_list}}})}}},
      {"http_filters",
       stitch::Json::array({{{"name", "envoy.filters.http.router"},
                             {"typed_config", {{"@type", "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"}}}}})}};
  stitch::Json listener = {
      {"name", "ingress"},
      {"address", {{"socket_address", {{"address", "0.0.0.0"}, {"port_value", 10000}}}}},
      {"filter_chains",
       stitch::Json::array({{{"filters", stitch::Json::array({{{"name", "envoy.filters.network.http_connection_manager"},
                                                               {"typed_config", hcm}}})}}})}};
  stitch::Manifest m;
  m.path = "envoy.json";
  m.format = stitch::Format::kJson;
  m.documents.push_back({{"static_resources", {{"listeners", stitch::Json::array({listener})}, {"clusters", clusters}}}});
  return m;
}

stitch::Manifest IstioManifest(int routes) {
  stitch::Manifest m;
  m.path = "virtual-services.yaml";
  m.format = stitch::Format::kYaml;
  for (int i = 0; i < routes; ++i) {
    m.documents.push_back({{"apiVersion", "networking.istio.io/v1"},
                           {"kind", "VirtualService"},
                           {"metadata", {{"name", Svc(i)}, {"namespace", "prod"}}},
                           {"spec",
                            {{"hosts", {Svc(i)}},
                             {"http", stitch::Json::array({{{"route", stitch::Json::array({{{"destination",
                                                                                             {{"host", Svc(i)}}}}})}}})}}}});
  }
  return m;
}

std::vector<action::Action> TimeoutActions(int count, int routes, double seconds) {
  std::vector<action::Action> actions;
  for (int k = 0; k < count; ++k) {
    std::string service = Svc(static_cast<size_t>(k) * routes / count);
    action::Action a;
    a.kind = action::SetTimeout{seconds};
    a.target = {action::TargetKind::kService, service, ""};
    a.provenance = {"bench_timeout_" + std::to_string(k), "service " + service, {}, "2026-12-03T10:00:00Z", 0};
    actions.push_back(std::move(a));
  }
  return actions;
}

}  // namespace stitch::bench
