// Helpers for end-to-end tests of `stitch run`: a scratch directory with a configuration, the
// controller as a child process, and reading back what was deployed.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

namespace stitch::e2e {

namespace fs = std::filesystem;

// A scratch directory, removed at the end.
struct Scratch {
  fs::path dir;
  Scratch();
  ~Scratch();
  std::string Write(const std::string& name, const std::string& text) const;
  std::string Path(const std::string& name) const { return (dir / name).string(); }
};

// `stitch run --config CONFIG` as a child process, its output going to a file.
class RunProcess {
 public:
  explicit RunProcess(const std::string& config, const std::string& output_path);
  ~RunProcess();
  void Signal(int signal);
  // Waits (bounded) for the process to exit; its exit code, or -1 when it did not exit in time
  // or died of a signal.
  int Wait(std::chrono::seconds bound);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// Polls `done` every 100 ms until it is true or `bound` has passed; returns its last value.
// The bound is generous: it only keeps a broken run from hanging the suite.
bool WaitFor(const std::function<bool()>& done, std::chrono::seconds bound);

// Runs the built `stitch` binary with `args`; its exit code, with stdout+stderr in `output`.
int Stitch(const std::string& args, std::string& output);

std::string ReadText(const std::string& path);

}  // namespace stitch::e2e
