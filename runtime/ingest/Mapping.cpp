#include "runtime/ingest/Mapping.h"

namespace stitch::ingest {

std::optional<std::string_view> FindLabel(Labels labels, std::string_view name) {
  for (const Label& label : labels) {
    if (label.name == name) return label.value;
  }
  return std::nullopt;
}

namespace {

std::string_view FirstLabel(const std::vector<std::string>& names, Labels labels) {
  for (const std::string& name : names) {
    if (auto v = FindLabel(labels, name); v && !v->empty()) return *v;
  }
  return {};
}

// `outbound|9080|v1|reviews.default.svc.cluster.local` -> host part; a host
// `reviews.default.svc.cluster.local` (or `reviews.default.svc`) -> service + namespace.
void NormaliseService(std::string_view value, std::string* service, std::string* ns) {
  if (size_t bar = value.rfind('|'); bar != std::string_view::npos &&
                                     value.find('|') != bar) {
    value = value.substr(bar + 1);
  }
  if (size_t svc = value.find(".svc"); svc != std::string_view::npos) {
    std::string_view head = value.substr(0, svc);
    if (size_t dot = head.find('.'); dot != std::string_view::npos) {
      *service = std::string(head.substr(0, dot));
      if (ns->empty()) *ns = std::string(head.substr(dot + 1));
      return;
    }
  }
  *service = std::string(value);
}

}  // namespace

std::optional<EntityRefs> ResolveEntity(const LabelMapping& mapping, Labels labels) {
  EntityRefs refs;
  std::string ns(FirstLabel(mapping.ns, labels));
  std::string_view raw = FirstLabel(mapping.service, labels);
  std::string service;
  if (raw.empty()) {
    if (mapping.default_service.empty()) return std::nullopt;
    service = mapping.default_service;
  } else {
    NormaliseService(raw, &service, &ns);
  }
  refs.service = {frame::EntityKind::kService, service, "", "", ns};
  if (std::string_view node = FirstLabel(mapping.node, labels); !node.empty()) {
    refs.node = frame::EntityId{frame::EntityKind::kNode, service, std::string(node), "", ns};
  }
  if (std::string_view route = FirstLabel(mapping.route, labels); !route.empty()) {
    refs.route = frame::EntityId{frame::EntityKind::kRoute, service, "", std::string(route), ns};
  }
  return refs;
}

std::vector<std::pair<std::string, std::string>> ResolveTags(const LabelMapping& mapping,
                                                             Labels labels) {
  std::vector<std::pair<std::string, std::string>> tags;
  for (const auto& [key, label] : mapping.tags) {
    if (auto v = FindLabel(labels, label); v && !v->empty()) tags.emplace_back(key, *v);
  }
  return tags;
}

bool RuleMatches(const MetricRule& rule, Labels labels) {
  for (const LabelMatch& match : rule.only) {
    auto v = FindLabel(labels, match.label);
    if (!v || !v->starts_with(match.prefix)) return false;
  }
  return true;
}

std::optional<Profile> ParseProfile(std::string_view name) {
  if (name == "istio") return Profile::kIstio;
  if (name == "envoy") return Profile::kEnvoy;
  if (name == "otel") return Profile::kOtel;
  if (name == "all") return Profile::kAll;
  return std::nullopt;
}

namespace {

using K = MetricKind;

MetricRule R(std::string metric, std::string column, MetricKind kind, double scale = 1,
             int priority = 0, double sign = 1, std::vector<LabelMatch> only = {}) {
  return {std::move(metric), std::move(column), kind, scale, priority, sign, std::move(only)};
}

void AddIstio(Mapping& m) {
  auto& l = m.labels;
  for (const char* s : {"destination_canonical_service", "destination_service_name",
                        "destination_app", "destination_workload", "destination_service"}) {
    l.service.push_back(s);
  }
  for (const char* s : {"destination_service_namespace", "destination_workload_namespace"}) {
    l.ns.push_back(s);
  }
  for (const char* s : {"pod", "pod_name", "kubernetes_pod_name"}) l.node.push_back(s);
  l.tags.push_back({"version", "destination_version"});
  l.tags.push_back({"app", "destination_app"});
  l.tags.push_back({"workload", "destination_workload"});
  l.tags.push_back({"cluster", "destination_cluster"});
  m.rules.push_back(R("istio_requests_total", "requests", K::kCounter));
  m.rules.push_back(R("istio_requests_total", "errors", K::kCounter, 1, 0, 1, {{"response_code", "5"}}));
  m.rules.push_back(R("istio_request_duration_milliseconds", "latency", K::kHistogram, 0.001));
  m.rules.push_back(R("istio_request_duration_seconds", "latency", K::kHistogram, 1, 1));
  m.rules.push_back(R("istio_request_bytes_sum", "bytes_in", K::kCounter));
  m.rules.push_back(R("istio_tcp_received_bytes_total", "bytes_in", K::kCounter));
  m.rules.push_back(R("istio_response_bytes_sum", "bytes_out", K::kCounter));
  m.rules.push_back(R("istio_tcp_sent_bytes_total", "bytes_out", K::kCounter));
  m.rules.push_back(R("istio_tcp_connections_opened_total", "connections", K::kGauge));
  m.rules.push_back(R("istio_tcp_connections_closed_total", "connections", K::kGauge, 1, 0, -1));
}

void AddEnvoy(Mapping& m) {
  m.labels.service.push_back("envoy_cluster_name");
  m.rules.push_back(R("envoy_cluster_upstream_rq_total", "requests", K::kCounter, 1, 0));
  m.rules.push_back(R("envoy_cluster_upstream_rq", "requests", K::kCounter, 1, 1));
  m.rules.push_back(R("envoy_cluster_upstream_rq_xx", "requests", K::kCounter, 1, 2));
  m.rules.push_back(R("envoy_cluster_external_upstream_rq", "requests", K::kCounter, 1, 3));
  m.rules.push_back(R("envoy_cluster_upstream_rq_xx", "errors", K::kCounter, 1, 0, 1,
                     {{"envoy_response_code_class", "5"}}));
  m.rules.push_back(R("envoy_cluster_upstream_rq", "errors", K::kCounter, 1, 1, 1,
                     {{"envoy_response_code", "5"}}));
  m.rules.push_back(R("envoy_cluster_external_upstream_rq", "errors", K::kCounter, 1, 2, 1,
                     {{"envoy_response_code", "5"}}));
  m.rules.push_back(R("envoy_cluster_upstream_rq_time", "latency", K::kHistogram, 0.001));
  m.rules.push_back(R("envoy_cluster_upstream_cx_active", "connections", K::kGauge));
  m.rules.push_back(R("envoy_cluster_upstream_cx_tx_bytes_total", "bytes_in", K::kCounter));
  m.rules.push_back(R("envoy_cluster_upstream_cx_rx_bytes_total", "bytes_out", K::kCounter));
  m.rules.push_back(R("envoy_cluster_membership_healthy", "healthy_nodes", K::kGauge));
  m.rules.push_back(R("envoy_cluster_membership_total", "total_nodes", K::kGauge));
}

void AddOtel(Mapping& m) {
  auto& l = m.labels;
  l.service.push_back("service.name");
  l.service.push_back("service");  // Datadog `service:` tags
  for (const char* s : {"service.namespace", "k8s.namespace.name", "kube_namespace"}) {
    l.ns.push_back(s);
  }
  for (const char* s : {"k8s.pod.name", "host.name", "service.instance.id", "host"}) {
    l.node.push_back(s);
  }
  l.route.push_back("http.route");
  l.tags.push_back({"version", "service.version"});
  // Current HTTP semantic conventions (seconds; the OTLP unit field scales the values).
  const char* now = "http.server.request.duration";
  m.rules.push_back(R(now, "latency", K::kHistogram));
  m.rules.push_back(R(now, "requests", K::kHistogramCount));
  m.rules.push_back(R(now, "errors", K::kHistogramCount, 1, 0, 1,
                     {{"http.response.status_code", "5"}}));
  // The older conventions (milliseconds).
  const char* old = "http.server.duration";
  m.rules.push_back(R(old, "latency", K::kHistogram, 1, 1));
  m.rules.push_back(R(old, "requests", K::kHistogramCount, 1, 1));
  m.rules.push_back(R(old, "errors", K::kHistogramCount, 1, 1, 1, {{"http.status_code", "5"}}));
}

}  // namespace

Mapping DefaultMapping(Profile profile) {
  Mapping m;
  if (profile == Profile::kIstio || profile == Profile::kAll) AddIstio(m);
  if (profile == Profile::kEnvoy || profile == Profile::kAll) AddEnvoy(m);
  if (profile == Profile::kOtel || profile == Profile::kAll) AddOtel(m);
  // Prometheus adds the scraped target as `instance`: the node of last resort.
  m.labels.node.push_back("instance");
  return m;
}

}  // namespace stitch::ingest
