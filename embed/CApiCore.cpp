// The C ABI's version, error state, status names and string ownership.
#include <fmt/format.h>

#include "compiler/diagnostics/SourceFile.h"
#include "embed/CApiSupport.h"

namespace stitch::capi {
namespace {

struct LastError {
  std::string code;
  std::string message;
};

LastError& ThreadError() {
  thread_local LastError error;
  return error;
}

}  // namespace

void SetLastError(std::string code, std::string message) {
  LastError& e = ThreadError();
  e.code = std::move(code);
  e.message = std::move(message);
}

const char* LastErrorCode() noexcept { return ThreadError().code.c_str(); }
const char* LastErrorMessage() noexcept { return ThreadError().message.c_str(); }

stitch_status StatusOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument: return STITCH_ERROR_INVALID_ARGUMENT;
    case ErrorKind::kInvalidUtf8: return STITCH_ERROR_INVALID_UTF8;
    case ErrorKind::kInvalidJson: return STITCH_ERROR_INVALID_JSON;
    case ErrorKind::kInvalidData: return STITCH_ERROR_INVALID_DATA;
    case ErrorKind::kPolicy: return STITCH_ERROR_POLICY;
    case ErrorKind::kNotFound: return STITCH_ERROR_NOT_FOUND;
    case ErrorKind::kIo: return STITCH_ERROR_IO;
    case ErrorKind::kStitch: return STITCH_ERROR_STITCH;
    case ErrorKind::kStore: return STITCH_ERROR_STORE;
    case ErrorKind::kDeploy: return STITCH_ERROR_DEPLOY;
    case ErrorKind::kOutOfOrder: return STITCH_ERROR_OUT_OF_ORDER;
    case ErrorKind::kInternal: return STITCH_ERROR_INTERNAL;
  }
  return STITCH_ERROR_INTERNAL;
}

void Fail(const Error& error) { throw Failure{StatusOf(error.kind), error.code, error.message}; }

void Fail(stitch_status status, std::string code, std::string message) {
  throw Failure{status, std::move(code), std::move(message)};
}

std::string Text(const char* s, const char* name) {
  Require(s, name);
  std::string_view text(s);
  if (auto bad = FindInvalidUtf8(text)) {
    Fail(STITCH_ERROR_INVALID_UTF8, "U0001", fmt::format("`{}` is not valid UTF-8 (byte {})", name, *bad));
  }
  return std::string(text);
}

std::string OptionalText(const char* s, const char* name) { return s == nullptr ? std::string() : Text(s, name); }

std::vector<std::string> Texts(const char* const* list, size_t count, const char* name) {
  Require(list, name);
  std::vector<std::string> out;
  for (size_t i = 0; i < count; ++i) out.push_back(Text(list[i], fmt::format("{}[{}]", name, i).c_str()));
  return out;
}

void Give(char** out, const std::string& value) {
  if (out == nullptr) return;
  char* copy = static_cast<char*>(std::malloc(value.size() + 1));
  if (copy == nullptr) throw std::bad_alloc();
  std::memcpy(copy, value.c_str(), value.size() + 1);
  *out = copy;
}

}  // namespace stitch::capi

using namespace stitch::capi;

extern "C" {

const char* stitch_version(void) { return stitch::LibraryVersion(); }

int stitch_abi_version(void) { return STITCH_ABI_VERSION; }

const char* stitch_status_name(stitch_status status) {
  switch (status) {
    case STITCH_OK: return "ok";
    case STITCH_ERROR_NULL_ARGUMENT: return "null_argument";
    case STITCH_ERROR_INVALID_ARGUMENT: return "invalid_argument";
    case STITCH_ERROR_INVALID_UTF8: return "invalid_utf8";
    case STITCH_ERROR_INVALID_JSON: return "invalid_json";
    case STITCH_ERROR_INVALID_DATA: return "invalid_data";
    case STITCH_ERROR_POLICY: return "policy";
    case STITCH_ERROR_NOT_FOUND: return "not_found";
    case STITCH_ERROR_IO: return "io";
    case STITCH_ERROR_STITCH: return "stitch";
    case STITCH_ERROR_STORE: return "store";
    case STITCH_ERROR_DEPLOY: return "deploy";
    case STITCH_ERROR_OUT_OF_ORDER: return "out_of_order";
    case STITCH_ERROR_INTERNAL: return "internal";
  }
  return "unknown";
}

const char* stitch_last_error_code(void) { return LastErrorCode(); }

const char* stitch_last_error_message(void) { return LastErrorMessage(); }

void stitch_string_free(char* string) { std::free(string); }

}  // extern "C"
