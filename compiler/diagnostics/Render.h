// Renders diagnostics for people (source line with a caret) and as JSON (CI, the LSP).
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "Diagnostic.h"

namespace stitch {

struct RenderOptions {
  bool color = false;  // ANSI colours, for terminals
};

// `file:line:col: error[E0201]: message`, the source line, a caret line under the range,
// then `help:` for a fix-it and `note:` lines.
std::string RenderHuman(const Diagnostic& diagnostic, const RenderOptions& options = {});

// {"file","severity","code","message","range":{"start":{line,column,offset},"end":...},
//  "notes":[...],"fix":{...}}; lines and columns 1-based, columns in bytes.
nlohmann::json RenderJson(const Diagnostic& diagnostic);

// "2 errors, 1 warning" (or "no problems").
std::string SummaryLine(const Diagnostics& diagnostics);

}  // namespace stitch
