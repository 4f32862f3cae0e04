#include "LiveServers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/ingest/Http.h"

namespace stitch::ingest::testing {

namespace {

// A listening socket on 127.0.0.1:0; *port receives the chosen port.
int Listen(int* port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 16) != 0) {
    close(fd);
    return -1;
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = ntohs(addr.sin_port);
  return fd;
}

}  // namespace

int FreePort() {
  int port = 0;
  int fd = Listen(&port);
  if (fd >= 0) close(fd);
  return port;
}

Exporter::Exporter(std::function<std::string()> body) : body_(std::move(body)) {
  listener_ = Listen(&port_);
  thread_ = std::thread([this] { Serve(); });
}

Exporter::~Exporter() {
  stop_ = true;
  thread_.join();
  if (listener_ >= 0) close(listener_);
}

void Exporter::Serve() {
  while (!stop_) {
    pollfd p{listener_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    int conn = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn < 0) continue;
    // Read the request head (bounded), then answer and close.
    std::string request;
    char buf[4096];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (request.find("\r\n\r\n") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
      pollfd c{conn, POLLIN, 0};
      if (poll(&c, 1, 100) <= 0) continue;
      ssize_t n = recv(conn, buf, sizeof buf, 0);
      if (n <= 0) break;
      request.append(buf, static_cast<size_t>(n));
    }
    ++requests_;  // counted before answering, so a client that has its answer sees the count
    const std::string body = body_();
    const std::string response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n"
                                 "Content-Length: " + std::to_string(body.size()) +
                                 "\r\nConnection: close\r\n\r\n" + body;
    size_t sent = 0;
    while (sent < response.size()) {
      ssize_t n = send(conn, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    close(conn);
  }
}

SilentServer::SilentServer() { listener_ = Listen(&port_); }

SilentServer::~SilentServer() {
  if (listener_ >= 0) close(listener_);
}

PrometheusProcess::~PrometheusProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    bool exited = false;
    for (int i = 0; i < 100 && !exited; ++i) {
      exited = waitpid(pid_, &status, WNOHANG) == pid_;
      if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!exited) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

std::string PrometheusProcess::LogTail() const {
  std::ifstream in(dir_ + "/prometheus.log");
  std::stringstream s;
  s << in.rdbuf();
  std::string log = s.str();
  return log.size() > 3000 ? log.substr(log.size() - 3000) : log;
}

std::string PrometheusProcess::Start(int target_port, int timeout_s) {
  char pattern[] = "/tmp/stitch-prometheus-XXXXXX";
  if (!mkdtemp(pattern)) return "cannot create a temporary directory";
  dir_ = pattern;
  {
    std::ofstream config(dir_ + "/prometheus.yml");
    config << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
              "scrape_configs:\n  - job_name: stitch-test-exporter\n    static_configs:\n"
              "      - targets: ['127.0.0.1:"
           << target_port << "']\n";
  }
  port_ = FreePort();
  const std::string config_flag = "--config.file=" + dir_ + "/prometheus.yml";
  const std::string data_flag = "--storage.tsdb.path=" + dir_ + "/data";
  const std::string listen_flag = "--web.listen-address=127.0.0.1:" + std::to_string(port_);
  const std::string log_path = dir_ + "/prometheus.log";
  pid_ = fork();
  if (pid_ < 0) return "fork failed";
  if (pid_ == 0) {
    // Only async-signal-safe calls between fork and exec (the test has other threads).
    const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (log >= 0) {
      dup2(log, 1);
      dup2(log, 2);
    }
    execlp("prometheus", "prometheus", config_flag.c_str(), data_flag.c_str(), listen_flag.c_str(),
           static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return "prometheus exited (" +
             std::string(WIFEXITED(status) && WEXITSTATUS(status) == 127
                              ? "not installed? run scripts/setup.sh"
                              : "status " + std::to_string(status)) +
             ")\n" + LogTail();
    }
    auto ready = HttpGet(url() + "/-/ready", 1000);
    if (ready && ready->status == 200) return "";
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return "prometheus not ready within " + std::to_string(timeout_s) + " s\n" + LogTail();
}

}  // namespace stitch::ingest::testing
