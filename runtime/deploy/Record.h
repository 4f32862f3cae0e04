// The deployment record: a small JSON file `.stitch-deploy` in a target directory naming the
// version it holds and the SHA-256 of every file of it, so that what a target runs is read
// back from disk. (No .json/.yaml extension: `kubectl apply -f DIR` ignores it.)
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "Target.h"
#include "stitch/Store.h"

namespace stitch::deploy {

namespace st = ::stitch::stitch;

inline constexpr const char* kRecordName = ".stitch-deploy";

struct RecordFile {
  std::string name;           // file name inside the target directory
  std::string sha256;         // of the file's bytes
  std::string version_info;   // Envoy: the DiscoveryResponse version_info in it, else ""
  std::string staged;         // Envoy: the temporary name the deploy staged it under, "" when
                              // the file was already in place (unchanged)
  bool operator==(const RecordFile&) const = default;
};

struct Record {
  std::string backend;
  st::VersionId version = 0;
  std::string hash;
  std::string time;
  std::vector<RecordFile> files;
  bool operator==(const Record&) const = default;
};

// The record's text (2-space JSON, trailing newline). Pure.
std::string RenderRecord(const Record& record);

// Reads `dir`/.stitch-deploy: nullopt when absent; D0202 when it is not a record; D0402 on I/O.
Result<std::optional<Record>> ReadRecord(const std::string& dir);

// Writes the record atomically (temporary file, fsync, rename, fsync of `dir`).
Status WriteRecord(const std::string& dir, const Record& record);

}  // namespace stitch::deploy
