#include "RunHarness.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "support/Golden.h"

namespace stitch::e2e {

Scratch::Scratch() {
  dir = fs::temp_directory_path() / ("stitch-e2e-" + std::to_string(::getpid()) + "-" +
                                     std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  fs::create_directories(dir);
}

Scratch::~Scratch() {
  std::error_code ec;
  fs::remove_all(dir, ec);
}

std::string Scratch::Write(const std::string& name, const std::string& text) const {
  fs::create_directories((dir / name).parent_path());
  std::ofstream(dir / name, std::ios::binary) << text;
  return (dir / name).string();
}

RunProcess::RunProcess(const std::string& config, const std::string& output_path) {
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    execl(STITCH_BINARY, STITCH_BINARY, "run", "--config", config.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
}

RunProcess::~RunProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void RunProcess::Signal(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

int RunProcess::Wait(std::chrono::seconds bound) {
  int status = 0;
  bool exited = WaitFor([&] { return waitpid(pid_, &status, WNOHANG) == pid_; }, bound);
  if (!exited) return -1;
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool WaitFor(const std::function<bool()>& done, std::chrono::seconds bound) {
  auto until = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

int Stitch(const std::string& args, std::string& output) {
  return stitch::testing::Run(std::string(STITCH_BINARY) + " " + args, output, true);
}

std::string ReadText(const std::string& path) { return stitch::testing::ReadText(path); }

}  // namespace stitch::e2e
