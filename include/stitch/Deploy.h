// Deploying stored versions to proxies: a watched Envoy file-based xDS directory
// (`envoy:DIR`, `envoy:DIR#cds,lds`) or a Kubernetes YAML directory (`dir:DIR`).
#pragma once

#include <string>
#include <vector>

#include "stitch/Export.h"
#include "stitch/Result.h"
#include "stitch/VersionStore.h"

namespace stitch {

// What a deploy wrote into one target.
struct DeployConfirmation {
  std::string target;                  // the target spec
  VersionId version = 0;
  std::string hash;
  std::string time;
  std::vector<std::string> written;    // files replaced (the deployment record included)
  std::vector<std::string> unchanged;  // files already on disk with this content
};

// What a target runs, read back from its files.
struct DeployedVersion {
  VersionId version = 0;
  std::string hash;
  std::string time;
  std::string backend;  // "envoy-xds" or "directory"
  std::vector<std::string> files;
};

// Deploys version `id` of `store` to each target in order (all at once), stopping at the first
// failure. kInvalidArgument (D0101) for a malformed spec, kNotFound for an unknown version,
// kDeploy otherwise. `time` "" means now. Uses `store` for the call only; one deployer per
// target directory at a time.
STITCH_API Result<std::vector<DeployConfirmation>> Deploy(VersionStore& store, VersionId id,
                                                          const std::vector<std::string>& targets,
                                                          const std::string& time = "");

// What `target` runs, from disk. Thread-safe (reads only).
STITCH_API Result<DeployedVersion> CurrentDeployment(const std::string& target);

}  // namespace stitch
