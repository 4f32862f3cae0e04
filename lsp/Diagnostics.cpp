#include "lsp/Diagnostics.h"

#include "lsp/Uri.h"
#include "lsp/Utf16.h"

namespace stitch::lsp {
namespace {

int SeverityNumber(Severity severity) {
  switch (severity) {
    case Severity::kError: return 1;
    case Severity::kWarning: return 2;
    case Severity::kNote: return 3;
  }
  return 1;
}

}  // namespace

lsp::Diagnostic ToLspDiagnostic(const Document& document, const stitch::Diagnostic& diagnostic) {
  lsp::Diagnostic out;
  // Diagnostics of a document point into its text (YAML ones are mapped back by the compiler).
  out.range = ToRange(*document.source, diagnostic.range);
  out.severity = SeverityNumber(diagnostic.severity);
  out.code = std::string(Info(diagnostic.code).name);
  out.message = diagnostic.message;
  for (const DiagNote& note : diagnostic.notes) {
    if (!note.file) {
      out.message += "\nnote: " + note.message;
      continue;
    }
    bool here = note.file == document.source;
    const SourceFile& file = here ? *document.source : *note.file;
    std::string uri = here ? document.uri : PathToUri(note.file->path());
    out.related.push_back({{uri, ToRange(file, note.range)}, note.message});
  }
  return out;
}

PublishDiagnosticsParams DiagnosticsFor(const Document& document) {
  PublishDiagnosticsParams params{document.uri, document.version, {}};
  for (const auto& d : document.diagnostics) params.diagnostics.push_back(ToLspDiagnostic(document, d));
  return params;
}

}  // namespace stitch::lsp
