// simdjson helpers for the JSON sources (internal to stitch_ingest): documents are parsed with
// simdjson's DOM (GB/s); failures carry the file and the JSON path or, for syntax errors, the
// line and column.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/ingest/Result.h"

namespace stitch::ingest::json {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// Reads a whole file; an error names the file.
Result<std::string> ReadFile(const std::string& path);

// Parses `text` with `parser` (the element lives as long as the parser's next parse). A syntax
// error reports the line and column of the offending byte.
Result<element> Parse(simdjson::dom::parser& parser, std::string_view text, std::string_view file);

// Typed access with errors naming file and path. Numbers may be given as JSON strings where
// the formats do so (Prometheus values, OTLP 64-bit integers): AsNumber accepts both.
class Cursor {
 public:
  Cursor(element value, std::string path, std::string_view file)
      : value_(value), path_(std::move(path)), file_(file) {}

  const std::string& path() const { return path_; }
  element value() const { return value_; }
  bool IsNull() const { return value_.is_null(); }
  bool IsObject() const { return value_.is_object(); }
  bool IsArray() const { return value_.is_array(); }
  bool IsString() const { return value_.is_string(); }

  // The member `key`; nullopt when absent (or when this is not an object).
  std::optional<Cursor> Field(std::string_view key) const;
  // The member `key`, an error when absent.
  Result<Cursor> Require(std::string_view key) const;
  Result<array> Array() const;
  Result<object> Object() const;
  Result<std::string_view> String() const;
  Result<double> Number() const;       // JSON number only
  Result<double> AsNumber() const;     // JSON number or a string holding one (NaN, +Inf ok)
  Result<int64_t> AsInteger() const;   // JSON integer or a string holding one
  Result<bool> Bool() const;

  Cursor Index(element child, size_t i) const {
    return Cursor(child, path_ + "[" + std::to_string(i) + "]", file_);
  }
  Cursor Member(element child, std::string_view key) const {
    return Cursor(child, path_ + "." + std::string(key), file_);
  }
  Error Fail(std::string message) const {
    return Error{std::string(file_), 0, 0, path_, std::move(message)};
  }

 private:
  element value_;
  std::string path_;
  std::string_view file_;
};

}  // namespace stitch::ingest::json
