// Envoy configuration fragments shared by the Envoy and Istio (EnvoyFilter) dialects.
#pragma once

#include "Manifest.h"
#include "action/Action.h"

namespace stitch::stitch {

inline constexpr const char* kRateLimitFilter = "envoy.filters.http.local_ratelimit";
inline constexpr const char* kRateLimitType =
    "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit";

// `token_bucket` for N/s with burst B: tokens_per_fill N every 1s when N is integral, else the
// shortest whole number of seconds k with N*k integral (k ≤ 1000), else 1 token every 1/N s;
// max_tokens = ceil(B) (default N), at least tokens_per_fill.
Json LocalRateLimitTokenBucket(const action::RateLimit& limit, bool camel);

// A RuntimeFractionalPercent at 100%: {runtime_key, default_value {100, HUNDRED}}.
Json RuntimePercent100(const std::string& runtime_key, bool camel);

// The full per-route / per-filter LocalRateLimit config for a limit.
Json LocalRateLimitConfig(const action::RateLimit& limit, bool camel);

}  // namespace stitch::stitch
