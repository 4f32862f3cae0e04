// Internal errors turned into public ones, and the UTF-8 check every text input goes through.
#include <fmt/format.h>

#include "compiler/diagnostics/SourceFile.h"
#include "embed/Internal.h"

namespace stitch {

ErrorKind KindOfCode(std::string_view code) {
  if (code == "S0001") return ErrorKind::kIo;
  if (code == "S0101") return ErrorKind::kInvalidJson;
  if (code.starts_with("S01") || code.starts_with("S02")) return ErrorKind::kInvalidData;
  if (code.starts_with("S03")) return ErrorKind::kStitch;
  if (code == "S0403") return ErrorKind::kNotFound;
  if (code.starts_with("S04")) return ErrorKind::kStore;
  if (code == "D0101" || code == "D0601") return ErrorKind::kInvalidArgument;
  if (code.starts_with("D")) return ErrorKind::kDeploy;
  return ErrorKind::kInternal;
}

Error MakeError(ErrorKind kind, std::string code, std::string message) {
  return Error{kind, std::move(code), std::move(message)};
}

Error FromActionError(const action::Error& error) {
  std::string message = error.location.empty() ? error.message : error.location + ": " + error.message;
  return MakeError(KindOfCode(error.code), error.code, std::move(message));
}

Error FromIngestError(const ingest::Error& error, ErrorKind kind) {
  return MakeError(kind, kind == ErrorKind::kInvalidJson ? "J0001" : "J0002", error.ToString());
}

std::optional<Error> CheckUtf8(std::string_view text, std::string_view what) {
  auto bad = FindInvalidUtf8(text);
  if (!bad) return std::nullopt;
  return MakeError(ErrorKind::kInvalidUtf8, "U0001", fmt::format("{} is not valid UTF-8 (byte {})", what, *bad));
}

}  // namespace stitch
