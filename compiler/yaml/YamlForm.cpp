#include "YamlForm.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "compiler/check/Suggest.h"
#include "compiler/fmt/Format.h"
#include "compiler/parse/Lexical.h"

namespace stitch::yaml {
namespace {

constexpr const char* kApiVersion = "stitch/v1";

struct Schema {
  const char* kind;
  std::vector<std::string> spec_fields;
  std::vector<std::string> required;
  bool named;  // needs metadata.name
};

const std::vector<Schema>& Schemas() {
  static const std::vector<Schema> kSchemas = {
      {"Policy", {"description", "priority", "target", "when", "recover", "onMissing", "always", "then"},
       {"target", "then"}, true},
      {"Const", {"value", "type"}, {"value"}, true},
      {"Metric", {"type", "source", "series"}, {"type", "source", "series"}, true},
      {"Guard", {"value"}, {"value"}, true},
      {"Health", {"terms"}, {"terms"}, false},
  };
  return kSchemas;
}

// Builds the policy text and its source map.
class Translator {
 public:
  Translator(SourceFilePtr yaml, Diagnostics& diagnostics)
      : yaml_(std::move(yaml)), diagnostics_(diagnostics) {}

  Translation Run() {
    Translation result;
    result.yaml_source = yaml_;
    std::vector<YAML::Node> documents;
    try {
      documents = YAML::LoadAll(yaml_->text());
    } catch (const YAML::Exception& e) {
      uint32_t at = Offset(e.mark);
      diagnostics_.Add(DiagCode::E0601, yaml_, {at, at + 1}, fmt::format("invalid YAML: {}", e.msg));
      return result;
    }
    size_t errors_before = diagnostics_.errors();
    bool any = false;
    for (const YAML::Node& doc : documents) {
      if (!doc || doc.IsNull()) continue;
      any = true;
      Document(doc);
    }
    if (!any) {
      diagnostics_.Add(DiagCode::E0010, yaml_, {0, 0}, "the file holds no YAML documents");
    }
    result.ok = diagnostics_.errors() == errors_before;
    result.policy_source = std::make_shared<SourceFile>(yaml_->path(), text_);
    result.segments = std::move(segments_);
    return result;
  }

 private:
  uint32_t Offset(const YAML::Mark& mark) const {
    if (mark.line < 0) return 0;
    return yaml_->Offset({static_cast<uint32_t>(mark.line + 1), static_cast<uint32_t>(mark.column + 1)});
  }
  SourceRange RangeOf(const YAML::Node& node) const {
    uint32_t at = Offset(node.Mark());
    if (node.IsScalar()) {
      auto exact = ExactStart(node);
      if (exact) return {*exact, *exact + static_cast<uint32_t>(node.Scalar().size())};
    }
    return {at, at + 1};
  }

  // Where the scalar's text stands verbatim in the file (plain or quoted without escapes).
  std::optional<uint32_t> ExactStart(const YAML::Node& node) const {
    uint32_t at = Offset(node.Mark());
    const std::string& value = node.Scalar();
    const std::string& text = yaml_->text();
    for (uint32_t start : {at, at + 1}) {
      if (start + value.size() <= text.size() && text.compare(start, value.size(), value) == 0) return start;
    }
    return std::nullopt;
  }

  // Appends generated text that maps to `node` (exactly when `copy` is its scalar text).
  void Emit(const std::string& text, const YAML::Node& node, bool copy) {
    Segment segment;
    segment.policy_begin = static_cast<uint32_t>(text_.size());
    text_ += text;
    segment.policy_end = static_cast<uint32_t>(text_.size());
    segment.yaml_begin = Offset(node.Mark());
    if (copy) {
      if (auto start = ExactStart(node)) {
        segment.yaml_begin = *start;
        segment.exact = true;
      }
    }
    segments_.push_back(segment);
  }
  void Glue(const std::string& text, const YAML::Node& at) { Emit(text, at, false); }

  bool IsString(const YAML::Node& node, const std::string& field) {
    if (node.IsScalar()) return true;
    diagnostics_.Add(DiagCode::E0604, yaml_, RangeOf(node),
                     fmt::format("`{}` must be a string", field));
    return false;
  }

