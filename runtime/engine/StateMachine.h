// The state machine of one (policy, entity) pair (LANGUAGE.md §8):
// inactive → pending → firing → recovering → inactive. Time comes from frames only.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "compiler/Program.h"

namespace stitch::engine {

enum class State : uint8_t { kInactive, kPending, kFiring, kRecovering };
std::string_view StateName(State state);

struct Instance {
  State state = State::kInactive;
  int64_t since_ms = 0;     // when the current state was entered
  int64_t fired_at_ms = 0;  // when it last entered firing from pending or inactive
};

// What the conditions say this tick, after `on missing`: true, false, or no answer (hold).
struct Observation {
  std::optional<bool> when;     // the `when` condition holds
  std::optional<bool> recover;  // the recovery condition holds
};

// Resolves three-valued results with the policy's `on missing` mode. Without a `recover when`,
// recovery is `not when`.
Observation Observe(const CompiledPolicy& policy, uint8_t when, std::optional<uint8_t> recover);

// Advances `instance` to `now_ms`; returns true when its state changed.
bool Advance(Instance& instance, const CompiledPolicy& policy, const Observation& seen, int64_t now_ms);

// Whether the instance's actions are applied (firing or recovering).
inline bool Active(State state) { return state == State::kFiring || state == State::kRecovering; }

}  // namespace stitch::engine
