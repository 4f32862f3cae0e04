// The Envoy file-based xDS backend over the corpus dynamic-config-fs example: DiscoveryResponse
// files with the version id as version_info, only changed files replaced (by rename), the
// deployment record, and reading back what a directory runs.
#include "DeployTestUtil.h"
#include "deploy/Errors.h"
#include "deploy/Record.h"

using namespace stitch::deploy_test;

namespace {

const char* kCdsV1 = R"(version_info: "1"
resources:
- "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster
  name: example_proxy_cluster
  type: STRICT_DNS
  load_assignment:
    cluster_name: example_proxy_cluster
    endpoints:
    - lb_endpoints:
      - endpoint:
          address:
            socket_address:
              address: service1
              port_value: 8080
)";

const char* kMtlsTail = R"(  transport_socket:
    name: envoy.transport_sockets.tls
    typed_config:
      "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
      common_tls_context:
        tls_certificate_sds_secret_configs:
        - name: default
        validation_context_sds_secret_config:
          name: ROOTCA
)";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("each resource type becomes a DiscoveryResponse file whose version_info is the version id") {
  fs::path dir = Scratch("envoy-first");
  auto store = EnvoyStore(dir);
  dp::Deployer deployer(*store);
  fs::path xds = dir / "xds";
  auto conf = deployer.Deploy(1, EnvoyTarget(xds), "2026-12-03T11:00:00Z");
  REQUIRE(conf);
  CHECK(conf->version == 1);
  CHECK(conf->target == "envoy:" + xds.string());
  CHECK(conf->time == "2026-12-03T11:00:00Z");
  CHECK(conf->written == std::vector<std::string>{(xds / "cds.yaml").string(), (xds / "lds.yaml").string(),
                                                  (xds / ".stitch-deploy").string()});
  CHECK(conf->unchanged.empty());
  CHECK(conf->skipped == std::vector<std::string>{"tests/deploy/data/dynamic-config-fs/envoy.yaml: /0 (not an xDS resource file)"});

  CHECK(ReadText(xds / "cds.yaml") == kCdsV1);
  // LDS is the corpus listener, unchanged, under a version_info line.
  CHECK(ReadText(xds / "lds.yaml") ==
        "version_info: \"1\"\n" + st::RenderManifest(Load("dynamic-config-fs/lds.yaml")));
  // Envoy reads it back as the same resources the corpus file had.
  auto lds = st::LoadManifest((xds / "lds.yaml").string());
  REQUIRE(lds);
  CHECK(lds->documents[0]["resources"] == Load("dynamic-config-fs/lds.yaml").documents[0]["resources"]);
  // Nothing temporary is left behind.
  CHECK(disk_entries(xds) == std::vector<std::string>{".stitch-deploy", "cds.yaml", "lds.yaml"});

  auto store_v1 = store->Get(1);
  REQUIRE(store_v1);
  auto record = dp::ReadRecord(xds.string());
  REQUIRE(record);
  REQUIRE(*record);
  CHECK((*record)->backend == "envoy-xds");
  CHECK((*record)->version == 1);
  CHECK((*record)->hash == store_v1->info.hash);
  REQUIRE((*record)->files.size() == 2);
  CHECK((*record)->files[0].name == "cds.yaml");
  CHECK((*record)->files[0].version_info == "1");
  CHECK((*record)->files[0].sha256 == st::Sha256Hex(kCdsV1));

  auto current = deployer.Current(EnvoyTarget(xds));
  REQUIRE(current);
  CHECK(current->version == 1);
  CHECK(current->hash == store_v1->info.hash);
  CHECK(current->backend == "envoy-xds");
  CHECK(current->files == std::vector<std::string>{(xds / "cds.yaml").string(), (xds / "lds.yaml").string()});
  CHECK(current->pending.empty());
}

TEST_CASE("only changed resource files are replaced, each by rename, keeping its own version_info") {
  fs::path dir = Scratch("envoy-changes");
  auto store = EnvoyStore(dir);
  dp::Deployer deployer(*store);
  fs::path xds = dir / "xds";
  REQUIRE(deployer.Deploy(1, EnvoyTarget(xds), "2026-12-03T11:00:00Z"));
  std::string lds_v1 = ReadText(xds / "lds.yaml");
  ino_t cds_inode = Inode(xds / "cds.yaml");
  ino_t lds_inode = Inode(xds / "lds.yaml");

  // v2 changes the route only: LDS is replaced (a new inode: renamed into place, never edited
  // in place, which Envoy would not see), CDS is not touched.
  auto v2 = deployer.Deploy(2, EnvoyTarget(xds), "2026-12-03T11:01:00Z");
  REQUIRE(v2);
  CHECK(v2->written == std::vector<std::string>{(xds / "lds.yaml").string(), (xds / ".stitch-deploy").string()});
  CHECK(v2->unchanged == std::vector<std::string>{(xds / "cds.yaml").string()});
  CHECK(Inode(xds / "cds.yaml") == cds_inode);
  CHECK(Inode(xds / "lds.yaml") != lds_inode);
  CHECK(ReadText(xds / "cds.yaml") == kCdsV1);
  std::string lds_v2 = Replace(Replace(lds_v1, "version_info: \"1\"", "version_info: \"2\""),
                               "cluster: example_proxy_cluster\n", "cluster: example_proxy_cluster\n                timeout: 2s\n");
  CHECK(ReadText(xds / "lds.yaml") == lds_v2);
  auto current = deployer.Current(EnvoyTarget(xds));
  REQUIRE(current);
  CHECK(current->version == 2);

  // The same version again writes nothing at all.
  auto again = deployer.Deploy(2, EnvoyTarget(xds), "2026-12-03T11:02:00Z");
  REQUIRE(again);
  CHECK(again->written.empty());
  CHECK(again->time == "2026-12-03T11:01:00Z");

  // v3 adds mTLS to the cluster: now only CDS changes; LDS keeps version_info "2".
  auto v3 = deployer.Deploy(3, EnvoyTarget(xds), "2026-12-03T11:03:00Z");
  REQUIRE(v3);
  CHECK(v3->written == std::vector<std::string>{(xds / "cds.yaml").string(), (xds / ".stitch-deploy").string()});
  CHECK(ReadText(xds / "cds.yaml") == Replace(kCdsV1, "\"1\"", "\"3\"") + kMtlsTail);
  CHECK(ReadText(xds / "lds.yaml") == lds_v2);
  current = deployer.Current(EnvoyTarget(xds));
  REQUIRE(current);
  CHECK(current->version == 3);

  // Back to v1 (what a rollback does): both files return to v1's bytes exactly.
  REQUIRE(deployer.Deploy(1, EnvoyTarget(xds), "2026-12-03T11:04:00Z"));
  CHECK(ReadText(xds / "cds.yaml") == kCdsV1);
  CHECK(ReadText(xds / "lds.yaml") == lds_v1);
}

