// Checker diagnostics as public values.
#include <nlohmann/json.hpp>

#include "compiler/diagnostics/Render.h"
#include "embed/Internal.h"

namespace stitch {

const char* SeverityName(DiagnosticSeverity severity) {
  switch (severity) {
    case DiagnosticSeverity::kError: return "error";
    case DiagnosticSeverity::kWarning: return "warning";
    case DiagnosticSeverity::kNote: return "note";
  }
  return "error";
}

std::string DiagnosticsToJson(const std::vector<PolicyDiagnostic>& diagnostics) {
  nlohmann::json out = nlohmann::json::array();
  for (const PolicyDiagnostic& d : diagnostics) out.push_back(nlohmann::json::parse(d.json));
  return out.dump();
}

std::vector<PolicyDiagnostic> ToPublic(const Diagnostics& diagnostics) {
  std::vector<PolicyDiagnostic> out;
  for (const Diagnostic& d : diagnostics.all()) {
    PolicyDiagnostic p;
    p.code = std::string(Info(d.code).name);
    p.severity = d.severity == Severity::kError     ? DiagnosticSeverity::kError
                 : d.severity == Severity::kWarning ? DiagnosticSeverity::kWarning
                                                    : DiagnosticSeverity::kNote;
    p.message = d.message;
    if (d.file) {
      p.file = d.file->path();
      LineColumn at = d.file->Position(d.range.begin);
      p.line = static_cast<int>(at.line);
      p.column = static_cast<int>(at.column);
    }
    p.rendered = RenderHuman(d);
    p.json = RenderJson(d).dump();
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace stitch
