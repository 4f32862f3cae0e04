// Which entities a policy's target selects. Policies with telemetry evaluate on frame rows;
// a namespace target, or an `always` policy naming a service, stands for an entity that needs
// no telemetry row.
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "compiler/Program.h"
#include "runtime/frame/Frame.h"

namespace stitch::engine {

// A target's matcher, built once per policy.
class TargetMatcher {
 public:
  explicit TargetMatcher(const CompiledPolicy& policy);

  // True when the frame row's entity is selected (`filter` is the target filter's result for
  // the row, for `services where`).
  bool Matches(const frame::Entity& entity, uint8_t filter) const;

  // The entity a target stands for without telemetry: `namespace "prod"`, or `service "x"` of an
  // `always` policy. nullopt for targets that select rows.
  std::optional<frame::EntityId> Standalone() const;

 private:
  const CompiledPolicy& policy_;
  const ast::Target* target_ = nullptr;
  std::optional<std::regex> regex_;
};

}  // namespace stitch::engine
