// The front-end's public face: a policy file (`.policy` or its YAML form) in, a checked AST and
// diagnostics out. The CLI, the language server and the runtime all go through here.
#pragma once

#include <string>

#include "compiler/ast/Ast.h"
#include "compiler/check/Check.h"
#include "compiler/diagnostics/Diagnostic.h"

namespace stitch {

struct CheckedFile {
  SourceFilePtr source;  // for YAML files, the YAML text (diagnostics point into it)
  ast::File ast;         // for YAML files, the AST of the translated policy source
  bool syntax_ok = false;  // parsed without errors; the checker ran
};

// True for `.yaml` and `.yml` paths: the YAML form of policies.
bool IsYamlPolicyPath(const std::string& path);

// Parses and checks source text; `source->path()` decides the form (YAML or `.policy`).
CheckedFile CheckSource(SourceFilePtr source, Diagnostics& diagnostics,
                        const check::CheckOptions& options = {});

// Reads `path` (E0014 when it cannot) and checks it.
CheckedFile CheckPath(const std::string& path, Diagnostics& diagnostics,
                      const check::CheckOptions& options = {});

// Reads a whole file; false when it cannot be read.
bool ReadFile(const std::string& path, std::string& out);

}  // namespace stitch
