#include "ActionJson.h"

#include <cmath>
#include <cstddef>
#include <optional>
#include <set>

namespace stitch::action {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSyntax = "S0101";
constexpr const char* kSchema = "S0102";

std::string Escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// Walks one JSON object, reporting the first schema error with its JSON pointer.
class ObjectReader {
 public:
  ObjectReader(const Json& value, std::string path, std::string_view source,
               std::optional<Error>& error)
      : value_(value), path_(std::move(path)), source_(source), error_(error) {
    if (!value_.is_object()) Fail(path_, "expected an object, found " + TypeName(value_));
  }

  static std::string TypeName(const Json& v) {
    if (v.is_number()) return "a number";
    if (v.is_string()) return "a string";
    if (v.is_boolean()) return "a boolean";
    if (v.is_null()) return "null";
    if (v.is_array()) return "an array";
    return "an object";
  }

  void Fail(const std::string& path, const std::string& message) {
    if (!error_) error_ = Error{kSchema, message, std::string(source_) + ": " + (path.empty() ? "/" : path)};
  }

  std::string Path(const std::string& key) const { return path_ + "/" + Escape(key); }

  const Json* Get(const std::string& key, bool required) {
    seen_.insert(key);
    if (error_ || !value_.is_object()) return nullptr;
    auto it = value_.find(key);
    if (it == value_.end()) {
      if (required) Fail(path_, "missing field `" + key + "`");
      return nullptr;
    }
    return &*it;
  }

  std::optional<std::string> String(const std::string& key, bool required) {
    const Json* v = Get(key, required);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
      Fail(Path(key), "expected a string, found " + TypeName(*v));
      return std::nullopt;
    }
    return v->get<std::string>();
  }

  std::optional<double> Number(const std::string& key, bool required) {
    const Json* v = Get(key, required);
    if (!v) return std::nullopt;
    if (!v->is_number()) {
      Fail(Path(key), "expected a number, found " + TypeName(*v));
      return std::nullopt;
    }
    return v->get<double>();
  }

  // A number that must satisfy `lo <= x <= hi` (bounds given as text in the message).
  std::optional<double> Bounded(const std::string& key, bool required, double lo, double hi,
                                bool lo_open, const std::string& range) {
    auto v = Number(key, required);
    if (!v) return v;
    bool low_ok = lo_open ? *v > lo : *v >= lo;
    if (!low_ok || *v > hi || !std::isfinite(*v)) {
      Fail(Path(key), "`" + key + "` must be " + range);
      return std::nullopt;
    }
    return v;
  }

  std::optional<bool> Bool(const std::string& key) {
    const Json* v = Get(key, false);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
      Fail(Path(key), "expected a boolean, found " + TypeName(*v));
      return std::nullopt;
    }
    return v->get<bool>();
  }

  // Reports the first field that no Get() asked for.
  void RejectUnknown() {
    if (error_ || !value_.is_object()) return;
    for (auto it = value_.begin(); it != value_.end(); ++it) {
      if (!seen_.count(it.key())) {
        Fail(Path(it.key()), "unknown field `" + it.key() + "`");
        return;
      }
    }
  }

  const std::string& path() const { return path_; }

 private:
  const Json& value_;
  std::string path_;
  std::string_view source_;
  std::optional<Error>& error_;
  std::set<std::string> seen_;
};

constexpr double kHuge = 1e15;

Destination ReadDestination(ObjectReader& parent, const std::string& key, std::string_view source,
                            std::optional<Error>& error) {
  Destination d;
  const Json* v = parent.Get(key, true);
  if (!v) return d;
  ObjectReader r(*v, parent.Path(key), source, error);
  if (auto name = r.String("name", true)) {
    d.name = *name;
    if (d.name.empty()) r.Fail(r.Path("name"), "destination name must not be empty");
  }
  if (auto kind = r.String("kind", false)) {
    if (*kind == "any") d.kind = DestinationKind::kAny;
    else if (*kind == "subset") d.kind = DestinationKind::kSubset;
    else if (*kind == "host") d.kind = DestinationKind::kHost;
    else r.Fail(r.Path("kind"), "destination kind must be `any`, `subset` or `host`, not `" + *kind + "`");
  }
  if (auto declared = r.Bool("declared")) d.declared = *declared;
  r.RejectUnknown();
  return d;
}

