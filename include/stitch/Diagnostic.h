// Policy diagnostics as plain values: what checking a policy set reports.
#pragma once

#include <string>
#include <vector>

#include "stitch/Export.h"

namespace stitch {

enum class DiagnosticSeverity { kError, kWarning, kNote };

// One diagnostic of the policy checker (codes in docs/diagnostics.md). Lines and columns are
// 1-based; columns count bytes. Plain value; thread-compatible.
struct PolicyDiagnostic {
  std::string code;      // "E0201"
  DiagnosticSeverity severity = DiagnosticSeverity::kError;
  std::string message;   // lowercase, no trailing period
  std::string file;      // the path or the name given with the source text
  int line = 0;          // 0 when the diagnostic has no location
  int column = 0;
  std::string rendered;  // the human form: `file:line:col: error[E0201]: ...` with the source line
  std::string json;      // the JSON form of `stitch check --format json` (one object)
};

// "error", "warning", "note". Thread-safe.
STITCH_API const char* SeverityName(DiagnosticSeverity severity);

// A JSON array of the diagnostics' JSON forms. Thread-safe.
STITCH_API std::string DiagnosticsToJson(const std::vector<PolicyDiagnostic>& diagnostics);

}  // namespace stitch
