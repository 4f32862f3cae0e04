#include "TestFile.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "compiler/Compile.h"
#include "runtime/testing/Values.h"

namespace stitch::policytest {
namespace {

namespace fs = std::filesystem;

// Reads one test file; every error is thrown as Malformed with the node it concerns and
// caught in ParseTestFile, so no exception leaves this file.
struct Malformed {
  YAML::Mark mark;
  std::string message;
};

[[noreturn]] void Fail(const YAML::Node& node, std::string message) { throw Malformed{node.Mark(), std::move(message)}; }

int Line(const YAML::Node& node) { return node.Mark().line + 1; }

std::string Text(const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) Fail(node, fmt::format("{} must be a single value", what));
  return node.Scalar();
}

void CheckKeys(const YAML::Node& map, const std::string& what, const std::set<std::string>& known) {
  if (!map.IsMap()) Fail(map, fmt::format("{} must be a mapping", what));
  for (const auto& entry : map) {
    std::string key = Text(entry.first, "a key");
    if (known.count(key)) continue;
    std::string list;
    for (const std::string& k : known) list += (list.empty() ? "`" : ", `") + k + "`";
    Fail(entry.first, fmt::format("unknown field `{}` in {} (known: {})", key, what, list));
  }
}

int64_t Duration(const YAML::Node& node, const std::string& what) {
  std::string text = Text(node, what);
  double seconds = 0;
  std::string error;
  if (text != "0" && !ParseTypedValue(text, types::Type::Duration(), seconds, error)) {
    Fail(node, fmt::format("{}: {}", what, error));
  }
  if (seconds < 0) Fail(node, fmt::format("{} must not be negative", what));
  return static_cast<int64_t>(std::llround(seconds * 1000));
}

// `latency_p99` is `latency.p99`; header names are lower-case.
std::string ColumnKeyOf(std::string name) {
  if (name.starts_with("latency_")) name[7] = '.';
  if (name.starts_with("header.")) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  }
  return name;
}

EntityRef Entity(const YAML::Node& node) {
  EntityRef ref;
  std::string error;
  if (!ParseEntityRef(Text(node, "an entity"), ref, error)) Fail(node, error);
  return ref;
}

EntityInput Input(const YAML::Node& key, const YAML::Node& body) {
  EntityInput input;
  input.ref = Entity(key);
  input.line = Line(key);
  if (input.ref.is_namespace) Fail(key, "a namespace has no telemetry of its own; give series for its services");
  if (!body.IsMap()) Fail(body, fmt::format("`{}` must map metrics to series", input.ref.text));
  for (const auto& entry : body) {
    std::string name = Text(entry.first, "a metric name");
    if (name == "namespace") {
      input.ref.id.ns = Text(entry.second, "`namespace`");
      continue;
    }
    if (name == "tags") {
      if (!entry.second.IsMap()) Fail(entry.second, "`tags` must map tag names to values");
      for (const auto& tag : entry.second) input.tags[Text(tag.first, "a tag name")] = Text(tag.second, "a tag value");
      continue;
    }
    if (entry.second.IsNull()) {
      Fail(entry.first, fmt::format("`{}` has no series (inside `{{...}}`, quote a series with commas: "
                                    "`errors: \"2/s x6, 0/s x4\"`)",
                                    name));
    }
    Series series;
    series.key = ColumnKeyOf(name);
    series.line = Line(entry.second);
    for (const Series& other : input.series) {
      if (other.key == series.key) Fail(entry.first, fmt::format("`{}` is given twice for `{}`", series.key, input.ref.text));
    }
    std::string error;
    if (!ParseSeries(Text(entry.second, "a series"), ColumnType(series.key), series.values, error)) {
      Fail(entry.second, fmt::format("{}: {}", series.key, error));
    }
    input.series.push_back(std::move(series));
  }
  return input;
}

