// The on-disk cache of compiled programs, keyed by a hash of (IR, compiler version, target).
// Entries carry a checksum, so a truncated or corrupt entry is detected and rebuilt; entries are
// written by write-then-rename, so a reader never sees half an entry.
#pragma once

#include <string>

namespace stitch::jit {

std::string CacheKey(const std::string& ir_text, const std::string& target);

enum class CacheLookup { kHit, kMissing, kCorrupt };

// Reads the entry for `key` in `dir` into `object`.
CacheLookup LoadCached(const std::string& dir, const std::string& key, std::string& object);

// Stores `object` under `key`; false with `error` set when the directory cannot be written.
bool StoreCached(const std::string& dir, const std::string& key, const std::string& object,
                 std::string* error);

std::string CachePath(const std::string& dir, const std::string& key);

}  // namespace stitch::jit
