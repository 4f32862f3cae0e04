#include "Type.h"

#include <fmt/format.h>

namespace stitch::types {

std::string Type::Name() const {
  switch (kind) {
    case Kind::kError: return "<error>";
    case Kind::kBool: return "bool";
    case Kind::kString: return "string";
    case Kind::kStringList: return "list of strings";
    case Kind::kDistribution: return "distribution";
    case Kind::kQuantity: break;
  }
  if (dim.dimensionless()) {
    switch (flavor) {
      case Flavor::kNumber: return "number";
      case Flavor::kCount: return "count";
      case Flavor::kRatio: return "ratio";
    }
  }
  if (dim == Dim{1, 0}) return "duration";
  if (dim == Dim{-1, 0}) return "rate";
  if (dim == Dim{0, 1}) return "bytes";
  if (dim == Dim{-1, 1}) return "byte rate";
  std::string unit;
  if (dim.bytes != 0) unit += dim.bytes == 1 ? "B" : fmt::format("B^{}", dim.bytes);
  if (dim.time != 0) {
    if (!unit.empty()) unit += "*";
    unit += dim.time == 1 ? "s" : fmt::format("s^{}", dim.time);
  }
  return "quantity in " + unit;
}

bool Compatible(const Type& a, const Type& b) {
  if (a.is_error() || b.is_error()) return true;  // already reported
  if (a.kind != b.kind) return false;
  if (!a.is_quantity()) return true;
  if (a.dim != b.dim) return false;
  if (!a.dim.dimensionless()) return true;
  return (a.flavor == Flavor::kRatio) == (b.flavor == Flavor::kRatio);
}

bool ParseTypeName(const std::string& name, Type* out) {
  static const std::pair<const char*, Type> kNames[] = {
      {"duration", Type::Duration()}, {"rate", Type::Rate()},
      {"ratio", Type::Ratio()},       {"count", Type::Count()},
      {"number", Type::Number()},     {"bytes", Type::Bytes()},
      {"byte_rate", Type::ByteRate()}, {"bool", Type::Bool()},
      {"string", Type::String()},     {"distribution", Type::Distribution()},
  };
  for (const auto& [spelling, type] : kNames) {
    if (name == spelling) {
      *out = type;
      return true;
    }
  }
  return false;
}

}  // namespace stitch::types
