#include "Diagnostic.h"

#include <algorithm>
#include <tuple>

namespace stitch {
namespace {

constexpr DiagKindInfo kKinds[] = {
#define STITCH_DIAG(code, severity, summary) \
  {DiagCode::code, #code, Severity::k##severity, summary},
#include "DiagnosticKinds.def"
#undef STITCH_DIAG
};

}  // namespace

const DiagKindInfo& Info(DiagCode code) { return kKinds[static_cast<size_t>(code)]; }

std::span<const DiagKindInfo> AllDiagKinds() { return kKinds; }

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

Diagnostic& Diagnostics::Add(DiagCode code, SourceFilePtr file, SourceRange range,
                             std::string message) {
  Severity severity = Info(code).severity;
  if (severity == Severity::kError) ++errors_;
  if (severity == Severity::kWarning) ++warnings_;
  all_.push_back({code, severity, std::move(message), std::move(file), range, {}, {}});
  return all_.back();
}

void Diagnostics::Append(const Diagnostics& other) {
  for (const Diagnostic& d : other.all_) all_.push_back(d);
  errors_ += other.errors_;
  warnings_ += other.warnings_;
}

void Diagnostics::Sort() {
  std::stable_sort(all_.begin(), all_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    std::string_view pa = a.file ? std::string_view(a.file->path()) : "";
    std::string_view pb = b.file ? std::string_view(b.file->path()) : "";
    return std::tie(pa, a.range.begin, a.code) < std::tie(pb, b.range.begin, b.code);
  });
}

}  // namespace stitch
