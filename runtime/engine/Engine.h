// The policy runtime: each tick takes a telemetry frame, evaluates every compiled policy over
// the entities its target selects, advances one state machine per (policy, entity), and turns
// what is firing into typed actions, combined deterministically under the guardrails.
// Time comes from the frames, never from the wall clock, so a recording replays identically.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/Program.h"
#include "runtime/action/Action.h"
#include "runtime/engine/PolicySet.h"
#include "runtime/engine/StateMachine.h"
#include "runtime/frame/History.h"

namespace stitch::engine {

struct EngineOptions {
  Backend backend = Backend::kJit;
  std::string cache_dir;  // JIT object cache; empty: none
};

// One entry of the decision log.
struct Decision {
  enum class Kind { kTransition, kBlocked } kind = Kind::kTransition;
  int64_t time_ms = 0;
  std::string policy;
  std::string entity;                   // "service checkout", "node cart/cart-1"
  State from = State::kInactive, to = State::kInactive;  // kTransition
  std::string reason;                   // plain words
  std::map<std::string, double> inputs; // the condition's inputs for the entity at that time
  std::optional<action::Action> action; // kBlocked: the action that was not applied
  std::string guard;                    // kBlocked: which guard or conflict blocked it
};

struct TickResult {
  int64_t time_ms = 0;
  std::vector<Decision> decisions;      // transitions and blocked actions, in order
  std::vector<action::Action> actions;  // the active actions after this tick
  bool actions_changed = false;         // differ from the previous tick's
};

// A (policy, entity) pair and where its state machine stands.
struct InstanceStatus {
  std::string policy;
  std::string entity;
  State state;
  int64_t since_ms;
};

// Not thread-safe: one Engine per controller loop.
class Engine {
 public:
  // The files must have checked without errors.
  static std::unique_ptr<Engine> Create(std::vector<CheckedFile> files, const EngineOptions& options);
  ~Engine();

  // Evaluates the frame. Frames must come in time order; an older frame is refused (false).
  bool Tick(frame::Frame frame, TickResult& result);

  const std::vector<action::Action>& actions() const { return active_; }
  // The last frame ticked, with its health scores and derived columns; empty before the first.
  const frame::Frame& LatestFrame() const;
  std::vector<InstanceStatus> Instances() const;
  const Program& program() const { return *program_; }
  const PolicySetSettings& settings() const { return settings_; }

 private:
  Engine() = default;
  struct PolicyRuntime;
  void Evaluate(const frame::Frame& frame, TickResult& result);
  std::vector<action::Action> DesiredActions(const frame::Frame& frame) const;

  std::unique_ptr<Program> program_;
  PolicySetSettings settings_;
  std::unique_ptr<frame::History> history_;
  std::vector<std::unique_ptr<PolicyRuntime>> policies_;
  std::vector<action::Action> active_;
  std::vector<std::string> blocked_;  // last tick's blocked actions: logged again only when new
  bool started_ = false;
  int64_t last_time_ms_ = 0;
};

// RFC 3339 UTC with milliseconds: "2026-12-03T10:02:00.000Z".
std::string FormatTime(int64_t time_ms);

}  // namespace stitch::engine
