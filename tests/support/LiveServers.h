// Real peers for the live ingestion test: a tiny HTTP exporter served by the test itself, a
// server that never answers, and a Debian `prometheus` process on 127.0.0.1.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace stitch::ingest::testing {

// A port that was free a moment ago on 127.0.0.1.
int FreePort();

// Serves `body()` to every HTTP request on 127.0.0.1 (a random port) until destroyed.
class Exporter {
 public:
  explicit Exporter(std::function<std::string()> body);
  ~Exporter();
  int port() const { return port_; }
  int requests() const { return requests_.load(); }

 private:
  void Serve();
  std::function<std::string()> body_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

// Listens on 127.0.0.1 (a random port) and never accepts nor answers: a hung server.
class SilentServer {
 public:
  SilentServer();
  ~SilentServer();
  int port() const { return port_; }

 private:
  int listener_ = -1;
  int port_ = 0;
};

// `prometheus` on 127.0.0.1 with a temporary data directory, scraping `target_port` every
// second. Start() waits (bounded) until /-/ready answers; the destructor stops the process
// (SIGTERM, then SIGKILL) and removes the directory.
class PrometheusProcess {
 public:
  PrometheusProcess() = default;
  ~PrometheusProcess();
  // Empty on success, else what went wrong (with the server's log tail).
  std::string Start(int target_port, int timeout_s);
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string LogTail() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string dir_;
};

}  // namespace stitch::ingest::testing
