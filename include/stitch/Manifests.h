// Manifests (Envoy v3, Istio, App Mesh; YAML or JSON) and stitching: applying actions to base
// manifests gives new manifests, deterministically (docs/stitching.md).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "stitch/Action.h"
#include "stitch/Engine.h"
#include "stitch/Export.h"
#include "stitch/Result.h"

namespace stitch {

// A file's path and its text.
struct ManifestFile {
  std::string path;
  std::string text;
};

struct ManifestAccess;  // the library's access to the parsed documents

// A set of parsed manifest files, in order. Immutable after creation: its const members may be
// called from several threads at once. Copyable value.
class STITCH_API ManifestSet {
 public:
  // Reads and parses files (`.json` is JSON, anything else YAML). kIo (S0001) when a file
  // cannot be read, kInvalidData (S0201/S0202) when it does not parse. Thread-safe.
  static Result<ManifestSet> Load(const std::vector<std::string>& paths);
  // Parses texts; each path decides the format and names the file in errors and in the store.
  // Thread-safe.
  static Result<ManifestSet> Parse(const std::vector<ManifestFile>& files);

  ManifestSet(const ManifestSet&);
  ManifestSet& operator=(const ManifestSet&);
  ManifestSet(ManifestSet&&) noexcept;
  ManifestSet& operator=(ManifestSet&&) noexcept;
  ~ManifestSet();

  // The rendered files (block YAML or indented JSON), in order.
  std::vector<ManifestFile> Files() const;
  size_t size() const;

  struct Impl;

 private:
  friend struct ManifestAccess;
  explicit ManifestSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The outcome of a stitch: the stitched manifests, the actions that made them, warnings
// (conflicts, capped redirects) and the RFC 6902 patch from the base. Immutable; its const
// members may be called from several threads at once. Copyable value.
class STITCH_API StitchResult {
 public:
  StitchResult(const StitchResult&);
  StitchResult& operator=(const StitchResult&);
  StitchResult(StitchResult&&) noexcept;
  StitchResult& operator=(StitchResult&&) noexcept;
  ~StitchResult();

  const ManifestSet& manifests() const;
  const std::vector<Action>& actions() const;
  // "location: error[S0307]: message" for each warning.
  std::vector<std::string> Warnings() const;
  // A JSON array with one RFC 6902 patch (over the documents array) per manifest file.
  std::string PatchJson() const;

  struct Impl;

 private:
  friend struct ManifestAccess;
  explicit StitchResult(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Applies `actions` to `base`. Pure and deterministic; fails before producing anything
// (kStitch with the S03xx code, kInvalidData for S0203). Thread-safe.
STITCH_API Result<StitchResult> Stitch(const ManifestSet& base, const std::vector<Action>& actions,
                                       const StitchOptions& options = {});

}  // namespace stitch
