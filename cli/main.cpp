// The `stitch` command: dispatches to one subcommand.
#include <exception>
#include <iostream>

#include "Args.h"
#include "Commands.h"

namespace {

void PrintHelp(std::ostream& out) {
  out << "usage: stitch COMMAND [options] [args]\n\n"
         "Stitch compiles .policy rules over service-mesh telemetry and applies the actions\n"
         "they fire to sidecar manifests.\n\ncommands:\n";
  for (const auto& command : stitch::cli::kCommands) {
    out << "  " << command.name << std::string(10 - command.name.size(), ' ') << command.summary
        << "\n";
  }
  out << "\nRun `stitch COMMAND --help` for a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace stitch::cli;
  if (argc < 2) {
    PrintHelp(std::cerr);
    return kExitUsage;
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintHelp(std::cout);
    return kExitOk;
  }
  if (name == "--version") {
    std::cout << "stitch " << STITCH_VERSION << "\n";
    return kExitOk;
  }
  Args args(argv + 2, argv + argc);
  for (const auto& command : kCommands) {
    if (command.name != name) continue;
    try {
      return command.run(args);
    } catch (const std::exception& e) {
      // Library entry points report through return values; this is a last line of defence.
      std::cerr << "stitch " << name << ": internal error: " << e.what() << "\n";
      return kExitFailed;
    }
  }
  std::cerr << "stitch: error: unknown command `" << name << "`\n";
  PrintHelp(std::cerr);
  return kExitUsage;
}
