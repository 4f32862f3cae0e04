// Quantity literals normalise to base units: seconds, ratio, per second, bytes.
#include <catch2/catch.hpp>

#include "compiler/types/Units.h"

using namespace stitch::types;

namespace {
double Value(const char* literal) {
  QuantityParse parsed = ParseQuantity(literal);
  REQUIRE(parsed.error == QuantityError::kNone);
  return parsed.quantity.value;
}
Type TypeOf(const char* literal) { return ParseQuantity(literal).quantity.type; }
}  // namespace

TEST_CASE("durations normalise to seconds, compound ones add up") {
  CHECK(Value("1m30s") == 90);
  CHECK(Value("1h30m") == 5400);
  CHECK(Value("500ms") == Approx(0.5).epsilon(1e-15));
  CHECK(Value("250us") == Approx(0.00025).epsilon(1e-12));
  CHECK(Value("2h") == 7200);
  CHECK(Value("1.5s") == 1.5);
  CHECK(TypeOf("1m30s") == Type::Duration());
}

TEST_CASE("percentages are ratios and rates are per second") {
  CHECK(Value("5%") == Approx(0.05).epsilon(1e-15));
  CHECK(TypeOf("5%") == Type::Ratio());
  CHECK(Value("6000/m") == 100);
  CHECK(Value("7200/h") == 2);
  CHECK(Value("100/s") == 100);
  CHECK(TypeOf("6000/m") == Type::Rate());
}

TEST_CASE("bytes use decimal and binary prefixes, byte rates divide by seconds") {
  CHECK(Value("10MiB") == 10485760);
  CHECK(Value("10MB") == 10000000);
  CHECK(Value("2KiB/s") == 2048);
  CHECK(TypeOf("2KiB/s") == Type::ByteRate());
}

TEST_CASE("bad suffixes and compounds are rejected precisely") {
  QuantityParse p = ParseQuantity("5mins");
  CHECK(p.error == QuantityError::kUnknownUnit);
  CHECK(p.bad_suffix == "mins");
  CHECK(p.bad_offset == 1);
  CHECK(ParseQuantity("30s1m").error == QuantityError::kBadCompound);
  CHECK(ParseQuantity("1m1m").error == QuantityError::kBadCompound);
  CHECK(ParseQuantity("5%1s").error == QuantityError::kBadCompound);
  CHECK(ParseQuantity("10MiB5s").error == QuantityError::kBadCompound);
}

TEST_CASE("suggested suffixes follow the expected type") {
  CHECK(*SuggestedSuffix(Type::Duration()) == "ms");
  CHECK(*SuggestedSuffix(Type::Ratio()) == "%");
  CHECK(*SuggestedSuffix(Type::Rate()) == "/s");
  CHECK_FALSE(SuggestedSuffix(Type::Number()).has_value());
}
