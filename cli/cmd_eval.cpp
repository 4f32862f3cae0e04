// `stitch eval`: replay a telemetry recording through the engine and print what the policies
// did: state transitions, blocked actions and the active actions at the end (or every tick).
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "Args.h"
#include "Commands.h"
#include "FileUtil.h"
#include "PolicySet.h"
#include "runtime/action/ActionJson.h"
#include "runtime/engine/DecisionLog.h"
#include "runtime/engine/Engine.h"
#include "runtime/ingest/Source.h"

namespace stitch::cli {
namespace {

void PrintActions(const std::vector<action::Action>& actions, const std::string& indent) {
  if (actions.empty()) std::cout << indent << "(no active actions)\n";
  for (const action::Action& a : actions) {
    std::cout << indent << action::Describe(a) << "  [" << a.provenance.policy << "]\n";
  }
}

}  // namespace

int RunEval(const Args& args) {
  std::vector<std::string> policies;
  std::string telemetry, source_kind = "json", format = "table", log_path;
  bool trace = false, no_jit = false;
  ArgParser parser("eval",
                   "Replay a telemetry recording (a sequence of frames) through the policies and print "
                   "the state transitions and the actions active at the end.");
  parser.Repeated("--policies", &policies, "PATH", "policy files or directories (required)");
  parser.Option("--telemetry", &telemetry, "FILE", "the recording (required)");
  std::vector<std::string> kinds;
  for (auto name : ingest::SourceKindNames()) kinds.emplace_back(name);
  parser.Option("--source", &source_kind, "KIND", "the recording's format (default json: canonical telemetry)", kinds);
  parser.Option("--format", &format, "FORMAT", "output format (default table)", {"table", "json"});
  parser.Flag("--trace", &trace, "print the active actions after every tick");
  parser.Option("--log", &log_path, "FILE", "write the decision log (JSON lines) here");
  parser.Flag("--no-jit", &no_jit, "evaluate with the interpreter");
  if (auto exit = parser.Parse(args)) return *exit;
  if (policies.empty() || telemetry.empty()) {
    std::cerr << "stitch eval: error: `--policies` and `--telemetry` are required\ntry `stitch eval --help`\n";
    return kExitUsage;
  }

  bool usage_error = false;
  auto files = LoadPolicySet(policies, "eval", usage_error);
  if (!files) return usage_error ? kExitUsage : kExitFailed;

  ingest::SourceConfig config;
  config.kind = *ingest::ParseSourceKind(source_kind);
  config.locations = {telemetry};
  config.options.mapping = ingest::DefaultMapping(config.profile);
  auto source = ingest::Source::Create(config);
  if (!source) {
    std::cerr << "stitch eval: error: " << source.error().ToString() << "\n";
    return kExitUsage;
  }
  auto frames = (*source)->Poll();
  if (!frames) {
    std::cerr << "stitch eval: error: " << frames.error().ToString() << "\n";
    return kExitFailed;
  }

  engine::EngineOptions options;
  options.backend = no_jit ? Backend::kInterpreter : Backend::kJit;
  auto engine = engine::Engine::Create(std::move(*files), options);
  std::string log;
  nlohmann::ordered_json ticks = nlohmann::ordered_json::array();
  for (frame::Frame& frame : *frames) {
    engine::TickResult tick;
    int64_t time_ms = frame.time_ms;
    if (!engine->Tick(std::move(frame), tick)) {
      std::cerr << "stitch eval: error: the frame at " << engine::FormatTime(time_ms)
                << " is older than the one before it; frames must be in time order\n";
      return kExitFailed;
    }
    for (const engine::Decision& d : tick.decisions) log += engine::DecisionToJson(d) + "\n";
    if (format == "json") {
      nlohmann::ordered_json j = {{"time", engine::FormatTime(tick.time_ms)},
                                  {"decisions", nlohmann::ordered_json::array()}};
      for (const engine::Decision& d : tick.decisions) {
        j["decisions"].push_back(nlohmann::ordered_json::parse(engine::DecisionToJson(d)));
      }
      if (trace) j["actions"] = nlohmann::ordered_json::parse(action::WriteActions(tick.actions))["actions"];
      ticks.push_back(std::move(j));
      continue;
    }
    for (const engine::Decision& d : tick.decisions) std::cout << engine::Explain(d) << "\n";
    if (trace) {
      std::cout << engine::FormatTime(tick.time_ms) << " active actions:\n";
      PrintActions(tick.actions, "  ");
    }
  }
  if (format == "json") {
    nlohmann::ordered_json out = {{"frames", frames->size()}, {"ticks", ticks}};
    out["actions"] = nlohmann::ordered_json::parse(action::WriteActions(engine->actions()))["actions"];
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << fmt::format("\n{} frames; active actions at the end:\n", frames->size());
    PrintActions(engine->actions(), "  ");
  }
  if (!log_path.empty()) {
    std::string error;
    if (!WriteFileAtomic(log_path, log, error)) {
      std::cerr << "stitch eval: error: " << error << "\n";
      return kExitFailed;
    }
  }
  return kExitOk;
}

int RunExplain(const Args& args) {
  std::vector<std::string> logs;
  std::string policy;
  ArgParser parser("explain", "Read a decision log back in plain words: why each policy fired, recovered, or "
                              "had an action blocked.");
  parser.Option("--policy", &policy, "NAME", "only this policy's decisions");
  parser.Positionals(&logs, "LOG", "decision logs (JSON lines, as `stitch eval --log` and `stitch run` write)");
  if (auto exit = parser.Parse(args)) return *exit;
  for (const std::string& path : logs) {
    std::string text;
    if (!ReadFile(path, text)) {
      std::cerr << "stitch explain: error: cannot read `" << path << "`\n";
      return kExitUsage;
    }
    std::vector<engine::Decision> decisions;
    std::string error;
    if (!engine::ParseDecisionLog(text, decisions, error)) {
      std::cerr << "stitch explain: error: " << path << ":" << error.substr(5) << "\n";
      return kExitFailed;
    }
    for (const engine::Decision& d : decisions) {
      if (policy.empty() || d.policy == policy) std::cout << engine::Explain(d) << "\n";
    }
  }
  return kExitOk;
}

}  // namespace stitch::cli