Target ReadTarget(ObjectReader& parent, std::string_view source, std::optional<Error>& error) {
  Target t;
  const Json* v = parent.Get("target", true);
  if (!v) return t;
  ObjectReader r(*v, parent.Path("target"), source, error);
  if (auto kind = r.String("kind", true)) {
    if (*kind == "service") t.kind = TargetKind::kService;
    else if (*kind == "route") t.kind = TargetKind::kRoute;
    else if (*kind == "node") t.kind = TargetKind::kNode;
    else if (*kind == "namespace") t.kind = TargetKind::kNamespace;
    else r.Fail(r.Path("kind"), "target kind must be `service`, `route`, `node` or `namespace`, not `" + *kind + "`");
  }
  if (auto name = r.String("name", true)) {
    t.name = *name;
    if (t.name.empty()) r.Fail(r.Path("name"), "target name must not be empty");
  }
  if (auto service = r.String("service", false)) t.service = *service;
  r.RejectUnknown();
  return t;
}

bool ValidTime(const std::string& s) {
  // YYYY-MM-DDTHH:MM:SS[.fraction]Z
  auto digits = [&](size_t at, size_t n) {
    if (at + n > s.size()) return false;
    for (size_t i = at; i < at + n; ++i)
      if (s[i] < '0' || s[i] > '9') return false;
    return true;
  };
  if (s.size() < 20 || !digits(0, 4) || s[4] != '-' || !digits(5, 2) || s[7] != '-' ||
      !digits(8, 2) || s[10] != 'T' || !digits(11, 2) || s[13] != ':' || !digits(14, 2) ||
      s[16] != ':' || !digits(17, 2) || s.back() != 'Z')
    return false;
  size_t i = 19;
  if (s[i] == '.') {
    ++i;
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  return i + 1 == s.size();
}

Provenance ReadProvenance(ObjectReader& parent, const Target& target, std::string_view source,
                          std::optional<Error>& error) {
  Provenance p;
  const Json* v = parent.Get("provenance", true);
  if (!v) return p;
  ObjectReader r(*v, parent.Path("provenance"), source, error);
  if (auto policy = r.String("policy", true)) {
    p.policy = *policy;
    if (p.policy.empty()) r.Fail(r.Path("policy"), "policy name must not be empty");
  }
  p.entity = r.String("entity", false).value_or(target.name);
  if (const Json* inputs = r.Get("inputs", false)) {
    if (!inputs->is_object()) {
      r.Fail(r.Path("inputs"), "expected an object of metric values, found " + ObjectReader::TypeName(*inputs));
    } else {
      for (auto it = inputs->begin(); it != inputs->end(); ++it) {
        if (!it.value().is_number()) {
          r.Fail(r.Path("inputs") + "/" + Escape(it.key()),
                 "metric value must be a number, found " + ObjectReader::TypeName(it.value()));
          break;
        }
        p.inputs[it.key()] = it.value().get<double>();
      }
    }
  }
  if (auto time = r.String("time", false)) {
    p.time = *time;
    if (!ValidTime(p.time)) r.Fail(r.Path("time"), "time must be RFC 3339 UTC like `2026-12-03T10:00:00Z`, not `" + p.time + "`");
  }
  if (auto priority = r.Number("priority", false)) {
    if (*priority != std::floor(*priority) || std::fabs(*priority) > 1e9) {
      r.Fail(r.Path("priority"), "priority must be an integer");
    } else {
      p.priority = static_cast<int>(*priority);
    }
  }
  r.RejectUnknown();
  return p;
}

std::optional<Kind> ReadKind(ObjectReader& r, const std::string& type, std::string_view source,
                             std::optional<Error>& error) {
  if (type == "redirect" || type == "mirror") {
    double share = r.Bounded("share", true, 0, 1, false, "a ratio in [0, 1]").value_or(0);
    Destination to = ReadDestination(r, "to", source, error);
    if (type == "redirect") return Redirect{share, to};
    return Mirror{share, to};
  }
  if (type == "shift") {
    Shift s;
    s.share = r.Bounded("share", true, 0, 1, false, "a ratio in [0, 1]").value_or(0);
    s.step = r.Bounded("step", true, 0, 1, true, "a ratio in (0, 1]").value_or(0);
    s.every_seconds = r.Bounded("every_seconds", true, 0, kHuge, true, "a positive number of seconds").value_or(0);
    s.max = r.Bounded("max", false, 0, 1, false, "a ratio in [0, 1]").value_or(1);
    s.to = ReadDestination(r, "to", source, error);
    if (!error && s.share > s.max) r.Fail(r.Path("share"), "`share` must not exceed `max`");
    return s;
  }
  if (type == "isolate") {
    Isolate i;
    i.for_seconds = r.Bounded("for_seconds", false, 0, kHuge, true, "a positive number of seconds");
    return i;
  }
  if (type == "rate_limit") {
    RateLimit l;
    l.per_second = r.Bounded("per_second", true, 0, kHuge, true, "a positive rate per second").value_or(0);
    l.burst = r.Bounded("burst", false, 1, kHuge, false, "at least 1");
    if (const Json* h = r.Get("header", false)) {
      ObjectReader hr(*h, r.Path("header"), source, error);
      HeaderMatch m;
      if (auto name = hr.String("name", true)) {
        m.name = *name;
        if (m.name.empty()) hr.Fail(hr.Path("name"), "header name must not be empty");
      }
      m.value = hr.String("value", false);
      hr.RejectUnknown();
      l.header = m;
    }
    return l;
  }
  if (type == "require_mtls") {
    RequireMtls m;
    if (auto mode = r.String("mode", true)) {
      if (*mode == "strict") m.mode = MtlsMode::kStrict;
      else if (*mode == "permissive") m.mode = MtlsMode::kPermissive;
      else r.Fail(r.Path("mode"), "mtls mode must be `strict` or `permissive`, not `" + *mode + "`");
    }
    return m;
  }
  if (type == "set_timeout") {
    return SetTimeout{r.Bounded("seconds", true, 0, kHuge, true, "a positive number of seconds").value_or(0)};
  }
  if (type == "set_retries") {
    SetRetries s;
    auto attempts = r.Bounded("attempts", true, 0, 1000, false, "an integer in [0, 1000]");
    if (attempts) {
      if (*attempts != std::floor(*attempts)) r.Fail(r.Path("attempts"), "`attempts` must be an integer");
      s.attempts = static_cast<int>(*attempts);
    }
    if (auto on = r.String("on", false)) {
      s.on = *on;
      if (s.on.empty()) r.Fail(r.Path("on"), "retry condition must not be empty");
    }
    return s;
  }
  r.Fail(r.Path("type"), "unknown action type `" + type +
                             "` (expected redirect, mirror, shift, isolate, rate_limit, "
                             "require_mtls, set_timeout or set_retries)");
  return std::nullopt;
}

std::pair<size_t, size_t> LineColumn(std::string_view text, size_t byte) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

Json DestinationToJson(const Destination& d) {
  Json j = Json::object();
  j["name"] = d.name;
  j["kind"] = std::string(DestinationKindName(d.kind));
  if (d.declared) j["declared"] = true;
  return j;
}

}  // namespace

