#include "Yaml.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <regex>

#include <yaml-cpp/yaml.h>

#include "Errors.h"

namespace stitch::stitch {
namespace {

constexpr const char* kStrTag = "tag:yaml.org,2002:str";

struct ConvertError {
  std::string message;
  YAML::Mark mark;
};

bool Matches(const std::string& s, const std::regex& pattern) { return std::regex_match(s, pattern); }

const std::regex kInt("[-+]?[0-9]+");
const std::regex kOct("0o[0-7]+");
const std::regex kHex("0x[0-9a-fA-F]+");
const std::regex kFloat("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

bool IsNullWord(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

std::optional<bool> BoolWord(const std::string& s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

// Resolves a plain scalar by the YAML 1.2 core schema.
Json ResolvePlain(const std::string& s) {
  if (IsNullWord(s)) return nullptr;
  if (auto b = BoolWord(s)) return *b;
  if (Matches(s, kInt)) {
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (errno == 0) return static_cast<std::int64_t>(v);
    errno = 0;
    unsigned long long u = std::strtoull(s.c_str(), &end, 10);
    if (errno == 0 && s[0] != '-') return static_cast<std::uint64_t>(u);
    return std::strtod(s.c_str(), nullptr);
  }
  if (Matches(s, kOct)) return static_cast<std::int64_t>(std::strtoll(s.c_str() + 2, nullptr, 8));
  if (Matches(s, kHex)) return static_cast<std::int64_t>(std::strtoll(s.c_str() + 2, nullptr, 16));
  if (Matches(s, kFloat)) return std::strtod(s.c_str(), nullptr);
  // JSON has no infinities or NaN: keep those spellings as strings.
  return s;
}

void Convert(const YAML::Node& node, Json& out);

// Applies a `<<` merge: keys of the merged maps that the mapping does not set itself.
void Merge(const YAML::Node& value, Json& out, std::vector<std::string>& explicit_keys) {
  auto merge_one = [&](const YAML::Node& m) {
    if (!m.IsMap()) throw ConvertError{"a `<<` merge key needs a mapping or a list of mappings", m.Mark()};
    Json converted;
    Convert(m, converted);
    for (auto it = converted.begin(); it != converted.end(); ++it) {
      if (out.contains(it.key())) continue;
      out[it.key()] = it.value();
    }
  };
  (void)explicit_keys;
  if (value.IsSequence()) {
    for (const auto& m : value) merge_one(m);
  } else {
    merge_one(value);
  }
}

void Convert(const YAML::Node& node, Json& out) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out = nullptr;
      return;
    case YAML::NodeType::Scalar: {
      const std::string& tag = node.Tag();
      const std::string& s = node.Scalar();
      if (tag == "!" || tag == kStrTag) {
        out = s;
      } else if (tag == "tag:yaml.org,2002:null") {
        out = nullptr;
      } else {
        out = ResolvePlain(s);
      }
      return;
    }
    case YAML::NodeType::Sequence:
      out = Json::array();
      for (const auto& item : node) {
        Json v;
        Convert(item, v);
        out.push_back(std::move(v));
      }
      return;
    case YAML::NodeType::Map: {
      out = Json::object();
      std::vector<const YAML::Node*> merges;
      std::vector<YAML::Node> merge_values;
      std::vector<std::string> keys;
      for (const auto& kv : node) {
        const YAML::Node& key = kv.first;
        if (!key.IsScalar()) {
          throw ConvertError{"complex (non-scalar) mapping keys are not supported", key.Mark()};
        }
        if (key.Scalar() == "<<" && key.Tag() != "!") {
          merge_values.push_back(kv.second);
          continue;
        }
        Json v;
        Convert(kv.second, v);
        out[key.Scalar()] = std::move(v);
        keys.push_back(key.Scalar());
      }
      for (const auto& m : merge_values) Merge(m, out, keys);
      return;
    }
  }
}

std::string Location(std::string_view source, const YAML::Mark& mark) {
  if (mark.line < 0) return std::string(source);
  return std::string(source) + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// --- emitting ---------------------------------------------------------------------------

bool IsYaml11Special(const std::string& s) {
  static const char* kWords[] = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
                                 "on", "On", "ON", "off", "Off", "OFF", "<<", "=", ".inf",
                                 ".Inf", ".INF", "-.inf", "+.inf", ".nan", ".NaN", ".NAN"};
  for (const char* w : kWords)
    if (s == w) return true;
  // Sexagesimal numbers, underscores and leading zeros read as numbers by YAML 1.1 readers.
  return s.find_first_not_of("0123456789:._+-eE") == std::string::npos;
}

bool NeedsQuotes(const std::string& s, bool is_key) {
  if (s.empty()) return true;
  Json resolved = ResolvePlain(s);
  if (!resolved.is_string()) {
    // A numeric-looking key stays plain: both YAML and the JSON form key it by its text.
    if (!(is_key && resolved.is_number())) return true;
  } else if (IsYaml11Special(s) && !is_key) {
    return true;
  }
  if (s == "<<" || IsNullWord(s) || BoolWord(s)) return true;
  constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";
  if (kIndicators.find(s[0]) != std::string_view::npos) return true;
  if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return true;
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return true;
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

std::string Quote(const std::string& s) { return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string ScalarText(const Json& v, bool is_key = false) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    return NeedsQuotes(s, is_key) ? Quote(s) : s;
  }
  if (v.is_null()) return "null";
  if (v.is_object()) return "{}";
  if (v.is_array()) return "[]";
  return v.dump();
}

bool Inline(const Json& v) { return !v.is_structured() || v.empty(); }

void EmitSeq(std::string& out, const Json& seq, int indent, bool first_inline);

void EmitMap(std::string& out, const Json& map, int indent, bool first_inline) {
  bool first = true;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!(first && first_inline)) out.append(indent, ' ');
    first = false;
    out += ScalarText(Json(it.key()), true);
    out += ':';
    const Json& v = it.value();
    if (Inline(v)) {
      out += ' ';
      out += ScalarText(v);
      out += '\n';
    } else if (v.is_object()) {
      out += '\n';
      EmitMap(out, v, indent + 2, false);
    } else {
      out += '\n';
      EmitSeq(out, v, indent, false);
    }
  }
}

void EmitSeq(std::string& out, const Json& seq, int indent, bool first_inline) {
  bool first = true;
  for (const Json& item : seq) {
    if (!(first && first_inline)) out.append(indent, ' ');
    first = false;
    out += '-';
    if (Inline(item)) {
      out += ' ';
      out += ScalarText(item);
      out += '\n';
    } else if (item.is_object()) {
      out += ' ';
      EmitMap(out, item, indent + 2, true);
    } else {
      out += ' ';
      EmitSeq(out, item, indent + 2, true);
    }
  }
}

}  // namespace

