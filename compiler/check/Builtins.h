// The built-in metrics and functions of the language (LANGUAGE.md §4-§5), with their types and
// one-line docs: the checker types calls with them, the language server shows them.
#pragma once

#include <string_view>
#include <vector>

#include "compiler/types/Type.h"

namespace stitch::check {

struct BuiltinMetric {
  std::string_view name;
  types::Type type;
  std::string_view doc;
  bool services_only;  // aggregates over a service's nodes
};

const std::vector<BuiltinMetric>& BuiltinMetrics();
const BuiltinMetric* FindBuiltinMetric(std::string_view name);

enum class Function : uint8_t {
  kP50, kP90, kP95, kP99, kQuantile,
  kAvg, kMin, kMax, kSum, kRate, kDelta, kEwma, kZscore,
  kAbs, kClamp, kAnomaly, kChanged, kPresent, kHeader, kTag,
};

struct BuiltinFunction {
  std::string_view name;
  Function function;
  std::string_view signature;  // "avg(x: quantity, window: duration) -> same as x"
  std::string_view doc;
};

const std::vector<BuiltinFunction>& BuiltinFunctions();
const BuiltinFunction* FindBuiltinFunction(std::string_view name);

// Guard settings (LANGUAGE.md §11) and their types.
struct GuardSetting {
  std::string_view name;
  types::Type type;
  std::string_view doc;
};
const std::vector<GuardSetting>& GuardSettings();

// Retry conditions accepted by `set retries N on "..."` (Envoy's `retry_on` values).
const std::vector<std::string_view>& RetryConditions();

}  // namespace stitch::check
