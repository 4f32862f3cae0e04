// The settings a policy set declares besides its policies: guardrails and the health block.
#pragma once

#include <optional>
#include <vector>

#include "compiler/Compile.h"
#include "runtime/ingest/Health.h"

namespace stitch::engine {

// Guardrails (LANGUAGE.md §11). Unset settings do not limit anything, except
// min_healthy_nodes, which defaults to 1: the last healthy node of a service is never isolated.
struct Guards {
  double min_healthy_nodes = 1;
  double max_isolated = 1;       // share of a service's nodes isolated at once
  double max_redirect = 1;       // share of a target's traffic all redirects may move
  std::optional<int> max_changes_per_tick;
};

struct PolicySetSettings {
  Guards guards;
  ingest::HealthConfig health;  // the `health` block, or the default one
};

// Reads guards and the health block from checked files (later files override earlier ones).
PolicySetSettings ReadSettings(const std::vector<CheckedFile>& files);

}  // namespace stitch::engine
