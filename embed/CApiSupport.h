// What every C ABI entry point shares: the handles' definitions, the thread's last error, the
// catch-all guard that keeps exceptions from crossing the ABI, and argument checks.
#pragma once

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stitch/Stitch.hpp"
#include "stitch/stitch.h"

struct stitch_engine {
  std::unique_ptr<stitch::Engine> engine;
};
struct stitch_manifests {
  stitch::ManifestSet set;
};
struct stitch_stitched {
  stitch::StitchResult result;
};
struct stitch_store {
  stitch::VersionStore store;
};

namespace stitch::capi {

// Thrown inside an entry point to fail with a status; caught by Guard.
struct Failure {
  stitch_status status;
  std::string code;
  std::string message;
};

// Records the thread's last error (an empty code and message clear it).
void SetLastError(std::string code, std::string message);
// The thread's last error; valid until the thread's next call.
const char* LastErrorCode() noexcept;
const char* LastErrorMessage() noexcept;

stitch_status StatusOf(ErrorKind kind);
// Throws the Failure for `error`.
[[noreturn]] void Fail(const Error& error);
[[noreturn]] void Fail(stitch_status status, std::string code, std::string message);

// Runs `body` (which returns nothing and reports failure by throwing), translating every
// exception into a status and the thread's last error. Never throws.
template <class Body>
stitch_status Guard(Body&& body) noexcept {
  try {
    try {
      body();
      SetLastError("", "");
      return STITCH_OK;
    } catch (const Failure& f) {
      SetLastError(f.code, f.message);
      return f.status;
    } catch (const std::bad_alloc&) {
      SetLastError("I0002", "out of memory");
      return STITCH_ERROR_INTERNAL;
    } catch (const std::exception& e) {
      SetLastError("I0001", std::string("internal error: ") + e.what());
      return STITCH_ERROR_INTERNAL;
    } catch (...) {
      SetLastError("I0001", "internal error: an unknown exception");
      return STITCH_ERROR_INTERNAL;
    }
  } catch (...) {  // recording the error itself failed (no memory)
    return STITCH_ERROR_INTERNAL;
  }
}

// Fails with STITCH_ERROR_NULL_ARGUMENT naming `name` when `p` is null.
inline void Require(const void* p, const char* name) {
  if (p == nullptr) Fail(STITCH_ERROR_NULL_ARGUMENT, "A0001", std::string("`") + name + "` is NULL");
}

// A required UTF-8 string argument.
std::string Text(const char* s, const char* name);
// An optional one: "" when NULL.
std::string OptionalText(const char* s, const char* name);
// `count` required strings.
std::vector<std::string> Texts(const char* const* list, size_t count, const char* name);

// A copy the caller frees with stitch_string_free; stored into `out` when `out` is not null.
void Give(char** out, const std::string& value);

// Unwraps a Result or fails with its error.
template <class T>
T Take(Result<T> result) {
  if (!result) Fail(result.error());
  return std::move(result).value();
}

}  // namespace stitch::capi