engine::State StateOf(const YAML::Node& node) {
  std::string text = Text(node, "a state");
  for (engine::State s : {engine::State::kInactive, engine::State::kPending, engine::State::kFiring,
                          engine::State::kRecovering}) {
    if (engine::StateName(s) == text) return s;
  }
  Fail(node, fmt::format("`{}` is not a state (inactive, pending, firing, recovering)", text));
}

ActionSpec Action(const YAML::Node& node) {
  if (!node.IsMap()) Fail(node, "an expected action is a mapping: `{kind: redirect, target: service x, ...}`");
  ActionSpec spec;
  spec.line = Line(node);
  if (!node["kind"]) Fail(node, "an expected action needs `kind`");
  if (!node["target"]) Fail(node, "an expected action needs `target`");
  spec.kind = Text(node["kind"], "`kind`");
  if (FieldsOfKind(spec.kind).empty()) {
    Fail(node["kind"], fmt::format("unknown action kind `{}` (redirect, mirror, shift, isolate, rate_limit, "
                                   "require_mtls, set_timeout, set_retries)",
                                   spec.kind));
  }
  spec.target = Entity(node["target"]).text;
  for (const auto& entry : node) {
    std::string field = Text(entry.first, "a field name");
    if (field == "kind" || field == "target") continue;
    if (field == "policy") {
      spec.policy = Text(entry.second, "`policy`");
      continue;
    }
    std::string error;
    if (!SetField(spec, field, Text(entry.second, "`" + field + "`"), error)) Fail(entry.first, error);
  }
  return spec;
}

Expectation Expect(const YAML::Node& node) {
  CheckKeys(node, "an expectation", {"at", "states", "actions"});
  Expectation e;
  e.line = Line(node);
  if (!node["at"]) Fail(node, "an expectation needs `at` (the time from the first evaluation, e.g. `2m30s`)");
  e.at_ms = Duration(node["at"], "`at`");
  if (YAML::Node states = node["states"]) {
    if (!states.IsMap()) Fail(states, "`states` maps policies to a state, or to entities and their states");
    for (const auto& entry : states) {
      std::string policy = Text(entry.first, "a policy name");
      if (entry.second.IsMap()) {
        for (const auto& per_entity : entry.second) {
          e.states.push_back({policy, Entity(per_entity.first), StateOf(per_entity.second), Line(per_entity.first)});
        }
      } else {
        e.states.push_back({policy, std::nullopt, StateOf(entry.second), Line(entry.first)});
      }
    }
  }
  if (YAML::Node actions = node["actions"]) {
    for (const auto& entry : node) {
      if (entry.first.Scalar() == "actions") e.actions_line = Line(entry.first);
    }
    e.actions.emplace();
    if (actions.IsScalar() && actions.Scalar() == "none") {
      // no actions
    } else if (actions.IsSequence()) {
      for (const auto& a : actions) e.actions->push_back(Action(a));
    } else {
      Fail(actions, "`actions` is a list of actions, or `none`");
    }
  }
  if (e.states.empty() && !e.actions) Fail(node, "an expectation needs `states` or `actions`");
  return e;
}

