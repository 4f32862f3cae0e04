#include "DirectoryBackend.h"

#include <cctype>
#include <filesystem>
#include <set>

#include "DiskIo.h"
#include "Errors.h"
#include "Record.h"
#include "stitch/Sha256.h"

namespace stitch::deploy {
namespace {

using Json = st::Json;
namespace fs = std::filesystem;

std::string Clean(const std::string& text) {
  std::string out;
  for (char c : text) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += (std::isalnum(static_cast<unsigned char>(l)) || l == '.' || l == '-') ? l : '_';
  }
  return out;
}

std::string Parent(const std::string& dir) {
  std::string p = fs::path(dir).parent_path().string();
  return p.empty() ? "." : p;
}

}  // namespace

std::string KubernetesFileName(const Json& doc) {
  if (!doc.is_object()) return "";
  auto is_str = [](const Json& o, const char* k) { return o.contains(k) && o[k].is_string(); };
  if (!is_str(doc, "apiVersion") || !is_str(doc, "kind") || !doc.contains("metadata") ||
      !doc["metadata"].is_object() || !is_str(doc["metadata"], "name")) {
    return "";
  }
  const Json& meta = doc["metadata"];
  std::string ns = is_str(meta, "namespace") ? meta["namespace"].get<std::string>() : "default";
  return Clean(doc["kind"].get<std::string>()) + "-" + Clean(ns) + "-" + Clean(meta["name"].get<std::string>()) +
         ".yaml";
}

std::string StagingDirFor(const std::string& dir) {
  return disk::Join(Parent(dir), "." + fs::path(dir).filename().string() + ".stitch-staging");
}

Result<Plan> DirectoryBackend::Prepare(const st::Version& version, const std::string& dir) const {
  auto manifests = st::ManifestsFromJson(version.manifests);
  if (!manifests) return manifests.error();
  Plan plan;
  plan.version = version.info.id;
  plan.hash = version.info.hash;
  std::set<std::string> names;
  for (const st::Manifest& m : *manifests) {
    for (size_t d = 0; d < m.documents.size(); ++d) {
      const Json& doc = m.documents[d];
      std::string where = m.path + ": /" + std::to_string(d);
      std::string name = KubernetesFileName(doc);
      if (name.empty()) {
        plan.skipped.push_back(where + " (not a Kubernetes object)");
        continue;
      }
      if (!names.insert(name).second) {
        return Error{codes::kNameClash, "two documents are the Kubernetes object `" + name + "`", where};
      }
      PlannedFile file;
      file.path = disk::Join(dir, name);
      file.content = st::RenderManifest(st::Manifest{name, st::Format::kYaml, 2, {doc}});
      auto existing = disk::ReadIfExists(file.path);
      if (!existing) return existing.error();
      file.changed = !*existing || **existing != file.content;
      plan.files.push_back(std::move(file));
    }
  }
  if (plan.files.empty()) {
    return Error{codes::kNothingToDeploy,
                 "version " + std::to_string(version.info.id) +
                     " has no Kubernetes objects (apiVersion, kind, metadata.name) for a directory target", dir};
  }
  return plan;
}

Result<Confirmation> DirectoryBackend::Deploy(const st::Version& version, const std::string& dir,
                                              const std::string& time) {
  if (auto s = Recover(dir); !s) return s.error();
  auto plan = Prepare(version, dir);
  if (!plan) return plan.error();
  auto old_record = ReadRecord(dir);
  if (!old_record) return old_record.error();
  bool exists = disk::Exists(dir);
  if (exists && !disk::IsDirectory(dir)) return Error{codes::kWrite, "the target is not a directory", dir};
  if (exists && !*old_record && !disk::List(dir).empty()) {
    return Error{codes::kLayout,
                 "the directory holds files Stitch did not deploy; deploy into a new or empty directory", dir};
  }

  Confirmation conf;
  conf.version = version.info.id;
  conf.hash = version.info.hash;
  conf.time = time;
  conf.skipped = plan->skipped;
  Record record{std::string(Name()), version.info.id, version.info.hash, time, {}};
  bool any_change = false;
  for (const PlannedFile& f : plan->files) {
    record.files.push_back({fs::path(f.path).filename().string(), st::Sha256Hex(f.content), "", ""});
    any_change = any_change || f.changed;
  }
  if (!any_change && *old_record && (*old_record)->version == version.info.id &&
      (*old_record)->hash == version.info.hash && (*old_record)->files.size() == record.files.size() &&
      disk::List(dir).size() == record.files.size() + 1) {
    for (const PlannedFile& f : plan->files) conf.unchanged.push_back(f.path);
    conf.time = (*old_record)->time;
    return conf;
  }
  // Stage the complete version beside the target, then exchange the two in one step.
  std::string staging = StagingDirFor(dir);
  if (auto s = disk::EnsureDir(Parent(dir)); !s) return s.error();
  if (auto s = disk::RemoveAll(staging); !s) return s.error();
  if (auto s = disk::EnsureDir(staging); !s) return s.error();
  for (const PlannedFile& f : plan->files) {
    std::string name = fs::path(f.path).filename().string();
    if (auto s = disk::WriteDurably(disk::Join(staging, name), f.content); !s) {
      disk::RemoveAll(staging);
      return s.error();
    }
    (f.changed ? conf.written : conf.unchanged).push_back(f.path);
  }
  if (auto s = disk::WriteDurably(disk::Join(staging, kRecordName), RenderRecord(record)); !s) {
    disk::RemoveAll(staging);
    return s.error();
  }
  if (auto s = disk::SyncDir(staging); !s) return s.error();
  if (exists) {
    if (auto s = disk::Exchange(staging, dir); !s) {
      disk::RemoveAll(staging);
      return s.error();
    }
  } else {
    if (auto s = disk::Rename(staging, dir); !s) return s.error();
  }
  if (auto s = disk::SyncDir(Parent(dir)); !s) return s.error();
  // The staging name now holds the previous version; it is no longer needed.
  if (auto s = disk::RemoveAll(staging); !s) return s.error();
  conf.written.push_back(disk::Join(dir, kRecordName));
  return conf;
}

Result<Deployed> DirectoryBackend::Current(const std::string& dir) const {
  auto record = ReadRecord(dir);
  if (!record) return record.error();
  if (!*record) return Error{codes::kNotDeployed, "no Stitch deployment here (no `.stitch-deploy` record)", dir};
  const Record& r = **record;
  Deployed out{r.version, r.hash, r.time, r.backend, "", {}, {}};
  for (const RecordFile& f : r.files) {
    std::string path = disk::Join(dir, f.name);
    auto text = disk::ReadIfExists(path);
    if (!text) return text.error();
    if (!*text || st::Sha256Hex(**text) != f.sha256) {
      return Error{codes::kMismatch,
                   std::string(*text ? "the file differs from" : "the file is missing from") + " version " +
                       std::to_string(r.version) + " as deployed (changed by something else?)", path};
    }
    out.files.push_back(path);
  }
  return out;
}

Status DirectoryBackend::Recover(const std::string& dir) {
  // A staging directory left by an interrupted deploy holds either an unfinished new version
  // (never exchanged) or the previous one (exchanged, not yet removed): both are discarded.
  return disk::RemoveAll(StagingDirFor(dir));
}

}  // namespace stitch::deploy