TEST_CASE("an Envoy target can name its resource files; a missing type or an unknown version is an error") {
  fs::path dir = Scratch("envoy-select");
  auto store = EnvoyStore(dir);
  dp::Deployer deployer(*store);
  auto only_cds = dp::ParseTarget("envoy:" + (dir / "cds-only").string() + "#cds");
  REQUIRE(only_cds);
  auto conf = deployer.Deploy(2, *only_cds, "2026-12-03T11:00:00Z");
  REQUIRE(conf);
  CHECK(disk_entries(dir / "cds-only") == std::vector<std::string>{".stitch-deploy", "cds.yaml"});

  auto rds = dp::ParseTarget("envoy:" + (dir / "rds").string() + "#rds");
  REQUIRE(rds);
  auto missing = deployer.Deploy(1, *rds, "2026-12-03T11:00:00Z");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == dp::codes::kNothingToDeploy);
  CHECK(missing.error().message ==
        "version 1 has no type.googleapis.com/envoy.config.route.v3.RouteConfiguration resources for rds.yaml");
  CHECK_FALSE(fs::exists(dir / "rds" / "rds.yaml"));

  auto unknown = deployer.Deploy(9, EnvoyTarget(dir / "x"), "");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == "S0403");
}

TEST_CASE("Current reads the directory: nothing deployed, a bad record and a changed file are errors") {
  fs::path dir = Scratch("envoy-current");
  auto store = EnvoyStore(dir);
  dp::Deployer deployer(*store);
  fs::path xds = dir / "xds";
  fs::create_directories(xds);
  auto none = deployer.Current(EnvoyTarget(xds));
  REQUIRE_FALSE(none);
  CHECK(none.error().code == dp::codes::kNotDeployed);

  REQUIRE(deployer.Deploy(2, EnvoyTarget(xds), "2026-12-03T11:00:00Z"));
  std::string lds = ReadText(xds / "lds.yaml");
  WriteText(xds / "lds.yaml", Replace(lds, "timeout: 2s", "timeout: 9s"));
  auto changed = deployer.Current(EnvoyTarget(xds));
  REQUIRE_FALSE(changed);
  CHECK(changed.error().code == dp::codes::kMismatch);
  CHECK(changed.error().location == (xds / "lds.yaml").string());
  // The next deploy repairs the file.
  REQUIRE(deployer.Deploy(2, EnvoyTarget(xds), "2026-12-03T11:01:00Z"));
  CHECK(ReadText(xds / "lds.yaml") == lds);
  REQUIRE(deployer.Current(EnvoyTarget(xds)));

  WriteText(xds / ".stitch-deploy", "{\"version\": \"two\"}");
  auto bad = deployer.Current(EnvoyTarget(xds));
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == dp::codes::kRecord);
}

TEST_CASE("target specs parse and print back") {
  auto t = dp::ParseTarget("envoy:/var/lib/envoy/#cds,lds");
  REQUIRE(t);
  CHECK(t->kind == dp::BackendKind::kEnvoyXds);
  CHECK(t->path == "/var/lib/envoy");
  CHECK(t->resources == std::vector<dp::XdsType>{dp::XdsType::kCds, dp::XdsType::kLds});
  CHECK(dp::FormatTarget(*t) == "envoy:/var/lib/envoy#cds,lds");
  auto d = dp::ParseTarget("dir:out/k8s");
  REQUIRE(d);
  CHECK(d->kind == dp::BackendKind::kDirectory);
  CHECK(dp::FormatTarget(*d) == "dir:out/k8s");
  for (const char* bad : {"envoy", "k8s:/x", "envoy:", "envoy:/x#eds", "envoy:/x#cds,cds", "dir:/x#cds"}) {
    auto e = dp::ParseTarget(bad);
    REQUIRE_FALSE(e);
    CHECK(e.error().code == dp::codes::kTargetSpec);
  }
  CHECK(dp::ParseTarget("k8s:/x").error().message ==
        "`k8s:/x` is not a deploy target: unknown kind `k8s` (expected `envoy:DIR`, `envoy:DIR#cds,lds,rds` or `dir:DIR`)");
}
