#include "embed/PolicyFiles.h"

#include <algorithm>
#include <filesystem>

namespace stitch {

Result<std::vector<std::string>> CollectPolicyFiles(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  for (const std::string& path : paths) {
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        std::string name = it->path().string();
        bool policy = name.ends_with(".policy") || name.ends_with(".policy.yaml") || name.ends_with(".policy.yml");
        if (policy && it->is_regular_file(ec)) found.push_back(name);
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      return Error{ErrorKind::kIo, "P0003", "`" + path + "` does not exist"};
    }
  }
  return files;
}

}  // namespace stitch
