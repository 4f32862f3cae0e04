#include "runtime/ingest/Json.h"

#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "runtime/ingest/PromText.h"

namespace stitch::ingest::json {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path, 0, 0, {}, "cannot open file"};
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Error{path, 0, 0, {}, "cannot read file"};
  return buffer.str();
}

namespace {

// Line and column of a syntax error, found with nlohmann's parser (only on the error path).
std::pair<size_t, size_t> Locate(std::string_view text) {
  size_t byte = 0;
  try {
    auto parsed = nlohmann::json::parse(text.begin(), text.end());
    (void)parsed;
    return {0, 0};
  } catch (const nlohmann::json::parse_error& e) {
    byte = e.byte > 0 ? e.byte - 1 : 0;
  } catch (const std::exception&) {
    return {0, 0};
  }
  size_t line = 1, column = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

}  // namespace

Result<element> Parse(simdjson::dom::parser& parser, std::string_view text, std::string_view file) {
  simdjson::padded_string padded(text);
  element root;
  auto error = parser.parse(padded).get(root);
  if (error) {
    auto [line, column] = Locate(text);
    return Error{std::string(file), line, column, {},
                 std::string("invalid JSON: ") + simdjson::error_message(error)};
  }
  return root;
}

std::optional<Cursor> Cursor::Field(std::string_view key) const {
  object obj;
  if (value_.get(obj)) return std::nullopt;
  element child;
  if (obj.at_key(key).get(child)) return std::nullopt;
  return Member(child, key);
}

Result<Cursor> Cursor::Require(std::string_view key) const {
  if (!value_.is_object()) return Fail("expected an object");
  if (auto child = Field(key)) return *child;
  return Fail("missing member `" + std::string(key) + "`");
}

Result<array> Cursor::Array() const {
  array out;
  if (value_.get(out)) return Fail("expected an array");
  return out;
}

Result<object> Cursor::Object() const {
  object out;
  if (value_.get(out)) return Fail("expected an object");
  return out;
}

Result<std::string_view> Cursor::String() const {
  std::string_view out;
  if (value_.get(out)) return Fail("expected a string");
  return out;
}

Result<double> Cursor::Number() const {
  double out = 0;
  if (value_.is_int64()) return static_cast<double>(value_.get_int64().value_unsafe());
  if (value_.is_uint64()) return static_cast<double>(value_.get_uint64().value_unsafe());
  if (value_.get(out)) return Fail("expected a number");
  return out;
}

Result<double> Cursor::AsNumber() const {
  if (value_.is_string()) {
    std::string_view text = value_.get_string().value_unsafe();
    double out = 0;
    if (!ParsePromValue(text, &out)) return Fail("expected a number, not \"" + std::string(text) + "\"");
    return out;
  }
  return Number();
}

Result<int64_t> Cursor::AsInteger() const {
  if (value_.is_string()) {
    std::string_view text = value_.get_string().value_unsafe();
    int64_t out = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
      return Fail("expected an integer, not \"" + std::string(text) + "\"");
    }
    return out;
  }
  if (value_.is_int64()) return value_.get_int64().value_unsafe();
  if (value_.is_uint64()) {
    uint64_t v = value_.get_uint64().value_unsafe();
    if (v > static_cast<uint64_t>(INT64_MAX)) return Fail("integer out of range");
    return static_cast<int64_t>(v);
  }
  if (value_.is_double()) {
    double v = value_.get_double().value_unsafe();
    if (v == static_cast<double>(static_cast<int64_t>(v))) return static_cast<int64_t>(v);
  }
  return Fail("expected an integer");
}

Result<bool> Cursor::Bool() const {
  bool out = false;
  if (value_.get(out)) return Fail("expected true or false");
  return out;
}

}  // namespace stitch::ingest::json
