// Memory: peak RSS of an engine with 100 policies ticking over 10k services, measured
// in a forked child (VmHWM from /proc/self/status) so that nothing else the benchmark process
// allocated counts. Reports the peak, the peak before the first frame (compiled policies, JIT,
// libraries) and the difference per 10k entities. Every tick, 0.1% of the services are bad.
//   build-release/bench/bench_memory
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include "bench/Workload.h"
#include "runtime/engine/Engine.h"

using namespace stitch;

namespace {

// VmHWM, the peak resident set size so far, in MiB.
double PeakRssMb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // kB
  }
  return -1;
}

// Runs in the child: returns {peak before frames, peak after ticking}.
std::pair<double, double> Measure(size_t entities, int policies) {
  auto engine = engine::Engine::Create(bench::CheckText(bench::PolicySet(policies, "")), engine::EngineOptions{});
  double before = PeakRssMb();
  std::vector<size_t> hot;
  for (size_t i = 0; i < entities; i += 1000) hot.push_back(i);
  int64_t time_ms = 1'800'000'000'000;
  for (int tick = 0; tick < 5; ++tick) {
    engine::TickResult result;
    engine->Tick(bench::QuietFrame(entities, hot, time_ms += 15'000), result);
    for (size_t& h : hot) h = (h + 1) % entities;
  }
  return {before, PeakRssMb()};
}

void BM_PeakRss(benchmark::State& state) {
  size_t entities = static_cast<size_t>(state.range(0));
  int policies = static_cast<int>(state.range(1));
  double before = 0, after = 0;
  for (auto _ : state) {
    int fds[2];
    if (pipe(fds) != 0) return state.SkipWithError("pipe failed");
    pid_t child = fork();
    if (child == 0) {
      close(fds[0]);
      auto [b, a] = Measure(entities, policies);
      double out[2] = {b, a};
      ssize_t written = write(fds[1], out, sizeof out);
      _exit(written == sizeof out ? 0 : 1);
    }
    close(fds[1]);
    double in[2] = {0, 0};
    ssize_t got = read(fds[0], in, sizeof in);
    close(fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    if (got != sizeof in || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return state.SkipWithError("child failed");
    before = in[0];
    after = in[1];
  }
  state.counters["peak_rss_mb"] = after;
  state.counters["before_frames_mb"] = before;
  state.counters["mb_per_10k_entities"] = (after - before) / (static_cast<double>(entities) / 10'000);
}
BENCHMARK(BM_PeakRss)->Args({10'000, 100})->ArgNames({"entities", "policies"})
    ->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