Result<Action> ActionFromJson(const Json& value, const std::string& path, std::string_view source) {
  std::optional<Error> error;
  ObjectReader r(value, path, source, error);
  Action action;
  std::optional<std::string> type = r.String("type", true);
  action.target = ReadTarget(r, source, error);
  std::optional<Kind> kind;
  if (type && !error) kind = ReadKind(r, *type, source, error);
  action.provenance = ReadProvenance(r, action.target, source, error);
  r.RejectUnknown();
  if (error) return *error;
  action.kind = *kind;
  if (!ValidOn(action.kind, action.target.kind)) {
    return Error{kSchema,
                 "`" + std::string(KindName(action.kind)) + "` cannot target a " +
                     std::string(TargetKindName(action.target.kind)),
                 std::string(source) + ": " + path + "/target/kind"};
  }
  return action;
}

Result<std::vector<Action>> ReadActions(std::string_view text, std::string_view source) {
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    auto [line, col] = LineColumn(text, e.byte == 0 ? 0 : e.byte - 1);
    std::string what = e.what();
    if (auto col = what.find("column "); col != std::string::npos) {
        if (auto colon = what.find(": ", col); colon != std::string::npos) what = what.substr(colon + 2);
      }
    return Error{kSyntax, "invalid JSON: " + what,
                 std::string(source) + ":" + std::to_string(line) + ":" + std::to_string(col)};
  }
  const Json* list = &doc;
  std::string base;
  if (doc.is_object()) {
    std::optional<Error> error;
    ObjectReader r(doc, "", source, error);
    auto version = r.Number("version", true);
    if (version && *version != kActionsFormatVersion) {
      r.Fail("/version", "unsupported actions format version " + nlohmann::json(*version).dump() +
                             " (this build reads version 1)");
    }
    list = r.Get("actions", true);
    r.RejectUnknown();
    if (error) return *error;
    base = "/actions";
    if (!list->is_array()) {
      return Error{kSchema, "expected an array of actions, found " + ObjectReader::TypeName(*list),
                   std::string(source) + ": /actions"};
    }
  } else if (!doc.is_array()) {
    return Error{kSchema,
                 "expected an object `{\"version\": 1, \"actions\": [...]}` or an array, found " +
                     ObjectReader::TypeName(doc),
                 std::string(source) + ": /"};
  }
  std::vector<Action> actions;
  for (size_t i = 0; i < list->size(); ++i) {
    auto action = ActionFromJson((*list)[i], base + "/" + std::to_string(i), source);
    if (!action) return action.error();
    actions.push_back(std::move(*action));
  }
  return actions;
}

