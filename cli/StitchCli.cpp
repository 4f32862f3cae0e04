#include "StitchCli.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>

#include "stitch/Errors.h"
#include "stitch/SqliteStore.h"

namespace stitch::cli {

namespace st = ::stitch::stitch;

namespace fs = std::filesystem;
namespace codes = st::codes;

void PrintError(const std::string& command, const st::Error& error) {
  std::cerr << "stitch " << command << ": " << error.Render() << "\n";
}

st::Result<std::unique_ptr<st::VersionStore>> OpenStore(const std::string& path, bool must_exist) {
  std::error_code ec;
  if (must_exist && !fs::exists(path, ec)) {
    return st::Error{codes::kStore, "no version store here (run `stitch stitch --store` first, or pass --store)", path};
  }
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::exists(parent, ec)) {
    fs::create_directories(parent, ec);
    if (ec) return st::Error{codes::kStore, "cannot create the store directory: " + ec.message(), parent.string()};
  }
  return st::OpenSqliteStore(path);
}

st::Result<st::VersionId> ParseVersion(const std::string& text, st::VersionStore& store) {
  if (text == "head") {
    auto head = store.Head();
    if (!head) return head.error();
    if (!*head) return st::Error{codes::kUnknownVersion, "the store has no versions yet", ""};
    return **head;
  }
  std::string digits = !text.empty() && (text[0] == 'v' || text[0] == 'V') ? text.substr(1) : text;
  if (digits.empty() || digits.size() > 15 || digits.find_first_not_of("0123456789") != std::string::npos) {
    return st::Error{codes::kUsage, "`" + text + "` is not a version (expected a number like `3`, `v3`, or `head`)", ""};
  }
  return static_cast<st::VersionId>(std::stoll(digits));
}

st::Result<std::vector<std::pair<std::string, std::string>>> PlanOutput(
    const std::vector<std::pair<std::string, std::string>>& files, const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir, ec)) {
    return st::Error{codes::kWriteFile, "cannot create the output directory", dir};
  }
  std::vector<std::pair<std::string, std::string>> out;
  std::set<std::string> names;
  for (const auto& [path, text] : files) {
    std::string name = fs::path(path).filename().string();
    if (!names.insert(name).second) {
      return st::Error{codes::kWriteFile,
                           "two manifests are named `" + name + "`; they cannot both be written to one directory", dir};
    }
    out.push_back({(fs::path(dir) / name).string(), text});
  }
  return out;
}

std::string Author(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* user = std::getenv("USER"); user && *user) return user;
  return "stitch";
}

}  // namespace stitch::cli
