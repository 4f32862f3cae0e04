// Compile time: check + lower + JIT per policy, cold (no object cache) and cached (the JIT's
// object cache already holds the set), for 1, 10, 100 and 1000 policies.
//   build-release/bench/bench_compile
#include <benchmark/benchmark.h>

#include <filesystem>

#include "bench/Workload.h"

using namespace stitch;

namespace {

void CompileTime(benchmark::State& state, bool cached) {
  int policies = static_cast<int>(state.range(0));
  std::string text = bench::PolicySet(policies);
  std::string dir = (std::filesystem::temp_directory_path() / "stitch-bench-cache").string();
  std::filesystem::remove_all(dir);
  if (cached) bench::CompileProgram(text, Backend::kJit, dir);  // fill the cache
  for (auto _ : state) {
    auto program = bench::CompileProgram(text, Backend::kJit, cached ? dir : "");
    if (program->backend() != Backend::kJit) state.SkipWithError("the JIT fell back to the interpreter");
    benchmark::DoNotOptimize(program.get());
  }
  state.counters["ms_per_policy"] = benchmark::Counter(
      policies * 1e-3, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  std::filesystem::remove_all(dir);
}

void BM_CompileCold(benchmark::State& state) { CompileTime(state, false); }
void BM_CompileCached(benchmark::State& state) { CompileTime(state, true); }
BENCHMARK(BM_CompileCold)->Arg(1)->Arg(10)->Arg(100)->Arg(1000)->ArgName("policies")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompileCached)->Arg(1)->Arg(10)->Arg(100)->Arg(1000)->ArgName("policies")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
