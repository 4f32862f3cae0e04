// Evaluation of compiled conditions over columnar frames: the JIT, the interpreter, and a
// hand-written C++ loop over the same arrays with the same three-valued semantics (the
// physical reference). Also compile time per policy, cold and from the cache.
//   build/bench/bench_eval --benchmark_filter=Eval
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "compiler/Compile.h"
#include "compiler/Program.h"

using namespace stitch;

namespace {

// Policy i: (p99(latency) > T1 and error_rate > R) or requests > Q, thresholds varying with i.
std::string PolicySet(int policies) {
  std::string text;
  for (int i = 0; i < policies; ++i) {
    text += fmt::format(
        "policy p{} {{\n  target service ~ \".*\"\n  when (p99(latency) > {}ms and error_rate > {}%) or "
        "requests > {}/s for 1m\n  then set timeout 2s\n}}\n",
        i, 100 + i * 7 % 900, 1 + i % 9, 200 + i % 300);
  }
  return text;
}

struct Thresholds {
  double latency, error_rate, requests;
};

Thresholds ThresholdsOf(int i) {
  return {(100 + i * 7 % 900) / 1000.0, (1 + i % 9) / 100.0, static_cast<double>(200 + i % 300)};
}

std::unique_ptr<Program> Compile(const std::string& text, Backend backend, const std::string& cache_dir = "") {
  Diagnostics diagnostics;
  std::vector<CheckedFile> files;
  files.push_back(CheckSource(std::make_shared<SourceFile>("bench.policy", text), diagnostics));
  if (diagnostics.HasErrors()) std::abort();
  ProgramOptions options;
  options.backend = backend;
  options.cache_dir = cache_dir;
  return Program::Build(std::move(files), options);
}

// A frame of `rows` services; about 5% of each metric missing.
frame::Frame MakeFrame(size_t rows) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> latency(0.01, 1.2), errors(0, 0.12), requests(0, 600);
  std::uniform_int_distribution<int> percent(0, 99);
  frame::Frame f;
  size_t p99 = f.AddColumn("latency.p99"), er = f.AddColumn("error_rate"), rq = f.AddColumn("requests");
  for (size_t i = 0; i < rows; ++i) {
    size_t row = f.AddEntity({{frame::EntityKind::kService, "svc" + std::to_string(i), "", "", ""}, {}});
    if (percent(rng) >= 5) f.Set(row, p99, latency(rng));
    if (percent(rng) >= 5) f.Set(row, er, errors(rng));
    if (percent(rng) >= 5) f.Set(row, rq, requests(rng));
  }
  return f;
}

void Report(benchmark::State& state, int policies, size_t rows) {
  state.counters["ns_per_eval"] = benchmark::Counter(static_cast<double>(policies) * rows,
                                                     benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
}

void EvalProgram(benchmark::State& state, Backend backend) {
  int policies = static_cast<int>(state.range(0));
  size_t rows = static_cast<size_t>(state.range(1));
  auto program = Compile(PolicySet(policies), backend);
  frame::Frame frame = MakeFrame(rows);
  Evaluation out;
  for (auto _ : state) {
    program->Evaluate(frame, out);
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
  frame::Frame frame = MakeFrame(rows);
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
      Thresholds t = ThresholdsOf(p);
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

void EvalArgs(benchmark::internal::Benchmark* b) {
  for (int policies : {1, 10, 100}) {
    for (int rows : {1000, 10000, 100000}) b->Args({policies, rows});
  }
  b->ArgNames({"policies", "entities"})->Unit(benchmark::kMicrosecond);
}

BENCHMARK(BM_EvalJit)->Apply(EvalArgs);
BENCHMARK(BM_EvalInterpreter)->Apply(EvalArgs);
BENCHMARK(BM_EvalHandWritten)->Apply(EvalArgs);

void CompileTime(benchmark::State& state, bool cached) {
  int policies = static_cast<int>(state.range(0));
  std::string text = PolicySet(policies);
  std::string dir = (std::filesystem::temp_directory_path() / "stitch-bench-cache").string();
  std::filesystem::remove_all(dir);
  if (cached) Compile(text, Backend::kJit, dir);  // fill the cache
  for (auto _ : state) {
    auto program = Compile(text, Backend::kJit, cached ? dir : "");
    benchmark::DoNotOptimize(program.get());
  }
  state.counters["s_per_policy"] =
      benchmark::Counter(policies, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  std::filesystem::remove_all(dir);
}

void BM_CompileCold(benchmark::State& state) { CompileTime(state, false); }
void BM_CompileCached(benchmark::State& state) { CompileTime(state, true); }
BENCHMARK(BM_CompileCold)->Arg(1)->Arg(10)->Arg(100)->ArgName("policies")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompileCached)->Arg(1)->Arg(10)->Arg(100)->ArgName("policies")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
