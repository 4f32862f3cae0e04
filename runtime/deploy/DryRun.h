// Dry run: what deploying a version to a target would do — the RFC 6902 JSON Patch from what the
// target runs now to the new version, and the files that would be written — without writing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "Deployer.h"

namespace stitch::deploy {

enum class Layout { kDirect, kBlueGreen };

struct DryRun {
  std::string target;                      // FormatTarget form
  st::VersionId version = 0;
  std::optional<st::VersionId> current;    // what the target runs now (nullopt: nothing readable)
  std::string current_note;                // why `current` is unknown, when it is
  st::Json patch = st::Json::array();      // from `current`'s manifest set (or [] ) to `version`'s
  std::string slot;                        // blue-green: the idle slot that would be written
  std::vector<PlannedFile> files;          // every file of the version; `changed` ones would be written
  std::vector<std::string> skipped;
};

// Plans deploying `id` to `target` in `layout`. Reads the store and the target; writes nothing.
Result<DryRun> PlanDeploy(Deployer& deployer, st::VersionId id, const Target& target, Layout layout);

// Human-readable report: header, the patch (2-space JSON), then one line per file
// (`write PATH (N bytes)` / `keep PATH (unchanged)`), the record and, for blue-green, the switch.
std::string RenderDryRun(const DryRun& dry_run);

}  // namespace stitch::deploy
