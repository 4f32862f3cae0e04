#include "Store.h"

#include <ctime>

#include "Errors.h"
#include "Sha256.h"
#include "action/ActionJson.h"

namespace stitch::stitch {

std::string ContentHash(const Json& manifests) { return Sha256Hex(manifests.dump()); }

std::string NowUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

namespace {

std::vector<std::pair<std::string, std::string>> Render(const std::vector<Manifest>& manifests) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const Manifest& m : manifests) files.push_back({m.path, RenderManifest(m)});
  return files;
}

// The manifest set of `parent` (empty list when there is none).
Result<Json> ParentManifests(VersionStore& store, std::optional<VersionId> parent) {
  if (!parent) return Json::array();
  auto v = store.Get(*parent);
  if (!v) return v.error();
  return v->manifests;
}

}  // namespace

Result<CommitResult> CommitStitch(VersionStore& store, std::optional<VersionId> parent, const StitchResult& result,
                                  const std::vector<action::Action>& actions, const std::string& who,
                                  const std::string& time) {
  auto before = ParentManifests(store, parent);
  if (!before) return before.error();
  NewVersion v;
  v.expected_parent = parent;
  v.time = time;
  v.kind = "stitch";
  v.manifests = ManifestsToJson(result.manifests);
  v.patch = Json::diff(*before, v.manifests);
  v.files = Render(result.manifests);
  for (const action::Action& a : actions) {
    v.actions.push_back(action::ActionToJson(a));
    std::string why = "policy `" + a.provenance.policy + "` fired for `" + a.provenance.entity + "`";
    if (!a.provenance.inputs.empty()) {
      why += " with";
      bool first = true;
      for (const auto& [metric, value] : a.provenance.inputs) {
        why += (first ? " " : ", ") + metric + " = " + Json(value).dump();
        first = false;
      }
    }
    if (!a.provenance.time.empty()) why += " at " + a.provenance.time;
    why += " (priority " + std::to_string(a.provenance.priority) + ")";
    v.audit.push_back({time, who, action::Describe(a), why});
  }
  if (actions.empty()) v.audit.push_back({time, who, "stitch base manifests with no actions", "base version"});
  return store.Commit(v);
}

Result<CommitResult> Rollback(VersionStore& store, VersionId target, const std::string& who, const std::string& why,
                              const std::string& time) {
  auto head = store.Head();
  if (!head) return head.error();
  auto old = store.Get(target);
  if (!old) return old.error();
  auto before = ParentManifests(store, *head);
  if (!before) return before.error();
  NewVersion v;
  v.expected_parent = *head;
  v.time = time;
  v.kind = "rollback";
  v.manifests = old->manifests;
  v.files = old->files;
  v.patch = Json::diff(*before, v.manifests);
  v.audit.push_back({time, who, "rollback to version " + std::to_string(target),
                     why.empty() ? "manual rollback" : why});
  return store.Commit(v);
}

}  // namespace stitch::stitch
