// The version store: an append-only history of stitched manifest sets in one SQLite database
// (WAL mode). Each distinct result is a version with a sequential id (docs/stitching.md).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stitch/Export.h"
#include "stitch/Manifests.h"
#include "stitch/Result.h"

namespace stitch {

using VersionId = int64_t;

struct VersionInfo {
  VersionId id = 0;
  std::optional<VersionId> parent;
  std::string hash;  // SHA-256 of the manifest set
  std::string time;  // RFC 3339 UTC
  std::string kind;  // "stitch" or "rollback"
  size_t action_count = 0;
};

// One stored version with its content.
struct StoredVersion {
  VersionInfo info;
  std::string actions_json;         // the actions document that produced it
  std::string patch_json;           // RFC 6902 from the parent's manifest set ("[]" for the first)
  std::vector<ManifestFile> files;  // the rendered files
};

// What a commit did: the new version, or the head when the content equals the head's.
struct CommitInfo {
  VersionInfo info;
  bool created = false;
};

struct StoreAccess;  // the library's access to the backend

// An open store. Not thread-safe: one thread at a time per object; several objects (threads or
// processes) may open the same database, and commits are atomic and serialised between them.
// Move-only.
class STITCH_API VersionStore {
 public:
  // Opens (creating if needed) the store at `path`. kStore (S0401) when it cannot be opened or
  // is not a Stitch store. Thread-safe.
  static Result<VersionStore> Open(const std::string& path);

  VersionStore(VersionStore&&) noexcept;
  VersionStore& operator=(VersionStore&&) noexcept;
  ~VersionStore();

  // The newest version, or nullopt when empty.
  Result<std::optional<VersionId>> Head();
  // Every version, oldest first.
  Result<std::vector<VersionInfo>> History();
  // One version; kNotFound (S0403) when unknown.
  Result<StoredVersion> Get(VersionId id);
  // Commits a stitch result on top of the current head (audit: `who`, and each action's
  // provenance). `time` "" means now. No version is added when the content equals the head's.
  Result<CommitInfo> Commit(const StitchResult& result, const std::string& who, const std::string& time = "");
  // Appends a version whose content is version `target`'s. kNotFound when unknown.
  Result<CommitInfo> Rollback(VersionId target, const std::string& who, const std::string& why);

  struct Impl;

 private:
  friend struct StoreAccess;
  explicit VersionStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stitch
