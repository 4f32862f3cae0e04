// The YAML form of policies: Kubernetes-style documents (`apiVersion: stitch/v1`) whose fields
// mirror the language, with conditions and actions as expression strings. A YAML file is
// translated to policy source with a source map, checked by the same checker, and its
// diagnostics mapped back to the YAML file's lines and columns.
#pragma once

#include <string>
#include <vector>

#include "compiler/ast/Ast.h"
#include "compiler/diagnostics/Diagnostic.h"

namespace stitch::yaml {

// A run of generated policy text and where it came from in the YAML file. `exact` runs are
// copies of a scalar's text, so offsets map one to one; others map to `yaml_begin`.
struct Segment {
  uint32_t policy_begin = 0;
  uint32_t policy_end = 0;
  uint32_t yaml_begin = 0;
  bool exact = false;
};

struct Translation {
  bool ok = false;
  SourceFilePtr yaml_source;
  SourceFilePtr policy_source;
  std::vector<Segment> segments;
};

// Reports YAML and schema problems (E0601-E0604) at their YAML position.
Translation TranslateToPolicy(SourceFilePtr yaml_source, Diagnostics& diagnostics);

// Moves diagnostics about the generated policy text onto the YAML file.
void MapDiagnostics(const Translation& translation, Diagnostics& diagnostics);

// Writes a checked or parsed policy file as YAML documents.
std::string ToYaml(const ast::File& file);

}  // namespace stitch::yaml
