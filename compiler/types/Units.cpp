#include "Units.h"

#include <charconv>
#include <cmath>

namespace stitch::types {

const std::vector<UnitInfo>& AllUnits() {
  static const std::vector<UnitInfo> kUnits = {
      {"ns", Type::Duration(), 1e-9},      {"us", Type::Duration(), 1e-6},
      {"ms", Type::Duration(), 1e-3},      {"s", Type::Duration(), 1},
      {"m", Type::Duration(), 60},         {"h", Type::Duration(), 3600},
      {"%", Type::Ratio(), 0.01},          {"/s", Type::Rate(), 1},
      {"/m", Type::Rate(), 1.0 / 60},      {"/h", Type::Rate(), 1.0 / 3600},
      {"B", Type::Bytes(), 1},             {"KB", Type::Bytes(), 1e3},
      {"MB", Type::Bytes(), 1e6},          {"GB", Type::Bytes(), 1e9},
      {"KiB", Type::Bytes(), 1024},        {"MiB", Type::Bytes(), 1024.0 * 1024},
      {"GiB", Type::Bytes(), 1024.0 * 1024 * 1024},
      {"B/s", Type::ByteRate(), 1},        {"KB/s", Type::ByteRate(), 1e3},
      {"MB/s", Type::ByteRate(), 1e6},     {"GB/s", Type::ByteRate(), 1e9},
      {"KiB/s", Type::ByteRate(), 1024},   {"MiB/s", Type::ByteRate(), 1024.0 * 1024},
      {"GiB/s", Type::ByteRate(), 1024.0 * 1024 * 1024},
  };
  return kUnits;
}

const UnitInfo* FindUnit(std::string_view suffix) {
  for (const UnitInfo& unit : AllUnits()) {
    if (unit.suffix == suffix) return &unit;
  }
  return nullptr;
}

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads `digits[.digits]` at `pos`; returns false if there is none.
bool ReadNumber(std::string_view s, size_t& pos, double& value) {
  size_t start = pos;
  while (pos < s.size() && IsDigit(s[pos])) ++pos;
  if (pos == start) return false;
  if (pos + 1 < s.size() && s[pos] == '.' && IsDigit(s[pos + 1])) {
    ++pos;
    while (pos < s.size() && IsDigit(s[pos])) ++pos;
  }
  auto [ptr, ec] = std::from_chars(s.data() + start, s.data() + pos, value);
  return ec == std::errc() || ec == std::errc::result_out_of_range;
}

}  // namespace

QuantityParse ParseQuantity(std::string_view literal) {
  QuantityParse result;
  size_t pos = 0;
  double total = 0;
  double previous_scale = 0;
  bool first = true;
  while (pos < literal.size()) {
    size_t number_start = pos;
    double value = 0;
    if (!ReadNumber(literal, pos, value)) {
      result.error = QuantityError::kBadCompound;
      result.bad_suffix = std::string(literal.substr(number_start));
      result.bad_offset = number_start;
      return result;
    }
    size_t suffix_start = pos;
    while (pos < literal.size() && !IsDigit(literal[pos])) ++pos;
    std::string_view suffix = literal.substr(suffix_start, pos - suffix_start);
    const UnitInfo* unit = FindUnit(suffix);
    if (!unit) {
      result.error = QuantityError::kUnknownUnit;
      result.bad_suffix = std::string(suffix);
      result.bad_offset = suffix_start;
      return result;
    }
    if (!first && (!unit->type.is_duration() || !result.quantity.type.is_duration() ||
                   unit->scale >= previous_scale)) {
      result.error = QuantityError::kBadCompound;
      result.bad_suffix = std::string(suffix);
      result.bad_offset = suffix_start;
      return result;
    }
    result.quantity.type = unit->type;
    previous_scale = unit->scale;
    total += value * unit->scale;
    first = false;
  }
  if (!std::isfinite(total)) {
    result.error = QuantityError::kOutOfRange;
    return result;
  }
  result.quantity.value = total;
  return result;
}

std::optional<std::string> SuggestedSuffix(const Type& type) {
  if (!type.is_quantity()) return std::nullopt;
  if (type.is_duration()) return "ms";
  if (type.is_ratio()) return "%";
  if (type.dim == Dim{-1, 0}) return "/s";
  if (type.dim == Dim{0, 1}) return "B";
  if (type.dim == Dim{-1, 1}) return "B/s";
  return std::nullopt;
}

}  // namespace stitch::types
