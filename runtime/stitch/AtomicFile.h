// Writing output files without partial results: each file goes to a temporary file in the same
// directory, is flushed, and is renamed over its target only when every file was written.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "Manifest.h"

namespace stitch::stitch {

// Writes all (path, content) pairs, or none: on any write error every temporary file is
// removed and an S0002 error names the file. Existing targets are replaced by rename().
action::Status WriteFilesAtomically(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace stitch::stitch
