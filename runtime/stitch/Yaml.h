// YAML ⇄ JSON for manifests: YAML 1.2 core-schema scalars, anchors/aliases and `<<` merge keys
// resolved on read; block-style YAML written deterministically.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "Manifest.h"

namespace stitch::stitch {

// Every non-empty document of a YAML stream. Errors (S0201 syntax, S0202 unsupported
// construct) are located "source:line:col". Pure.
Result<std::vector<Json>> ParseYaml(std::string_view text, std::string_view source);

// Block YAML for the documents, separated by `---` lines; strings are quoted exactly when
// a YAML 1.1 or 1.2 reader could take them for another type.
std::string EmitYaml(const std::vector<Json>& documents);

}  // namespace stitch::stitch
