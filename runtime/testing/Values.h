// Values in policy test files, written with the policy language's units (`650ms`, `5%`,
// `100/s`, `2MiB/s`) and normalised to base units the same way, and the compact series
// notation: `200ms x3, 650ms x12, _ x2, 0/s+10/s x5`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/types/Type.h"

namespace stitch::policytest {

// One value with its unit: the number in base units and its type (a bare number is a plain
// number). False with `error` set when the text is not a quantity.
bool ParseValue(std::string_view text, double& value, types::Type& type, std::string& error);

// A value that must be of `type` (`10%` for a ratio, `2s` for a duration); a bare number is
// accepted only where the type is a plain number or a count.
bool ParseTypedValue(std::string_view text, const types::Type& type, double& value, std::string& error);

// The type a frame column holds (`latency.p99`: duration, `requests`: rate, `error_rate`:
// ratio, ...), or nullopt for custom metrics and derived keys (any unit is accepted).
std::optional<types::Type> ColumnType(std::string_view key);

// Parses a series: comma-separated terms `VALUE [xN]`, where VALUE is a quantity, `_` or
// `missing` (no sample), or a ramp `START+STEP` / `START-STEP` (N samples: START,
// START+STEP, ...). `xN` repeats N times (N samples, N >= 1). When `type` is given, every
// value must be of it. nullopt entries are missing samples.
bool ParseSeries(std::string_view text, const std::optional<types::Type>& type,
                 std::vector<std::optional<double>>& out, std::string& error);

// A value with the unit a type is written in: "650ms", "1m30s", "10%", "100/s", "4".
std::string FormatValue(double value, const types::Type& type);

}  // namespace stitch::policytest
