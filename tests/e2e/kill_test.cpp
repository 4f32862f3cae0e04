// SIGKILL during deploys, again and again: the target directory always holds a complete, valid
// version that the store knows.
#include <catch2/catch.hpp>

#include <signal.h>

#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "RunHarness.h"
#include "runtime/deploy/Deployer.h"
#include "runtime/stitch/SqliteStore.h"


using namespace ::stitch::e2e;
namespace deploy = ::stitch::deploy;
namespace store_ns = ::stitch::stitch;

namespace {

// service1's latency flips every frame, so every tick stitches and deploys a new version.
std::string FlappingRecording(int frames_count) {
  nlohmann::json frames = nlohmann::json::array();
  for (int i = 0; i < frames_count; ++i) {
    frames.push_back({{"time_ms", 1796000000000 + i * 1000},
                      {"entities",
                       {{{"kind", "service"},
                         {"service", "service1"},
                         {"metrics", {{"requests", 100}, {"latency", {{"p99", i % 2 ? 0.9 : 0.1}}}}}}}}});
  }
  return nlohmann::json{{"frames", frames}}.dump();
}

}  // namespace

TEST_CASE("killing stitch run during deploys never leaves a partial version") {
  Scratch scratch;
  scratch.Write("policies/flap.policy", R"(policy flap {
  target service "service1"
  when p99(latency) > 500ms
  recover when p99(latency) < 300ms
  then redirect 10% to "service1-mirror"
}
)");
  scratch.Write("manifests/route-mirror-envoy.yaml", ReadText("examples/demo/manifests/route-mirror-envoy.yaml"));
  scratch.Write("recording.json", FlappingRecording(400));
  std::string config = scratch.Write("stitch.yaml", R"(policies: policies
manifests: manifests/route-mirror-envoy.yaml
telemetry:
  source: json
  location: recording.json
  pace: true
tick: 20ms
store: state/versions.db
deploy:
  targets:
    - {name: edge, kind: envoy-xds, path: xds}
)");
  std::mt19937 rng(2026);
  std::uniform_int_distribution<int> delay_ms(150, 900);
  int checked = 0;
  for (int round = 0; round < 8; ++round) {
    {
      RunProcess run(config, scratch.Path("run.out"));
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
      run.Signal(SIGKILL);
      run.Wait(std::chrono::seconds(30));
    }
    if (!std::filesystem::exists(scratch.Path("xds/.stitch-deploy"))) continue;  // killed before the first deploy
    auto store = store_ns::OpenSqliteStore(scratch.Path("state/versions.db"));
    REQUIRE(store);
    deploy::Deployer deployer(**store);
    auto target = deploy::ParseTarget("envoy:" + scratch.Path("xds"));
    REQUIRE(target);
    auto current = deployer.Current(*target);
    INFO("round " << round << ": " << (current ? "" : current.error().Render()));
    REQUIRE(current);  // every file of the recorded version is there and matches its hash
    auto version = (*store)->Get(current->version);
    REQUIRE(version);  // the store knows it
    CHECK(version->info.hash == current->hash);
    ++checked;
  }
  CHECK(checked >= 6);
}
