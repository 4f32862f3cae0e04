// The typed actions that fired policies produce and the stitcher applies to manifests.
// All quantities are in base units: shares are ratios in [0, 1], durations are seconds,
// rates are per second.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace stitch::action {

// What an action applies to; `name` is a service, route, node or namespace name.
enum class TargetKind { kService, kRoute, kNode, kNamespace };

struct Target {
  TargetKind kind = TargetKind::kService;
  std::string name;
  // For a node: the service (Envoy cluster, App Mesh router) it belongs to; may be empty.
  std::string service;

  bool operator==(const Target&) const = default;
};

// Which kind of destination a name means; kAny must resolve to exactly one existing one.
enum class DestinationKind { kAny, kSubset, kHost };

struct Destination {
  std::string name;
  DestinationKind kind = DestinationKind::kAny;
  // The action declares that the destination exists outside the loaded manifests.
  bool declared = false;

  bool operator==(const Destination&) const = default;
};

// Why an action exists: the policy, the entity it fired for, the metric values that made it
// fire, when it fired (RFC 3339 UTC), and the policy's priority (higher wins conflicts).
struct Provenance {
  std::string policy;
  std::string entity;
  std::map<std::string, double> inputs;
  std::string time;
  int priority = 0;

  bool operator==(const Provenance&) const = default;
};

// Move `share` of the target's traffic to `to`.
struct Redirect {
  double share = 0;
  Destination to;
  bool operator==(const Redirect&) const = default;
};

// Shadow-copy `share` of the target's requests to `to`.
struct Mirror {
  double share = 0;
  Destination to;
  bool operator==(const Mirror&) const = default;
};

// A progressive redirect: `share` is the share reached now; the runtime raises it by `step`
// every `every_seconds` up to `max`. The stitcher applies `share`.
struct Shift {
  double share = 0;
  double step = 0;
  double every_seconds = 0;
  double max = 1;
  Destination to;
  bool operator==(const Shift&) const = default;
};

// Eject the target node from load balancing, optionally for a bounded time.
struct Isolate {
  std::optional<double> for_seconds;
  bool operator==(const Isolate&) const = default;
};

// Limit requests carrying header `name` (and equal to `value` when given).
struct HeaderMatch {
  std::string name;
  std::optional<std::string> value;
  bool operator==(const HeaderMatch&) const = default;
};

// Local token bucket: `per_second` refill rate, `burst` bucket size (defaults to the rate).
struct RateLimit {
  double per_second = 0;
  std::optional<double> burst;
  std::optional<HeaderMatch> header;
  bool operator==(const RateLimit&) const = default;
};

enum class MtlsMode { kStrict, kPermissive };

struct RequireMtls {
  MtlsMode mode = MtlsMode::kStrict;
  bool operator==(const RequireMtls&) const = default;
};

struct SetTimeout {
  double seconds = 0;
  bool operator==(const SetTimeout&) const = default;
};

// Retry up to `attempts` times on the retry condition `on` (Envoy `retry_on` vocabulary,
// e.g. "5xx", "gateway-error", "connect-failure"; comma-separated).
struct SetRetries {
  int attempts = 0;
  std::string on = "5xx";
  bool operator==(const SetRetries&) const = default;
};

using Kind = std::variant<Redirect, Mirror, Shift, Isolate, RateLimit, RequireMtls, SetTimeout,
                          SetRetries>;

// One action: what to do, to what, and why.
struct Action {
  Kind kind;
  Target target;
  Provenance provenance;

  bool operator==(const Action&) const = default;
};

// The JSON spelling of an action kind ("redirect", "rate_limit", ...).
std::string_view KindName(const Kind& kind);
// The JSON spelling of a target kind ("service", "route", "node", "namespace").
std::string_view TargetKindName(TargetKind kind);
std::string_view DestinationKindName(DestinationKind kind);
// A short human description: "redirect 10% of service `reviews` to subset `v3`".
std::string Describe(const Action& action);

// Whether an action of this kind may apply to a target of this kind (language §10).
bool ValidOn(const Kind& kind, TargetKind target);

}  // namespace stitch::action
