#include "ActionSpec.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "runtime/testing/Values.h"

namespace stitch::policytest {
namespace {

using types::Type;

// The unit of a numeric field; nullopt for a text field.
std::optional<Type> FieldType(const std::string& field) {
  if (field == "share" || field == "step" || field == "max") return Type::Ratio();
  if (field == "every" || field == "for" || field == "seconds") return Type::Duration();
  if (field == "per_second") return Type::Rate();
  if (field == "burst") return Type::Number();
  if (field == "attempts") return Type::Count();
  return std::nullopt;
}

std::string DestinationText(const action::Destination& d) {
  if (d.kind == action::DestinationKind::kAny) return d.name;
  return std::string(action::DestinationKindName(d.kind)) + " " + d.name;
}

std::string TargetText(const action::Target& t) {
  std::string name = t.kind == action::TargetKind::kNode && !t.service.empty() ? t.service + "/" + t.name : t.name;
  return std::string(action::TargetKindName(t.kind)) + " " + name;
}

bool NearlyEqual(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

// Quotes a flow-style YAML scalar when it could be read as something else.
std::string Scalar(const std::string& text) {
  bool plain = !text.empty() && text.find_first_of(",:{}[]#&*!|>'\"%@`") == std::string::npos &&
               text.front() != ' ' && text.back() != ' ' && text.front() != '-';
  if (plain) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

const std::vector<std::string>& FieldsOfKind(const std::string& kind) {
  static const std::map<std::string, std::vector<std::string>> kFields = {
      {"redirect", {"share", "to"}},
      {"mirror", {"share", "to"}},
      {"shift", {"share", "step", "every", "max", "to"}},
      {"isolate", {"for"}},
      {"rate_limit", {"per_second", "burst", "header"}},
      {"require_mtls", {"mode"}},
      {"set_timeout", {"seconds"}},
      {"set_retries", {"attempts", "on"}},
  };
  static const std::vector<std::string> kNone;
  auto it = kFields.find(kind);
  return it == kFields.end() ? kNone : it->second;
}

bool SetField(ActionSpec& spec, const std::string& field, const std::string& text, std::string& error) {
  const auto& fields = FieldsOfKind(spec.kind);
  if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
    std::string known;
    for (const std::string& f : fields) known += (known.empty() ? "" : ", ") + f;
    error = fmt::format("`{}` has no field `{}` (fields: {}{}policy)", spec.kind, field, known,
                        known.empty() ? "" : ", ");
    return false;
  }
  if (auto type = FieldType(field)) {
    double value = 0;
    if (!ParseTypedValue(text, *type, value, error)) {
      error = fmt::format("`{}`: {}", field, error);
      return false;
    }
    spec.numbers[field] = value;
    return true;
  }
  if (field == "mode" && text != "strict" && text != "permissive") {
    error = "`mode` must be `strict` or `permissive`";
    return false;
  }
  spec.texts[field] = text;
  return true;
}

ActionSpec SpecOf(const action::Action& a) {
  ActionSpec spec;
  spec.kind = std::string(action::KindName(a.kind));
  spec.target = TargetText(a.target);
  spec.policy = a.provenance.policy;
  std::visit(
      [&](const auto& k) {
        using K = std::decay_t<decltype(k)>;
        if constexpr (std::is_same_v<K, action::Redirect> || std::is_same_v<K, action::Mirror>) {
          spec.numbers["share"] = k.share;
          spec.texts["to"] = DestinationText(k.to);
        } else if constexpr (std::is_same_v<K, action::Shift>) {
          spec.numbers["share"] = k.share;
          spec.numbers["step"] = k.step;
          spec.numbers["every"] = k.every_seconds;
          spec.numbers["max"] = k.max;
          spec.texts["to"] = DestinationText(k.to);
        } else if constexpr (std::is_same_v<K, action::Isolate>) {
          if (k.for_seconds) spec.numbers["for"] = *k.for_seconds;
        } else if constexpr (std::is_same_v<K, action::RateLimit>) {
          spec.numbers["per_second"] = k.per_second;
          if (k.burst) spec.numbers["burst"] = *k.burst;
          if (k.header) spec.texts["header"] = k.header->name + (k.header->value ? "=" + *k.header->value : "");
        } else if constexpr (std::is_same_v<K, action::RequireMtls>) {
          spec.texts["mode"] = k.mode == action::MtlsMode::kStrict ? "strict" : "permissive";
        } else if constexpr (std::is_same_v<K, action::SetTimeout>) {
          spec.numbers["seconds"] = k.seconds;
        } else if constexpr (std::is_same_v<K, action::SetRetries>) {
          spec.numbers["attempts"] = k.attempts;
          spec.texts["on"] = k.on;
        }
      },
      a.kind);
  return spec;
}

bool Matches(const ActionSpec& expected, const action::Action& a) {
  ActionSpec actual = SpecOf(a);
  if (expected.kind != actual.kind || expected.target != actual.target) return false;
  if (!expected.policy.empty() && expected.policy != actual.policy) return false;
  for (const auto& [field, value] : expected.numbers) {
    auto it = actual.numbers.find(field);
    if (it == actual.numbers.end() || !NearlyEqual(value, it->second)) return false;
  }
  for (const auto& [field, text] : expected.texts) {
    auto it = actual.texts.find(field);
    if (it == actual.texts.end()) return false;
    std::string got = it->second;
    // `to: v3` names the destination only; `to: subset v3` also its kind.
    if (field == "to" && text.find(' ') == std::string::npos) got = got.substr(got.find(' ') + 1);
    if (got != text) return false;
  }
  return true;
}

std::string FormatSpec(const ActionSpec& spec) {
  std::string out = "{kind: " + spec.kind + ", target: " + Scalar(spec.target);
  for (const std::string& field : FieldsOfKind(spec.kind)) {
    if (auto n = spec.numbers.find(field); n != spec.numbers.end()) {
      out += ", " + field + ": " + FormatValue(n->second, *FieldType(field));
    } else if (auto t = spec.texts.find(field); t != spec.texts.end()) {
      out += ", " + field + ": " + Scalar(t->second);
    }
  }
  if (!spec.policy.empty()) out += ", policy: " + spec.policy;
  return out + "}";
}

}  // namespace stitch::policytest
