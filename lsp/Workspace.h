// The workspace's manifests: service and destination names that completion offers, read with
// the compiler's `check::LoadManifestNames` from the `*.yaml`, `*.yml` and `*.json` files under
// the workspace root that are not policy files.
#pragma once

#include <string>

#include "compiler/check/ManifestNames.h"

namespace stitch::lsp {

struct ScanLimits {
  size_t max_files = 500;           // manifests read at most
  size_t max_file_bytes = 1u << 20;  // larger files are skipped
  int max_depth = 8;
};

// Scans `root` recursively, skipping hidden directories and `node_modules`. Files that cannot
// be read or are not manifests contribute nothing; never fails.
check::ManifestNames ScanManifests(const std::string& root, const ScanLimits& limits = {});

}  // namespace stitch::lsp
