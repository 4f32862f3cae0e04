// A canary whose first group's health drops: every group ends on the previous version, and the
// reason is in the version history.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "RunHarness.h"
#include "runtime/deploy/Deployer.h"
#include "runtime/stitch/SqliteStore.h"


using namespace ::stitch::e2e;
namespace deploy = ::stitch::deploy;
namespace store_ns = ::stitch::stitch;

namespace {

// Frames 15 s apart: service1 is fast and healthy, then slow from frame 3 on.
std::string Recording() {
  nlohmann::json frames = nlohmann::json::array();
  for (int i = 0; i < 8; ++i) {
    double p99 = i < 3 ? 0.12 : 0.9;
    frames.push_back({{"time_ms", 1796000000000 + i * 15000},
                      {"entities",
                       {{{"kind", "service"},
                         {"service", "service1"},
                         {"metrics", {{"requests", 200}, {"errors", 0}, {"latency", {{"p99", p99}}}}}}}}});
  }
  return nlohmann::json{{"frames", frames}}.dump();
}

const char* kPolicy = R"(health {
  latency p99 <= 300ms weight 0.5
  error_rate <= 1% weight 0.5
}

policy shadow_slow_service1 {
  target service "service1"
  when p99(latency) > 500ms
  then redirect 10% to "service1-mirror"
}
)";

}  // namespace

TEST_CASE("a canary that loses health rolls every group back to the previous version") {
  Scratch scratch;
  scratch.Write("policies/service1.policy", kPolicy);
  scratch.Write("manifests/route-mirror-envoy.yaml", ReadText("examples/demo/manifests/route-mirror-envoy.yaml"));
  scratch.Write("recording.json", Recording());
  std::string config = scratch.Write("stitch.yaml", R"(policies: policies
manifests: manifests/route-mirror-envoy.yaml
telemetry:
  source: json
  location: recording.json
store: state/versions.db
deploy:
  strategy: canary
  canary:
    steps: [50%, 100%]
    ticks_per_step: 2
    min_health: 80
  targets:
    - {name: group-a, kind: envoy-xds, path: a}
    - {name: group-b, kind: envoy-xds, path: b}
)");
  std::string output;
  REQUIRE(Stitch("run --config " + config, output) == 0);
  INFO(output);
  CHECK(output.find("version 1 deployed to all 2 group(s)") != std::string::npos);
  CHECK(output.find("canary: version 2 on 1 of 2 group(s) (step 1)") != std::string::npos);
  CHECK(output.find("canary: version 2 rolled back to version 1") != std::string::npos);

  auto store = store_ns::OpenSqliteStore(scratch.Path("state/versions.db"));
  REQUIRE(store);
  deploy::Deployer deployer(**store);
  for (const char* group : {"a", "b"}) {
    auto target = deploy::ParseTarget(std::string("envoy:") + scratch.Path(group));
    REQUIRE(target);
    auto current = deployer.Current(*target);
    REQUIRE(current);
    CHECK(current->version == 1);
  }
  auto history = (*store)->History();
  REQUIRE(history);
  REQUIRE(history->size() == 3);
  CHECK((*history)[2].kind == "rollback");
  auto rollback = (*store)->Get(3);
  REQUIRE(rollback);
  REQUIRE_FALSE(rollback->audit.empty());
  CHECK(rollback->audit[0].why.find("health of service `service1` is 67, below 80") != std::string::npos);
  CHECK(rollback->info.hash == (*store)->Get(1)->info.hash);
}
