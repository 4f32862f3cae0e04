// Typed actions: what fired policies ask for, as plain values (docs/actions.md describes the
// JSON form and the units). All quantities are in base units: shares are ratios in [0, 1],
// durations seconds, rates per second.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "stitch/Export.h"
#include "stitch/Result.h"

namespace stitch {

enum class TargetKind { kService, kRoute, kNode, kNamespace };

// What an action applies to. For a node, `service` is the service it belongs to (may be empty).
struct ActionTarget {
  TargetKind kind = TargetKind::kService;
  std::string name;
  std::string service;
  bool operator==(const ActionTarget&) const = default;
};

enum class DestinationKind { kAny, kSubset, kHost };

// Where traffic goes; `declared`: it exists outside the loaded manifests.
struct Destination {
  std::string name;
  DestinationKind kind = DestinationKind::kAny;
  bool declared = false;
  bool operator==(const Destination&) const = default;
};

// Why an action exists: the policy, the entity it fired for, the inputs that made it fire,
// when (RFC 3339 UTC) and the policy's priority (higher wins conflicts).
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
// A progressive redirect now at `share`, raised by `step` every `every_seconds` up to `max`.
struct Shift {
  double share = 0;
  double step = 0;
  double every_seconds = 0;
  double max = 1;
  Destination to;
  bool operator==(const Shift&) const = default;
};
// Eject a node from load balancing, optionally for a bounded time.
struct Isolate {
  std::optional<double> for_seconds;
  bool operator==(const Isolate&) const = default;
};
// Local token bucket, optionally only for requests carrying a header (equal to a value).
struct RateLimit {
  double per_second = 0;
  std::optional<double> burst;
  std::optional<std::string> header_name;
  std::optional<std::string> header_value;
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
// Retry up to `attempts` times on `on` (Envoy `retry_on` vocabulary).
struct SetRetries {
  int attempts = 0;
  std::string on = "5xx";
  bool operator==(const SetRetries&) const = default;
};

using ActionKind = std::variant<Redirect, Mirror, Shift, Isolate, RateLimit, RequireMtls, SetTimeout, SetRetries>;

// One action: what, to what, and why. Plain value; thread-compatible.
struct Action {
  ActionKind kind;
  ActionTarget target;
  Provenance provenance;
  bool operator==(const Action&) const = default;
};

// "redirect", "rate_limit", ... (the JSON `type`). Thread-safe.
STITCH_API std::string ActionTypeName(const Action& action);

// "redirect 10% of service `reviews` to subset `v3`". Thread-safe.
STITCH_API std::string Describe(const Action& action);

// The actions document `{"version": 1, "actions": [...]}`, deterministic (docs/actions.md).
// Thread-safe.
STITCH_API std::string ActionsToJson(const std::vector<Action>& actions);

// Parses an actions document (or a bare array). kInvalidUtf8, kInvalidJson (S0101) or
// kInvalidData (S0102) on bad input. Thread-safe.
STITCH_API Result<std::vector<Action>> ActionsFromJson(const std::string& text);

}  // namespace stitch
