// Helpers shared by the stitcher's commands (stitch, history, show, diff, rollback): error
// printing, the version store location, version arguments and output directories.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stitch/Manifest.h"
#include "stitch/Store.h"

namespace stitch::cli {

namespace st = ::stitch::stitch;

// The store used when `--store` is not given.
inline constexpr const char* kDefaultStore = ".stitch/versions.db";

// Prints "stitch <command>: <location>: error[Sxxxx]: message" to stderr.
void PrintError(const std::string& command, const st::Error& error);

// Opens the store; with `must_exist`, a missing file is an S0401 error instead of a new store.
// The parent directory is created for a new store.
st::Result<std::unique_ptr<st::VersionStore>> OpenStore(const std::string& path, bool must_exist);

// Parses "3", "v3" or "head" (resolved against the store). S0501 for anything else.
st::Result<st::VersionId> ParseVersion(const std::string& text, st::VersionStore& store);

// The (path, text) pairs for writing `files` into directory `dir` under their base names,
// creating `dir`. S0002 when two files share a base name or the directory cannot be made.
st::Result<std::vector<std::pair<std::string, std::string>>> PlanOutput(
    const std::vector<std::pair<std::string, std::string>>& files, const std::string& dir);

// Who is acting, for audit entries: `flag` when set, else $USER, else "stitch".
std::string Author(const std::string& flag);

}  // namespace stitch::cli
