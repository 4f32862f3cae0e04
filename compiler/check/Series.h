// The frame column an expression reads when it names one telemetry series: `requests`,
// `p99(latency)`, `header("x-debug")`, `avg(p99(latency), 5m)`. Windowed functions and
// `anomaly` read series, since the runtime keeps their history per column.
#pragma once

#include <optional>
#include <string>

#include "compiler/ast/Ast.h"

namespace stitch::check {

// The window `anomaly(x)` looks back over, in seconds.
inline constexpr double kAnomalyWindowSeconds = 3600;

// Whether a checked `min`/`max` call is the windowed form `max(x, 5m)` (a telemetry-dependent
// first argument and a constant duration second) rather than the pairwise one.
bool IsWindowedMinMax(const ast::Expr& call);

// The column key of a checked expression that is a series (docs/telemetry.md), or nullopt.
std::optional<std::string> SeriesKey(const ast::Expr& expr);

}  // namespace stitch::check
