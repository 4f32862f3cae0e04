// Unit suffixes of quantity literals and their normalisation to base units: seconds, ratio
// (0..1), per second, bytes, bytes per second.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "Type.h"

namespace stitch::types {

struct UnitInfo {
  std::string_view suffix;  // "ms", "%", "/s", "MiB", "MiB/s"
  Type type;
  double scale;  // multiply by this to get base units
};

// Every unit suffix the language knows, in documentation order.
const std::vector<UnitInfo>& AllUnits();
const UnitInfo* FindUnit(std::string_view suffix);

// The result of reading a quantity literal such as `1m30s` or `6000/m`.
struct ParsedQuantity {
  double value = 0;  // in base units
  Type type;
};

enum class QuantityError { kNone, kUnknownUnit, kBadCompound, kOutOfRange };

struct QuantityParse {
  QuantityError error = QuantityError::kNone;
  ParsedQuantity quantity;
  std::string bad_suffix;   // for kUnknownUnit / kBadCompound
  size_t bad_offset = 0;    // byte offset of the bad suffix within the literal
};

// Parses `<number><suffix>` and compound durations (`1h30m`, `1m30s`: units strictly
// decreasing, durations only).
QuantityParse ParseQuantity(std::string_view literal);

// The suffix used to suggest a unit for a bare number compared with a value of `type`
// ("ms" for a duration, "%" for a ratio, "/s" for a rate, "B" for bytes), or nullopt.
std::optional<std::string> SuggestedSuffix(const Type& type);

}  // namespace stitch::types
