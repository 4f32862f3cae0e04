// Writes the workloads the Node.js peers (bench/peers) replay, so every engine sees exactly the
// conditions and data Stitch evaluated:
//   workload.json: the thresholds of each policy, the frame's three columns (null = missing),
//                  and the rows on which Stitch's JIT found each condition true (checked against
//                  the interpreter first);
//   patch.json:    the 10k-route Envoy bootstrap, the RFC 6902 patch of 100 timeouts that Stitch
//                  made for it, and the stitched documents.
//   bench_peer_workload OUTDIR [POLICIES ENTITIES]
#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "bench/Workload.h"
#include "runtime/stitch/Stitch.h"

using namespace stitch;
using nlohmann::json;
namespace st = ::stitch::stitch;

namespace {

json Column(const frame::Frame& f, size_t col) {
  json out = json::array();
  for (size_t r = 0; r < f.rows(); ++r) out.push_back(f.Valid(r, col) ? json(f.Value(r, col)) : json(nullptr));
  return out;
}

bool Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 4) {
    std::fprintf(stderr, "usage: bench_peer_workload OUTDIR [POLICIES ENTITIES]\n");
    return 2;
  }
  std::string dir = argv[1];
  int policies = argc == 4 ? std::stoi(argv[2]) : 10;
  size_t rows = argc == 4 ? std::stoul(argv[3]) : 10'000;

  std::string text = bench::PolicySet(policies);
  auto jit = bench::CompileProgram(text, Backend::kJit);
  auto interpreter = bench::CompileProgram(text, Backend::kInterpreter);
  frame::Frame frame = bench::MakeFrame(rows);
  Evaluation by_jit, by_interpreter;
  jit->Evaluate(frame, by_jit);
  interpreter->Evaluate(frame, by_interpreter);
  if (by_jit.conditions != by_interpreter.conditions) {
    std::fprintf(stderr, "the JIT and the interpreter disagree\n");
    return 1;
  }
  json workload = {{"seed", 42}, {"entities", rows}, {"jit", jit->backend() == Backend::kJit}};
  json list = json::array();
  for (int p = 0; p < policies; ++p) {
    bench::Thresholds t = bench::ThresholdsOf(p);
    json fired = json::array();
    const auto& tri = by_jit.conditions[jit->policies()[p].when];
    for (size_t r = 0; r < rows; ++r) {
      if (tri[r] == ir::kTrue) fired.push_back(r);
    }
    list.push_back({{"name", jit->policies()[p].name},
                    {"latency", t.latency},
                    {"error_rate", t.error_rate},
                    {"requests", t.requests},
                    {"fired", fired}});
  }
  workload["policies"] = list;
  workload["columns"] = {{"latency", Column(frame, 0)}, {"error_rate", Column(frame, 1)}, {"requests", Column(frame, 2)}};

  std::vector<st::Manifest> base = {bench::EnvoyManifest(10'000)};
  auto stitched = st::Stitch(base, bench::TimeoutActions(100, 10'000, 2.5));
  if (!stitched) {
    std::fprintf(stderr, "%s\n", stitched.error().Render().c_str());
    return 1;
  }
  json patch = {{"routes", 10'000},
                {"actions", 100},
                {"documents", json::parse(st::Json(base[0].documents).dump())},
                {"patch", json::parse(stitched->patches[0].dump())},
                {"expected", json::parse(st::Json(stitched->manifests[0].documents).dump())}};
  if (!Write(dir + "/workload.json", workload.dump()) || !Write(dir + "/patch.json", patch.dump())) {
    std::fprintf(stderr, "cannot write into %s\n", dir.c_str());
    return 1;
  }
  std::printf("wrote %s/workload.json (%d policies x %zu entities) and %s/patch.json (%zu ops)\n", dir.c_str(),
              policies, rows, dir.c_str(), stitched->patches[0].size());
  return 0;
}
