#include "Lexical.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "compiler/check/Suggest.h"
#include "compiler/types/Units.h"

namespace stitch::parse {

namespace {

void AppendUtf8(std::string& out, uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

}  // namespace

std::string DecodeString(std::string_view raw, uint32_t offset, const SourceFilePtr& file,
                         Diagnostics& diagnostics) {
  std::string out;
  size_t end = raw.size();
  if (end >= 2 && raw.back() == '"') --end;
  for (size_t i = 1; i < end; ++i) {
    char c = raw[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    size_t start = i;
    char e = i + 1 < end ? raw[i + 1] : '\0';
    ++i;
    switch (e) {
      case '"': out += '"'; continue;
      case '\\': out += '\\'; continue;
      case 'n': out += '\n'; continue;
      case 't': out += '\t'; continue;
      case 'u': {
        size_t close = raw.find('}', i);
        if (i + 1 < end && raw[i + 1] == '{' && close != std::string_view::npos && close < end) {
          std::string_view hex = raw.substr(i + 2, close - i - 2);
          uint32_t code = 0;
          auto [ptr, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), code, 16);
          bool ok = !hex.empty() && hex.size() <= 6 && ec == std::errc() &&
                    ptr == hex.data() + hex.size() && code <= 0x10FFFF &&
                    !(code >= 0xD800 && code <= 0xDFFF);
          if (ok) {
            AppendUtf8(out, code);
            i = close;
            continue;
          }
          diagnostics.Add(DiagCode::E0004, file,
                          {offset + static_cast<uint32_t>(start), offset + static_cast<uint32_t>(close + 1)},
                          fmt::format("`{}` is not a Unicode scalar value",
                                      raw.substr(start, close + 1 - start)));
          i = close;
          continue;
        }
        diagnostics.Add(DiagCode::E0004, file,
                        {offset + static_cast<uint32_t>(start), offset + static_cast<uint32_t>(i + 1)},
                        "`\\u` must be followed by a code point in braces, as in `\\u{2713}`");
        continue;
      }
      default: {
        std::string shown = e == '\0' ? std::string("\\") : fmt::format("\\{}", e);
        diagnostics.Add(DiagCode::E0004, file,
                        {offset + static_cast<uint32_t>(start), offset + static_cast<uint32_t>(i + 1)},
                        fmt::format("unknown escape `{}`; strings allow `\\\"`, `\\\\`, `\\n`, "
                                    "`\\t` and `\\u{{...}}`",
                                    shown));
        continue;
      }
    }
  }
  return out;
}

void ReadNumberLiteral(ast::Expr& expr, const SourceFilePtr& file, Diagnostics& diagnostics) {
  expr.kind = ast::ExprKind::kNumber;
  expr.integer = expr.raw.find('.') == std::string::npos;
  double value = 0;
  auto [ptr, ec] = std::from_chars(expr.raw.data(), expr.raw.data() + expr.raw.size(), value);
  if (ec != std::errc() || !std::isfinite(value) || value > 1e15) {
    diagnostics.Add(DiagCode::E0012, file, expr.range,
                    fmt::format("`{}` is too large; numbers go up to 10^15", expr.raw));
    value = 0;
  }
  expr.value = value;
  expr.type = expr.integer ? types::Type::Count() : types::Type::Number();
}

void ReadQuantityLiteral(ast::Expr& expr, const SourceFilePtr& file, Diagnostics& diagnostics) {
  expr.kind = ast::ExprKind::kQuantity;
  types::QuantityParse parsed = types::ParseQuantity(expr.raw);
  SourceRange suffix_range = {expr.range.begin + static_cast<uint32_t>(parsed.bad_offset),
                              expr.range.end};
  switch (parsed.error) {
    case types::QuantityError::kNone:
      break;
    case types::QuantityError::kUnknownUnit: {
      std::vector<std::string> units;
      for (const auto& unit : types::AllUnits()) units.emplace_back(unit.suffix);
      auto& d = diagnostics.Add(DiagCode::E0011, file, suffix_range,
                                fmt::format("unknown unit `{}` in `{}`", parsed.bad_suffix, expr.raw));
      if (auto guess = check::Closest(parsed.bad_suffix, units)) {
        d.fix = FixIt{suffix_range, *guess, fmt::format("did you mean `{}`?", *guess)};
      } else if (parsed.bad_suffix.find('/') != std::string::npos) {
        d.notes.push_back({nullptr, {}, "to divide a number by a name, put spaces around `/`"});
      }
      break;
    }
    case types::QuantityError::kBadCompound:
      diagnostics.Add(DiagCode::E0013, file, suffix_range,
                      fmt::format("`{}` is not a valid quantity: only durations combine, largest "
                                  "unit first, as in `1h30m` or `1m30s`",
                                  expr.raw));
      break;
    case types::QuantityError::kOutOfRange:
      diagnostics.Add(DiagCode::E0012, file, expr.range,
                      fmt::format("`{}` is out of range", expr.raw));
      break;
  }
  if (parsed.error == types::QuantityError::kNone && parsed.quantity.value > 1e18) {
    diagnostics.Add(DiagCode::E0012, file, expr.range, fmt::format("`{}` is out of range", expr.raw));
  }
  expr.value = parsed.error == types::QuantityError::kNone ? parsed.quantity.value : 0;
  expr.type = parsed.error == types::QuantityError::kNone ? parsed.quantity.type : types::Type::Error();
}

std::string QuoteString(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{{{:x}}}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace stitch::parse
