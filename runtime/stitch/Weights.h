// Traffic weights: redistribution after redirects and isolation, with largest-remainder
// rounding so that integer weights always sum to exactly 100.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "Manifest.h"

namespace stitch::stitch {

struct Weighted {
  std::string key;  // destination identity within the route
  double weight = 0;
};

// Integer parts summing to `total`, by largest remainder; ties go to the earlier entry.
// `exact` must be non-negative and sum to `total` (up to rounding).
std::vector<std::int64_t> LargestRemainder(const std::vector<double>& exact, std::int64_t total = 100);

// Moves `share` (0..1) of the traffic to each `moves[i].key`, taking it proportionally from the
// current destinations (whose weights are relative and need not sum to 100). Returns the
// current destinations in order, then new ones in move order, with weights summing to 100.
// Errors: S0304 for a negative weight or shares summing above 1; S0305 when the current
// weights are all zero and the moves do not cover all traffic. `where` locates errors.
Result<std::vector<std::pair<std::string, std::int64_t>>> Rebalance(
    const std::vector<Weighted>& current, const std::vector<Weighted>& moves, const std::string& where);

// Sets destination `key`'s weight to 0 and scales the others up to 100. Errors: S0305 when no
// other destination has weight, S0304 for negative weights.
Result<std::vector<std::pair<std::string, std::int64_t>>> Drain(const std::vector<Weighted>& current,
                                                                const std::string& key,
                                                                const std::string& where);

}  // namespace stitch::stitch
