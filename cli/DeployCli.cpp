#include "DeployCli.h"

#include "deploy/Errors.h"

namespace stitch::cli {

deploy::Result<std::vector<deploy::Target>> ParseTargets(const std::vector<std::string>& specs) {
  if (specs.empty()) {
    return deploy::Error{deploy::codes::kUsage, "missing `--target KIND:PATH` (envoy:DIR[#cds,lds,rds] or dir:DIR)",
                         ""};
  }
  std::vector<deploy::Target> targets;
  for (const std::string& spec : specs) {
    auto t = deploy::ParseTarget(spec);
    if (!t) return t.error();
    targets.push_back(std::move(*t));
  }
  return targets;
}

}  // namespace stitch::cli