  void Document(const YAML::Node& doc) {
    if (!doc.IsMap()) {
      diagnostics_.Add(DiagCode::E0604, yaml_, RangeOf(doc), "a policy document must be a mapping");
      return;
    }
    for (const auto& entry : doc) {
      std::string key = entry.first.Scalar();
      if (key != "apiVersion" && key != "kind" && key != "metadata" && key != "spec") {
        Unknown(entry.first, key, {"apiVersion", "kind", "metadata", "spec"});
      }
    }
    YAML::Node api = doc["apiVersion"];
    if (!api || !api.IsScalar() || api.Scalar() != kApiVersion) {
      diagnostics_.Add(DiagCode::E0602, yaml_, api ? RangeOf(api) : RangeOf(doc),
                       fmt::format("`apiVersion` must be `{}`", kApiVersion));
      return;
    }
    YAML::Node kind = doc["kind"];
    const Schema* schema = nullptr;
    std::vector<std::string> kinds;
    for (const Schema& s : Schemas()) {
      kinds.emplace_back(s.kind);
      if (kind && kind.IsScalar() && kind.Scalar() == s.kind) schema = &s;
    }
    if (!schema) {
      auto& d = diagnostics_.Add(DiagCode::E0602, yaml_, kind ? RangeOf(kind) : RangeOf(doc),
                                 fmt::format("`kind` must be Policy, Const, Metric, Guard or Health{}",
                                             kind && kind.IsScalar() ? fmt::format(", not `{}`", kind.Scalar()) : ""));
      if (kind && kind.IsScalar()) {
        if (auto guess = check::Closest(kind.Scalar(), kinds)) {
          d.fix = FixIt{RangeOf(kind), *guess, fmt::format("did you mean `{}`?", *guess)};
        }
      }
      return;
    }
    YAML::Node name;
    if (schema->named) {
      YAML::Node metadata = doc["metadata"];
      if (metadata && !metadata.IsMap()) {
        diagnostics_.Add(DiagCode::E0604, yaml_, RangeOf(metadata), "`metadata` must be a mapping");
        return;
      }
      if (metadata) {
        for (const auto& entry : metadata) {
          std::string key = entry.first.Scalar();
          if (key != "name" && key != "labels" && key != "annotations") {
            Unknown(entry.first, key, {"name", "labels", "annotations"});
          }
        }
        name = metadata["name"];
      }
      if (!name) {
        diagnostics_.Add(DiagCode::E0603, yaml_, RangeOf(metadata ? metadata : doc),
                         fmt::format("a {} needs `metadata.name`", schema->kind));
        return;
      }
      if (!IsString(name, "metadata.name")) return;
    }
    YAML::Node spec = doc["spec"];
    if (!spec) {
      diagnostics_.Add(DiagCode::E0603, yaml_, RangeOf(doc), fmt::format("a {} needs `spec`", schema->kind));
      return;
    }
    if (!spec.IsMap()) {
      diagnostics_.Add(DiagCode::E0604, yaml_, RangeOf(spec), "`spec` must be a mapping");
      return;
    }
    bool ok = true;
    for (const auto& entry : spec) {
      std::string key = entry.first.Scalar();
      if (std::find(schema->spec_fields.begin(), schema->spec_fields.end(), key) == schema->spec_fields.end()) {
        Unknown(entry.first, key, schema->spec_fields);
        ok = false;
      }
    }
    for (const std::string& field : schema->required) {
      if (!spec[field]) {
        diagnostics_.Add(DiagCode::E0603, yaml_, RangeOf(spec),
                         fmt::format("a {} needs `spec.{}`", schema->kind, field));
        ok = false;
      }
    }
    if (!ok) return;
    std::string kind_name = schema->kind;
    if (kind_name == "Policy") Policy(name, spec);
    if (kind_name == "Const") Const(name, spec);
    if (kind_name == "Metric") Metric(name, spec);
    if (kind_name == "Guard") Guard(name, spec);
    if (kind_name == "Health") Health(spec);
  }

  void Unknown(const YAML::Node& key_node, const std::string& key, const std::vector<std::string>& known) {
    auto& d = diagnostics_.Add(DiagCode::E0603, yaml_, RangeOf(key_node),
                               fmt::format("unknown field `{}`", key));
    if (auto guess = check::Closest(key, known)) {
      d.fix = FixIt{RangeOf(key_node), *guess, fmt::format("did you mean `{}`?", *guess)};
    }
  }

