// Errors as values: every fallible call of the embedding API returns a Result or a Status and
// never throws for bad input. Header-only; no internal types.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace stitch {

// What went wrong, by category. The C ABI's stitch_status has one code per kind.
enum class ErrorKind {
  kInvalidArgument,  // an argument is malformed (bad target spec, empty path list)
  kInvalidUtf8,      // a string is not valid UTF-8
  kInvalidJson,      // a JSON document does not parse
  kInvalidData,      // well-formed input with the wrong shape (telemetry, actions, manifests)
  kPolicy,           // the policies have errors (see the diagnostics)
  kNotFound,         // an unknown version
  kIo,               // a file cannot be read or written
  kStitch,           // actions cannot be applied to the manifests (S03xx)
  kStore,            // the version store failed (S04xx)
  kDeploy,           // a deploy failed (D0xxx)
  kOutOfOrder,       // a frame older than the previous one
  kInternal,         // a bug or resource exhaustion; the message says what
};

// One error: its kind, a stable code (`S0403`, `D0101`, `E0201`, or one of the embedding codes
// listed in docs/embedding.md) and a lowercase message. Plain value; thread-compatible.
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;
  std::string message;

  // "error[CODE]: message".
  std::string Render() const { return "error[" + code + "]: " + message; }
};

// A value or an Error. Plain value type: thread-compatible (concurrent reads are safe).
// Accessing the alternative that is not held throws std::bad_variant_access.
template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// The value of a call that yields nothing.
struct Ok {};
using Status = Result<Ok>;

}  // namespace stitch
