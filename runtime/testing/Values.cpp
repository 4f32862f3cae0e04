#include "Values.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "compiler/types/Units.h"

namespace stitch::policytest {
namespace {

constexpr size_t kMaxRepeat = 100000;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool AllDigits(std::string_view s, bool allow_dot) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!(c >= '0' && c <= '9') && !(allow_dot && c == '.')) return false;
  }
  return true;
}

std::string TypeHint(const types::Type& type) {
  auto suffix = types::SuggestedSuffix(type);
  return suffix ? fmt::format(" (e.g. `1{}`)", *suffix) : "";
}

}  // namespace

bool ParseValue(std::string_view text, double& value, types::Type& type, std::string& error) {
  std::string_view s = Trim(text);
  bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  if (AllDigits(s, true)) {
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size()) {
      error = fmt::format("`{}` is not a number", Trim(text));
      return false;
    }
    type = types::Type::Number();
  } else {
    types::QuantityParse parsed = types::ParseQuantity(s);
    if (s.empty() || parsed.error != types::QuantityError::kNone) {
      error = !s.empty() && parsed.error == types::QuantityError::kUnknownUnit && !parsed.bad_suffix.empty() &&
                      s.front() >= '0' && s.front() <= '9'
                  ? fmt::format("unknown unit `{}` in `{}`", parsed.bad_suffix, Trim(text))
                  : fmt::format("`{}` is not a value (a number with an optional unit, e.g. `650ms`, "
                                "`5%`, `100/s`)",
                                Trim(text));
      return false;
    }
    value = parsed.quantity.value;
    type = parsed.quantity.type;
  }
  if (negative) value = -value;
  return true;
}

bool ParseTypedValue(std::string_view text, const types::Type& type, double& value, std::string& error) {
  types::Type got;
  if (!ParseValue(text, value, got, error)) return false;
  if (!types::Compatible(got, type)) {
    error = fmt::format("`{}` is a {}, expected a {}{}", Trim(text), got.Name(), type.Name(), TypeHint(type));
    return false;
  }
  return true;
}

std::optional<types::Type> ColumnType(std::string_view key) {
  if (key == "requests" || key == "errors" || key.starts_with("header.")) return types::Type::Rate();
  if (key == "error_rate") return types::Type::Ratio();
  if (key.starts_with("latency.")) return types::Type::Duration();
  if (key == "bytes_in" || key == "bytes_out") return types::Type::ByteRate();
  if (key == "connections" || key == "healthy_nodes" || key == "total_nodes") return types::Type::Count();
  if (key == "health" || key == "anomaly") return types::Type::Number();
  return std::nullopt;
}

bool ParseSeries(std::string_view text, const std::optional<types::Type>& type,
                 std::vector<std::optional<double>>& out, std::string& error) {
  out.clear();
  std::string_view rest = text;
  while (true) {
    size_t comma = rest.find(',');
    std::string_view term = Trim(rest.substr(0, comma));
    if (term.empty()) {
      error = "empty term in the series (terms are `VALUE [xN]`, separated by commas)";
      return false;
    }
    size_t count = 1;
    if (size_t x = term.rfind('x'); x != std::string_view::npos && AllDigits(term.substr(x + 1), false)) {
      std::string_view digits = term.substr(x + 1);
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
      if (ec != std::errc() || count < 1 || count > kMaxRepeat) {
        error = fmt::format("`{}`: the repeat count must be between 1 and {}", term, kMaxRepeat);
        return false;
      }
      term = Trim(term.substr(0, x));
    }
    if (term == "_" || term == "missing") {
      out.insert(out.end(), count, std::nullopt);
    } else {
      // A ramp `START+STEP` or `START-STEP`; the sign at position 0 belongs to START.
      size_t op = term.find_first_of("+-", 1);
      std::string_view start_text = term.substr(0, op);
      double start = 0, step = 0;
      types::Type start_type, step_type;
      if (!ParseValue(start_text, start, start_type, error)) return false;
      if (op != std::string_view::npos) {
        if (!ParseValue(term.substr(op + 1), step, step_type, error)) return false;
        if (!types::Compatible(start_type, step_type)) {
          error = fmt::format("`{}`: the step is a {} but the start a {}", term, step_type.Name(), start_type.Name());
          return false;
        }
        if (term[op] == '-') step = -step;
      }
      if (type && !types::Compatible(start_type, *type)) {
        error = fmt::format("`{}` is a {}, expected a {}{}", start_text, start_type.Name(), type->Name(),
                            TypeHint(*type));
        return false;
      }
      for (size_t i = 0; i < count; ++i) out.emplace_back(start + step * static_cast<double>(i));
    }
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return true;
}

std::string FormatValue(double value, const types::Type& type) {
  if (type.is_duration()) {
    if (value < 1) return fmt::format("{:g}ms", value * 1000);
    if (value != std::floor(value)) return fmt::format("{:g}s", value);
    auto total = static_cast<int64_t>(value);
    std::string out;
    if (total >= 3600) out += fmt::format("{}h", total / 3600);
    if (total % 3600 >= 60) out += fmt::format("{}m", total % 3600 / 60);
    if (total % 60 || out.empty()) out += fmt::format("{}s", total % 60);
    return out;
  }
  if (type.is_ratio()) return fmt::format("{:g}%", std::round(value * 1e8) / 1e6);
  if (type.dim == types::Dim{-1, 0}) return fmt::format("{:g}/s", value);
  if (type.dim == types::Dim{0, 1}) return fmt::format("{:g}B", value);
  if (type.dim == types::Dim{-1, 1}) return fmt::format("{:g}B/s", value);
  return fmt::format("{:g}", value);
}

}  // namespace stitch::policytest
