// File helpers for commands: collecting policy files and replacing files atomically.
#pragma once

#include <string>
#include <vector>

namespace stitch::cli {

// Expands files and directories into policy files: a file is taken as given; a directory
// yields its `*.policy`, `*.policy.yaml` and `*.policy.yml` files, recursively, sorted.
// Returns false (with `error` set) when a path does not exist.
bool CollectPolicyFiles(const std::vector<std::string>& paths, std::vector<std::string>& files,
                        std::string& error);

// Writes `content` to a temporary file beside `path`, then renames it over `path`, so readers
// see the old file or the new one, never a partial one.
bool WriteFileAtomic(const std::string& path, const std::string& content, std::string& error);

// True when stdout is a terminal and NO_COLOR is not set.
bool StdoutWantsColor();

// $XDG_CACHE_HOME/stitch, else ~/.cache/stitch, else a folder under the temporary directory.
std::string DefaultCacheDir();

}  // namespace stitch::cli
