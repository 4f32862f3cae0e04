#include "DecisionLog.h"

#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "runtime/action/ActionJson.h"

namespace stitch::engine {
namespace {

std::optional<State> ParseState(const std::string& name) {
  for (State s : {State::kInactive, State::kPending, State::kFiring, State::kRecovering}) {
    if (StateName(s) == name) return s;
  }
  return std::nullopt;
}

std::string Inputs(const std::map<std::string, double>& inputs) {
  std::string out;
  for (const auto& [key, value] : inputs) out += fmt::format("{}{} = {:g}", out.empty() ? "" : ", ", key, value);
  return out;
}

}  // namespace

std::string DecisionToJson(const Decision& d) {
  nlohmann::ordered_json j;
  j["time"] = FormatTime(d.time_ms);
  j["time_ms"] = d.time_ms;
  j["kind"] = d.kind == Decision::Kind::kTransition ? "transition" : "blocked";
  j["policy"] = d.policy;
  j["entity"] = d.entity;
  if (d.kind == Decision::Kind::kTransition) {
    j["from"] = StateName(d.from);
    j["to"] = StateName(d.to);
  } else {
    j["guard"] = d.guard;
    if (d.action) j["action"] = action::ActionToJson(*d.action);
  }
  j["reason"] = d.reason;
  j["inputs"] = nlohmann::ordered_json::object();
  for (const auto& [key, value] : d.inputs) j["inputs"][key] = value;
  return j.dump();
}

bool ParseDecisionLog(const std::string& text, std::vector<Decision>& out, std::string& error) {
  std::istringstream lines(text);
  std::string line;
  for (size_t number = 1; std::getline(lines, line); ++number) {
    if (line.empty()) continue;
    auto j = nlohmann::ordered_json::parse(line, nullptr, false);
    auto fail = [&](const std::string& what) {
      error = fmt::format("line {}: {}", number, what);
      return false;
    };
    if (j.is_discarded() || !j.is_object()) return fail("not a JSON object");
    Decision d;
    if (!j.contains("time_ms") || !j["time_ms"].is_number_integer()) return fail("`time_ms` must be an integer");
    d.time_ms = j["time_ms"].get<int64_t>();
    std::string kind = j.value("kind", "");
    if (kind != "transition" && kind != "blocked") return fail("`kind` must be \"transition\" or \"blocked\"");
    d.kind = kind == "transition" ? Decision::Kind::kTransition : Decision::Kind::kBlocked;
    d.policy = j.value("policy", "");
    d.entity = j.value("entity", "");
    d.reason = j.value("reason", "");
    if (d.kind == Decision::Kind::kTransition) {
      auto from = ParseState(j.value("from", "")), to = ParseState(j.value("to", ""));
      if (!from || !to) return fail("`from` and `to` must be states");
      d.from = *from;
      d.to = *to;
    } else {
      d.guard = j.value("guard", "");
      if (j.contains("action")) {
        auto action = action::ActionFromJson(j["action"], "/action");
        if (!action) return fail(action.error().message);
        d.action = *action;
      }
    }
    if (j.contains("inputs") && j["inputs"].is_object()) {
      for (auto& [key, value] : j["inputs"].items()) {
        if (value.is_number()) d.inputs[key] = value.get<double>();
      }
    }
    out.push_back(std::move(d));
  }
  return true;
}

std::string Explain(const Decision& d) {
  std::string when = FormatTime(d.time_ms);
  std::string inputs = d.inputs.empty() ? "" : " (" + Inputs(d.inputs) + ")";
  if (d.kind == Decision::Kind::kBlocked) {
    std::string what = d.action ? action::Describe(*d.action) : "an action";
    return fmt::format("{} {} for {}: {} was not applied ({}): {}", when, d.policy, d.entity, what, d.guard, d.reason);
  }
  std::string verb;
  if (d.to == State::kPending) verb = "became pending";
  else if (d.to == State::kFiring && d.from == State::kRecovering) verb = "kept firing";
  else if (d.to == State::kFiring) verb = "started firing";
  else if (d.to == State::kRecovering) verb = "began recovering";
  else if (d.from == State::kPending) verb = "stopped waiting";
  else verb = "stopped firing";
  return fmt::format("{} {} {} for {}: {}{}", when, d.policy, verb, d.entity, d.reason, inputs);
}

}  // namespace stitch::engine
