#include "Config.h"

#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "compiler/Compile.h"
#include "compiler/types/Units.h"

namespace stitch::controller {
namespace {

namespace fs = std::filesystem;

// Errors carry the node's position: `stitch.yaml:12:5: ...`.
struct ConfigError {
  std::string message;
};

class Reader {
 public:
  Reader(std::string path, std::string base_dir) : path_(std::move(path)), base_dir_(std::move(base_dir)) {}

  [[noreturn]] void Fail(const YAML::Node& node, const std::string& message) const {
    const YAML::Mark mark = node.Mark();
    if (mark.line < 0) throw ConfigError{fmt::format("{}: {}", path_, message)};
    throw ConfigError{fmt::format("{}:{}:{}: {}", path_, mark.line + 1, mark.column + 1, message)};
  }

  void Keys(const YAML::Node& map, const std::set<std::string>& allowed, const std::string& where) const {
    if (!map.IsMap()) Fail(map, fmt::format("`{}` must be a mapping", where));
    for (const auto& entry : map) {
      std::string key = entry.first.Scalar();
      if (!allowed.count(key)) {
        std::string list;
        for (const auto& k : allowed) list += (list.empty() ? "" : ", ") + k;
        Fail(entry.first, fmt::format("unknown key `{}` in {}; expected one of {}", key, where, list));
      }
    }
  }

  std::string String(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) Fail(node, fmt::format("`{}` must be a string", key));
    return node.Scalar();
  }

  std::string Path(const YAML::Node& node, const std::string& key) const {
    std::string value = String(node, key);
    if (value.find("://") != std::string::npos) return value;  // a URL
    fs::path p(value);
    return p.is_absolute() ? value : (fs::path(base_dir_) / p).lexically_normal().string();
  }

  std::vector<std::string> Paths(const YAML::Node& node, const std::string& key) const {
    std::vector<std::string> out;
    if (node.IsScalar()) return {Path(node, key)};
    if (!node.IsSequence()) Fail(node, fmt::format("`{}` must be a path or a list of paths", key));
    for (const YAML::Node& item : node) out.push_back(Path(item, key));
    return out;
  }

  // A duration in the policy language's spelling: `1s`, `500ms`, `1m30s`.
  int64_t DurationMs(const YAML::Node& node, const std::string& key) const {
    std::string text = String(node, key);
    types::QuantityParse parsed = types::ParseQuantity(text);
    if (parsed.error != types::QuantityError::kNone || !parsed.quantity.type.is_duration() ||
        parsed.quantity.value <= 0) {
      Fail(node, fmt::format("`{}` must be a duration such as `1s` or `500ms`, not `{}`", key, text));
    }
    return static_cast<int64_t>(parsed.quantity.value * 1000 + 0.5);
  }

  double Ratio(const YAML::Node& node, const std::string& key) const {
    std::string text = String(node, key);
    types::QuantityParse parsed = types::ParseQuantity(text);
    if (parsed.error != types::QuantityError::kNone || !parsed.quantity.type.is_ratio() ||
        parsed.quantity.value <= 0 || parsed.quantity.value > 1) {
      Fail(node, fmt::format("`{}` must be a share such as `50%`, not `{}`", key, text));
    }
    return parsed.quantity.value;
  }

  double Number(const YAML::Node& node, const std::string& key) const {
    double value = 0;
    if (!node.IsScalar() || !YAML::convert<double>::decode(node, value)) {
      Fail(node, fmt::format("`{}` must be a number", key));
    }
    return value;
  }

  int64_t Count(const YAML::Node& node, const std::string& key, int64_t min) const {
    int64_t value = 0;
    if (!node.IsScalar() || !YAML::convert<int64_t>::decode(node, value) || value < min) {
      Fail(node, fmt::format("`{}` must be a whole number of at least {}", key, min));
    }
    return value;
  }

  bool Bool(const YAML::Node& node, const std::string& key) const {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) Fail(node, fmt::format("`{}` must be true or false", key));
    return value;
  }

  void Read(const YAML::Node& root, Config& config) const {
    Keys(root, {"policies", "manifests", "telemetry", "tick", "ticks", "store", "log", "jit_cache", "deploy"},
         "the configuration");
    for (const char* required : {"policies", "manifests", "telemetry", "store", "deploy"}) {
      if (!root[required]) Fail(root, fmt::format("the configuration needs `{}`", required));
    }
    config.policies = Paths(root["policies"], "policies");
    config.manifests = Paths(root["manifests"], "manifests");
    config.store = Path(root["store"], "store");
    if (root["tick"]) config.tick_ms = DurationMs(root["tick"], "tick");
    if (root["ticks"]) config.max_ticks = Count(root["ticks"], "ticks", 1);
    if (root["log"]) config.log = Path(root["log"], "log");
    if (root["jit_cache"]) config.jit_cache = Path(root["jit_cache"], "jit_cache");
    ReadTelemetry(root["telemetry"], config);
    ReadDeploy(root["deploy"], config);
  }