Result<std::vector<Json>> ParseYaml(std::string_view text, std::string_view source) {
  std::vector<YAML::Node> nodes;
  try {
    nodes = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    return Error{codes::kManifestSyntax, "invalid YAML: " + e.msg, Location(source, e.mark)};
  }
  std::vector<Json> documents;
  for (const YAML::Node& node : nodes) {
    if (node.IsNull()) continue;
    Json doc;
    try {
      Convert(node, doc);
    } catch (const ConvertError& e) {
      return Error{codes::kManifestYaml, e.message, Location(source, e.mark)};
    } catch (const YAML::Exception& e) {
      return Error{codes::kManifestSyntax, "invalid YAML: " + e.msg, Location(source, e.mark)};
    }
    documents.push_back(std::move(doc));
  }
  return documents;
}

std::string EmitYaml(const std::vector<Json>& documents) {
  std::string out;
  for (size_t i = 0; i < documents.size(); ++i) {
    if (i > 0) out += "---\n";
    const Json& doc = documents[i];
    if (Inline(doc)) {
      out += ScalarText(doc) + "\n";
    } else if (doc.is_object()) {
      EmitMap(out, doc, 0, false);
    } else {
      EmitSeq(out, doc, 0, false);
    }
  }
  return out;
}

}  // namespace stitch::stitch
