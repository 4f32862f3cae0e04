// Helpers shared by the deploy and status commands: reading `--target KIND:PATH` lists.
#pragma once

#include <string>
#include <vector>

#include "deploy/Target.h"

namespace stitch::cli {

// Parses every `--target` value; D0601 when there is none, D0101 for a malformed one.
deploy::Result<std::vector<deploy::Target>> ParseTargets(const std::vector<std::string>& specs);

}  // namespace stitch::cli