  void Policy(const YAML::Node& name, const YAML::Node& spec) {
    Glue("policy ", name);
    Emit(name.Scalar(), name, true);
    Glue(" {\n", name);
    if (YAML::Node d = spec["description"]; d && IsString(d, "description")) {
      Glue("  description ", d);
      Emit(parse::QuoteString(d.Scalar()), d, false);
      Glue("\n", d);
    }
    Clause(spec, "priority", "  priority ");
    Clause(spec, "target", "  target ");
    Clause(spec, "when", "  when ");
    Clause(spec, "recover", "  recover when ");
    Clause(spec, "onMissing", "  on missing ");
    if (YAML::Node always = spec["always"]) {
      bool value = false;
      if (!always.IsScalar() || !YAML::convert<bool>::decode(always, value)) {
        diagnostics_.Add(DiagCode::E0604, yaml_, RangeOf(always), "`always` must be true or false");
      } else if (value) {
        Glue("  always\n", always);
      }
    }
    YAML::Node then = spec["then"];
    if (then.IsScalar()) {
      Glue("  then {\n    ", then);
      Emit(then.Scalar(), then, true);
      Glue("\n  }\n", then);
    } else if (then.IsSequence()) {
      Glue("  then {\n", then);
      for (const YAML::Node& action : then) {
        if (!IsString(action, "then[]")) continue;
        Glue("    ", action);
        Emit(action.Scalar(), action, true);
        Glue("\n", action);
      }
      Glue("  }\n", then);
    } else {
      diagnostics_.Add(DiagCode::E0604, yaml_, RangeOf(then), "`then` must be an action or a list of actions");
    }
    Glue("}\n", name);
  }

  void Clause(const YAML::Node& spec, const char* field, const char* keyword) {
    YAML::Node node = spec[field];
    if (!node || !IsString(node, field)) return;
    Glue(keyword, node);
    Emit(node.Scalar(), node, true);
    Glue("\n", node);
  }

  void Const(const YAML::Node& name, const YAML::Node& spec) {
    YAML::Node value = spec["value"];
    if (!IsString(value, "value")) return;
    Glue("const ", name);
    Emit(name.Scalar(), name, true);
    if (YAML::Node type = spec["type"]; type && IsString(type, "type")) {
      Glue(": ", type);
      Emit(type.Scalar(), type, true);
    }
    Glue(" = ", value);
    Emit(value.Scalar(), value, true);
    Glue(";\n", value);
  }

  void Metric(const YAML::Node& name, const YAML::Node& spec) {
    YAML::Node type = spec["type"], source = spec["source"], series = spec["series"];
    if (!IsString(type, "type") || !IsString(source, "source") || !IsString(series, "series")) return;
    Glue("metric ", name);
    Emit(name.Scalar(), name, true);
    Glue(": ", type);
    Emit(type.Scalar(), type, true);
    Glue(" from ", source);
    Emit(source.Scalar(), source, true);
    Glue(" ", series);
    Emit(parse::QuoteString(series.Scalar()), series, false);
    Glue("\n", series);
  }

  void Guard(const YAML::Node& name, const YAML::Node& spec) {
    YAML::Node value = spec["value"];
    if (!IsString(value, "value")) return;
    Glue("guard ", name);
    Emit(name.Scalar(), name, true);
    Glue(" ", value);
    Emit(value.Scalar(), value, true);
    Glue("\n", value);
  }

  void Health(const YAML::Node& spec) {
    YAML::Node terms = spec["terms"];
    if (!terms.IsSequence()) {
      diagnostics_.Add(DiagCode::E0604, yaml_, RangeOf(terms), "`terms` must be a list of health terms");
      return;
    }
    Glue("health {\n", terms);
    for (const YAML::Node& term : terms) {
      if (!IsString(term, "terms[]")) continue;
      Glue("  ", term);
      Emit(term.Scalar(), term, true);
      Glue("\n", term);
    }
    Glue("}\n", terms);
  }

