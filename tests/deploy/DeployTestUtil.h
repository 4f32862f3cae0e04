// Helpers for the deployer's tests: scratch directories, file reading, and version stores built
// from the corpus manifests in tests/deploy/data through the real stitcher and SQLite store.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "deploy/Deployer.h"
#include "stitch/Sha256.h"
#include "stitch/SqliteStore.h"
#include "stitch/Stitch.h"

namespace stitch::deploy_test {

namespace fs = std::filesystem;
namespace st = ::stitch::stitch;
namespace dp = ::stitch::deploy;
namespace ac = ::stitch::action;

// A fresh, empty directory under the temporary directory, unique to this process.
inline fs::path Scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("stitch-deploy-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

inline std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline void WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// The names in a directory, sorted (dot files included).
inline std::vector<std::string> disk_entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

inline ino_t Inode(const fs::path& path) {
  struct stat s;
  REQUIRE(::stat(path.c_str(), &s) == 0);
  return s.st_ino;
}

inline st::Manifest Load(const std::string& relative) {
  auto m = st::LoadManifest("tests/deploy/data/" + relative);
  REQUIRE(m);
  return *m;
}

// The corpus file-based xDS example: CDS, LDS and the bootstrap that watches them.
inline std::vector<st::Manifest> EnvoyBase() {
  return {Load("dynamic-config-fs/cds.yaml"), Load("dynamic-config-fs/lds.yaml"),
          Load("dynamic-config-fs/envoy.yaml")};
}

inline std::vector<st::Manifest> IstioBase() {
  return {Load("istio/virtual-service-reviews-80-20.yaml"), Load("istio/destination-rule-all-mtls.yaml")};
}

inline ac::Action Timeout(const std::string& service, double seconds) {
  ac::Action a;
  a.kind = ac::SetTimeout{seconds};
  a.target = {ac::TargetKind::kService, service, ""};
  a.provenance = {"slow_" + service, service, {{"p99(latency)", 0.75}}, "2026-12-03T10:00:00Z", 0};
  return a;
}

inline ac::Action Mtls(const std::string& service) {
  ac::Action a;
  a.kind = ac::RequireMtls{ac::MtlsMode::kStrict};
  a.target = {ac::TargetKind::kService, service, ""};
  a.provenance = {"secure_" + service, service, {}, "2026-12-03T10:00:00Z", 0};
  return a;
}

// Stitches `actions` onto `base` and commits the result on top of the head; returns its id.
inline st::VersionId Commit(st::VersionStore& store, const std::vector<st::Manifest>& base,
                            const std::vector<ac::Action>& actions, const std::string& time) {
  auto head = store.Head();
  REQUIRE(head);
  auto result = st::Stitch(base, actions);
  REQUIRE(result);
  auto commit = st::CommitStitch(store, *head, *result, actions, "tester", time);
  REQUIRE(commit);
  REQUIRE(commit->created);
  return commit->info.id;
}

inline std::unique_ptr<st::VersionStore> OpenStore(const std::string& path) {
  fs::create_directories(fs::path(path).parent_path());
  auto s = st::OpenSqliteStore(path);
  REQUIRE(s);
  return std::move(*s);
}

// A store at DIR/store/versions.db with the Envoy versions
//   v1: the corpus as is; v2: timeout 2s on example_proxy_cluster (LDS changes);
//   v3: v2 plus mTLS to example_proxy_cluster (CDS changes, LDS as in v2).
inline std::unique_ptr<st::VersionStore> EnvoyStore(const fs::path& dir) {
  auto store = OpenStore((dir / "store" / "versions.db").string());
  const std::string svc = "example_proxy_cluster";
  CHECK(Commit(*store, EnvoyBase(), {}, "2026-12-03T10:00:00Z") == 1);
  CHECK(Commit(*store, EnvoyBase(), {Timeout(svc, 2)}, "2026-12-03T10:01:00Z") == 2);
  CHECK(Commit(*store, EnvoyBase(), {Timeout(svc, 2), Mtls(svc)}, "2026-12-03T10:02:00Z") == 3);
  return store;
}

// A store at DIR/store/versions.db with the Istio versions v1: the corpus; v2: timeout 1.5s on reviews.
inline std::unique_ptr<st::VersionStore> IstioStore(const fs::path& dir) {
  auto store = OpenStore((dir / "store" / "versions.db").string());
  CHECK(Commit(*store, IstioBase(), {}, "2026-12-03T10:00:00Z") == 1);
  CHECK(Commit(*store, IstioBase(), {Timeout("reviews", 1.5)}, "2026-12-03T10:01:00Z") == 2);
  return store;
}

inline dp::Target EnvoyTarget(const fs::path& dir) { return {dp::BackendKind::kEnvoyXds, dir.string(), {}}; }
inline dp::Target DirTarget(const fs::path& dir) { return {dp::BackendKind::kDirectory, dir.string(), {}}; }

}  // namespace stitch::deploy_test
