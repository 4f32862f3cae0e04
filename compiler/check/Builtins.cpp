#include "Builtins.h"

namespace stitch::check {

using types::Type;

const std::vector<BuiltinMetric>& BuiltinMetrics() {
  static const std::vector<BuiltinMetric> kMetrics = {
      {"requests", Type::Rate(), "requests per second", false},
      {"errors", Type::Rate(), "failed requests (5xx by default) per second", false},
      {"error_rate", Type::Ratio(),
       "errors / requests; missing (not NaN) when there are no requests", false},
      {"latency", Type::Distribution(),
       "the request latency distribution; read it with p50..p99 or quantile(latency, q)", false},
      {"bytes_in", Type::ByteRate(), "bytes received per second", false},
      {"bytes_out", Type::ByteRate(), "bytes sent per second", false},
      {"connections", Type::Count(), "open connections", false},
      {"health", Type::Number(), "the health score, 0..100, from the `health` block", false},
      {"healthy_nodes", Type::Count(), "nodes of the service currently healthy", true},
      {"total_nodes", Type::Count(), "nodes of the service", true},
  };
  return kMetrics;
}

const BuiltinMetric* FindBuiltinMetric(std::string_view name) {
  for (const BuiltinMetric& metric : BuiltinMetrics()) {
    if (metric.name == name) return &metric;
  }
  return nullptr;
}

const std::vector<BuiltinFunction>& BuiltinFunctions() {
  static const std::vector<BuiltinFunction> kFunctions = {
      {"p50", Function::kP50, "p50(d: distribution) -> duration", "the median of a latency distribution"},
      {"p90", Function::kP90, "p90(d: distribution) -> duration", "the 90th percentile"},
      {"p95", Function::kP95, "p95(d: distribution) -> duration", "the 95th percentile"},
      {"p99", Function::kP99, "p99(d: distribution) -> duration", "the 99th percentile"},
      {"quantile", Function::kQuantile, "quantile(d: distribution, q: ratio) -> duration",
       "the q-quantile of a latency distribution, q a constant in [0, 1]"},
      {"avg", Function::kAvg, "avg(x: quantity, window: duration) -> same as x",
       "the mean of x over the window"},
      {"min", Function::kMin, "min(x, window: duration) | min(a, b, ...) -> same as x",
       "the least value of x over a window, or the least of its arguments"},
      {"max", Function::kMax, "max(x, window: duration) | max(a, b, ...) -> same as x",
       "the greatest value of x over a window, or the greatest of its arguments"},
      {"sum", Function::kSum, "sum(x: quantity, window: duration) -> same as x",
       "the sum of the samples of x over the window"},
      {"rate", Function::kRate, "rate(counter: count, window: duration) -> rate",
       "the per-second increase of a counter over the window; counter resets are handled"},
      {"delta", Function::kDelta, "delta(x: quantity, window: duration) -> same as x",
       "the change of x over the window"},
      {"ewma", Function::kEwma, "ewma(x: quantity, alpha: ratio) -> same as x",
       "the exponentially weighted moving average of x, alpha a constant in (0, 1]"},
      {"zscore", Function::kZscore, "zscore(x: quantity, window: duration) -> number",
       "how many standard deviations x is from its mean over the window"},
      {"abs", Function::kAbs, "abs(x: quantity) -> same as x", "the absolute value"},
      {"clamp", Function::kClamp, "clamp(x, lo, hi) -> same as x", "x bounded to [lo, hi]"},
      {"anomaly", Function::kAnomaly, "anomaly(x: quantity) -> bool",
       "true when x is an outlier against its EWMA by a robust z-score"},
      {"changed", Function::kChanged, "changed(x, window: duration) -> bool",
       "true when x took more than one value within the window"},
      {"present", Function::kPresent, "present(x) -> bool",
       "true when x has a fresh sample; never unknown"},
      {"header", Function::kHeader, "header(name: string) -> rate",
       "requests per second carrying the header (names are case-insensitive)"},
      {"tag", Function::kTag, "tag(key: string) -> string", "the entity's tag value"},
  };
  return kFunctions;
}

const BuiltinFunction* FindBuiltinFunction(std::string_view name) {
  for (const BuiltinFunction& function : BuiltinFunctions()) {
    if (function.name == name) return &function;
  }
  return nullptr;
}

const std::vector<GuardSetting>& GuardSettings() {
  static const std::vector<GuardSetting> kGuards = {
      {"min_healthy_nodes", Type::Count(), "never isolate a service's last N healthy nodes"},
      {"max_isolated", Type::Ratio(), "the share of a service's nodes that may be isolated at once"},
      {"max_redirect", Type::Ratio(), "the most traffic all redirects together may move"},
      {"max_changes_per_tick", Type::Count(), "the most action changes applied in one tick"},
  };
  return kGuards;
}

const std::vector<std::string_view>& RetryConditions() {
  static const std::vector<std::string_view> kConditions = {
      "5xx", "gateway-error", "reset", "connect-failure", "envoy-ratelimited",
      "retriable-4xx", "refused-stream", "retriable-status-codes", "retriable-headers",
      "http3-post-connect-failure",
  };
  return kConditions;
}

}  // namespace stitch::check
