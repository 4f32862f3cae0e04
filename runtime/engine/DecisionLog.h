// The decision log: one JSON line per state transition and per blocked action, enough to answer
// "why did this policy fire?" (`stitch explain` reads it back in plain words).
#pragma once

#include <string>
#include <vector>

#include "runtime/engine/Engine.h"

namespace stitch::engine {

// One line of JSON (without the newline).
std::string DecisionToJson(const Decision& decision);

// Parses a log; false with `error` ("line N: ...") on a malformed line.
bool ParseDecisionLog(const std::string& text, std::vector<Decision>& out, std::string& error);

// "10:02:00 shadow_slow_checkout started firing for service checkout: `p99(latency) > slow` held
// for 2m (latency.p99 = 0.65)".
std::string Explain(const Decision& decision);

}  // namespace stitch::engine
