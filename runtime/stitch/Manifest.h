// Manifests as loaded from files: every document parsed to JSON (YAML anchors, aliases and
// merge keys resolved), keys in their original order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "action/Result.h"

namespace stitch::stitch {

using Json = nlohmann::ordered_json;
using action::Error;
using action::Result;

enum class Format { kYaml, kJson };

// One manifest file: its documents in order (a JSON file has exactly one).
struct Manifest {
  std::string path;
  Format format = Format::kYaml;
  int json_indent = 2;  // indentation used when a JSON manifest is written back
  std::vector<Json> documents;

  bool operator==(const Manifest&) const = default;
};

// Parses manifest text; the format is taken from `path`'s extension (.json → JSON, else YAML).
// Empty YAML documents (a trailing `---`) are dropped. Errors: S0201, S0202 with
// "path:line:col". Pure.
Result<Manifest> ParseManifest(std::string_view text, const std::string& path);

// Reads and parses a manifest file (S0001 when it cannot be read).
Result<Manifest> LoadManifest(const std::string& path);

// The manifest's text: block YAML (documents separated by `---`) or indented JSON.
// Deterministic; parsing the result gives back equal documents.
std::string RenderManifest(const Manifest& manifest);

// A set of manifests as one JSON value `[{"path", "format", "indent", "documents"}]`
// (the form the version store keeps and JSON Patches between versions address).
Json ManifestsToJson(const std::vector<Manifest>& manifests);
Result<std::vector<Manifest>> ManifestsFromJson(const Json& value);

}  // namespace stitch::stitch
