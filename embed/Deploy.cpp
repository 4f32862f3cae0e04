// Deploying versions to targets over the runtime's deployer (all-at-once strategy).
#include "embed/Internal.h"
#include "runtime/deploy/Deployer.h"
#include "runtime/deploy/Strategies.h"

namespace stitch {

Result<std::vector<DeployConfirmation>> Deploy(VersionStore& store, VersionId id, const std::vector<std::string>& targets,
                                               const std::string& time) {
  std::vector<deploy::Target> parsed;
  for (const std::string& spec : targets) {
    if (auto bad = CheckUtf8(spec, "a target spec")) return *bad;
    auto target = deploy::ParseTarget(spec);
    if (!target) return FromActionError(target.error());
    parsed.push_back(*target);
  }
  if (parsed.empty()) return MakeError(ErrorKind::kInvalidArgument, "A0002", "no deploy targets given");
  deploy::Deployer deployer(StoreAccess::Get(store));
  auto confirmations = deploy::DeployAllAtOnce(deployer, id, parsed, time);
  if (!confirmations) return FromActionError(confirmations.error());
  std::vector<DeployConfirmation> out;
  for (size_t i = 0; i < confirmations->size(); ++i) {
    const deploy::Confirmation& c = (*confirmations)[i];
    out.push_back(DeployConfirmation{deploy::FormatTarget(parsed[i]), c.version, c.hash, c.time, c.written, c.unchanged});
  }
  return out;
}

Result<DeployedVersion> CurrentDeployment(const std::string& target) {
  if (auto bad = CheckUtf8(target, "the target spec")) return *bad;
  auto parsed = deploy::ParseTarget(target);
  if (!parsed) return FromActionError(parsed.error());
  auto current = deploy::ReadCurrent(*parsed);
  if (!current) return FromActionError(current.error());
  return DeployedVersion{current->version, current->hash, current->time, current->backend, current->files};
}

}  // namespace stitch
