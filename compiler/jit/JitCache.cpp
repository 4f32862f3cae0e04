#include "JitCache.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace stitch::jit {
namespace {

constexpr const char* kMagic = "STITCH-JIT-OBJECT 1";

uint64_t Fnv1a(const std::string& data, uint64_t seed) {
  uint64_t hash = seed;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string Checksum(const std::string& data) {
  return fmt::format("{:016x}", Fnv1a(data, 14695981039346656037ull));
}

}  // namespace

std::string CacheKey(const std::string& ir_text, const std::string& target) {
  std::string material = std::string("stitch ") + STITCH_COMPILER_VERSION + "\n" + target + "\n" + ir_text;
  return fmt::format("{:016x}{:016x}", Fnv1a(material, 14695981039346656037ull),
                     Fnv1a(material, 0x9e3779b97f4a7c15ull));
}

std::string CachePath(const std::string& dir, const std::string& key) {
  return (std::filesystem::path(dir) / (key + ".obj")).string();
}

CacheLookup LoadCached(const std::string& dir, const std::string& key, std::string& object) {
  std::ifstream in(CachePath(dir, key), std::ios::binary);
  if (!in) return CacheLookup::kMissing;
  std::string magic, stored_key, size_text, checksum;
  if (!std::getline(in, magic) || !std::getline(in, stored_key) || !std::getline(in, size_text) ||
      !std::getline(in, checksum)) {
    return CacheLookup::kCorrupt;
  }
  std::ostringstream payload;
  payload << in.rdbuf();
  object = payload.str();
  size_t size = 0;
  try {
    size = std::stoull(size_text);
  } catch (...) {
    return CacheLookup::kCorrupt;
  }
  if (magic != kMagic || stored_key != key || object.size() != size || Checksum(object) != checksum) {
    return CacheLookup::kCorrupt;
  }
  return CacheLookup::kHit;
}

bool StoreCached(const std::string& dir, const std::string& key, const std::string& object,
                 std::string* error) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::string path = CachePath(dir, key);
  std::string temp = fmt::format("{}.tmp.{}", path, ::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << kMagic << "\n" << key << "\n" << object.size() << "\n" << Checksum(object) << "\n" << object;
    if (!out.flush()) {
      *error = fmt::format("cannot write the JIT cache entry `{}`", temp);
      std::remove(temp.c_str());
      return false;
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    *error = fmt::format("cannot write the JIT cache entry `{}`", path);
    std::remove(temp.c_str());
    return false;
  }
  return true;
}

}  // namespace stitch::jit
