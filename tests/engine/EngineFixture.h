// Helpers for engine tests: an engine over policy text, frames built row by row, and the
// transitions and blocked actions a run logged, as short strings for exact comparison.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "compiler/Compile.h"
#include "compiler/diagnostics/Render.h"
#include "runtime/action/Action.h"
#include "runtime/engine/DecisionLog.h"
#include "runtime/engine/Engine.h"
#include "runtime/frame/Frame.h"

namespace stitch::enginetest {

inline std::unique_ptr<engine::Engine> MakeEngine(const std::string& text, Backend backend = Backend::kInterpreter) {
  Diagnostics diagnostics;
  std::vector<CheckedFile> files;
  files.push_back(CheckSource(std::make_shared<SourceFile>("test.policy", text), diagnostics));
  std::string rendered;
  for (const auto& d : diagnostics.all()) rendered += RenderHuman(d);
  INFO(rendered);
  REQUIRE_FALSE(diagnostics.HasErrors());
  engine::EngineOptions options;
  options.backend = backend;
  return engine::Engine::Create(std::move(files), options);
}

inline frame::EntityId Service(const std::string& name) { return {frame::EntityKind::kService, name, "", "", ""}; }
inline frame::EntityId Node(const std::string& service, const std::string& node) {
  return {frame::EntityKind::kNode, service, node, "", ""};
}

// One row: an entity and its present values (a key left out is missing).
struct Row {
  frame::EntityId id;
  std::map<std::string, double> values;
};

inline frame::Frame MakeFrame(int64_t time_ms, const std::vector<Row>& rows) {
  frame::Frame f;
  f.time_ms = time_ms;
  for (const Row& row : rows) {
    size_t r = f.AddEntity({row.id, {}});
    for (const auto& [key, value] : row.values) f.Set(r, f.AddColumn(key), value);
  }
  return f;
}

// Drives an engine and keeps every decision it logged.
struct Run {
  std::unique_ptr<engine::Engine> engine;
  std::vector<engine::Decision> log;
  engine::TickResult last;

  explicit Run(const std::string& text, Backend backend = Backend::kInterpreter) : engine(MakeEngine(text, backend)) {}

  void Tick(frame::Frame frame) {
    REQUIRE(engine->Tick(std::move(frame), last));
    log.insert(log.end(), last.decisions.begin(), last.decisions.end());
  }

  // "90s pending->firing" for each transition of `policy` (every policy when empty).
  std::vector<std::string> Transitions(const std::string& policy = "") const {
    std::vector<std::string> out;
    for (const engine::Decision& d : log) {
      if (d.kind != engine::Decision::Kind::kTransition || (!policy.empty() && d.policy != policy)) continue;
      out.push_back(fmt::format("{}s {}->{}", d.time_ms / 1000, engine::StateName(d.from), engine::StateName(d.to)));
    }
    return out;
  }

  // "120s min_healthy_nodes isolate node `cart-2`" for each blocked action.
  std::vector<std::string> Blocked() const {
    std::vector<std::string> out;
    for (const engine::Decision& d : log) {
      if (d.kind != engine::Decision::Kind::kBlocked) continue;
      out.push_back(fmt::format("{}s {} {}", d.time_ms / 1000, d.guard, d.action ? action::Describe(*d.action) : ""));
    }
    return out;
  }

  // The active actions described, in the engine's order.
  std::vector<std::string> Actions() const {
    std::vector<std::string> out;
    for (const action::Action& a : engine->actions()) out.push_back(action::Describe(a));
    return out;
  }

  engine::State StateOf(const std::string& policy, const std::string& entity) const {
    for (const engine::InstanceStatus& i : engine->Instances()) {
      if (i.policy == policy && i.entity == entity) return i.state;
    }
    return engine::State::kInactive;
  }
};

// Feeds `values` (seconds apart by `step_s`, starting at 0) as metric `key` of one service; a
// nullopt sample leaves the metric out of that frame.
inline void Feed(Run& run, const frame::EntityId& id, const std::string& key,
                 const std::vector<std::optional<double>>& values, int64_t step_s, int64_t start_s = 0) {
  for (size_t i = 0; i < values.size(); ++i) {
    Row row{id, {}};
    if (values[i]) row.values[key] = *values[i];
    run.Tick(MakeFrame((start_s + static_cast<int64_t>(i) * step_s) * 1000, {row}));
  }
}

}  // namespace stitch::enginetest
