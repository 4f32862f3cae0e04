// Manifest sets and stitching over the runtime's stitcher.
#include "embed/Internal.h"

namespace stitch {

ManifestSet::ManifestSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ManifestSet::ManifestSet(const ManifestSet& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
ManifestSet& ManifestSet::operator=(const ManifestSet& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
ManifestSet::ManifestSet(ManifestSet&&) noexcept = default;
ManifestSet& ManifestSet::operator=(ManifestSet&&) noexcept = default;
ManifestSet::~ManifestSet() = default;

Result<ManifestSet> ManifestSet::Load(const std::vector<std::string>& paths) {
  std::vector<st::Manifest> manifests;
  for (const std::string& path : paths) {
    auto loaded = st::LoadManifest(path);
    if (!loaded) return FromActionError(loaded.error());
    manifests.push_back(std::move(*loaded));
  }
  return ManifestAccess::Make(std::move(manifests));
}

Result<ManifestSet> ManifestSet::Parse(const std::vector<ManifestFile>& files) {
  std::vector<st::Manifest> manifests;
  for (const ManifestFile& file : files) {
    if (auto bad = CheckUtf8(file.path, "a manifest path")) return *bad;
    if (auto bad = CheckUtf8(file.text, "manifest `" + file.path + "`")) return *bad;
    auto parsed = st::ParseManifest(file.text, file.path);
    if (!parsed) return FromActionError(parsed.error());
    manifests.push_back(std::move(*parsed));
  }
  return ManifestAccess::Make(std::move(manifests));
}

std::vector<ManifestFile> ManifestSet::Files() const {
  std::vector<ManifestFile> files;
  for (const st::Manifest& m : impl_->manifests) files.push_back({m.path, st::RenderManifest(m)});
  return files;
}

size_t ManifestSet::size() const { return impl_->manifests.size(); }

StitchResult::StitchResult(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StitchResult::StitchResult(const StitchResult& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
StitchResult& StitchResult::operator=(const StitchResult& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
StitchResult::StitchResult(StitchResult&&) noexcept = default;
StitchResult& StitchResult::operator=(StitchResult&&) noexcept = default;
StitchResult::~StitchResult() = default;

const ManifestSet& StitchResult::manifests() const { return impl_->manifests; }
const std::vector<Action>& StitchResult::actions() const { return impl_->actions; }

std::vector<std::string> StitchResult::Warnings() const {
  std::vector<std::string> out;
  for (const action::Error& w : impl_->result.warnings) out.push_back(w.Render());
  return out;
}

std::string StitchResult::PatchJson() const {
  st::Json patches = st::Json::array();
  for (const st::Json& p : impl_->result.patches) patches.push_back(p);
  return patches.dump();
}

Result<StitchResult> Stitch(const ManifestSet& base, const std::vector<Action>& actions, const StitchOptions& options) {
  std::vector<action::Action> internal = ToInternal(actions);
  st::StitchOptions stitch_options;
  stitch_options.min_healthy_nodes = options.min_healthy_nodes;
  stitch_options.max_isolated = options.max_isolated;
  stitch_options.max_redirect = options.max_redirect;
  auto stitched = st::Stitch(ManifestAccess::Get(base), internal, stitch_options);
  if (!stitched) return FromActionError(stitched.error());
  ManifestSet manifests = ManifestAccess::Make(stitched->manifests);
  auto impl = std::make_unique<StitchResult::Impl>(
      StitchResult::Impl{std::move(*stitched), std::move(internal), actions, std::move(manifests)});
  return ManifestAccess::Make(std::move(impl));
}

}  // namespace stitch
