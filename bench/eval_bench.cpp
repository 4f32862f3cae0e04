// Evaluation of compiled conditions over columnar frames: the JIT, the interpreter, and a
// hand-written C++ loop over the same arrays with the same three-valued semantics (the
// physical reference), for 1-1000 policies x 1k-100k entities.
//   build-release/bench/bench_eval --benchmark_filter=Eval
#include <benchmark/benchmark.h>

#include <map>

#include "bench/Workload.h"

using namespace stitch;
using bench::ThresholdsOf;

namespace {

// Programs and frames are built once per shape and shared by repetitions.
const Program& CachedProgram(int policies, Backend backend) {
  static std::map<std::pair<int, Backend>, std::unique_ptr<Program>> programs;
  auto& slot = programs[{policies, backend}];
  if (!slot) slot = bench::CompileProgram(bench::PolicySet(policies), backend);
  return *slot;
}

const frame::Frame& CachedFrame(size_t rows) {
  static std::map<size_t, frame::Frame> frames;
  auto it = frames.find(rows);
  if (it == frames.end()) it = frames.emplace(rows, bench::MakeFrame(rows)).first;
  return it->second;
}

void Report(benchmark::State& state, int policies, size_t rows) {
  state.counters["ns_per_eval"] = benchmark::Counter(static_cast<double>(policies) * rows * 1e-9,
                                                     benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
}

void EvalProgram(benchmark::State& state, Backend backend) {
  int policies = static_cast<int>(state.range(0));
  size_t rows = static_cast<size_t>(state.range(1));
  const Program& program = CachedProgram(policies, backend);
  const frame::Frame& frame = CachedFrame(rows);
  Evaluation out;
  for (auto _ : state) {
    program.Evaluate(frame, out);
    benchmark::DoNotOptimize(out.conditions.data());
  }
  Report(state, policies, rows);
}

void BM_EvalJit(benchmark::State& state) { EvalProgram(state, Backend::kJit); }
void BM_EvalInterpreter(benchmark::State& state) { EvalProgram(state, Backend::kInterpreter); }

// The same conditions written by hand over the same arrays.
void BM_EvalHandWritten(benchmark::State& state) {
  int policies = static_cast<int>(state.range(0));
  size_t rows = static_cast<size_t>(state.range(1));
  const frame::Frame& frame = CachedFrame(rows);
  const double* p99 = frame.Values(0);
  const double* er = frame.Values(1);
  const double* rq = frame.Values(2);
  const uint64_t* p99_bits = frame.Validity(0);
  const uint64_t* er_bits = frame.Validity(1);
  const uint64_t* rq_bits = frame.Validity(2);
  std::vector<std::vector<uint8_t>> out(policies, std::vector<uint8_t>(rows));
  // Rows go in blocks of 64, one validity word per column per block, as a careful C++
  // programmer would write it.
  for (auto _ : state) {
    for (int p = 0; p < policies; ++p) {
      bench::Thresholds t = ThresholdsOf(p);
      uint8_t* o = out[p].data();
      for (size_t block = 0; block * 64 < rows; ++block) {
        uint64_t pw = p99_bits[block], ew = er_bits[block], qw = rq_bits[block];
        size_t end = std::min<size_t>(64, rows - block * 64);
        for (size_t j = 0; j < end; ++j) {
          size_t r = block * 64 + j;
          bool pv = (pw >> j) & 1u, ev = (ew >> j) & 1u, qv = (qw >> j) & 1u;
          bool c1 = p99[r] > t.latency, c2 = er[r] > t.error_rate, c3 = rq[r] > t.requests;
          bool t_and = (pv & c1) & (ev & c2), f_and = (pv & !c1) | (ev & !c2);
          bool is_true = t_and | (qv & c3), is_false = f_and & (qv & !c3);
          o[r] = static_cast<uint8_t>(is_true | ((!is_true & !is_false) << 1));  // 1, 0 or 2
        }
      }
    }
    benchmark::DoNotOptimize(out.data());
  }
  Report(state, policies, rows);
}

// STITCH_BENCH_SKIP_HUGE=1 leaves out the 1000 x 100k cell (1e8 evaluations an iteration).
void EvalArgs(benchmark::internal::Benchmark* b) {
  bool skip_huge = std::getenv("STITCH_BENCH_SKIP_HUGE") != nullptr;
  for (int policies : {1, 10, 100, 1000}) {
    for (int rows : {1000, 10000, 100000}) {
      if (skip_huge && policies == 1000 && rows == 100000) continue;
      b->Args({policies, rows});
    }
  }
  b->ArgNames({"policies", "entities"})->Unit(benchmark::kMicrosecond);
}

BENCHMARK(BM_EvalJit)->Apply(EvalArgs);
BENCHMARK(BM_EvalInterpreter)->Apply(EvalArgs);
BENCHMARK(BM_EvalHandWritten)->Apply(EvalArgs);

}  // namespace

BENCHMARK_MAIN();
