// The JIT and the interpreter agree exactly on 10,000 random well-typed conditions (every
// operator, function and unit, missing inputs, divisions by zero, overflow), each evaluated on
// random frames.
#include <catch2/catch.hpp>

#include <random>

#include "ProgramFixture.h"

using namespace stitch;

namespace {

enum class Kind { kDuration, kRate, kRatio, kNumber };

// Generates well-typed condition source text from a seed.
class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  std::string Condition(int depth) { return Bool(depth); }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  template <typename T>
  const T& OneOf(const std::vector<T>& items) { return items[Pick(items.size())]; }

  std::string Leaf(Kind kind) {
    static const std::vector<std::string> kDurations = {
        "p50(latency)", "p99(latency)", "quantile(latency, 0.999)", "avg(p99(latency), 5m)",
        "max(p95(latency), 1m)", "500ms", "2s", "0s", "1m30s", "delta(p90(latency), 10m)"};
    static const std::vector<std::string> kRates = {
        "requests", "errors", "header(\"x-debug\")", "ewma(requests, 0.3)", "rate(jobs, 1m)",
        "10/s", "0/s", "6000/m", "sum(errors, 1m)", "min(requests, 5m)"};
    static const std::vector<std::string> kRatios = {
        "error_rate", "5%", "0%", "100%", "errors / requests", "healthy_nodes / total_nodes"};
    static const std::vector<std::string> kNumbers = {
        "zscore(requests, 1h)", "health", "connections", "2.5", "0", "3", "p99(latency) / p50(latency)",
        "queue_depth"};
    switch (kind) {
      case Kind::kDuration: return OneOf(kDurations);
      case Kind::kRate: return OneOf(kRates);
      case Kind::kRatio: return OneOf(kRatios);
      case Kind::kNumber: return OneOf(kNumbers);
    }
    return "0";
  }

  std::string Literal(Kind kind) {
    switch (kind) {
      case Kind::kDuration: return OneOf<std::string>({"100ms", "1s", "3s"});
      case Kind::kRate: return OneOf<std::string>({"1/s", "5/s", "120/m"});
      case Kind::kRatio: return OneOf<std::string>({"1%", "50%", "10%"});
      case Kind::kNumber: return OneOf<std::string>({"1", "0.5", "10"});
    }
    return "0";
  }

  std::string Num(Kind kind, int depth) {
    if (depth <= 0) return Leaf(kind);
    switch (Pick(9)) {
      case 0: return Num(kind, depth - 1) + " + " + Num(kind, depth - 1);
      case 1: return Num(kind, depth - 1) + " - " + Num(kind, depth - 1);
      case 2: return "(" + Num(kind, depth - 1) + ") * " + OneOf<std::string>({"2", "0.5", "0"});
      case 3: return "(" + Num(kind, depth - 1) + ") / " + OneOf<std::string>({"3", "0.25", "7"});
      case 4: return "-(" + Num(kind, depth - 1) + ")";
      case 5: return "abs(" + Num(kind, depth - 1) + ")";
      case 6: return "clamp(" + Num(kind, depth - 1) + ", " + Literal(kind) + ", " + Literal(kind) + ")";
      case 7: return "min(" + Num(kind, depth - 1) + ", " + Num(kind, depth - 1) + ", " + Literal(kind) + ")";
      default: return "max(" + Num(kind, depth - 1) + ", " + Num(kind, depth - 1) + ", " + Literal(kind) + ")";
    }
  }

