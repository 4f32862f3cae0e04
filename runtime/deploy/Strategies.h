// Whole-fleet strategies over a list of deploy targets (proxy groups): all-at-once and
// blue-green. The canary strategy, driven by the caller's ticks, is in Canary.h.
#pragma once

#include <string>
#include <vector>

#include "Deployer.h"

namespace stitch::deploy {

// Deploys version `id` to every target in order. Stops at the first failure; the error names
// the targets that already run the version. Returns one confirmation per target.
Result<std::vector<Confirmation>> DeployAllAtOnce(Deployer& deployer, st::VersionId id,
                                                  const std::vector<Target>& targets, const std::string& time = "");

// Blue-green: writes version `id` into the idle slot of every target first; only when every
// slot is written is each `current` symlink switched (one atomic rename per target). A write
// failure switches nothing. Confirmation::slot names the slot now live.
Result<std::vector<Confirmation>> DeployBlueGreen(Deployer& deployer, st::VersionId id,
                                                  const std::vector<Target>& targets, const std::string& time = "");

// Instant revert: switches every target back to its other slot, which must hold a complete
// version (D0505 otherwise, and nothing is switched). Returns what each target now runs.
Result<std::vector<Deployed>> RevertBlueGreen(Deployer& deployer, const std::vector<Target>& targets);

}  // namespace stitch::deploy
