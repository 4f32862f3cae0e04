#include "DiskIo.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "Errors.h"

namespace stitch::deploy::disk {
namespace fs = std::filesystem;
namespace {

Error WriteError(const std::string& what, const std::string& path, int err) {
  return Error{codes::kWrite, what + ": " + std::strerror(err), path};
}

}  // namespace

Result<std::optional<std::string>> ReadIfExists(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return Error{codes::kRead, std::string("cannot open file: ") + std::strerror(errno), path};
  }
  std::string out;
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Error{codes::kRead, std::string("cannot read file: ") + std::strerror(err), path};
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return std::optional<std::string>(std::move(out));
}

Status WriteDurably(const std::string& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return WriteError("cannot create file", path, errno);
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return WriteError("cannot write file", path, err);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    return WriteError("cannot flush file", path, err);
  }
  if (::close(fd) != 0) return WriteError("cannot close file", path, errno);
  return action::Ok{};
}

Status Rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return WriteError("cannot rename `" + from + "` over it", to, errno);
  return action::Ok{};
}

Status SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return WriteError("cannot open directory", dir, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return WriteError("cannot flush directory", dir, err);
  return action::Ok{};
}

Status Exchange(const std::string& a, const std::string& b) {
  if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) != 0) {
    int err = errno;
    std::string why = err == EINVAL ? "this file system cannot exchange directories atomically"
                                    : "cannot exchange with `" + a + "`";
    return WriteError(why, b, err);
  }
  return action::Ok{};
}

Status EnsureDir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir, ec)) {
    return Error{codes::kWrite, "cannot create directory: " + (ec ? ec.message() : std::string("not a directory")), dir};
  }
  return action::Ok{};
}

Status RemoveAll(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  if (ec) return Error{codes::kWrite, "cannot remove: " + ec.message(), path};
  return action::Ok{};
}

Status SwapSymlink(const std::string& link, const std::string& value) {
  std::string temp = TempName(link);
  ::unlink(temp.c_str());
  if (::symlink(value.c_str(), temp.c_str()) != 0) return WriteError("cannot create symlink", temp, errno);
  if (::rename(temp.c_str(), link.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return WriteError("cannot switch symlink", link, err);
  }
  return SyncDir(fs::path(link).parent_path().string().empty() ? "." : fs::path(link).parent_path().string());
}

std::optional<std::string> ReadSymlink(const std::string& path) {
  char buf[4096];
  ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
  if (n < 0 || static_cast<size_t>(n) >= sizeof buf) return std::nullopt;
  return std::string(buf, static_cast<size_t>(n));
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<std::string> List(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string Join(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::string TempName(const std::string& base) { return base + "." + std::to_string(::getpid()) + ".stitch-tmp"; }

}  // namespace stitch::deploy::disk