TestCase Case(const YAML::Node& node, int64_t interval_ms) {
  CheckKeys(node, "a test", {"name", "interval", "series", "expect"});
  TestCase test;
  test.line = Line(node);
  if (!node["name"]) Fail(node, "a test needs a `name`");
  test.name = Text(node["name"], "`name`");
  test.interval_ms = node["interval"] ? Duration(node["interval"], "`interval`") : interval_ms;
  if (test.interval_ms <= 0) Fail(node["interval"] ? node["interval"] : node, "the interval must be positive");
  if (YAML::Node series = node["series"]) {
    if (!series.IsMap()) Fail(series, "`series` maps entities to their metrics");
    for (const auto& entry : series) {
      EntityInput input = Input(entry.first, entry.second);
      for (const EntityInput& other : test.entities) {
        if (other.ref.id == input.ref.id) Fail(entry.first, fmt::format("`{}` is given twice", input.ref.text));
      }
      for (const Series& s : input.series) test.evaluations = std::max(test.evaluations, s.values.size());
      test.entities.push_back(std::move(input));
    }
  }
  YAML::Node expect = node["expect"];
  if (!expect || !expect.IsSequence() || expect.size() == 0) {
    Fail(expect ? expect : node, "a test needs `expect`: a list of expectations");
  }
  for (const auto& e : expect) {
    Expectation expectation = Expect(e);
    if (expectation.at_ms % test.interval_ms != 0) {
      Fail(e["at"], fmt::format("`at` must be a multiple of the interval ({})",
                                FormatValue(static_cast<double>(test.interval_ms) / 1000, types::Type::Duration())));
    }
    test.evaluations = std::max(test.evaluations, static_cast<size_t>(expectation.at_ms / test.interval_ms) + 1);
    test.expect.push_back(std::move(expectation));
  }
  std::stable_sort(test.expect.begin(), test.expect.end(),
                   [](const Expectation& a, const Expectation& b) { return a.at_ms < b.at_ms; });
  return test;
}

// A policy path: a file, or a folder of `.policy` / `.policy.yaml` files (sorted).
void AddPolicies(const YAML::Node& node, const fs::path& base, std::vector<std::string>& out) {
  fs::path path = base / Text(node, "a policy path");
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
      std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && (name.ends_with(".policy") || IsYamlPolicyPath(name))) {
        found.push_back(entry.path().lexically_normal().string());
      }
    }
    std::sort(found.begin(), found.end());
    if (found.empty()) Fail(node, fmt::format("no policy files in `{}`", path.string()));
    out.insert(out.end(), found.begin(), found.end());
  } else if (fs::is_regular_file(path, ec)) {
    out.push_back(path.lexically_normal().string());
  } else {
    Fail(node, fmt::format("policy file `{}` does not exist", path.lexically_normal().string()));
  }
}

}  // namespace

bool ParseTestFile(const std::string& text, const std::string& path, TestFile& out, std::string& error) {
  out = TestFile{};
  out.path = path;
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap()) Fail(root, "a test file is a mapping with `policies`, `interval` and `tests`");
    CheckKeys(root, "the test file", {"policies", "interval", "tests"});
    if (!root["policies"]) Fail(root, "the test file needs `policies`: the policy files under test");
    fs::path base = fs::path(path).parent_path();
    YAML::Node policies = root["policies"];
    if (policies.IsSequence()) {
      for (const auto& p : policies) AddPolicies(p, base, out.policy_paths);
    } else {
      AddPolicies(policies, base, out.policy_paths);
    }
    if (out.policy_paths.empty()) Fail(policies, "`policies` is empty");
    int64_t interval_ms = root["interval"] ? Duration(root["interval"], "`interval`") : 60000;
    YAML::Node tests = root["tests"];
    if (!tests || !tests.IsSequence() || tests.size() == 0) {
      Fail(tests ? tests : root, "the test file needs `tests`: a list of tests");
    }
    std::set<std::string> names;
    for (const auto& t : tests) {
      TestCase test = Case(t, interval_ms);
      if (!names.insert(test.name).second) Fail(t["name"], fmt::format("two tests are named `{}`", test.name));
      out.tests.push_back(std::move(test));
    }
  } catch (const Malformed& m) {
    error = fmt::format("{}:{}:{}: {}", path, m.mark.line + 1, m.mark.column + 1, m.message);
    return false;
  } catch (const YAML::Exception& e) {
    error = e.mark.is_null() ? fmt::format("{}: {}", path, e.msg)
                             : fmt::format("{}:{}:{}: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg);
    return false;
  }
  return true;
}

bool LoadTestFile(const std::string& path, TestFile& out, std::string& error) {
  std::string text;
  if (!ReadFile(path, text)) {
    error = fmt::format("{}: cannot read the file", path);
    return false;
  }
  return ParseTestFile(text, path, out, error);
}

}  // namespace stitch::policytest
