#include "Record.h"

#include "DiskIo.h"
#include "Errors.h"

namespace stitch::deploy {
namespace {

using Json = nlohmann::ordered_json;

Error Bad(const std::string& dir, const std::string& why) {
  return Error{codes::kRecord, "not a Stitch deployment record: " + why, disk::Join(dir, kRecordName)};
}

}  // namespace

std::string RenderRecord(const Record& record) {
  Json j;
  j["backend"] = record.backend;
  j["version"] = record.version;
  j["hash"] = record.hash;
  j["time"] = record.time;
  j["files"] = Json::array();
  for (const RecordFile& f : record.files) {
    Json e;
    e["name"] = f.name;
    e["sha256"] = f.sha256;
    if (!f.version_info.empty()) e["version_info"] = f.version_info;
    if (!f.staged.empty()) e["staged"] = f.staged;
    j["files"].push_back(std::move(e));
  }
  return j.dump(2) + "\n";
}

Result<std::optional<Record>> ReadRecord(const std::string& dir) {
  auto text = disk::ReadIfExists(disk::Join(dir, kRecordName));
  if (!text) return text.error();
  if (!*text) return std::optional<Record>();
  Json j = Json::parse(**text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Bad(dir, "invalid JSON");
  Record r;
  auto str = [&](const Json& o, const char* key, std::string& out) {
    if (!o.contains(key)) return true;
    if (!o[key].is_string()) return false;
    out = o[key].get<std::string>();
    return true;
  };
  if (!j.contains("version") || !j["version"].is_number_integer()) return Bad(dir, "no integer `version`");
  r.version = j["version"].get<st::VersionId>();
  if (!str(j, "backend", r.backend) || !str(j, "hash", r.hash) || !str(j, "time", r.time)) {
    return Bad(dir, "`backend`, `hash` and `time` must be strings");
  }
  if (!j.contains("files") || !j["files"].is_array()) return Bad(dir, "no `files` list");
  for (const Json& e : j["files"]) {
    RecordFile f;
    if (!e.is_object() || !str(e, "name", f.name) || !str(e, "sha256", f.sha256) ||
        !str(e, "version_info", f.version_info) || !str(e, "staged", f.staged) || f.name.empty() ||
        f.name.find('/') != std::string::npos || f.staged.find('/') != std::string::npos) {
      return Bad(dir, "a `files` entry needs a plain `name` and a `sha256`");
    }
    r.files.push_back(std::move(f));
  }
  return std::optional<Record>(std::move(r));
}

Status WriteRecord(const std::string& dir, const Record& record) {
  std::string path = disk::Join(dir, kRecordName);
  std::string temp = disk::TempName(path);
  if (auto s = disk::WriteDurably(temp, RenderRecord(record)); !s) return s;
  if (auto s = disk::Rename(temp, path); !s) return s;
  return disk::SyncDir(dir);
}

}  // namespace stitch::deploy
