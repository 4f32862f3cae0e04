#include "AtomicFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "Errors.h"

namespace stitch::stitch {
namespace {

action::Status WriteTemp(const std::string& temp, const std::string& content) {
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Error{codes::kWriteFile, std::string("cannot create file: ") + std::strerror(errno), temp};
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Error{codes::kWriteFile, std::string("cannot write file: ") + std::strerror(err), temp};
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    return Error{codes::kWriteFile, std::string("cannot flush file: ") + std::strerror(errno), temp};
  }
  return action::Ok{};
}

}  // namespace

action::Status WriteFilesAtomically(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<std::string> temps;
  auto cleanup = [&] {
    for (const std::string& t : temps) ::unlink(t.c_str());
  };
  for (const auto& [path, content] : files) {
    std::string temp = path + ".stitch-tmp-" + std::to_string(::getpid());
    temps.push_back(temp);
    if (auto s = WriteTemp(temp, content); !s) {
      cleanup();
      Error e = s.error();
      e.location = path;
      return e;
    }
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (std::rename(temps[i].c_str(), files[i].first.c_str()) != 0) {
      int err = errno;
      for (size_t j = i; j < temps.size(); ++j) ::unlink(temps[j].c_str());
      return Error{codes::kWriteFile, std::string("cannot replace file: ") + std::strerror(err), files[i].first};
    }
  }
  return action::Ok{};
}

}  // namespace stitch::stitch
