// The controller loop of `stitch run`: each tick ingests telemetry, evaluates the policies,
// stitches the active actions onto the base manifests, commits a new version when the result
// differs from the deployed one, and deploys it with the configured strategy.
#pragma once

#include <atomic>
#include <memory>
#include <ostream>
#include <string>

#include "runtime/controller/Config.h"

namespace stitch::controller {

struct RunOptions {
  bool use_jit = true;
  const std::atomic<bool>* stop = nullptr;  // set by a signal handler: finish the tick, then stop
  std::ostream* out = nullptr;              // one line per decision, version and deploy
  bool status_line = false;                 // a live status line (on a terminal)
};

class Controller {
 public:
  // Loads the policies, manifests, store and telemetry source named by `config`; nullptr with
  // `error` set when any of them cannot be used.
  static std::unique_ptr<Controller> Create(const Config& config, const RunOptions& options, std::string& error);
  ~Controller();

  // Runs ticks until stopped, until `ticks` ticks have run, or until a recording is used up.
  // Returns the process exit code: 0 after a clean stop, 1 after a fatal error.
  int Run();

 private:
  struct Impl;
  explicit Controller(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stitch::controller