  SourceFilePtr yaml_;
  Diagnostics& diagnostics_;
  std::string text_;
  std::vector<Segment> segments_;
};

uint32_t MapOffset(const Translation& t, uint32_t offset) {
  // The last segment starting at or before `offset`.
  auto it = std::upper_bound(t.segments.begin(), t.segments.end(), offset,
                             [](uint32_t o, const Segment& s) { return o < s.policy_begin; });
  if (it == t.segments.begin()) return 0;
  const Segment& s = *(it - 1);
  if (s.exact && offset <= s.policy_end) return s.yaml_begin + (offset - s.policy_begin);
  return s.yaml_begin;
}

SourceRange MapRange(const Translation& t, SourceRange range) {
  uint32_t begin = MapOffset(t, range.begin);
  uint32_t end = range.end > range.begin ? MapOffset(t, range.end - 1) + 1 : begin;
  return {begin, std::max(begin, end)};
}

bool ExactlyMapped(const Translation& t, SourceRange range) {
  auto it = std::upper_bound(t.segments.begin(), t.segments.end(), range.begin,
                             [](uint32_t o, const Segment& s) { return o < s.policy_begin; });
  if (it == t.segments.begin()) return false;
  const Segment& s = *(it - 1);
  return s.exact && range.end <= s.policy_end;
}

}  // namespace

Translation TranslateToPolicy(SourceFilePtr yaml_source, Diagnostics& diagnostics) {
  return Translator(std::move(yaml_source), diagnostics).Run();
}

void MapDiagnostics(const Translation& translation, Diagnostics& diagnostics) {
  for (Diagnostic& d : diagnostics.mutable_all()) {
    if (d.file != translation.policy_source) continue;
    if (d.fix && !ExactlyMapped(translation, d.fix->range)) {
      d.fix.reset();
    } else if (d.fix) {
      d.fix->range = MapRange(translation, d.fix->range);
    }
    d.range = MapRange(translation, d.range);
    d.file = translation.yaml_source;
    for (DiagNote& note : d.notes) {
      if (note.file != translation.policy_source) continue;
      note.range = MapRange(translation, note.range);
      note.file = translation.yaml_source;
    }
  }
}

std::string ToYaml(const ast::File& file) {
  std::string out;
  auto document = [&](const char* kind, const std::string* name, auto&& spec) {
    YAML::Emitter e;
    e << YAML::BeginMap << YAML::Key << "apiVersion" << YAML::Value << kApiVersion;
    e << YAML::Key << "kind" << YAML::Value << kind;
    if (name) {
      e << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap << YAML::Key << "name"
        << YAML::Value << *name << YAML::EndMap;
    }
    e << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
    spec(e);
    e << YAML::EndMap << YAML::EndMap;
    if (!out.empty()) out += "---\n";
    out += e.c_str();
    out += "\n";
  };
  for (const ast::Item& item : file.items) {
    switch (item.kind) {
      case ast::ItemKind::kConst: {
        const auto& c = file.consts[item.index];
        document("Const", &c.name.text, [&](YAML::Emitter& e) {
          e << YAML::Key << "value" << YAML::Value << formatter::FormatExpr(*c.value);
          if (c.type_name) e << YAML::Key << "type" << YAML::Value << c.type_name->text;
        });
        break;
      }
      case ast::ItemKind::kMetric: {
        const auto& m = file.metrics[item.index];
        document("Metric", &m.name.text, [&](YAML::Emitter& e) {
          e << YAML::Key << "type" << YAML::Value << m.type_name.text;
          e << YAML::Key << "source" << YAML::Value << m.source.text;
          e << YAML::Key << "series" << YAML::Value << m.series;
        });
        break;
      }
      case ast::ItemKind::kGuard: {
        const auto& g = file.guards[item.index];
        document("Guard", &g.name.text, [&](YAML::Emitter& e) {
          e << YAML::Key << "value" << YAML::Value << formatter::FormatExpr(*g.value);
        });
        break;
      }
      case ast::ItemKind::kHealth: {
        const auto& h = file.health[item.index];
        document("Health", nullptr, [&](YAML::Emitter& e) {
          e << YAML::Key << "terms" << YAML::Value << YAML::BeginSeq;
          for (const auto& term : h.terms) e << formatter::FormatHealthTerm(term);
          e << YAML::EndSeq;
        });
        break;
      }
      case ast::ItemKind::kPolicy: {
        const auto& p = file.policies[item.index];
        document("Policy", &p.name.text, [&](YAML::Emitter& e) {
          if (p.description) e << YAML::Key << "description" << YAML::Value << *p.description;
          if (p.priority) e << YAML::Key << "priority" << YAML::Value << formatter::FormatExpr(*p.priority);
          if (!p.targets.empty()) e << YAML::Key << "target" << YAML::Value << formatter::FormatTarget(p.targets[0]);
          if (p.when) e << YAML::Key << "when" << YAML::Value << formatter::FormatCondition(*p.when);
          if (p.recover) e << YAML::Key << "recover" << YAML::Value << formatter::FormatCondition(*p.recover);
          if (p.on_missing) e << YAML::Key << "onMissing" << YAML::Value << p.on_missing->text;
          if (p.always) e << YAML::Key << "always" << YAML::Value << true;
          e << YAML::Key << "then" << YAML::Value << YAML::BeginSeq;
          for (const auto& action : p.actions) e << formatter::FormatAction(action);
          e << YAML::EndSeq;
        });
        break;
      }
    }
  }
  return out;
}

}  // namespace stitch::yaml
