// The policy files under a list of paths (files, or directories searched recursively).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stitch/Result.h"

namespace stitch {

// The files in `paths`, directories expanded to their `.policy`, `.policy.yaml` and
// `.policy.yml` files in sorted order. kIo (P0003) when a path does not exist.
Result<std::vector<std::string>> CollectPolicyFiles(const std::vector<std::string>& paths);

}  // namespace stitch
