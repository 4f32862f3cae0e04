#include "lsp/Workspace.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <vector>

#include "compiler/Compile.h"

namespace stitch::lsp {
namespace fs = std::filesystem;
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsManifestCandidate(const std::string& name) {
  if (EndsWith(name, ".policy.yaml") || EndsWith(name, ".policy.yml")) return false;
  return EndsWith(name, ".yaml") || EndsWith(name, ".yml") || EndsWith(name, ".json");
}

// YAML policy files are documents with `apiVersion: stitch/v1`; they are not manifests.
bool IsYamlPolicy(const std::string& text) { return text.find("apiVersion: stitch/") != std::string::npos; }

}  // namespace

check::ManifestNames ScanManifests(const std::string& root, const ScanLimits& limits) {
  check::ManifestNames names;
  std::error_code error;
  if (root.empty() || !fs::is_directory(root, error)) return names;
  std::vector<std::string> files;
  auto options = fs::directory_options::skip_permission_denied;
  fs::recursive_directory_iterator it(root, options, error), end;
  while (!error && it != end && files.size() < limits.max_files) {
    const fs::directory_entry& entry = *it;
    std::string name = entry.path().filename().string();
    bool is_dir = entry.is_directory(error);
    if (is_dir && (name.starts_with(".") || name == "node_modules" || it.depth() >= limits.max_depth)) {
      it.disable_recursion_pending();
    } else if (!is_dir && IsManifestCandidate(name) && entry.is_regular_file(error) &&
               entry.file_size(error) <= limits.max_file_bytes && !error) {
      files.push_back(entry.path().string());
    }
    error.clear();
    it.increment(error);
  }
  std::sort(files.begin(), files.end());
  for (const std::string& path : files) {
    std::string text;
    if (!ReadFile(path, text) || IsYamlPolicy(text)) continue;
    Diagnostics ignored;  // a JSON or YAML file that is not a manifest is not a problem here
    check::ManifestNames one;
    if (!check::LoadManifestNames(path, one, ignored)) continue;
    names.services.insert(one.services.begin(), one.services.end());
    names.destinations.insert(one.destinations.begin(), one.destinations.end());
    names.routes.insert(one.routes.begin(), one.routes.end());
    names.namespaces.insert(one.namespaces.begin(), one.namespaces.end());
  }
  return names;
}

}  // namespace stitch::lsp