  void ReadTelemetry(const YAML::Node& node, Config& config) const {
    Keys(node, {"source", "location", "profile", "queries", "timeout", "staleness", "window", "pace"}, "`telemetry`");
    if (!node["source"] || !node["location"]) Fail(node, "`telemetry` needs `source` and `location`");
    ingest::SourceConfig& t = config.telemetry;
    std::string source = String(node["source"], "source");
    auto kind = ingest::ParseSourceKind(source);
    if (!kind) {
      std::string list;
      for (auto name : ingest::SourceKindNames()) list += (list.empty() ? "" : ", ") + std::string(name);
      Fail(node["source"], fmt::format("unknown telemetry source `{}`; expected one of {}", source, list));
    }
    t.kind = *kind;
    t.locations = {Path(node["location"], "location")};
    if (node["profile"]) {
      std::string name = String(node["profile"], "profile");
      auto profile = ingest::ParseProfile(name);
      if (!profile) Fail(node["profile"], fmt::format("unknown profile `{}`", name));
      t.profile = *profile;
    }
    t.options.mapping = ingest::DefaultMapping(t.profile);
    if (node["timeout"]) t.timeout_ms = DurationMs(node["timeout"], "timeout");
    if (node["staleness"]) t.options.staleness_ms = DurationMs(node["staleness"], "staleness");
    if (node["window"]) t.options.window_s = DurationMs(node["window"], "window") / 1000.0;
    if (node["pace"]) config.pace = Bool(node["pace"], "pace");
    if (node["queries"]) {  // column key → PromQL, for a prometheus-api server
      if (!node["queries"].IsMap()) Fail(node["queries"], "`queries` must map column keys to PromQL");
      for (const auto& entry : node["queries"]) {
        t.queries.push_back({entry.first.Scalar(), String(entry.second, entry.first.Scalar()), 1});
      }
    }
  }

  void ReadDeploy(const YAML::Node& node, Config& config) const {
    Keys(node, {"strategy", "targets", "canary", "dry_run"}, "`deploy`");
    if (node["strategy"]) {
      std::string s = String(node["strategy"], "strategy");
      if (s == "all-at-once") config.strategy = Strategy::kAllAtOnce;
      else if (s == "canary") config.strategy = Strategy::kCanary;
      else if (s == "blue-green") config.strategy = Strategy::kBlueGreen;
      else Fail(node["strategy"], fmt::format("unknown strategy `{}`; expected all-at-once, canary or blue-green", s));
    }
    if (node["dry_run"]) config.dry_run = Bool(node["dry_run"], "dry_run");
    const YAML::Node targets = node["targets"];
    if (!targets || !targets.IsSequence() || targets.size() == 0) {
      Fail(targets ? targets : node, "`deploy.targets` must be a non-empty list");
    }
    for (const YAML::Node& target : targets) {
      Keys(target, {"name", "kind", "path"}, "a deploy target");
      if (!target["kind"] || !target["path"]) Fail(target, "a deploy target needs `kind` and `path`");
      std::string kind = String(target["kind"], "kind");
      std::string prefix = kind == "envoy-xds" ? "envoy:" : kind == "directory" ? "dir:" : "";
      if (prefix.empty()) Fail(target["kind"], fmt::format("unknown target kind `{}`; expected envoy-xds or directory", kind));
      DeployTarget t;
      t.spec = prefix + Path(target["path"], "path");
      t.name = target["name"] ? String(target["name"], "name") : fmt::format("group-{}", config.targets.size() + 1);
      config.targets.push_back(std::move(t));
    }
    if (node["canary"]) {
      const YAML::Node canary = node["canary"];
      Keys(canary, {"steps", "ticks_per_step", "min_health"}, "`deploy.canary`");
      if (canary["steps"]) {
        if (!canary["steps"].IsSequence() || canary["steps"].size() == 0) Fail(canary["steps"], "`steps` must be a list of shares");
        config.canary.steps.clear();
        for (const YAML::Node& step : canary["steps"]) {
          double share = Ratio(step, "steps");
          if (!config.canary.steps.empty() && share <= config.canary.steps.back()) Fail(step, "`steps` must increase");
          config.canary.steps.push_back(share);
        }
        if (config.canary.steps.back() != 1.0) Fail(canary["steps"], "the last canary step must be `100%`");
      }
      if (canary["ticks_per_step"]) config.canary.ticks_per_step = static_cast<int>(Count(canary["ticks_per_step"], "ticks_per_step", 1));
      if (canary["min_health"]) {
        config.canary.min_health = Number(canary["min_health"], "min_health");
        if (config.canary.min_health < 0 || config.canary.min_health > 100) Fail(canary["min_health"], "`min_health` must be 0..100");
      }
    }
  }

 private:
  std::string path_;
  std::string base_dir_;
};

}  // namespace

bool LoadConfig(const std::string& path, Config& config, std::string& error) {
  std::string text;
  if (!ReadFile(path, text)) {
    error = fmt::format("cannot read `{}`", path);
    return false;
  }
  config = Config{};
  config.path = path;
  std::string base = fs::path(path).parent_path().string();
  Reader reader(path, base.empty() ? "." : base);
  try {
    YAML::Node root = YAML::Load(text);
    if (!root || root.IsNull()) {
      error = fmt::format("{}: the configuration is empty", path);
      return false;
    }
    reader.Read(root, config);
  } catch (const ConfigError& e) {
    error = e.message;
    return false;
  } catch (const YAML::Exception& e) {
    error = fmt::format("{}:{}:{}: invalid YAML: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg);
    return false;
  }
  return true;
}

}  // namespace stitch::controller
