#include "EnvoyXdsBackend.h"

#include <map>

#include "DiskIo.h"
#include "Errors.h"
#include "Record.h"
#include "stitch/Sha256.h"

namespace stitch::deploy {
namespace {

using Json = st::Json;
constexpr XdsType kAllTypes[] = {XdsType::kCds, XdsType::kLds, XdsType::kRds};

// The document without its version_info, for deciding whether a file changed.
Json WithoutVersion(Json doc) {
  if (doc.is_object()) doc.erase("version_info");
  return doc;
}

// The version_info string of an existing DiscoveryResponse file, or "".
std::string VersionInfoOf(const Json& doc) {
  if (doc.is_object() && doc.contains("version_info") && doc["version_info"].is_string()) {
    return doc["version_info"].get<std::string>();
  }
  return "";
}

// The resources of a bootstrap's `static_resources` (snake_case or camelCase), typed as xDS
// resources: a static configuration is served over file-based xDS as its listeners and clusters
// (route configurations stay inline in their listeners).
std::vector<Json> StaticResources(const Json& doc) {
  std::vector<Json> out;
  if (!doc.is_object()) return out;
  const char* key = doc.contains("static_resources") ? "static_resources"
                    : doc.contains("staticResources") ? "staticResources" : nullptr;
  if (!key || !doc[key].is_object()) return out;
  const Json& resources = doc[key];
  auto add = [&](const char* list, XdsType type) {
    if (!resources.contains(list) || !resources[list].is_array()) return;
    for (Json resource : resources[list]) {
      if (!resource.is_object()) continue;
      Json typed = Json::object();
      typed["@type"] = std::string(XdsTypeUrl(type));
      for (auto& [field, value] : resource.items()) typed[field] = value;
      out.push_back(std::move(typed));
    }
  };
  add("listeners", XdsType::kLds);
  add("clusters", XdsType::kCds);
  return out;
}

std::string FileName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

EnvoyXdsBackend::EnvoyXdsBackend(std::vector<XdsType> resources) : resources_(std::move(resources)) {}

Result<Plan> EnvoyXdsBackend::Prepare(const st::Version& version, const std::string& dir) const {
  auto manifests = st::ManifestsFromJson(version.manifests);
  if (!manifests) return manifests.error();
  Plan plan;
  plan.version = version.info.id;
  plan.hash = version.info.hash;
  // Every xDS resource of the version, by type, in manifest and document order.
  std::map<XdsType, Json> by_type;
  for (const st::Manifest& m : *manifests) {
    for (size_t d = 0; d < m.documents.size(); ++d) {
      const Json& doc = m.documents[d];
      std::string where = m.path + ": /" + std::to_string(d);
      Json list;
      if (doc.is_object() && doc.contains("resources") && doc["resources"].is_array()) {
        list = doc["resources"];
      } else if (std::vector<Json> from_bootstrap = StaticResources(doc); !from_bootstrap.empty()) {
        list = Json(std::move(from_bootstrap));
      } else {
        plan.skipped.push_back(where + " (not an xDS resource file)");
        continue;
      }
      for (size_t r = 0; r < list.size(); ++r) {
        std::string type_url;
        if (list[r].is_object() && list[r].contains("@type") && list[r]["@type"].is_string()) {
          type_url = list[r]["@type"].get<std::string>();
        }
        bool known = false;
        for (XdsType t : kAllTypes) {
          if (type_url != XdsTypeUrl(t)) continue;
          known = true;
          by_type.try_emplace(t, Json::array()).first->second.push_back(list[r]);
        }
        if (!known) plan.skipped.push_back(where + "/resources/" + std::to_string(r) + " (" + type_url + ")");
      }
    }
  }
  std::vector<XdsType> types = resources_;
  if (types.empty()) {
    for (XdsType t : kAllTypes) {
      if (by_type.count(t)) types.push_back(t);
    }
    if (types.empty()) {
      return Error{codes::kNothingToDeploy,
                   "version " + std::to_string(version.info.id) + " has no Cluster, Listener or RouteConfiguration "
                   "resources (`resources:` files or a bootstrap's `static_resources`) for an Envoy target", dir};
    }
  }
  for (XdsType t : types) {
    auto it = by_type.find(t);
    if (it == by_type.end()) {
      return Error{codes::kNothingToDeploy,
                   "version " + std::to_string(version.info.id) + " has no " + std::string(XdsTypeUrl(t)) +
                       " resources for " + XdsFileName(t), dir};
    }
    Json doc = Json::object();
    doc["version_info"] = std::to_string(version.info.id);
    doc["resources"] = it->second;
    PlannedFile file;
    file.path = disk::Join(dir, XdsFileName(t));
    file.content = st::RenderManifest(st::Manifest{XdsFileName(t), st::Format::kYaml, 2, {doc}});
    // A file whose resources are already on disk is left alone, with its own version_info.
    auto existing = disk::ReadIfExists(file.path);
    if (!existing) return existing.error();
    if (*existing) {
      auto parsed = st::ParseManifest(**existing, file.path);
      if (parsed && parsed->documents.size() == 1 && WithoutVersion(parsed->documents[0]) == WithoutVersion(doc)) {
        file.content = **existing;
        file.changed = false;
      }
    }
    plan.files.push_back(std::move(file));
  }
  return plan;
}

Result<Confirmation> EnvoyXdsBackend::Deploy(const st::Version& version, const std::string& dir,
                                             const std::string& time) {
  if (auto s = disk::EnsureDir(dir); !s) return s.error();
  if (auto s = Recover(dir); !s) return s.error();
  auto plan = Prepare(version, dir);
  if (!plan) return plan.error();
  auto old_record = ReadRecord(dir);
  if (!old_record) return old_record.error();

  Record record{std::string(Name()), version.info.id, version.info.hash, time, {}};
  Confirmation conf;
  conf.version = version.info.id;
  conf.hash = version.info.hash;
  conf.time = time;
  conf.skipped = plan->skipped;
  bool any_change = false;
  for (const PlannedFile& f : plan->files) {
    RecordFile rf;
    rf.name = FileName(f.path);
    rf.sha256 = st::Sha256Hex(f.content);
    auto parsed = st::ParseManifest(f.content, f.path);
    if (parsed && parsed->documents.size() == 1) rf.version_info = VersionInfoOf(parsed->documents[0]);
    if (f.changed) {
      rf.staged = disk::TempName("." + rf.name + ".v" + std::to_string(version.info.id));
      any_change = true;
    }
    record.files.push_back(std::move(rf));
  }
  // Same version, same files: nothing to do (the record keeps its original time).
  if (!any_change && *old_record && (*old_record)->version == version.info.id &&
      (*old_record)->hash == version.info.hash && (*old_record)->files.size() == record.files.size()) {
    for (const PlannedFile& f : plan->files) conf.unchanged.push_back(f.path);
    conf.time = (*old_record)->time;
    return conf;
  }
  // 1. Stage every changed file under its temporary name, durably.
  for (size_t i = 0; i < plan->files.size(); ++i) {
    const PlannedFile& f = plan->files[i];
    if (!f.changed) continue;
    if (auto s = disk::WriteDurably(disk::Join(dir, record.files[i].staged), f.content); !s) {
      for (const RecordFile& rf : record.files) {
        if (!rf.staged.empty()) disk::RemoveAll(disk::Join(dir, rf.staged));
      }
      return s.error();
    }
  }
  // 2. Commit point: the record names the new version and where each new file is staged.
  if (auto s = WriteRecord(dir, record); !s) return s.error();
  // 3. Move the files into place, clusters before listeners and routes that use them.
  for (size_t i = 0; i < plan->files.size(); ++i) {
    const PlannedFile& f = plan->files[i];
    if (!f.changed) {
      conf.unchanged.push_back(f.path);
      continue;
    }
    if (auto s = disk::Rename(disk::Join(dir, record.files[i].staged), f.path); !s) return s.error();
    conf.written.push_back(f.path);
  }
  if (auto s = disk::SyncDir(dir); !s) return s.error();
  conf.written.push_back(disk::Join(dir, kRecordName));
  return conf;
}

Result<Deployed> EnvoyXdsBackend::Current(const std::string& dir) const {
  auto record = ReadRecord(dir);
  if (!record) return record.error();
  if (!*record) return Error{codes::kNotDeployed, "no Stitch deployment here (no `.stitch-deploy` record)", dir};
  const Record& r = **record;
  Deployed out{r.version, r.hash, r.time, r.backend, "", {}, {}};
  for (const RecordFile& f : r.files) {
    std::string path = disk::Join(dir, f.name);
    auto text = disk::ReadIfExists(path);
    if (!text) return text.error();
    if (*text && st::Sha256Hex(**text) == f.sha256) {
      out.files.push_back(path);
      continue;
    }
    if (!f.staged.empty()) {
      auto staged = disk::ReadIfExists(disk::Join(dir, f.staged));
      if (!staged) return staged.error();
      if (*staged && st::Sha256Hex(**staged) == f.sha256) {
        out.pending.push_back(path);
        continue;
      }
    }
    return Error{codes::kMismatch,
                 std::string(*text ? "the file differs from" : "the file is missing from") + " version " +
                     std::to_string(r.version) + " as deployed (changed by something else?)", path};
  }
  return out;
}

Status EnvoyXdsBackend::Recover(const std::string& dir) {
  auto record = ReadRecord(dir);
  if (!record) return record.error();
  bool moved = false;
  if (*record) {
    for (const RecordFile& f : (*record)->files) {
      if (f.staged.empty()) continue;
      std::string staged = disk::Join(dir, f.staged);
      auto text = disk::ReadIfExists(staged);
      if (!text) return text.error();
      if (!*text || st::Sha256Hex(**text) != f.sha256) continue;
      if (auto s = disk::Rename(staged, disk::Join(dir, f.name)); !s) return s;
      moved = true;
    }
  }
  // Whatever else is staged belongs to a deploy that never reached its commit point.
  for (const std::string& name : disk::List(dir)) {
    if (name.size() > 11 && name.ends_with(".stitch-tmp")) {
      if (auto s = disk::RemoveAll(disk::Join(dir, name)); !s) return s;
      moved = true;
    }
  }
  if (moved) return disk::SyncDir(dir);
  return action::Ok{};
}

}  // namespace stitch::deploy
