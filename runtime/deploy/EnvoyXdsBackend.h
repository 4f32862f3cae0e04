// Envoy file-based xDS: each resource type (CDS, LDS, RDS) is one DiscoveryResponse file
// (`version_info`, `resources`) in the directory Envoy's `path_config_source` watches. A changed
// file is staged under a temporary name in the same directory and rename()d over the old one,
// which Envoy picks up without restart (it reloads on a move, never sees a partial file).
#pragma once

#include <vector>

#include "Backend.h"

namespace stitch::deploy {

class EnvoyXdsBackend final : public Backend {
 public:
  // `resources`: which files the target holds; empty: every type the version has.
  explicit EnvoyXdsBackend(std::vector<XdsType> resources);

  std::string_view Name() const override { return "envoy-xds"; }
  Result<Plan> Prepare(const st::Version& version, const std::string& dir) const override;
  Result<Confirmation> Deploy(const st::Version& version, const std::string& dir, const std::string& time) override;
  Result<Deployed> Current(const std::string& dir) const override;
  Status Recover(const std::string& dir) override;

 private:
  std::vector<XdsType> resources_;
};

}  // namespace stitch::deploy
