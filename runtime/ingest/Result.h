// Errors as values: every public ingestion entry point returns a Result, never throws.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace stitch::ingest {

// Where and why input was rejected. `line` (1-based, 0 = unknown) for text formats,
// `json_path` (e.g. `$.data.result[2].value[1]`) for JSON documents.
struct Error {
  std::string file;  // file name or URL; may be empty
  size_t line = 0;
  size_t column = 0;
  std::string json_path;
  std::string message;

  // `file:line:column: message`, `file: $.path: message` or `file: message`.
  std::string ToString() const;
};

// A value or an Error.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(state_); }
  // The value, or `fallback` on error.
  T value_or(T fallback) const { return ok() ? value() : std::move(fallback); }

 private:
  std::variant<T, Error> state_;
};

// Result of an operation without a value.
struct Ok {};
using Status = Result<Ok>;

}  // namespace stitch::ingest

// Inside a function returning Result<...> or an Error-convertible type: evaluates `expr` (a
// Result), returns its error on failure, else binds its value to `lhs` by reference.
#define STITCH_TRY_CONCAT_(a, b) a##b
#define STITCH_TRY_NAME_(line) STITCH_TRY_CONCAT_(stitch_try_result_, line)
#define STITCH_TRY(lhs, expr)                                          \
  auto STITCH_TRY_NAME_(__LINE__) = (expr);                            \
  if (!STITCH_TRY_NAME_(__LINE__)) return STITCH_TRY_NAME_(__LINE__).error(); \
  lhs = std::move(*STITCH_TRY_NAME_(__LINE__))
