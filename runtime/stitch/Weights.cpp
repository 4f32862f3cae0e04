#include "Weights.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "Errors.h"

namespace stitch::stitch {
namespace {

action::Status CheckNonNegative(const std::vector<Weighted>& current, const std::string& where) {
  for (const Weighted& w : current) {
    if (w.weight < 0 || !std::isfinite(w.weight)) {
      return Error{codes::kWeights, "destination `" + w.key + "` has a negative weight", where};
    }
  }
  return action::Ok{};
}

}  // namespace

std::vector<std::int64_t> LargestRemainder(const std::vector<double>& exact, std::int64_t total) {
  std::vector<std::int64_t> out(exact.size());
  std::vector<std::pair<double, size_t>> remainders;
  std::int64_t assigned = 0;
  for (size_t i = 0; i < exact.size(); ++i) {
    // Round away representation noise (e.g. 71.99999999) before taking the floor.
    double v = std::round(exact[i] * 1e9) / 1e9;
    out[i] = static_cast<std::int64_t>(std::floor(v));
    assigned += out[i];
    remainders.push_back({v - std::floor(v), i});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; assigned < total && k < remainders.size(); ++k, ++assigned) {
    ++out[remainders[k].second];
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> Rebalance(
    const std::vector<Weighted>& current, const std::vector<Weighted>& moves, const std::string& where) {
  if (auto s = CheckNonNegative(current, where); !s) return s.error();
  double moved = 0;
  for (const Weighted& m : moves) moved += m.weight;
  if (moved > 1 + 1e-12) {
    return Error{codes::kWeights, "redirected shares sum to more than 100%", where};
  }
  double base = 0;
  for (const Weighted& w : current) base += w.weight;
  if (base <= 0 && moved < 1 - 1e-12) {
    return Error{codes::kNoDestination, "every destination of the route has weight 0", where};
  }
  std::vector<std::string> keys;
  std::vector<double> exact;
  for (const Weighted& w : current) {
    keys.push_back(w.key);
    exact.push_back(base > 0 ? w.weight / base * (1 - moved) * 100 : 0);
  }
  for (const Weighted& m : moves) {
    auto it = std::find(keys.begin(), keys.end(), m.key);
    if (it == keys.end()) {
      keys.push_back(m.key);
      exact.push_back(m.weight * 100);
    } else {
      exact[it - keys.begin()] += m.weight * 100;
    }
  }
  std::vector<std::int64_t> weights = LargestRemainder(exact);
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (size_t i = 0; i < keys.size(); ++i) out.push_back({keys[i], weights[i]});
  return out;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> Drain(const std::vector<Weighted>& current,
                                                                const std::string& key,
                                                                const std::string& where) {
  if (auto s = CheckNonNegative(current, where); !s) return s.error();
  double rest = 0;
  for (const Weighted& w : current)
    if (w.key != key) rest += w.weight;
  if (rest <= 0) {
    return Error{codes::kNoDestination,
                 "isolating `" + key + "` would leave the route without a destination", where};
  }
  std::vector<double> exact;
  for (const Weighted& w : current) exact.push_back(w.key == key ? 0 : w.weight / rest * 100);
  std::vector<std::int64_t> weights = LargestRemainder(exact);
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (size_t i = 0; i < current.size(); ++i) out.push_back({current[i].key, weights[i]});
  return out;
}

}  // namespace stitch::stitch