  std::string Bool(int depth) {
    if (depth <= 0) {
      switch (Pick(6)) {
        case 0: return "present(" + Leaf(Kind(Pick(4))) + ")";
        case 1: return OneOf<std::string>({"anomaly(requests)", "changed(connections, 10m)", "true", "false"});
        case 2: return OneOf<std::string>({"tag(\"team\") == \"pay\"", "tag(\"zone\") in [\"eu-1\", \"us-2\"]",
                                           "tag(\"zone\") ~ \"eu-.*\"", "tag(\"team\") != tag(\"owner\")"});
        default: {
          Kind kind = Kind(Pick(4));
          static const std::vector<std::string> kOps = {"<", "<=", ">", ">=", "==", "!="};
          return Num(kind, Pick(3)) + " " + OneOf(kOps) + " " + Num(kind, Pick(2));
        }
      }
    }
    switch (Pick(5)) {
      case 0: return "(" + Bool(depth - 1) + ") and (" + Bool(depth - 1) + ")";
      case 1: return "(" + Bool(depth - 1) + ") or (" + Bool(depth - 1) + ")";
      case 2: return "not (" + Bool(depth - 1) + ")";
      case 3: return "(" + Bool(depth - 1) + ") == (" + Bool(depth - 1) + ")";
      default: return Bool(0);
    }
  }

  std::mt19937 rng_;
};

// A frame over the program's columns: values from a pool that makes equalities, zeros,
// negatives and overflow likely; about one value in five missing; random tags.
frame::Frame RandomFrame(const Program& program, size_t rows, std::mt19937& rng) {
  static const double kPool[] = {0, 0.5, 1, 2, 3, 100, -1, 0.3, 1e-3, 1e300, 0.05, 0.01, 10};
  frame::Frame f;
  std::vector<size_t> columns;
  for (const std::string& key : program.FrameColumns()) columns.push_back(f.AddColumn(key));
  std::uniform_int_distribution<size_t> pick(0, std::size(kPool) - 1);
  std::uniform_int_distribution<int> percent(0, 99);
  for (size_t i = 0; i < rows; ++i) {
    frame::Entity entity{{frame::EntityKind::kService, "svc" + std::to_string(i), "", "", ""}, {}};
    if (percent(rng) < 80) entity.tags["team"] = percent(rng) < 50 ? "pay" : "web";
    if (percent(rng) < 80) entity.tags["zone"] = percent(rng) < 50 ? "eu-1" : "us-2";
    if (percent(rng) < 80) entity.tags["owner"] = percent(rng) < 50 ? "pay" : "ops";
    size_t row = f.AddEntity(std::move(entity));
    for (size_t column : columns) {
      if (percent(rng) < 20) continue;
      f.Set(row, column, kPool[pick(rng)]);
    }
  }
  return f;
}

}  // namespace

TEST_CASE("JIT and interpreter agree on 10,000 random programs") {
  constexpr int kBatches = 20;
  constexpr int kPerBatch = 500;
  std::mt19937 frame_rng(7);
  size_t compared = 0, unknown = 0, trues = 0;
  for (int batch = 0; batch < kBatches; ++batch) {
    Generator generator(1000 + batch);
    std::string text = "metric jobs: count from prometheus \"jobs_total\"\n"
                       "metric queue_depth: count from prometheus \"queue_depth\"\n";
    for (int i = 0; i < kPerBatch; ++i) {
      text += "policy p" + std::to_string(i) + " {\n  target service ~ \".*\"\n  when " +
              generator.Condition(1 + i % 4) + "\n  then set timeout 2s\n}\n";
    }
    auto jit = stitch::testing::CompileText(text, Backend::kJit);
    auto interpreter = stitch::testing::CompileText(text, Backend::kInterpreter);
    REQUIRE(jit->ir().conditions.size() == kPerBatch);
    for (int round = 0; round < 2; ++round) {
      frame::Frame frame = RandomFrame(*jit, 67 + round * 64, frame_rng);
      Evaluation a, b;
      jit->Evaluate(frame, a);
      interpreter->Evaluate(frame, b);
      for (size_t c = 0; c < a.conditions.size(); ++c) {
        if (a.conditions[c] != b.conditions[c]) {
          FAIL("condition " << jit->ir().conditions[c].name << " differs; IR:\n" << jit->ir().Print());
        }
        for (uint8_t value : a.conditions[c]) {
          unknown += value == ir::kUnknown;
          trues += value == ir::kTrue;
        }
        compared += a.conditions[c].size();
      }
    }
  }
  // The workload exercises every outcome, not only one.
  CHECK(compared == size_t{kBatches} * kPerBatch * (67 + 131));
  CHECK(unknown > compared / 20);
  CHECK(trues > compared / 20);
}
