// The types of policy expressions: quantities carry a dimension (time and bytes exponents),
// so that `rate * duration = count` and `duration / duration = number` follow from arithmetic.
#pragma once

#include <cstdint>
#include <string>

namespace stitch::types {

// Exponents of seconds and bytes: duration = (1, 0), rate = (-1, 0), byte rate = (-1, 1).
struct Dim {
  int8_t time = 0;
  int8_t bytes = 0;
  bool operator==(const Dim&) const = default;
  bool dimensionless() const { return time == 0 && bytes == 0; }
};

// What a dimensionless quantity means: a plain number (z-score, health), a whole count
// (nodes, connections) or a ratio (error rate, traffic share, written with `%`).
enum class Flavor : uint8_t { kNumber, kCount, kRatio };

struct Type {
  enum class Kind : uint8_t { kError, kBool, kString, kQuantity, kDistribution, kStringList };
  Kind kind = Kind::kError;
  Dim dim;
  Flavor flavor = Flavor::kNumber;

  static Type Error() { return {}; }
  static Type Bool() { return {Kind::kBool, {}, Flavor::kNumber}; }
  static Type String() { return {Kind::kString, {}, Flavor::kNumber}; }
  static Type StringList() { return {Kind::kStringList, {}, Flavor::kNumber}; }
  static Type Distribution() { return {Kind::kDistribution, {1, 0}, Flavor::kNumber}; }
  static Type Quantity(Dim dim, Flavor flavor = Flavor::kNumber) {
    return {Kind::kQuantity, dim, dim.dimensionless() ? flavor : Flavor::kNumber};
  }
  static Type Duration() { return Quantity({1, 0}); }
  static Type Rate() { return Quantity({-1, 0}); }
  static Type Bytes() { return Quantity({0, 1}); }
  static Type ByteRate() { return Quantity({-1, 1}); }
  static Type Number() { return Quantity({}, Flavor::kNumber); }
  static Type Count() { return Quantity({}, Flavor::kCount); }
  static Type Ratio() { return Quantity({}, Flavor::kRatio); }

  bool is_error() const { return kind == Kind::kError; }
  bool is_bool() const { return kind == Kind::kBool; }
  bool is_string() const { return kind == Kind::kString; }
  bool is_quantity() const { return kind == Kind::kQuantity; }
  bool is_duration() const { return is_quantity() && dim == Dim{1, 0}; }
  bool is_ratio() const { return is_quantity() && dim.dimensionless() && flavor == Flavor::kRatio; }
  bool is_plain_number() const {
    return is_quantity() && dim.dimensionless() && flavor != Flavor::kRatio;
  }
  bool operator==(const Type&) const = default;

  // "duration", "rate", "ratio", "count", "number", "bytes", "byte rate", "bool", ...
  std::string Name() const;
};

// True when values of the two types may be compared or added: the same dimension and, for
// dimensionless values, not a ratio against a plain number (`error_rate > 5` is an error;
// write `5%`).
bool Compatible(const Type& a, const Type& b);

// Parses a type name as written in `metric x: rate from ...` and `const x: duration = ...`.
bool ParseTypeName(const std::string& name, Type* out);

}  // namespace stitch::types
