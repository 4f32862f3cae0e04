// Combining the actions that firing policies want into the set that is applied: a fixed order,
// conflicts resolved by priority, redirect shares capped, isolation bounded, and the number of
// changes per tick limited (LANGUAGE.md §11). Pure: the same inputs give the same output.
#pragma once

#include <vector>

#include "runtime/action/Action.h"
#include "runtime/engine/Engine.h"
#include "runtime/frame/Frame.h"

namespace stitch::engine {

struct Combined {
  std::vector<action::Action> actions;  // in the canonical order
  std::vector<Decision> blocked;        // actions not applied (or reduced), and why
};

// `previous` is what was applied last tick; `frame` gives the nodes of each service.
Combined Combine(std::vector<action::Action> desired, const std::vector<action::Action>& previous,
                 const Guards& guards, const frame::Frame& frame);

// The canonical order: priority (highest first), then policy name, then target, then kind.
void SortActions(std::vector<action::Action>& actions);

}  // namespace stitch::engine
