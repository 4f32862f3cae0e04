#include "Action.h"

#include <cmath>
#include <cstdio>

namespace stitch::action {
namespace {

template <class... F>
struct Overload : F... {
  using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string Percent(double share) { return Number(share * 100) + "%"; }

std::string Dest(const Destination& d) {
  std::string kind = d.kind == DestinationKind::kAny ? "" : std::string(DestinationKindName(d.kind)) + " ";
  return kind + "`" + d.name + "`";
}

}  // namespace

std::string_view KindName(const Kind& kind) {
  static constexpr std::string_view kNames[] = {"redirect",     "mirror",      "shift",
                                                "isolate",      "rate_limit",  "require_mtls",
                                                "set_timeout",  "set_retries"};
  return kNames[kind.index()];
}

std::string_view TargetKindName(TargetKind kind) {
  switch (kind) {
    case TargetKind::kService: return "service";
    case TargetKind::kRoute: return "route";
    case TargetKind::kNode: return "node";
    case TargetKind::kNamespace: return "namespace";
  }
  return "service";
}

std::string_view DestinationKindName(DestinationKind kind) {
  switch (kind) {
    case DestinationKind::kAny: return "any";
    case DestinationKind::kSubset: return "subset";
    case DestinationKind::kHost: return "host";
  }
  return "any";
}

bool ValidOn(const Kind& kind, TargetKind target) {
  return std::visit(
      Overload{
          [&](const Isolate&) { return target == TargetKind::kNode; },
          [&](const RequireMtls&) {
            return target == TargetKind::kService || target == TargetKind::kNamespace;
          },
          [&](const auto&) { return target == TargetKind::kService || target == TargetKind::kRoute; },
      },
      kind);
}

std::string Describe(const Action& action) {
  std::string target = std::string(TargetKindName(action.target.kind)) + " `" + action.target.name + "`";
  return std::visit(
      Overload{
          [&](const Redirect& a) {
            return "redirect " + Percent(a.share) + " of " + target + " to " + Dest(a.to);
          },
          [&](const Mirror& a) {
            return "mirror " + Percent(a.share) + " of " + target + " to " + Dest(a.to);
          },
          [&](const Shift& a) {
            return "shift " + Percent(a.share) + " of " + target + " to " + Dest(a.to) + " (step " +
                   Percent(a.step) + " every " + Number(a.every_seconds) + "s, max " +
                   Percent(a.max) + ")";
          },
          [&](const Isolate& a) {
            return "isolate " + target +
                   (a.for_seconds ? " for " + Number(*a.for_seconds) + "s" : std::string());
          },
          [&](const RateLimit& a) {
            std::string out = "rate_limit " + target + " to " + Number(a.per_second) + "/s";
            if (a.burst) out += " burst " + Number(*a.burst);
            if (a.header) {
              out += " on header `" + a.header->name + "`";
              if (a.header->value) out += " = `" + *a.header->value + "`";
            }
            return out;
          },
          [&](const RequireMtls& a) {
            return std::string("require mtls ") +
                   (a.mode == MtlsMode::kStrict ? "strict" : "permissive") + " on " + target;
          },
          [&](const SetTimeout& a) { return "set timeout " + Number(a.seconds) + "s on " + target; },
          [&](const SetRetries& a) {
            return "set retries " + std::to_string(a.attempts) + " on `" + a.on + "` for " + target;
          },
      },
      action.kind);
}

}  // namespace stitch::action
