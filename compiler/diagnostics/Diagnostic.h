// Diagnostics: what every phase reports instead of failing. Codes are stable and registered in
// DiagnosticKinds.def; messages are lowercase, without a trailing period, and put code in
// backticks.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "SourceFile.h"

namespace stitch {

enum class Severity : uint8_t { kError, kWarning, kNote };

enum class DiagCode : uint16_t {
#define STITCH_DIAG(code, severity, summary) code,
#include "DiagnosticKinds.def"
#undef STITCH_DIAG
};

struct DiagKindInfo {
  DiagCode code;
  std::string_view name;  // "E0201"
  Severity severity;
  std::string_view summary;
};

const DiagKindInfo& Info(DiagCode code);
std::span<const DiagKindInfo> AllDiagKinds();
std::string_view SeverityName(Severity severity);

// A replacement that fixes the problem, offered by the CLI as help and by the LSP as a code
// action.
struct FixIt {
  SourceRange range;
  std::string replacement;
  std::string message;  // "write `500ms`"
};

struct DiagNote {
  SourceFilePtr file;  // null: a note without a location
  SourceRange range;
  std::string message;
};

struct Diagnostic {
  DiagCode code;
  Severity severity;
  std::string message;
  SourceFilePtr file;
  SourceRange range;
  std::vector<DiagNote> notes;
  std::optional<FixIt> fix;
};

// Collects the diagnostics of one or more files. Phases add to it and never stop early
// because of an error; callers ask HasErrors() afterwards. Not thread-safe.
class Diagnostics {
 public:
  // Adds a diagnostic with the registry's severity; the reference stays valid until the next
  // Add, so callers can attach notes and a fix-it.
  Diagnostic& Add(DiagCode code, SourceFilePtr file, SourceRange range, std::string message);
  void Append(const Diagnostics& other);

  bool HasErrors() const { return errors_ > 0; }
  size_t errors() const { return errors_; }
  size_t warnings() const { return warnings_; }
  const std::vector<Diagnostic>& all() const { return all_; }
  bool empty() const { return all_.empty(); }

  // Orders by file, position, then code: the order they are printed in.
  void Sort();
  // Replaces diagnostics wholesale (used when mapping positions of a translated file).
  std::vector<Diagnostic>& mutable_all() { return all_; }

 private:
  std::vector<Diagnostic> all_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
};

}  // namespace stitch
