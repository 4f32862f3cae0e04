// The C ABI of the version store and deploy.
#include <nlohmann/json.hpp>

#include "embed/CApiSupport.h"

using namespace stitch::capi;

namespace {

nlohmann::ordered_json InfoJson(const stitch::VersionInfo& info) {
  nlohmann::ordered_json j = {{"id", info.id}};
  j["parent"] = info.parent ? nlohmann::ordered_json(*info.parent) : nlohmann::ordered_json(nullptr);
  j["hash"] = info.hash;
  j["time"] = info.time;
  j["kind"] = info.kind;
  j["actions"] = info.action_count;
  return j;
}

}  // namespace

extern "C" {

stitch_status stitch_store_open(const char* path, stitch_store** out) {
  if (out) *out = nullptr;
  return Guard([&] {
    Require(out, "out");
    *out = new stitch_store{Take(stitch::VersionStore::Open(Text(path, "path")))};
  });
}

void stitch_store_destroy(stitch_store* store) { delete store; }

stitch_status stitch_store_commit(stitch_store* store, const stitch_stitched* stitched, const char* who,
                                  const char* time, int64_t* out_version, int* out_created) {
  return Guard([&] {
    Require(store, "store");
    Require(stitched, "stitched");
    Require(out_version, "out_version");
    stitch::CommitInfo info =
        Take(store->store.Commit(stitched->result, Text(who, "who"), OptionalText(time, "time")));
    *out_version = info.info.id;
    if (out_created) *out_created = info.created ? 1 : 0;
  });
}

stitch_status stitch_store_history_json(stitch_store* store, char** out_json) {
  if (out_json) *out_json = nullptr;
  return Guard([&] {
    Require(store, "store");
    Require(out_json, "out_json");
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const stitch::VersionInfo& info : Take(store->store.History())) list.push_back(InfoJson(info));
    Give(out_json, list.dump());
  });
}

stitch_status stitch_store_get_json(stitch_store* store, int64_t version, char** out_json) {
  if (out_json) *out_json = nullptr;
  return Guard([&] {
    Require(store, "store");
    Require(out_json, "out_json");
    stitch::StoredVersion v = Take(store->store.Get(version));
    nlohmann::ordered_json j = InfoJson(v.info);
    j["actions"] = nlohmann::ordered_json::parse(v.actions_json);
    j["patch"] = nlohmann::ordered_json::parse(v.patch_json);
    j["files"] = nlohmann::ordered_json::array();
    for (const stitch::ManifestFile& f : v.files) j["files"].push_back({{"path", f.path}, {"text", f.text}});
    Give(out_json, j.dump());
  });
}

stitch_status stitch_store_rollback(stitch_store* store, int64_t version, const char* who, const char* why,
                                    int64_t* out_version) {
  return Guard([&] {
    Require(store, "store");
    Require(out_version, "out_version");
    stitch::CommitInfo info = Take(store->store.Rollback(version, Text(who, "who"), Text(why, "why")));
    *out_version = info.info.id;
  });
}

stitch_status stitch_deploy(stitch_store* store, int64_t version, const char* const* targets, size_t count,
                            char** out_confirmations_json) {
  if (out_confirmations_json) *out_confirmations_json = nullptr;
  return Guard([&] {
    Require(store, "store");
    std::vector<std::string> list = Texts(targets, count, "targets");
    std::vector<stitch::DeployConfirmation> done = Take(stitch::Deploy(store->store, version, list));
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const stitch::DeployConfirmation& c : done) {
      out.push_back({{"target", c.target},
                     {"version", c.version},
                     {"hash", c.hash},
                     {"time", c.time},
                     {"written", c.written},
                     {"unchanged", c.unchanged}});
    }
    Give(out_confirmations_json, out.dump());
  });
}

}  // extern "C"
