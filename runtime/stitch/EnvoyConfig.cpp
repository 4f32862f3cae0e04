#include "EnvoyConfig.h"

#include <algorithm>
#include <cmath>

#include "JsonUtil.h"

namespace stitch::stitch {

Json LocalRateLimitTokenBucket(const action::RateLimit& l, bool camel) {
  std::int64_t tokens = 0;
  double interval = 1;
  if (std::fabs(l.per_second - std::round(l.per_second)) < 1e-9) {
    tokens = std::llround(l.per_second);
  } else {
    for (int k = 2; k <= 1000; ++k) {
      double t = l.per_second * k;
      if (std::fabs(t - std::round(t)) < 1e-9) {
        tokens = std::llround(t);
        interval = k;
        break;
      }
    }
    if (tokens == 0) {
      tokens = 1;
      interval = std::round(1000.0 / l.per_second) / 1000.0;
    }
  }
  std::int64_t max_tokens = std::max<std::int64_t>(
      tokens, static_cast<std::int64_t>(std::ceil(l.burst.value_or(l.per_second) - 1e-9)));
  Json b = Json::object();
  b[camel ? "maxTokens" : "max_tokens"] = max_tokens;
  b[camel ? "tokensPerFill" : "tokens_per_fill"] = tokens;
  b[camel ? "fillInterval" : "fill_interval"] = DurationString(interval);
  return b;
}

Json RuntimePercent100(const std::string& runtime_key, bool camel) {
  Json dv = Json::object();
  dv["numerator"] = 100;
  dv["denominator"] = "HUNDRED";
  Json f = Json::object();
  f[camel ? "runtimeKey" : "runtime_key"] = runtime_key;
  f[camel ? "defaultValue" : "default_value"] = dv;
  return f;
}

Json LocalRateLimitConfig(const action::RateLimit& limit, bool camel) {
  Json c = Json::object();
  c["@type"] = kRateLimitType;
  c[camel ? "statPrefix" : "stat_prefix"] = "http_local_rate_limiter";
  c[camel ? "tokenBucket" : "token_bucket"] = LocalRateLimitTokenBucket(limit, camel);
  c[camel ? "filterEnabled" : "filter_enabled"] = RuntimePercent100("local_rate_limit_enabled", camel);
  c[camel ? "filterEnforced" : "filter_enforced"] = RuntimePercent100("local_rate_limit_enforced", camel);
  return c;
}

}  // namespace stitch::stitch
