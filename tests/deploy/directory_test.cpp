// The directory backend over the corpus Istio manifests: one Kubernetes YAML per resource, the
// record, and a whole-directory exchange per version (no staging left, foreign files refused).
#include "DeployTestUtil.h"
#include "deploy/DirectoryBackend.h"
#include "deploy/Errors.h"
#include "deploy/Record.h"

using namespace stitch::deploy_test;

namespace {

const char* kVirtualServiceV2 = R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 80
    - destination:
        host: reviews
        subset: v2
      weight: 20
    timeout: 1.5s
)";

}  // namespace

TEST_CASE("a directory target holds one Kubernetes YAML per resource and the record") {
  fs::path dir = Scratch("dir-first");
  auto store = IstioStore(dir);
  dp::Deployer deployer(*store);
  fs::path out = dir / "k8s";
  auto conf = deployer.Deploy(1, DirTarget(out), "2026-12-03T11:00:00Z");
  REQUIRE(conf);
  std::vector<std::string> names{".stitch-deploy",
                                 "destinationrule-default-details.yaml",
                                 "destinationrule-default-productpage.yaml",
                                 "destinationrule-default-ratings.yaml",
                                 "destinationrule-default-reviews.yaml",
                                 "virtualservice-default-reviews.yaml"};
  CHECK(disk_entries(out) == names);
  CHECK(conf->written.size() == 6);
  CHECK(conf->skipped.empty());
  // Each file is its corpus document, rendered alone.
  st::Manifest vs = Load("istio/virtual-service-reviews-80-20.yaml");
  CHECK(ReadText(out / "virtualservice-default-reviews.yaml") ==
        st::RenderManifest(st::Manifest{"vs.yaml", st::Format::kYaml, 2, {vs.documents[0]}}));
  auto parsed = st::LoadManifest((out / "destinationrule-default-ratings.yaml").string());
  REQUIRE(parsed);
  CHECK(parsed->documents == std::vector<st::Json>{Load("istio/destination-rule-all-mtls.yaml").documents[2]});
  // Nothing is left beside the directory.
  CHECK(disk_entries(dir) == std::vector<std::string>{"k8s", "store"});

  auto current = deployer.Current(DirTarget(out));
  REQUIRE(current);
  CHECK(current->version == 1);
  CHECK(current->backend == "directory");
  CHECK(current->files.size() == 5);
}

TEST_CASE("a new version replaces the whole directory in one exchange") {
  fs::path dir = Scratch("dir-swap");
  auto store = IstioStore(dir);
  dp::Deployer deployer(*store);
  fs::path out = dir / "k8s";
  REQUIRE(deployer.Deploy(1, DirTarget(out), "2026-12-03T11:00:00Z"));
  ino_t before = Inode(out);
  auto conf = deployer.Deploy(2, DirTarget(out), "2026-12-03T11:01:00Z");
  REQUIRE(conf);
  CHECK(Inode(out) != before);  // a different directory took the name: no file was edited in place
  CHECK(conf->written == std::vector<std::string>{(out / "virtualservice-default-reviews.yaml").string(),
                                                  (out / ".stitch-deploy").string()});
  CHECK(conf->unchanged.size() == 4);
  CHECK(ReadText(out / "virtualservice-default-reviews.yaml") == kVirtualServiceV2);
  CHECK(disk_entries(dir) == std::vector<std::string>{"k8s", "store"});
  auto record = dp::ReadRecord(out.string());
  REQUIRE(record);
  REQUIRE(*record);
  CHECK((*record)->version == 2);
  CHECK((*record)->time == "2026-12-03T11:01:00Z");

  // A staging directory left by a killed deploy is discarded by the next one.
  fs::create_directories(dp::StagingDirFor(out.string()));
  WriteText(fs::path(dp::StagingDirFor(out.string())) / "half.yaml", "kind: Half");
  REQUIRE(deployer.Deploy(1, DirTarget(out), "2026-12-03T11:02:00Z"));
  CHECK(disk_entries(dir) == std::vector<std::string>{"k8s", "store"});
  auto current = deployer.Current(DirTarget(out));
  REQUIRE(current);
  CHECK(current->version == 1);
}

TEST_CASE("the directory backend refuses foreign directories and versions without Kubernetes objects") {
  fs::path dir = Scratch("dir-refuse");
  auto store = IstioStore(dir);
  dp::Deployer deployer(*store);
  fs::path foreign = dir / "foreign";
  fs::create_directories(foreign);
  WriteText(foreign / "mine.yaml", "kind: Mine\n");
  auto refused = deployer.Deploy(1, DirTarget(foreign), "");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == dp::codes::kLayout);
  CHECK(ReadText(foreign / "mine.yaml") == "kind: Mine\n");

  fs::path envoy_dir = Scratch("dir-envoy");
  auto envoy_store = EnvoyStore(envoy_dir);
  dp::Deployer envoy_deployer(*envoy_store);
  auto nothing = envoy_deployer.Deploy(1, DirTarget(envoy_dir / "k8s"), "");
  REQUIRE_FALSE(nothing);
  CHECK(nothing.error().code == dp::codes::kNothingToDeploy);
  CHECK_FALSE(fs::exists(envoy_dir / "k8s"));
}

TEST_CASE("Kubernetes file names: kind, namespace, name") {
  auto doc = st::Json::parse(R"({"apiVersion": "appmesh.k8s.aws/v1beta2", "kind": "VirtualRouter",
                                 "metadata": {"name": "jazz-router", "namespace": "prod"}})");
  CHECK(dp::KubernetesFileName(st::Json(doc)) == "virtualrouter-prod-jazz-router.yaml");
  CHECK(dp::KubernetesFileName(st::Json::parse(R"({"kind": "X", "metadata": {"name": "a"}})")) == "");
  CHECK(dp::KubernetesFileName(st::Json::parse(R"({"apiVersion": "v1", "kind": "Service",
                                                   "metadata": {"name": "a/b"}})")) == "service-default-a_b.yaml");
}
