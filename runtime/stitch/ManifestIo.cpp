#include <fstream>
#include <sstream>

#include "Errors.h"
#include "Manifest.h"
#include "Yaml.h"

namespace stitch::stitch {
namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The indentation of the first indented line (JSON files are written back with it).
int DetectIndent(std::string_view text) {
  size_t pos = text.find('\n');
  while (pos != std::string_view::npos && pos + 1 < text.size()) {
    size_t n = 0;
    while (pos + 1 + n < text.size() && text[pos + 1 + n] == ' ') ++n;
    if (n > 0 && n <= 8) return static_cast<int>(n);
    pos = text.find('\n', pos + 1);
  }
  return 2;
}

}  // namespace

Result<Manifest> ParseManifest(std::string_view text, const std::string& path) {
  Manifest m;
  m.path = path;
  m.format = EndsWith(path, ".json") ? Format::kJson : Format::kYaml;
  if (m.format == Format::kJson) {
    m.json_indent = DetectIndent(text);
    try {
      m.documents.push_back(Json::parse(text));
    } catch (const nlohmann::json::parse_error& e) {
      size_t line = 1, col = 1;
      for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
          ++line;
          col = 1;
        } else {
          ++col;
        }
      }
      std::string what = e.what();
      if (auto col = what.find("column "); col != std::string::npos) {
        if (auto colon = what.find(": ", col); colon != std::string::npos) what = what.substr(colon + 2);
      }
      return Error{codes::kManifestSyntax, "invalid JSON: " + what,
                   path + ":" + std::to_string(line) + ":" + std::to_string(col)};
    }
    return m;
  }
  auto docs = ParseYaml(text, path);
  if (!docs) return docs.error();
  m.documents = std::move(*docs);
  return m;
}

Result<Manifest> LoadManifest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{codes::kReadFile, "cannot read manifest file", path};
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Error{codes::kReadFile, "cannot read manifest file", path};
  return ParseManifest(buffer.str(), path);
}

std::string RenderManifest(const Manifest& manifest) {
  if (manifest.format == Format::kJson) {
    std::string out;
    for (const Json& doc : manifest.documents) out += doc.dump(manifest.json_indent) + "\n";
    return out;
  }
  return EmitYaml(manifest.documents);
}

Json ManifestsToJson(const std::vector<Manifest>& manifests) {
  Json out = Json::array();
  for (const Manifest& m : manifests) {
    Json entry = Json::object();
    entry["path"] = m.path;
    entry["format"] = m.format == Format::kJson ? "json" : "yaml";
    entry["indent"] = m.json_indent;
    entry["documents"] = Json(m.documents);
    out.push_back(std::move(entry));
  }
  return out;
}

Result<std::vector<Manifest>> ManifestsFromJson(const Json& value) {
  std::vector<Manifest> out;
  if (!value.is_array()) return Error{codes::kStoreCorrupt, "stored manifests are not a list", ""};
  for (const Json& entry : value) {
    if (!entry.is_object() || !entry.contains("path") || !entry["path"].is_string() ||
        !entry.contains("documents") || !entry["documents"].is_array()) {
      return Error{codes::kStoreCorrupt, "stored manifest entry lacks `path` or `documents`", ""};
    }
    Manifest m;
    m.path = entry["path"].get<std::string>();
    m.format = entry.value("format", "yaml") == "json" ? Format::kJson : Format::kYaml;
    m.json_indent = entry.value("indent", 2);
    for (const Json& d : entry["documents"]) m.documents.push_back(d);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace stitch::stitch
