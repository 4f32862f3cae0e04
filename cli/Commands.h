// The `stitch` subcommands. Each lives in its own file `cli/cmd_<name>.cpp` and is a thin layer
// over the libraries: it parses flags, calls one library entry point and prints the result.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stitch::cli {

using Args = std::vector<std::string>;

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(const Args& args);
};

int RunCheck(const Args& args);
int RunFmt(const Args& args);

// Every command, in the order `stitch --help` lists them.
inline constexpr Command kCommands[] = {
    {"check", "type-check policy files and report diagnostics", RunCheck},
    {"fmt", "format policy files canonically; convert between .policy and YAML", RunFmt},
};

}  // namespace stitch::cli
