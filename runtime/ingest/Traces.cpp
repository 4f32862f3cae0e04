#include "runtime/ingest/Traces.h"

#include <charconv>
#include <map>

#include "runtime/ingest/FrameBuilder.h"

namespace stitch::ingest {

LabelMapping DefaultTraceLabels() {
  LabelMapping m;
  m.service = {"istio.canonical_service", "service.name"};
  m.ns = {"istio.namespace", "service.namespace", "k8s.namespace.name"};
  m.node = {"k8s.pod.name", "istio.pod", "host.name", "hostname"};
  m.route = {"http.route"};
  m.tags = {{"version", "istio.canonical_revision"}, {"version", "service.version"}};
  return m;
}

bool IsServerErrorStatus(std::string_view status) {
  int code = 0;
  auto [ptr, ec] = std::from_chars(status.data(), status.data() + status.size(), code);
  return ec == std::errc() && ptr == status.data() + status.size() && code >= 500;
}

void AddIstioPodAttribute(Span& span) {
  for (const auto& [key, value] : span.attributes) {
    if (key != "node_id") continue;
    const size_t first = value.find('~');
    const size_t second = first == std::string::npos ? first : value.find('~', first + 1);
    if (second == std::string::npos) return;
    const size_t third = value.find('~', second + 1);
    std::string pod = value.substr(second + 1, third == std::string::npos ? third : third - second - 1);
    if (size_t dot = pod.find('.'); dot != std::string::npos) pod.resize(dot);
    if (!pod.empty()) span.attributes.emplace_back("istio.pod", std::move(pod));
    return;
  }
}

frame::Frame SpansToFrame(const std::vector<Span>& spans, const LabelMapping& labels,
                          const IngestOptions& options) {
  int64_t end_ms = options.now_ms;
  if (end_ms == 0) {
    int64_t latest_ns = 0;
    for (const Span& s : spans) latest_ns = std::max(latest_ns, s.start_ns + s.duration_ns);
    end_ms = (latest_ns + 999'999) / 1'000'000;
  }
  const int64_t window_ns = static_cast<int64_t>(options.window_s * 1e9);
  const int64_t from_ns = end_ms * 1'000'000 - window_ns;
  FrameBuilder builder(end_ms, options);

  std::vector<std::vector<Label>> span_labels(spans.size());
  std::vector<std::optional<EntityRefs>> refs(spans.size());
  std::map<std::pair<std::string_view, std::string_view>, std::string> service_of_span;
  for (size_t i = 0; i < spans.size(); ++i) {
    for (const auto& [k, v] : spans[i].attributes) span_labels[i].push_back({k, v});
    refs[i] = ResolveEntity(labels, span_labels[i]);
    if (refs[i]) service_of_span[{spans[i].trace_id, spans[i].span_id}] = refs[i]->service.service;
  }
  for (size_t i = 0; i < spans.size(); ++i) {
    const Span& s = spans[i];
    if (!refs[i]) continue;
    const EntityRefs& r = *refs[i];
    bool request = s.kind == SpanKind::kServer || s.kind == SpanKind::kConsumer;
    if (s.kind == SpanKind::kUnspecified) {
      auto parent = service_of_span.find({s.trace_id, s.parent_id});
      request = s.parent_id.empty() || parent == service_of_span.end() ||
                parent->second != r.service.service;
    }
    std::vector<frame::EntityId> ids = {r.service};
    if (r.node) ids.push_back(*r.node);
    if (r.route) ids.push_back(*r.route);
    const bool in_window = s.start_ns + s.duration_ns >= from_ns;
    for (const frame::EntityId& id : ids) {
      builder.Touch(id);
      for (const auto& [k, v] : ResolveTags(labels, span_labels[i])) builder.AddTag(id, k, v);
      // Every observed service reports its rates, 0 when it served no request in the window.
      const bool counted = request && in_window;
      builder.AddValue(id, "requests", 0, counted ? 1.0 / options.window_s : 0.0);
      builder.AddValue(id, "errors", 0, counted && s.error ? 1.0 / options.window_s : 0.0);
      if (counted) builder.AddObservation(id, "latency", static_cast<double>(s.duration_ns) * 1e-9);
    }
  }
  return builder.Build();
}

}  // namespace stitch::ingest
