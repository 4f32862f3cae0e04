#include "StateMachine.h"

#include "compiler/ir/Ir.h"

namespace stitch::engine {

std::string_view StateName(State state) {
  switch (state) {
    case State::kInactive: return "inactive";
    case State::kPending: return "pending";
    case State::kFiring: return "firing";
    case State::kRecovering: return "recovering";
  }
  return "?";
}

Observation Observe(const CompiledPolicy& policy, uint8_t when, std::optional<uint8_t> recover) {
  // `fire` reads unknown as the condition holding, `skip` as not holding, `hold` as no answer.
  auto resolve = [&](uint8_t tri, bool holds_when_missing) -> std::optional<bool> {
    if (tri != ir::kUnknown) return tri == ir::kTrue;
    if (policy.on_missing == MissingMode::kHold) return std::nullopt;
    return holds_when_missing;
  };
  Observation seen;
  bool fire = policy.on_missing == MissingMode::kFire;
  seen.when = resolve(when, fire);
  if (recover) {
    seen.recover = resolve(*recover, !fire);
  } else if (seen.when) {
    seen.recover = !*seen.when;
  }
  return seen;
}

bool Advance(Instance& instance, const CompiledPolicy& policy, const Observation& seen, int64_t now_ms) {
  auto enter = [&](State state) {
    if (state == State::kFiring && (instance.state == State::kInactive || instance.state == State::kPending)) {
      instance.fired_at_ms = now_ms;
    }
    instance.state = state;
    instance.since_ms = now_ms;
    return true;
  };
  auto held_for = [&](double seconds) { return now_ms - instance.since_ms >= static_cast<int64_t>(seconds * 1000); };
  switch (instance.state) {
    case State::kInactive:
      if (seen.when == true) return enter(policy.for_seconds <= 0 ? State::kFiring : State::kPending);
      return false;
    case State::kPending:
      if (seen.when == false) return enter(State::kInactive);
      if (seen.when == true && held_for(policy.for_seconds)) return enter(State::kFiring);
      return false;
    case State::kFiring:
      if (seen.recover == true) {
        return enter(policy.recover_for_seconds <= 0 ? State::kInactive : State::kRecovering);
      }
      return false;
    case State::kRecovering:
      if (seen.recover == false) return enter(State::kFiring);
      if (seen.recover == true && held_for(policy.recover_for_seconds)) return enter(State::kInactive);
      return false;
  }
  return false;
}

}  // namespace stitch::engine
