// The directory backend, for GitOps or `kubectl apply -f DIR`: one Kubernetes YAML per resource
// (`<kind>-<namespace>-<name>.yaml`) plus the `.stitch-deploy` record. A new version is written
// into a staging directory beside DIR (`.<DIR name>.stitch-staging`) and exchanged with DIR in
// one renameat2(RENAME_EXCHANGE), so DIR always holds exactly one complete version.
#pragma once

#include "Backend.h"

namespace stitch::deploy {

class DirectoryBackend final : public Backend {
 public:
  std::string_view Name() const override { return "directory"; }
  Result<Plan> Prepare(const st::Version& version, const std::string& dir) const override;
  Result<Confirmation> Deploy(const st::Version& version, const std::string& dir, const std::string& time) override;
  Result<Deployed> Current(const std::string& dir) const override;
  Status Recover(const std::string& dir) override;
};

// The file name of a Kubernetes object: lowercase kind, namespace (`default` when it has
// none), name, `.yaml`; characters outside [a-z0-9.-] become `_`. "" for a document that is
// not a Kubernetes object (no string apiVersion, kind and metadata.name). Pure.
std::string KubernetesFileName(const st::Json& doc);

// The staging directory beside `dir`. Pure.
std::string StagingDirFor(const std::string& dir);

}  // namespace stitch::deploy
