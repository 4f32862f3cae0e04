// Loading a policy set for the commands that run policies (compile, eval, test, run): collect
// the files, check them, and print the errors if there are any.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/Compile.h"

namespace stitch::cli {

// The checked files of `paths` (files or directories), or nullopt after printing the problems
// to stderr as `stitch <command>: ...`. `usage_error` is set when a path does not exist.
std::optional<std::vector<CheckedFile>> LoadPolicySet(const std::vector<std::string>& paths,
                                                      const std::string& command, bool& usage_error);

}  // namespace stitch::cli
