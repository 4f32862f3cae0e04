// The deployer: pushes stored versions to deploy targets and reads back what each runs. This is
// the face the controller loop uses; strategies (Strategies.h, Canary.h) are built on it.
#pragma once

#include <string>

#include "Backend.h"
#include "Target.h"
#include "stitch/Store.h"

namespace stitch::deploy {

// What `target` runs, from disk, in either layout (blue-green: the live slot). Reads only;
// needs no store. Errors: D0201, D0202, D0203, D0402.
Result<Deployed> ReadCurrent(const Target& target);

// Deploys versions of one store. Keeps a reference to `store`, which must outlive it. Not
// thread-safe: one thread at a time, and one deployer per target directory at a time (the
// controller's leader election ensures it). Holds no deployment state: Current() reads disk.
class Deployer {
 public:
  explicit Deployer(st::VersionStore& store);

  // Writes version `id` into `target` (direct layout). `time` "" means now. Errors: store
  // codes (S0403 unknown version), D0102 when the target is laid out for blue-green, backend
  // codes (D0301, D0302, D0401, D0402).
  Result<Confirmation> Deploy(st::VersionId id, const Target& target, const std::string& time = "");

  // Writes version `id` into the idle blue-green slot of `target` without switching.
  Result<Confirmation> Stage(st::VersionId id, const Target& target, const std::string& time = "");

  // ReadCurrent(target).
  Result<Deployed> Current(const Target& target) const;

  // Completes or discards an interrupted deploy in `target` (both slots for blue-green).
  Status Recover(const Target& target);

  // The stored version (content checked against its hash by the store).
  Result<st::Version> Fetch(st::VersionId id);

  st::VersionStore& store() { return store_; }

 private:
  st::VersionStore& store_;
};

}  // namespace stitch::deploy
