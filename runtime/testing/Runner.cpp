#include "Runner.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compiler/diagnostics/Render.h"
#include "runtime/engine/Engine.h"
#include "runtime/ingest/CanonicalJson.h"
#include "runtime/testing/Values.h"

namespace stitch::policytest {
namespace {

namespace fs = std::filesystem;

std::string Offset(int64_t ms) {
  if (ms == 0) return "0s";
  return FormatValue(static_cast<double>(ms) / 1000, types::Type::Duration());
}

// Checks the policy files; false with every error rendered into `error`.
bool LoadPolicies(const TestFile& file, std::vector<CheckedFile>& out, std::string& error) {
  Diagnostics diagnostics;
  out.clear();
  for (const std::string& path : file.policy_paths) out.push_back(CheckPath(path, diagnostics));
  if (!diagnostics.HasErrors()) return true;
  diagnostics.Sort();
  error = fmt::format("{}: the policies under test have {}; see `stitch check`\n", file.path, SummaryLine(diagnostics));
  for (const Diagnostic& d : diagnostics.all()) {
    if (d.severity == Severity::kError) error += RenderHuman(d);
  }
  if (!error.empty() && error.back() == '\n') error.pop_back();
  return false;
}

// Every policy an expectation names must exist: a typo would otherwise pass as "inactive".
bool CheckPolicyNames(const TestFile& file, const std::set<std::string>& names, std::string& error) {
  auto unknown = [&](const std::string& name, int line) {
    error = fmt::format("{}:{}: no policy `{}` in the policies under test", file.path, line, name);
    return false;
  };
  for (const TestCase& test : file.tests) {
    for (const Expectation& e : test.expect) {
      for (const StateSpec& s : e.states) {
        if (!names.count(s.policy)) return unknown(s.policy, s.line);
      }
      for (const ActionSpec& a : e.actions.value_or(std::vector<ActionSpec>{})) {
        if (!a.policy.empty() && !names.count(a.policy)) return unknown(a.policy, a.line);
      }
    }
  }
  return true;
}

// The engine's name for an entity of an expectation: with the namespace its series gave.
std::string EngineEntity(const TestCase& test, const EntityRef& ref) {
  EntityRef resolved = ref;
  for (const EntityInput& input : test.entities) {
    frame::EntityId id = input.ref.id;
    id.ns = ref.id.ns;
    if (!ref.is_namespace && id == ref.id) resolved.id.ns = input.ref.id.ns;
  }
  return DescribeRef(resolved);
}

std::string ListSpecs(const std::vector<std::string>& specs) {
  if (specs.empty()) return "none";
  if (specs.size() == 1) return specs[0];
  std::string out;
  for (const std::string& s : specs) out += "\n    - " + s;
  return out;
}

}  // namespace

// Augmenting paths: each expected action in turn takes a free match, or moves the one holding
// a match to another of its matches.
std::vector<int> PairActions(const std::vector<ActionSpec>& expected, const std::vector<action::Action>& active) {
  std::vector<int> owner(active.size(), -1);
  std::function<bool(size_t, std::vector<bool>&)> assign = [&](size_t e, std::vector<bool>& seen) {
    for (size_t a = 0; a < active.size(); ++a) {
      if (seen[a] || !Matches(expected[e], active[a])) continue;
      seen[a] = true;
      if (owner[a] < 0 || assign(static_cast<size_t>(owner[a]), seen)) {
        owner[a] = static_cast<int>(e);
        return true;
      }
    }
    return false;
  };
  for (size_t e = 0; e < expected.size(); ++e) {
    std::vector<bool> seen(active.size(), false);
    assign(e, seen);
  }
  return owner;
}

namespace {

// Checks the expected states after the evaluation at `time_ms`; false when one differs.
bool CheckStates(const TestCase& test, const Expectation& e, const engine::Engine& engine, int64_t time_ms,
                 FileReport& report) {
  bool passed = true;
  std::vector<engine::InstanceStatus> instances = engine.Instances();
  for (const StateSpec& s : e.states) {
    std::vector<const engine::InstanceStatus*> found;
    std::string entity = s.entity ? EngineEntity(test, *s.entity) : "";
    for (const engine::InstanceStatus& i : instances) {
      if (i.policy == s.policy && (!s.entity || i.entity == entity)) found.push_back(&i);
    }
    bool ok = std::all_of(found.begin(), found.end(), [&](auto* i) { return i->state == s.state; });
    if (found.empty()) ok = s.state == engine::State::kInactive;
    if (ok) {
      if (s.state != engine::State::kInactive) report.exercised.insert(s.policy);
      continue;
    }
    passed = false;
    std::string actual;
    if (found.empty()) actual = s.entity ? "inactive (never evaluated)" : "inactive (no instances)";
    for (const engine::InstanceStatus* i : found) {
      std::string state = fmt::format("{} since {}", engine::StateName(i->state), Offset(i->since_ms));
      if (i->state == engine::State::kInactive && i->since_ms == 0) state = "inactive";
      actual += s.entity ? state : fmt::format("{}{}: {}", actual.empty() ? "" : ", ", i->entity, state);
    }
    std::string what = s.entity ? fmt::format("state of `{}` for {}", s.policy, entity)
                                : fmt::format("state of `{}`{}", s.policy, found.size() > 1 ? " (every instance)" : "");
    report.failures.push_back({test.name, s.line, time_ms, what, std::string(engine::StateName(s.state)), actual});
  }
  return passed;
}

// Checks the exact active actions after the evaluation at `time_ms`; false when they differ.
bool CheckActions(const TestCase& test, const Expectation& e, const engine::Engine& engine, int64_t time_ms,
                  FileReport& report) {
  if (!e.actions) return true;
  const std::vector<action::Action>& active = engine.actions();
  std::vector<int> owner = PairActions(*e.actions, active);
  size_t paired = static_cast<size_t>(std::count_if(owner.begin(), owner.end(), [](int o) { return o >= 0; }));
  size_t missing = e.actions->size() - paired, unexpected = active.size() - paired;
  if (missing == 0 && unexpected == 0) {
    for (const action::Action& a : active) report.exercised.insert(a.provenance.policy);
    return true;
  }
  std::vector<std::string> expected_text, actual_text;
  for (const ActionSpec& spec : *e.actions) expected_text.push_back(FormatSpec(spec));
  for (const action::Action& a : active) actual_text.push_back(FormatSpec(SpecOf(a)));
  std::string what = "active actions (";
  if (missing) what += fmt::format("{} expected not active", missing);
  if (missing && unexpected) what += ", ";
  if (unexpected) what += fmt::format("{} active not expected", unexpected);
  report.failures.push_back({test.name, e.actions_line, time_ms, what + ")", ListSpecs(expected_text),
                             ListSpecs(actual_text)});
  return false;
}

// Runs one test case, adding its failures to `report`.
bool RunCase(const TestFile& file, const TestCase& test, std::vector<CheckedFile> policies,
             const RunOptions& options, FileReport& report) {
  auto fail_run = [&](const std::string& message) {
    report.failures.push_back({test.name, test.line, 0, "the test could not run", "", message});
    return false;
  };
  ingest::IngestOptions ingest_options;
  auto frames = ingest::ParseCanonicalJson(RecordingJson(test), file.path, ingest_options);
  if (!frames) return fail_run(frames.error().ToString());

  engine::EngineOptions engine_options;
  engine_options.backend = options.backend;
  engine_options.cache_dir = options.cache_dir;
  auto engine = engine::Engine::Create(std::move(policies), engine_options);

  bool passed = true;
  size_t next = 0;  // the next expectation to check
  for (frame::Frame& frame : *frames) {
    int64_t time_ms = frame.time_ms;
    engine::TickResult tick;
    if (!engine->Tick(std::move(frame), tick)) return fail_run("the engine refused a frame");
    for (; next < test.expect.size() && test.expect[next].at_ms == time_ms; ++next) {
      // Both run, so that every difference is reported.
      bool states_ok = CheckStates(test, test.expect[next], *engine, time_ms, report);
      bool actions_ok = CheckActions(test, test.expect[next], *engine, time_ms, report);
      passed = passed && states_ok && actions_ok;
    }
  }
  return passed;
}

}  // namespace

size_t FileReport::passed() const {
  return static_cast<size_t>(std::count_if(tests.begin(), tests.end(), [](const TestOutcome& t) { return t.passed; }));
}

size_t FileReport::failed() const { return tests.size() - passed(); }

std::string RecordingJson(const TestCase& test) {
  nlohmann::ordered_json frames = nlohmann::ordered_json::array();
  for (size_t k = 0; k < test.evaluations; ++k) {
    nlohmann::ordered_json entities = nlohmann::ordered_json::array();
    for (const EntityInput& input : test.entities) {
      const frame::EntityId& id = input.ref.id;
      nlohmann::ordered_json e;
      e["kind"] = std::string(frame::EntityKindName(id.kind));
      e["service"] = id.service;
      if (!id.ns.empty()) e["namespace"] = id.ns;
      if (id.kind == frame::EntityKind::kNode) e["node"] = id.node;
      if (id.kind == frame::EntityKind::kRoute) e["route"] = id.route;
      if (!input.tags.empty()) e["tags"] = input.tags;
      nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
      for (const Series& s : input.series) {
        if (k < s.values.size() && s.values[k]) {
          metrics[s.key] = *s.values[k];
        } else {
          metrics[s.key] = nullptr;
        }
      }
      e["metrics"] = std::move(metrics);
      entities.push_back(std::move(e));
    }
    frames.push_back({{"time_ms", static_cast<int64_t>(k) * test.interval_ms}, {"entities", std::move(entities)}});
  }
  nlohmann::ordered_json doc;
  doc["frames"] = std::move(frames);
  return doc.dump(2) + "\n";
}

FileReport RunTestFile(const TestFile& file, const RunOptions& options) {
  FileReport report;
  report.path = file.path;
  std::vector<CheckedFile> policies;
  if (!LoadPolicies(file, policies, report.error)) return report;
  for (const CheckedFile& f : policies) {
    for (const ast::Policy& p : f.ast.policies) report.policies.insert(p.name.text);
  }
  if (!CheckPolicyNames(file, report.policies, report.error)) return report;
  for (const TestCase& test : file.tests) {
    // Each test gets its own engine: checked files are moved into it, so check them again.
    if (!policies.empty() || LoadPolicies(file, policies, report.error)) {
      report.tests.push_back({test.name, test.line, RunCase(file, test, std::move(policies), options, report)});
      policies.clear();
    }
    if (!report.error.empty()) return report;
  }
  return report;
}

FileReport RunTestPath(const std::string& path, const RunOptions& options) {
  TestFile file;
  FileReport report;
  report.path = path;
  if (!LoadTestFile(path, file, report.error)) return report;
  return RunTestFile(file, options);
}

std::string FormatFailure(const std::string& path, const Failure& f) {
  if (f.expected.empty()) return fmt::format("{}:{}: test `{}`: {}: {}\n", path, f.line, f.test, f.what, f.actual);
  // A list starts on its own line; a single value follows the label.
  auto value = [](const std::string& v, const char* pad) { return v.starts_with('\n') ? v : pad + v; };
  return fmt::format("{}:{}: test `{}` at {}: {}\n  expected:{}\n  actual:{}\n", path, f.line, f.test,
                     Offset(f.at_ms), f.what, value(f.expected, " "), value(f.actual, "   "));
}

bool CollectTestFiles(const std::vector<std::string>& paths, std::vector<std::string>& files, std::string& error) {
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
        if (entry.is_regular_file() && entry.path().filename().string().ends_with(".test.yaml")) {
          found.push_back(entry.path().string());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      error = fmt::format("`{}` does not exist", path);
      return false;
    }
  }
  return true;
}

}  // namespace stitch::policytest
