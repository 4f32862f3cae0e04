// The version store: an append-only history of stitched manifest sets. Each distinct result is a
// version with a sequential id, its parent, time, content hash, the actions that produced it,
// the RFC 6902 patch from its parent, the full documents and rendered files, and audit entries.
// `VersionStore` is the backend interface (SQLite now; etcd can implement it later).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "Manifest.h"
#include "Stitch.h"

namespace stitch::stitch {

using VersionId = std::int64_t;

// Who did what and why (for stitches: the policy provenance of each action).
struct AuditEntry {
  std::string time;
  std::string who;
  std::string what;
  std::string why;
  bool operator==(const AuditEntry&) const = default;
};

struct VersionInfo {
  VersionId id = 0;
  std::optional<VersionId> parent;
  std::string hash;      // SHA-256 of the manifest set (ContentHash)
  std::string time;      // RFC 3339 UTC
  std::string kind;      // "stitch" or "rollback"
  size_t action_count = 0;
};

struct Version {
  VersionInfo info;
  Json actions = Json::array();    // actions JSON (action/ActionJson.h form)
  Json patch = Json::array();      // RFC 6902 from the parent's manifest set ([] for the first)
  Json manifests = Json::array();  // ManifestsToJson form
  std::vector<std::pair<std::string, std::string>> files;  // path → rendered text
  std::vector<AuditEntry> audit;
};

// A version to append. `expected_parent` is the head the writer based its work on (nullopt:
// the store must be empty); if the head moved meanwhile the commit fails with S0402.
struct NewVersion {
  std::optional<VersionId> expected_parent;
  std::string time;
  std::string kind = "stitch";
  Json actions = Json::array();
  Json patch = Json::array();
  Json manifests = Json::array();
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<AuditEntry> audit;
};

struct CommitResult {
  VersionInfo info;      // the new version, or the head when nothing changed
  bool created = false;  // false: content equal to the head's, no version added
};

// A store backend. One instance is used by one thread at a time; several instances (threads or
// processes) may share one store: commits are atomic and serialised.
class VersionStore {
 public:
  virtual ~VersionStore() = default;
  // The newest version id, or nullopt for an empty store.
  virtual Result<std::optional<VersionId>> Head() = 0;
  // Every version, oldest first.
  virtual Result<std::vector<VersionInfo>> History() = 0;
  // One version with its content; S0403 when unknown, S0404 when its content fails its hash.
  virtual Result<Version> Get(VersionId id) = 0;
  // Appends `v` atomically (all of it or nothing) with id head+1. Errors: S0402 on a moved head.
  virtual Result<CommitResult> Commit(const NewVersion& v) = 0;
};

// SHA-256 of the canonical (compact) JSON of a manifest set.
std::string ContentHash(const Json& manifests);

// The current UTC time as RFC 3339 with seconds (`2026-12-03T10:00:00Z`).
std::string NowUtc();

// Records a stitch result as a new version on top of `parent` (the head read before
// stitching). Audit: one entry per action (who = `who`, what = the action, why = its policy,
// entity and inputs).
Result<CommitResult> CommitStitch(VersionStore& store, std::optional<VersionId> parent, const StitchResult& result,
                                  const std::vector<action::Action>& actions, const std::string& who,
                                  const std::string& time);

// Appends a new version whose content is exactly version `target`'s, with an audit entry.
Result<CommitResult> Rollback(VersionStore& store, VersionId target, const std::string& who, const std::string& why,
                              const std::string& time);

}  // namespace stitch::stitch
