// End to end: from a telemetry frame arriving to the new version written to a file-based xDS
// directory, the path `stitch run` takes each tick: Engine::Tick (health scores, history,
// 100 policies evaluated by the JIT over every service, state machines, actions), Stitch onto
// an Envoy bootstrap with one route and cluster per service, CommitStitch to SQLite, Deploy
// (fetch, verify, write cds/lds/rds, rename). Every tick one different service turns bad and
// the previous one recovers, so every tick makes and deploys a new version. Reports p50/p99 of
// the wall-clock latency (what a proxy waits) and of the process CPU time (what a shared,
// loaded machine does not inflate).
//   build-release/bench/bench_e2e
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

#include <unistd.h>

#include "bench/Workload.h"
#include "runtime/deploy/Deployer.h"
#include "runtime/engine/Engine.h"
#include "runtime/stitch/SqliteStore.h"
#include "runtime/stitch/Stitch.h"

namespace st = ::stitch::stitch;
using namespace stitch;

namespace {

double Percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

double MsSince(std::chrono::steady_clock::time_point& since) {
  auto now = std::chrono::steady_clock::now();
  double ms = std::chrono::duration<double, std::milli>(now - since).count();
  since = now;
  return ms;
}

// One controller tick; returns "" or what went wrong. `phases` gets the wall-clock ms of the
// engine tick, the stitch, the commit and the deploy.
std::string Tick(engine::Engine& engine, frame::Frame frame, const std::vector<st::Manifest>& base,
                 st::VersionStore& store, deploy::Deployer& deployer, const deploy::Target& target,
                 std::vector<double> (&phases)[4]) {
  auto clock = std::chrono::steady_clock::now();
  engine::TickResult result;
  if (!engine.Tick(std::move(frame), result)) return "the engine refused the frame";
  phases[0].push_back(MsSince(clock));
  if (!result.actions_changed) return "the tick changed no action";
  auto stitched = st::Stitch(base, result.actions);
  if (!stitched) return stitched.error().Render();
  phases[1].push_back(MsSince(clock));
  auto head = store.Head();
  if (!head) return head.error().Render();
  std::string time = engine::FormatTime(result.time_ms);
  auto committed = st::CommitStitch(store, *head, *stitched, result.actions, "bench", time);
  if (!committed) return committed.error().Render();
  if (!committed->created) return "the tick added no version";
  phases[2].push_back(MsSince(clock));
  auto deployed = deployer.Deploy(committed->info.id, target, time);
  phases[3].push_back(MsSince(clock));
  return deployed ? "" : deployed.error().Render();
}

void BM_FrameToXds(benchmark::State& state) {
  size_t services = static_cast<size_t>(state.range(0));
  int policies = static_cast<int>(state.range(1));
  auto dir = std::filesystem::temp_directory_path() / ("stitch-bench-e2e-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "xds");
  engine::EngineOptions options;
  auto engine = engine::Engine::Create(bench::CheckText(bench::PolicySet(policies, "")), options);
  std::vector<st::Manifest> base = {bench::EnvoyManifest(static_cast<int>(services))};
  auto store = st::OpenSqliteStore((dir / "versions.db").string());
  if (!store || engine->program().backend() != Backend::kJit) {
    state.SkipWithError("cannot open the store or start the JIT");
    return;
  }
  deploy::Deployer deployer(**store);
  deploy::Target target{deploy::BackendKind::kEnvoyXds, (dir / "xds").string(), {}};
  int64_t time_ms = 1'800'000'000'000;
  size_t tick = 0;
  std::vector<double> ms, cpu_ms;  // wall clock; CPU time of the process
  std::vector<double> phases[4];
  for (auto _ : state) {
    // The frame is built before the clock starts: it "arrives".
    frame::Frame frame = bench::QuietFrame(services, {tick * 7919 % services}, time_ms += 15'000);
    ++tick;
    timespec cpu_start{}, cpu_end{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_start);
    auto start = std::chrono::steady_clock::now();
    std::string error = Tick(*engine, std::move(frame), base, **store, deployer, target, phases);
    auto end = std::chrono::steady_clock::now();
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_end);
    if (!error.empty()) {
      state.SkipWithError(error.c_str());
      break;
    }
    double seconds = std::chrono::duration<double>(end - start).count();
    state.SetIterationTime(seconds);
    ms.push_back(seconds * 1e3);
    cpu_ms.push_back((cpu_end.tv_sec - cpu_start.tv_sec) * 1e3 + (cpu_end.tv_nsec - cpu_start.tv_nsec) * 1e-6);
  }
  if (!ms.empty()) {
    state.counters["p50_ms"] = Percentile(ms, 0.50);
    state.counters["p99_ms"] = Percentile(ms, 0.99);
    state.counters["cpu_p50_ms"] = Percentile(cpu_ms, 0.50);
    state.counters["cpu_p99_ms"] = Percentile(cpu_ms, 0.99);
    state.counters["ticks"] = static_cast<double>(ms.size());
    const char* names[4] = {"engine_p50_ms", "stitch_p50_ms", "commit_p50_ms", "deploy_p50_ms"};
    for (int i = 0; i < 4; ++i) state.counters[names[i]] = Percentile(phases[i], 0.50);
  }
  store->reset();
  std::filesystem::remove_all(dir);
}
// Fixed tick counts (every tick adds a full version to the store); with 5 ticks the 10k p99 is
// the slowest tick.
BENCHMARK(BM_FrameToXds)->Args({1000, 100})->Iterations(40)->ArgNames({"services", "policies"})
    ->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FrameToXds)->Args({10000, 100})->Iterations(5)->ArgNames({"services", "policies"})
    ->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
