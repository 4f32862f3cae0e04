#include "lsp/Actions.h"

namespace stitch::lsp {

const std::vector<ActionInfo>& Actions() {
  using K = ast::ActionKind;
  static const std::vector<ActionInfo> actions = {
      {K::kRedirect, "redirect", "redirect P% to DEST", "redirect ${1:10%} to \"$2\"",
       "moves P% of the target's traffic to DEST while the policy fires", "service and route targets"},
      {K::kMirror, "mirror", "mirror P% to DEST", "mirror ${1:10%} to \"$2\"",
       "copies P% of the target's requests to DEST; responses from DEST are discarded",
       "service and route targets"},
      {K::kShift, "shift", "shift P% to DEST step S every D [max M]",
       "shift ${1:5%} to \"$2\" step ${3:5%} every ${4:1m}",
       "moves P% of the traffic to DEST, adds S every D while firing, and stops at M (default 100%)",
       "service and route targets"},
      {K::kIsolate, "isolate node", "isolate node [for D]", "isolate node",
       "takes the node out of load balancing (for D, or while the policy fires), within the guards",
       "node targets (`each node of service`)"},
      {K::kRateLimit, "rate_limit", "rate_limit N/s [burst B] [on header \"h\" [= \"v\"]]",
       "rate_limit ${1:100/s}",
       "limits requests to N per second (with bursts of B), optionally only those carrying a header",
       "service and route targets"},
      {K::kRequireMtls, "require mtls", "require mtls strict|permissive", "require mtls ${1|strict,permissive|}",
       "requires mutual TLS for traffic to the target: `strict` refuses plain text, `permissive` accepts both",
       "service and namespace targets"},
      {K::kSetTimeout, "set timeout", "set timeout D", "set timeout ${1:2s}",
       "sets the request timeout of the target's routes to D", "service and route targets"},
      {K::kSetRetries, "set retries", "set retries N [on \"5xx,reset\"]", "set retries ${1:3}",
       "sets how often failed requests are retried, optionally on which Envoy `retry_on` conditions",
       "service and route targets"},
  };
  return actions;
}

const ActionInfo& InfoFor(ast::ActionKind kind) {
  for (const auto& info : Actions()) {
    if (info.kind == kind) return info;
  }
  return Actions().front();
}

bool ActionValidFor(ast::ActionKind action, ast::TargetKind target) {
  using T = ast::TargetKind;
  bool service = target == T::kService || target == T::kServiceMatch || target == T::kServicesWhere;
  bool node = target == T::kNode || target == T::kNodeMatch;
  switch (action) {
    case ast::ActionKind::kIsolate:
      return node;
    case ast::ActionKind::kRequireMtls:
      return service || target == T::kNamespace;
    default:
      return service || target == T::kRoute;
  }
}

}  // namespace stitch::lsp
