#include "Canary.h"

#include <cmath>

#include "Errors.h"

namespace stitch::deploy {

Canary::Canary(Deployer& deployer, std::vector<Target> groups, CanaryOptions options, HealthGate gate)
    : deployer_(&deployer), groups_(std::move(groups)), options_(std::move(options)), gate_(std::move(gate)) {
  progress_.groups_total = groups_.size();
}

Result<Canary> Canary::Create(Deployer& deployer, std::vector<Target> groups, CanaryOptions options,
                              HealthGate gate) {
  auto bad = [](const std::string& why) { return Error{codes::kCanaryOptions, why, ""}; };
  if (groups.empty()) return bad("a canary needs at least one proxy group");
  if (options.steps.empty()) return bad("a canary needs at least one step");
  for (size_t i = 0; i < options.steps.size(); ++i) {
    double s = options.steps[i];
    if (!(s > 0 && s <= 1)) return bad("canary step " + std::to_string(i) + " must be a share in (0, 1]");
    if (i > 0 && !(s > options.steps[i - 1])) return bad("canary steps must increase");
  }
  if (options.steps.back() != 1.0) return bad("the last canary step must be 100% of the groups");
  if (options.ticks_per_step < 1) return bad("each canary step must wait at least one tick");
  if (!gate) return bad("a canary needs a health gate");
  return Canary(deployer, std::move(groups), std::move(options), std::move(gate));
}

size_t Canary::GroupsForStep(const std::vector<double>& steps, size_t step, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i <= step && i < steps.size(); ++i) {
    // A small tolerance keeps 0.3 × 10 at 3, not 4.
    size_t want = static_cast<size_t>(std::ceil(steps[i] * static_cast<double>(n) - 1e-9));
    count = std::min(n, std::max(want, count + 1));
  }
  return count;
}

bool Canary::DeployStep(std::string& failure) {
  size_t until = GroupsForStep(options_.steps, progress_.step, groups_.size());
  for (size_t g = progress_.groups_updated; g < until; ++g) {
    auto conf = deployer_->Deploy(progress_.version, groups_[g]);
    if (!conf) {
      failure = "deploying to " + FormatTarget(groups_[g]) + " failed: " + conf.error().Render();
      return false;
    }
    progress_.deployed.push_back(std::move(*conf));
    progress_.groups_updated = g + 1;
  }
  return true;
}

Result<CanaryProgress> Canary::Start(st::VersionId version, std::optional<st::VersionId> previous) {
  if (progress_.state == CanaryState::kProgressing) {
    return Error{codes::kCanaryState,
                 "a canary of version " + std::to_string(progress_.version) + " is still in progress", ""};
  }
  if (!previous) {
    for (const Target& g : groups_) {
      auto current = deployer_->Current(g);
      if (!current) {
        return Error{codes::kNoPrevious, "cannot tell which version to roll back to: " + current.error().Render() +
                                             " (deploy a version to every group first, or name the previous one)",
                     g.path};
      }
      if (previous && *previous != current->version) {
        return Error{codes::kNoPrevious, "the groups run different versions (v" + std::to_string(*previous) +
                                             " and v" + std::to_string(current->version) +
                                             "); name the version to roll back to", g.path};
      }
      previous = current->version;
    }
  }
  // Both versions must be in the store before anything is written.
  for (st::VersionId id : {version, *previous}) {
    auto v = deployer_->Fetch(id);
    if (!v) return v.error();
  }
  progress_ = CanaryProgress{};
  progress_.state = CanaryState::kProgressing;
  progress_.version = version;
  progress_.previous = *previous;
  progress_.groups_total = groups_.size();
  std::string failure;
  if (!DeployStep(failure)) return RollBack("step 0: " + failure);
  return progress_;
}

Result<CanaryProgress> Canary::OnTick() {
  if (progress_.state != CanaryState::kProgressing) {
    return Error{codes::kCanaryState, "no canary in progress (call Start first)", ""};
  }
  progress_.deployed.clear();
  std::vector<Target> updated(groups_.begin(), groups_.begin() + static_cast<long>(progress_.groups_updated));
  GateVerdict verdict = gate_(updated, progress_.step);
  if (!verdict.healthy) {
    return RollBack("step " + std::to_string(progress_.step) + " (" + std::to_string(progress_.groups_updated) +
                    " of " + std::to_string(groups_.size()) + " groups on v" + std::to_string(progress_.version) +
                    "): " + (verdict.reason.empty() ? "the health gate failed" : verdict.reason));
  }
  if (++progress_.ticks_in_step < options_.ticks_per_step) return progress_;
  if (progress_.step + 1 == options_.steps.size()) {
    progress_.state = CanaryState::kDone;
    return progress_;
  }
  ++progress_.step;
  progress_.ticks_in_step = 0;
  std::string failure;
  if (!DeployStep(failure)) return RollBack("step " + std::to_string(progress_.step) + ": " + failure);
  return progress_;
}

Result<CanaryProgress> Canary::RollBack(const std::string& reason) {
  progress_.state = CanaryState::kRolledBack;
  progress_.reason = reason;
  std::string failures;
  // Every group ends on the previous version; groups already on it (read from disk) are left.
  for (const Target& g : groups_) {
    auto current = deployer_->Current(g);
    if (current && current->version == progress_.previous && current->pending.empty()) continue;
    auto conf = deployer_->Deploy(progress_.previous, g);
    if (!conf) {
      failures += (failures.empty() ? "" : "; ") + FormatTarget(g) + ": " + conf.error().Render();
      continue;
    }
    progress_.deployed.push_back(std::move(*conf));
  }
  progress_.groups_updated = 0;
  if (!failures.empty()) {
    return Error{codes::kRollbackFailed, "rolling back to v" + std::to_string(progress_.previous) + " after \"" +
                                             reason + "\" failed for " + failures, ""};
  }
  return progress_;
}

}  // namespace stitch::deploy