Json ActionToJson(const Action& action) {
  Json j = Json::object();
  j["type"] = std::string(KindName(action.kind));
  Json target = Json::object();
  target["kind"] = std::string(TargetKindName(action.target.kind));
  target["name"] = action.target.name;
  if (!action.target.service.empty()) target["service"] = action.target.service;
  j["target"] = target;
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, Redirect> || std::is_same_v<T, Mirror>) {
          j["share"] = a.share;
          j["to"] = DestinationToJson(a.to);
        } else if constexpr (std::is_same_v<T, Shift>) {
          j["share"] = a.share;
          j["step"] = a.step;
          j["every_seconds"] = a.every_seconds;
          j["max"] = a.max;
          j["to"] = DestinationToJson(a.to);
        } else if constexpr (std::is_same_v<T, Isolate>) {
          if (a.for_seconds) j["for_seconds"] = *a.for_seconds;
        } else if constexpr (std::is_same_v<T, RateLimit>) {
          j["per_second"] = a.per_second;
          if (a.burst) j["burst"] = *a.burst;
          if (a.header) {
            Json h = Json::object();
            h["name"] = a.header->name;
            if (a.header->value) h["value"] = *a.header->value;
            j["header"] = h;
          }
        } else if constexpr (std::is_same_v<T, RequireMtls>) {
          j["mode"] = a.mode == MtlsMode::kStrict ? "strict" : "permissive";
        } else if constexpr (std::is_same_v<T, SetTimeout>) {
          j["seconds"] = a.seconds;
        } else if constexpr (std::is_same_v<T, SetRetries>) {
          j["attempts"] = a.attempts;
          j["on"] = a.on;
        }
      },
      action.kind);
  Json p = Json::object();
  p["policy"] = action.provenance.policy;
  p["entity"] = action.provenance.entity;
  Json inputs = Json::object();
  for (const auto& [k, v] : action.provenance.inputs) inputs[k] = v;
  p["inputs"] = inputs;
  if (!action.provenance.time.empty()) p["time"] = action.provenance.time;
  p["priority"] = action.provenance.priority;
  j["provenance"] = p;
  return j;
}

std::string WriteActions(const std::vector<Action>& actions) {
  Json doc = Json::object();
  doc["version"] = kActionsFormatVersion;
  Json list = Json::array();
  for (const Action& a : actions) list.push_back(ActionToJson(a));
  doc["actions"] = list;
  return doc.dump(2) + "\n";
}

}  // namespace stitch::action
