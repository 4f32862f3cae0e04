// Golden-file helpers: compare produced text with a file beside the input, or rewrite that
// file when STITCH_UPDATE_GOLDEN=1 is set.
#pragma once

#include <string>
#include <vector>

namespace stitch::testing {

std::string ReadText(const std::string& path);
// Files in `dir` (relative to the source root) whose names end with `suffix`, sorted.
std::vector<std::string> FilesWithSuffix(const std::string& dir, const std::string& suffix);
bool UpdateGolden();
// Returns the expected text; in update mode writes `actual` first.
std::string Expect(const std::string& golden_path, const std::string& actual);
// Runs a shell command, capturing stdout (and stderr when `merge_stderr`); returns the exit code.
int Run(const std::string& command, std::string& output, bool merge_stderr = false);

}  // namespace stitch::testing
