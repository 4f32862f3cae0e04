// Which labels identify services, nodes and routes, and which source metrics fill which frame
// columns. Defaults cover Istio and Envoy; the compiler adds custom `metric` declarations.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/frame/Entity.h"

namespace stitch::ingest {

// A label (or attribute, or tag) of a sample. Views into the source's buffer.
struct Label {
  std::string_view name;
  std::string_view value;
};
using Labels = std::span<const Label>;

// The value of label `name`, or nullopt.
std::optional<std::string_view> FindLabel(Labels labels, std::string_view name);

// Label names tried in order; the first one present with a non-empty value wins.
struct LabelMapping {
  std::vector<std::string> service, node, route, ns;
  // Entity tags: {tag key, label name}.
  std::vector<std::pair<std::string, std::string>> tags;
  // The service of samples that carry none of the service labels; empty drops them.
  std::string default_service = "unknown";
};

// The rows a sample contributes to: its service, and its node and route when labelled.
struct EntityRefs {
  frame::EntityId service;
  std::optional<frame::EntityId> node, route;
};

// Resolves the entity of a labelled sample; nullopt when it has no service and
// default_service is empty. Istio/Envoy cluster names (`outbound|9080||reviews.default.svc.
// cluster.local`) and Kubernetes host names (`reviews.default.svc.cluster.local`) are reduced
// to the service `reviews` in namespace `default`.
std::optional<EntityRefs> ResolveEntity(const LabelMapping& mapping, Labels labels);

// The tags of a labelled sample under `mapping.tags`.
std::vector<std::pair<std::string, std::string>> ResolveTags(const LabelMapping& mapping,
                                                             Labels labels);

enum class MetricKind : unsigned char {
  kAuto,            // as the source declares it (Prometheus TYPE, OTLP data type; else gauge)
  kCounter,         // monotonic total: becomes a per-second rate between two scrapes
  kGauge,           // instantaneous value
  kHistogram,       // distribution: becomes <column>.p50 ... quantile columns
  kHistogramCount,  // the observation count of a histogram, as a counter (OTLP)
};

// A sample counts only when label `label` starts with `prefix` (e.g. response_code "5").
struct LabelMatch {
  std::string label;
  std::string prefix;
};

// One source metric feeding one column. For a column and entity only the rules of the lowest
// `priority` that has samples contribute (so that overlapping Envoy stats are not counted
// twice); rules of equal priority add up (`sign` -1 subtracts: opened - closed connections).
struct MetricRule {
  std::string metric;  // source metric name; histograms: the family name (no _bucket)
  std::string column;  // frame column key; histograms: the base, e.g. "latency"
  MetricKind kind = MetricKind::kAuto;
  double scale = 1.0;  // multiplies values into base units (milliseconds: 0.001)
  int priority = 0;
  double sign = 1.0;
  // All must match for the sample's value to count; a non-matching sample of the metric
  // still marks the column present (with 0), so errors are 0, not missing, without 5xx.
  std::vector<LabelMatch> only;
};

struct Mapping {
  LabelMapping labels;
  std::vector<MetricRule> rules;
};

enum class Profile : unsigned char { kIstio, kEnvoy, kOtel, kAll };
std::optional<Profile> ParseProfile(std::string_view name);

// The default label mapping and metric rules of a profile (kAll merges Istio, Envoy and the
// OpenTelemetry HTTP semantic conventions; their metric names do not overlap).
Mapping DefaultMapping(Profile profile = Profile::kAll);

// True when the sample's labels satisfy every `rule.only` match.
bool RuleMatches(const MetricRule& rule, Labels labels);

}  // namespace stitch::ingest
