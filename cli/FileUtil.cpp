#include "FileUtil.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace stitch::cli {

namespace fs = std::filesystem;

namespace {

bool IsPolicyFileName(const std::string& name) {
  for (const char* suffix : {".policy", ".policy.yaml", ".policy.yml"}) {
    std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

}  // namespace

bool CollectPolicyFiles(const std::vector<std::string>& paths, std::vector<std::string>& files,
                        std::string& error) {
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (it->is_regular_file(ec) && IsPolicyFileName(it->path().filename().string())) {
          found.push_back(it->path().string());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      error = "no such file or directory: `" + path + "`";
      return false;
    }
  }
  return true;
}

bool WriteFileAtomic(const std::string& path, const std::string& content, std::string& error) {
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string pattern = (dir / ("." + target.filename().string() + ".tmp.XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) {
    error = "cannot create a temporary file in `" + dir.string() + "`: " + std::strerror(errno);
    return false;
  }
  const char* data = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = "cannot write `" + path + "`: " + std::strerror(errno);
      close(fd);
      unlink(name.data());
      return false;
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  // Keep the original file's permissions.
  std::error_code ec;
  auto perms = fs::status(target, ec).permissions();
  if (!ec) fs::permissions(name.data(), perms, ec);
  if (fsync(fd) != 0 || close(fd) != 0) {
    error = "cannot write `" + path + "`: " + std::strerror(errno);
    unlink(name.data());
    return false;
  }
  if (std::rename(name.data(), path.c_str()) != 0) {
    error = "cannot replace `" + path + "`: " + std::strerror(errno);
    unlink(name.data());
    return false;
  }
  return true;
}

bool StdoutWantsColor() { return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr; }

std::string DefaultCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return (fs::path(xdg) / "stitch").string();
  if (const char* home = std::getenv("HOME"); home && *home) return (fs::path(home) / ".cache" / "stitch").string();
  return (fs::temp_directory_path() / "stitch-cache").string();
}

}  // namespace stitch::cli
