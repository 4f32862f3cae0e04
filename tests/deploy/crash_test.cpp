// Crash safety: a child process deploys versions in a loop to an Envoy xDS directory, a
// Kubernetes YAML directory and a blue-green root, and is SIGKILLed at random points. After every
// kill each target must read back as one complete version the store knows, with exactly that
// version's content; after recovery (what a restarted controller does first) nothing is pending.
#include <signal.h>
#include <sys/wait.h>

#include <random>

#include "DeployTestUtil.h"
#include "deploy/DirectoryBackend.h"
#include "deploy/EnvoyXdsBackend.h"
#include "deploy/Strategies.h"

using namespace stitch::deploy_test;

namespace {

// The child: deploy forever, cycling through the versions from `start`. Exits only on an error.
[[noreturn]] void DeployForever(const fs::path& dir, long start) {
  auto envoy_store = st::OpenSqliteStore((dir / "envoy-store/versions.db").string());
  auto istio_store = st::OpenSqliteStore((dir / "istio-store/versions.db").string());
  if (!envoy_store || !istio_store) ::_exit(3);
  dp::Deployer envoy(**envoy_store), istio(**istio_store);
  for (long i = start;; ++i) {
    st::VersionId v = i % 3 + 1;
    if (!envoy.Deploy(v, EnvoyTarget(dir / "xds"))) ::_exit(4);
    if (!istio.Deploy(i % 2 + 1, DirTarget(dir / "k8s"))) ::_exit(5);
    if (!dp::DeployBlueGreen(envoy, v, {EnvoyTarget(dir / "bg")})) ::_exit(6);
  }
}

st::Json WithoutVersionInfo(st::Json doc) {
  doc.erase("version_info");
  return doc;
}

// The Envoy target holds version `v` exactly: every resource file has v's resources.
void CheckEnvoyContent(st::VersionStore& store, const fs::path& xds, st::VersionId v) {
  auto version = store.Get(v);
  REQUIRE(version);
  auto expected = dp::EnvoyXdsBackend({}).Prepare(*version, (xds / "nonexistent").string());
  REQUIRE(expected);
  for (const dp::PlannedFile& f : expected->files) {
    std::string name = fs::path(f.path).filename().string();
    auto on_disk = st::LoadManifest((xds / name).string());
    REQUIRE(on_disk);
    auto want = st::ParseManifest(f.content, name);
    REQUIRE(want);
    CHECK(WithoutVersionInfo(on_disk->documents.at(0)) == WithoutVersionInfo(want->documents.at(0)));
  }
}

// The directory target holds version `v` byte for byte, and nothing else.
void CheckDirectoryContent(st::VersionStore& store, const fs::path& k8s, st::VersionId v) {
  auto version = store.Get(v);
  REQUIRE(version);
  auto expected = dp::DirectoryBackend().Prepare(*version, (k8s / "nonexistent").string());
  REQUIRE(expected);
  std::vector<std::string> names{".stitch-deploy"};
  for (const dp::PlannedFile& f : expected->files) {
    std::string name = fs::path(f.path).filename().string();
    names.push_back(name);
    CHECK(ReadText(k8s / name) == f.content);
  }
  std::sort(names.begin(), names.end());
  CHECK(disk_entries(k8s) == names);
}

// What a target runs, which must be a version `store` knows with the same content hash.
st::VersionId KnownVersion(st::VersionStore& store, const dp::Target& target, size_t* pending = nullptr) {
  auto current = dp::ReadCurrent(target);
  INFO(dp::FormatTarget(target));
  REQUIRE(current);
  auto stored = store.Get(current->version);
  REQUIRE(stored);
  CHECK(stored->info.hash == current->hash);
  if (pending) *pending += current->pending.size();
  return current->version;
}

}  // namespace

TEST_CASE("a deployer killed at random points always leaves one complete, known version") {
  fs::path dir = Scratch("crash");
  // EnvoyStore/IstioStore put their database in DIR/store; keep the two apart.
  EnvoyStore(dir);
  fs::rename(dir / "store", dir / "envoy-store");
  IstioStore(dir);
  fs::rename(dir / "store", dir / "istio-store");
  {
    auto envoy_store = OpenStore((dir / "envoy-store/versions.db").string());
    auto istio_store = OpenStore((dir / "istio-store/versions.db").string());
    dp::Deployer envoy(*envoy_store), istio(*istio_store);
    REQUIRE(envoy.Deploy(1, EnvoyTarget(dir / "xds")));
    REQUIRE(istio.Deploy(1, DirTarget(dir / "k8s")));
    REQUIRE(dp::DeployBlueGreen(envoy, 1, {EnvoyTarget(dir / "bg")}));
  }

  std::mt19937 random(20261203);
  std::uniform_int_distribution<int> delay_us(0, 60000);
  std::set<st::VersionId> seen;
  size_t pending = 0;
  const int kKills = 60;
  for (int round = 0; round < kKills; ++round) {
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) DeployForever(dir, round);
    // The delay only picks a random kill point; nothing below depends on how far it got.
    ::usleep(static_cast<useconds_t>(delay_us(random)));
    ::kill(child, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    INFO("round " << round);
    REQUIRE(WIFSIGNALED(status));  // killed, never exited on a deploy error

    auto envoy_store = OpenStore((dir / "envoy-store/versions.db").string());
    auto istio_store = OpenStore((dir / "istio-store/versions.db").string());
    dp::Deployer envoy(*envoy_store), istio(*istio_store);
    // As found, before any repair: complete and known (Envoy files may be staged, not yet renamed).
    st::VersionId xds_version = KnownVersion(*envoy_store, EnvoyTarget(dir / "xds"), &pending);
    st::VersionId k8s_version = KnownVersion(*istio_store, DirTarget(dir / "k8s"));
    st::VersionId bg_version = KnownVersion(*envoy_store, EnvoyTarget(dir / "bg"));
    CheckDirectoryContent(*istio_store, dir / "k8s", k8s_version);
    seen.insert(xds_version);
    // After recovery: the same versions, every file in place with exactly that content.
    REQUIRE(envoy.Recover(EnvoyTarget(dir / "xds")));
    REQUIRE(istio.Recover(DirTarget(dir / "k8s")));
    REQUIRE(envoy.Recover(EnvoyTarget(dir / "bg")));
    size_t after = 0;
    CHECK(KnownVersion(*envoy_store, EnvoyTarget(dir / "xds"), &after) == xds_version);
    CHECK(after == 0);
    CHECK(KnownVersion(*istio_store, DirTarget(dir / "k8s")) == k8s_version);
    CHECK(KnownVersion(*envoy_store, EnvoyTarget(dir / "bg")) == bg_version);
    CheckEnvoyContent(*envoy_store, dir / "xds", xds_version);
    CheckEnvoyContent(*envoy_store, dir / "bg/current", bg_version);
    CheckDirectoryContent(*istio_store, dir / "k8s", k8s_version);
    for (const std::string& name : disk_entries(dir / "xds")) CHECK_FALSE(name.ends_with(".stitch-tmp"));
  }
  WARN("Envoy versions seen after kills: " << seen.size() << "; staged files found pending: " << pending);
}
