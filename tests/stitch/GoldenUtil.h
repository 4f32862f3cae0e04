// Helpers for the stitcher's golden tests: reading/writing files relative to the source root
// and the update mode (STITCH_UPDATE_GOLDEN=1 rewrites expected files instead of comparing).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace stitch::test {

inline bool UpdateGolden() {
  const char* v = std::getenv("STITCH_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

inline std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline void WriteText(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

inline const std::filesystem::path& GoldenRoot() {
  static const std::filesystem::path root = std::filesystem::path(STITCH_SOURCE_ROOT) / "tests/stitch/golden";
  return root;
}

}  // namespace stitch::test
