// Stitching: 1, 10 and 100 `set timeout` actions applied to generated Envoy (one bootstrap)
// and Istio (one VirtualService per route) manifests of 100, 1k and 10k routes, including the
// RFC 6902 patch generation; and the SQLite version-store commit of such a result. Also
// nlohmann's json::patch applying the stitch's patch (the C++ counterpart of fast-json-patch).
//   build-release/bench/bench_stitch
#include <benchmark/benchmark.h>

#include <filesystem>
#include <map>

#include "bench/Workload.h"
#include "runtime/stitch/SqliteStore.h"
#include "runtime/stitch/Stitch.h"
#include "runtime/stitch/Store.h"

namespace st = ::stitch::stitch;

namespace {

enum Mesh { kEnvoy = 0, kIstio = 1 };

const std::vector<st::Manifest>& Base(int mesh, int routes) {
  static std::map<std::pair<int, int>, std::vector<st::Manifest>> cache;
  auto& slot = cache[{mesh, routes}];
  if (slot.empty()) slot.push_back(mesh == kEnvoy ? stitch::bench::EnvoyManifest(routes) : stitch::bench::IstioManifest(routes));
  return slot;
}

void Counters(benchmark::State& state, size_t ops) {
  state.counters["patch_ops"] = static_cast<double>(ops);
}

void StitchOnly(benchmark::State& state, int mesh) {
  int routes = static_cast<int>(state.range(0)), count = static_cast<int>(state.range(1));
  const auto& base = Base(mesh, routes);
  auto actions = stitch::bench::TimeoutActions(count, routes, 2.5);
  size_t ops = 0;
  for (auto _ : state) {
    auto result = st::Stitch(base, actions);
    if (!result) {
      state.SkipWithError(result.error().Render().c_str());
      return;
    }
    ops = result->patches[0].size();
    benchmark::DoNotOptimize(result->patches.data());
  }
  Counters(state, ops);
}

// The version-store commit of a stitch result (its patch from the parent, hash, rows, audit).
// Iterations alternate between the results of two timeouts, so every commit adds a version.
void Commit(benchmark::State& state, int mesh) {
  int routes = static_cast<int>(state.range(0)), count = static_cast<int>(state.range(1));
  const auto& base = Base(mesh, routes);
  std::vector<stitch::action::Action> sets[2] = {stitch::bench::TimeoutActions(count, routes, 2.5),
                                                 stitch::bench::TimeoutActions(count, routes, 3.5)};
  auto first = st::Stitch(base, sets[0]), second = st::Stitch(base, sets[1]);
  auto dir = std::filesystem::temp_directory_path() / ("stitch-bench-store-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = st::OpenSqliteStore((dir / "versions.db").string());
  if (!store || !first || !second) {
    state.SkipWithError("cannot open the store or stitch");
    return;
  }
  const st::StitchResult* results[2] = {&*first, &*second};
  size_t i = 0;
  for (auto _ : state) {
    auto head = (*store)->Head();
    auto committed = head ? st::CommitStitch(**store, *head, *results[i % 2], sets[i % 2], "bench", "2026-12-03T10:00:00Z")
                          : st::Result<st::CommitResult>(head.error());
    ++i;
    if (!committed || !committed->created) {
      state.SkipWithError("commit failed or added no version");
      break;
    }
  }
  Counters(state, first->patches[0].size());
  store->reset();
  std::filesystem::remove_all(dir);
}

void BM_StitchEnvoy(benchmark::State& state) { StitchOnly(state, kEnvoy); }
void BM_StitchIstio(benchmark::State& state) { StitchOnly(state, kIstio); }
void BM_CommitEnvoy(benchmark::State& state) { Commit(state, kEnvoy); }
void BM_CommitIstio(benchmark::State& state) { Commit(state, kIstio); }

void StitchArgs(benchmark::internal::Benchmark* b) {
  for (int routes : {100, 1000, 10000}) {
    for (int actions : {1, 10, 100}) b->Args({routes, actions});
  }
  b->ArgNames({"routes", "actions"})->Unit(benchmark::kMillisecond);
}
BENCHMARK(BM_StitchEnvoy)->Apply(StitchArgs);
BENCHMARK(BM_StitchIstio)->Apply(StitchArgs);
BENCHMARK(BM_CommitEnvoy)->Apply(StitchArgs);
BENCHMARK(BM_CommitIstio)->Apply(StitchArgs);

// The patch of 100 timeouts on the 10k-route Envoy bootstrap, applied to a copy of the base
// documents (the copy is outside the timing), as the Node peer fast-json-patch does.
void BM_ApplyPatchNlohmann(benchmark::State& state) {
  const auto& base = Base(kEnvoy, 10000);
  auto result = st::Stitch(base, stitch::bench::TimeoutActions(100, 10000, 2.5));
  if (!result) {
    state.SkipWithError("stitch failed");
    return;
  }
  st::Json documents(base[0].documents);
  for (auto _ : state) {
    state.PauseTiming();
    st::Json copy = documents;
    state.ResumeTiming();
    copy.patch_inplace(result->patches[0]);
    benchmark::DoNotOptimize(copy);
  }
  Counters(state, result->patches[0].size());
}
BENCHMARK(BM_ApplyPatchNlohmann)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
