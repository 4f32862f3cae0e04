// The public version store over the SQLite store.
#include "embed/Internal.h"
#include "runtime/stitch/SqliteStore.h"

namespace stitch {

VersionInfo ToPublic(const st::VersionInfo& info) {
  return VersionInfo{info.id, info.parent, info.hash, info.time, info.kind, info.action_count};
}

VersionStore::VersionStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VersionStore::VersionStore(VersionStore&&) noexcept = default;
VersionStore& VersionStore::operator=(VersionStore&&) noexcept = default;
VersionStore::~VersionStore() = default;

Result<VersionStore> VersionStore::Open(const std::string& path) {
  if (auto bad = CheckUtf8(path, "the store path")) return *bad;
  auto opened = st::OpenSqliteStore(path);
  if (!opened) return FromActionError(opened.error());
  return StoreAccess::Make(std::move(*opened));
}

Result<std::optional<VersionId>> VersionStore::Head() {
  auto head = impl_->store->Head();
  if (!head) return FromActionError(head.error());
  return *head;
}

Result<std::vector<VersionInfo>> VersionStore::History() {
  auto history = impl_->store->History();
  if (!history) return FromActionError(history.error());
  std::vector<VersionInfo> out;
  for (const st::VersionInfo& info : *history) out.push_back(ToPublic(info));
  return out;
}

Result<StoredVersion> VersionStore::Get(VersionId id) {
  auto got = impl_->store->Get(id);
  if (!got) return FromActionError(got.error());
  StoredVersion out;
  out.info = ToPublic(got->info);
  out.actions_json = got->actions.dump(2);
  out.patch_json = got->patch.dump();
  for (auto& [path, text] : got->files) out.files.push_back({path, text});
  return out;
}

Result<CommitInfo> VersionStore::Commit(const StitchResult& result, const std::string& who, const std::string& time) {
  if (auto bad = CheckUtf8(who, "`who`")) return *bad;
  if (auto bad = CheckUtf8(time, "the time")) return *bad;
  auto head = impl_->store->Head();
  if (!head) return FromActionError(head.error());
  const StitchResult::Impl& stitched = ManifestAccess::Get(result);
  auto committed = st::CommitStitch(*impl_->store, *head, stitched.result, stitched.internal_actions, who,
                                    time.empty() ? st::NowUtc() : time);
  if (!committed) return FromActionError(committed.error());
  return CommitInfo{ToPublic(committed->info), committed->created};
}

Result<CommitInfo> VersionStore::Rollback(VersionId target, const std::string& who, const std::string& why) {
  if (auto bad = CheckUtf8(who, "`who`")) return *bad;
  if (auto bad = CheckUtf8(why, "`why`")) return *bad;
  auto rolled = st::Rollback(*impl_->store, target, who, why, st::NowUtc());
  if (!rolled) return FromActionError(rolled.error());
  return CommitInfo{ToPublic(rolled->info), rolled->created};
}

}  // namespace stitch
