// The canary strategy as a state machine the caller drives with its ticks: Start() updates the
// first share of the proxy groups; each OnTick() asks the health gate about the updated groups;
// a step passes after `ticks_per_step` healthy ticks and the next share is updated; one unhealthy
// tick (or a failed deploy) rolls every group back to the previous version and returns the
// reason, which the caller records in the version history. No clocks, no sleeping.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "Deployer.h"

namespace stitch::deploy {

struct CanaryOptions {
  // Shares of the groups updated after each step: strictly increasing, in (0, 1], the last 1.
  // A step updates ceil(share × groups) groups in total, at least one more than the step before.
  std::vector<double> steps = {0.1, 0.5, 1.0};
  int ticks_per_step = 3;  // healthy ticks each step waits (the last step too) before passing
};

// The gate's answer for one tick: unhealthy → roll back, with `reason` recorded.
struct GateVerdict {
  bool healthy = true;
  std::string reason;
};

// Supplied by the caller (the controller computes health from telemetry). Called once per
// OnTick with the groups that run the new version and the current step index.
using HealthGate = std::function<GateVerdict(const std::vector<Target>& updated, size_t step)>;

enum class CanaryState {
  kIdle,         // not started
  kProgressing,  // waiting for ticks in a step
  kDone,         // every group runs the new version and the last step passed
  kRolledBack,   // every group was returned to the previous version; see `reason`
};

struct CanaryProgress {
  CanaryState state = CanaryState::kIdle;
  st::VersionId version = 0;   // the version being rolled out
  st::VersionId previous = 0;  // the version every group returns to on failure
  size_t step = 0;             // index into CanaryOptions::steps
  size_t groups_updated = 0;   // groups running `version` (a prefix of the group list)
  size_t groups_total = 0;
  int ticks_in_step = 0;       // healthy ticks seen in this step
  std::string reason;          // kRolledBack: why (gate reason or deploy error), with the step
  std::vector<Confirmation> deployed;  // deploys made by this call (new version or rollback)
};

// One canary rollout over a fixed list of groups (direct layout). Keeps a reference to
// `deployer`, which must outlive it. Not thread-safe: the controller loop calls it.
class Canary {
 public:
  // D0501 when the steps or ticks are invalid or there are no groups.
  static Result<Canary> Create(Deployer& deployer, std::vector<Target> groups, CanaryOptions options,
                               HealthGate gate);

  // Starts rolling out `version`: deploys the first step's groups. `previous` is the version to
  // roll back to; when omitted, every group must run one same version now (read from disk),
  // else D0503. D0502 while a rollout is in progress. A failed deploy rolls back at once
  // (state kRolledBack, reason set).
  Result<CanaryProgress> Start(st::VersionId version, std::optional<st::VersionId> previous = std::nullopt);

  // One tick: asks the gate, then passes, advances, finishes or rolls back. D0502 unless
  // progressing; D0504 when a rollback deploy fails (progress() then names what was done).
  Result<CanaryProgress> OnTick();

  // The last progress returned (or the idle state).
  const CanaryProgress& progress() const { return progress_; }

  // Groups updated once step `step` is deployed: ceil(share × n), at least one more than the
  // step before, at most n. Pure.
  static size_t GroupsForStep(const std::vector<double>& steps, size_t step, size_t n);

 private:
  Canary(Deployer& deployer, std::vector<Target> groups, CanaryOptions options, HealthGate gate);
  // Deploys the new version to groups [groups_updated, GroupsForStep(step)).
  bool DeployStep(std::string& failure);
  Result<CanaryProgress> RollBack(const std::string& reason);

  Deployer* deployer_;
  std::vector<Target> groups_;
  CanaryOptions options_;
  HealthGate gate_;
  CanaryProgress progress_;
};

}  // namespace stitch::deploy
