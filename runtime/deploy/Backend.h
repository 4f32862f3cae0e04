// The backend interface: how one stored version is written into one directory and read back.
// Backends are stateless (any state lives on disk); one deployer per directory at a time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "Target.h"
#include "stitch/Store.h"

namespace stitch::deploy {

namespace st = ::stitch::stitch;

// What a deploy wrote where. Paths are the target directory joined with file names.
struct Confirmation {
  std::string target;                   // FormatTarget form ("" when deployed by directory)
  st::VersionId version = 0;
  std::string hash;                     // the version's content hash in the store
  std::string time;                     // when it was deployed, RFC 3339 UTC
  std::string slot;                     // blue-green: the slot written and switched to, else ""
  std::vector<std::string> written;     // files replaced, in rename order; the record included
  std::vector<std::string> unchanged;   // files of this version already on disk, left alone
  std::vector<std::string> skipped;     // documents this backend does not deploy ("path: /3")
};

// What a target runs, read back from its files and checked against its deployment record.
struct Deployed {
  st::VersionId version = 0;
  std::string hash;
  std::string time;
  std::string backend;                // "envoy-xds" or "directory"
  std::string slot;                   // blue-green: the live slot, else ""
  std::vector<std::string> files;     // files holding the version (verified by SHA-256)
  std::vector<std::string> pending;   // Envoy: files of an interrupted deploy, complete on disk
                                      // under their staged names but not yet renamed into place
};

// One file a deploy would write (or leave, when unchanged).
struct PlannedFile {
  std::string path;
  std::string content;
  bool changed = true;
};

struct Plan {
  st::VersionId version = 0;
  std::string hash;
  std::vector<PlannedFile> files;      // the version's files in the target, record excluded
  std::vector<std::string> skipped;    // documents this backend does not deploy
};

class Backend {
 public:
  virtual ~Backend() = default;
  // "envoy-xds" or "directory".
  virtual std::string_view Name() const = 0;
  // The files deploying `version` into `dir` would give, compared with what `dir` holds now.
  // Reads only. D0301 when the version has nothing for this backend, D0302 on a name clash.
  virtual Result<Plan> Prepare(const st::Version& version, const std::string& dir) const = 0;
  // Writes `version` into `dir` so that a crash at any point leaves one complete version
  // (see docs/deploy.md for each backend's commit point). Finishes an interrupted deploy first.
  virtual Result<Confirmation> Deploy(const st::Version& version, const std::string& dir, const std::string& time) = 0;
  // What `dir` runs, from its files: D0201 when nothing was deployed there, D0202 for a bad
  // record, D0203 when a file differs from what the record says was deployed. Reads only.
  virtual Result<Deployed> Current(const std::string& dir) const = 0;
  // Completes (Envoy) or discards (directory) what an interrupted deploy left in `dir`.
  virtual Status Recover(const std::string& dir) = 0;
};

// The backend for a target's kind (Envoy resources selection included).
std::unique_ptr<Backend> MakeBackend(const Target& target);

}  // namespace stitch::deploy
