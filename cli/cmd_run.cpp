// `stitch run`: the long-running controller. SIGINT and SIGTERM finish the current tick (a deploy
// in progress completes; none starts after) and stop cleanly.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "runtime/controller/Controller.h"

namespace stitch::cli {
namespace {

std::atomic<bool> stop_requested{false};

void OnSignal(int) { stop_requested.store(true); }

}  // namespace

int RunRun(const Args& args) {
  std::string config_path;
  bool no_jit = false;
  ArgParser parser("run",
                   "Run the controller loop: each tick ingest telemetry, evaluate the policies, stitch the "
                   "active actions onto the base manifests, commit a new version when the result changes, and "
                   "deploy it. Stops on SIGINT or SIGTERM after finishing the current tick.");
  parser.Option("--config", &config_path, "FILE", "the configuration (docs/configuration.md); required");
  parser.Flag("--no-jit", &no_jit, "evaluate with the interpreter instead of native code");
  if (auto exit = parser.Parse(args)) return *exit;
  if (config_path.empty()) {
    std::cerr << "stitch run: error: `--config FILE` is required\ntry `stitch run --help`\n";
    return kExitUsage;
  }
  controller::Config config;
  std::string error;
  if (!controller::LoadConfig(config_path, config, error)) {
    std::cerr << "stitch run: error: " << error << "\n";
    return kExitFailed;
  }
  controller::RunOptions options;
  options.use_jit = !no_jit;
  options.stop = &stop_requested;
  options.out = &std::cout;
  options.status_line = isatty(STDOUT_FILENO);
  auto controller = controller::Controller::Create(config, options, error);
  if (!controller) {
    std::cerr << "stitch run: error: " << error << "\n";
    return kExitFailed;
  }
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return controller->Run();
}

}  // namespace stitch::cli
