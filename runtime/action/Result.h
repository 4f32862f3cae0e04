// Error values and a small Result type used across the runtime's public APIs (no exceptions
// cross them).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace stitch::action {

// One user-facing error: a stable code (`S0102`), a lowercase message without a trailing
// period, and where it happened (`file:line:col`, `file: /json/path`, or empty).
struct Error {
  std::string code;
  std::string message;
  std::string location;

  // "location: error[code]: message" (location part omitted when empty).
  std::string Render() const {
    std::string out = location.empty() ? "" : location + ": ";
    return out + "error[" + code + "]: " + message;
  }
};

// Either a value or an Error. Accessing the wrong alternative is a programming error.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result of an operation that yields nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

}  // namespace stitch::action
