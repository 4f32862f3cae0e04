#include "runtime/frame/ColumnKey.h"

#include <array>
#include <charconv>
#include <cmath>

namespace stitch::frame {

namespace {

constexpr std::array<std::pair<std::string_view, DerivedFn>, 10> kFns = {{
    {"avg", DerivedFn::kAvg},
    {"min", DerivedFn::kMin},
    {"max", DerivedFn::kMax},
    {"sum", DerivedFn::kSum},
    {"rate", DerivedFn::kRate},
    {"delta", DerivedFn::kDelta},
    {"ewma", DerivedFn::kEwma},
    {"zscore", DerivedFn::kZScore},
    {"anomaly", DerivedFn::kAnomaly},
    {"changed", DerivedFn::kChanged},
}};

}  // namespace

std::string_view DerivedFnName(DerivedFn fn) {
  for (const auto& [name, f] : kFns) {
    if (f == fn) return name;
  }
  return "avg";
}

std::optional<DerivedFn> ParseDerivedFn(std::string_view name) {
  for (const auto& [n, f] : kFns) {
    if (n == name) return f;
  }
  return std::nullopt;
}

bool IsDerivedKey(std::string_view key) {
  return !key.empty() && key.back() == ')' && key.find('(') != std::string_view::npos;
}

std::optional<DerivedKey> ParseDerivedKey(std::string_view key, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<DerivedKey> {
    if (error) *error = "column key `" + std::string(key) + "`: " + message;
    return std::nullopt;
  };
  const size_t open = key.find('(');
  if (open == std::string_view::npos || key.empty() || key.back() != ')') {
    return fail("expected fn(key,number)");
  }
  auto fn = ParseDerivedFn(key.substr(0, open));
  if (!fn) return fail("unknown function `" + std::string(key.substr(0, open)) + "`");
  const std::string_view body = key.substr(open + 1, key.size() - open - 2);
  size_t comma = std::string_view::npos;
  int depth = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '(') ++depth;
    if (body[i] == ')' && --depth < 0) return fail("unbalanced parentheses");
    if (body[i] == ',' && depth == 0) comma = i;
  }
  if (depth != 0) return fail("unbalanced parentheses");
  if (comma == std::string_view::npos || comma == 0) return fail("expected fn(key,number)");
  const std::string_view number = body.substr(comma + 1);
  double param = 0;
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), param);
  if (ec != std::errc() || ptr != number.data() + number.size() || !std::isfinite(param)) {
    return fail("bad number `" + std::string(number) + "`");
  }
  if (*fn == DerivedFn::kEwma) {
    if (!(param > 0 && param <= 1)) return fail("the EWMA alpha must be in (0, 1]");
  } else if (!(param > 0)) {
    return fail("the window must be a positive number of seconds");
  }
  const std::string_view inner = body.substr(0, comma);
  if (IsDerivedKey(inner) && !ParseDerivedKey(inner, error)) return std::nullopt;
  return DerivedKey{*fn, std::string(inner), param};
}

std::string FormatDerivedKey(const DerivedKey& key) {
  return std::string(DerivedFnName(key.fn)) + "(" + key.inner + "," + FormatNumber(key.param) +
         ")";
}

std::string FormatNumber(double value) {
  std::array<char, 64> buf{};
  auto [ptr, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  if (ec != std::errc()) return "0";
  return std::string(buf.data(), ptr);
}

std::string QuantileKey(std::string_view base, double q) {
  std::string out(base);
  if (q == 0.5) return out + ".p50";
  if (q == 0.9) return out + ".p90";
  if (q == 0.95) return out + ".p95";
  if (q == 0.99) return out + ".p99";
  return out + ".q" + FormatNumber(q);
}

std::string HeaderKey(std::string_view name) {
  std::string out = "header.";
  for (char c : name) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

}  // namespace stitch::frame
