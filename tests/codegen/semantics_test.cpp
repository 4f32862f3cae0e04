// Exact three-valued results of both backends on hand-made frames.
#include <catch2/catch.hpp>

#include "ProgramFixture.h"

using namespace stitch;
using stitch::testing::CompileText;

namespace {

// Rows of (requests, error_rate); NaN means missing.
frame::Frame MakeFrame(const std::vector<std::pair<double, double>>& rows) {
  frame::Frame f;
  size_t requests = f.AddColumn("requests");
  size_t error_rate = f.AddColumn("error_rate");
  for (size_t i = 0; i < rows.size(); ++i) {
    size_t row = f.AddEntity({{frame::EntityKind::kService, "s" + std::to_string(i), "", "", ""}, {}});
    if (!std::isnan(rows[i].first)) f.Set(row, requests, rows[i].first);
    if (!std::isnan(rows[i].second)) f.Set(row, error_rate, rows[i].second);
  }
  return f;
}

std::vector<uint8_t> Run(const std::string& condition, const frame::Frame& frame, Backend backend) {
  auto program = CompileText("policy p {\n  target service \"s\"\n  when " + condition +
                                 "\n  then set timeout 2s\n}\n",
                             backend);
  Evaluation out;
  program->Evaluate(frame, out);
  return out.conditions.at(0);
}

const double M = std::nan("");
constexpr uint8_t T = ir::kTrue, F = ir::kFalse, U = ir::kUnknown;

}  // namespace

TEST_CASE("comparisons with a missing input are unknown; Kleene and/or/not") {
  // rows: both present and high, requests missing, error_rate missing, both missing, low
  frame::Frame frame = MakeFrame({{10, 0.2}, {M, 0.2}, {10, M}, {M, M}, {0.5, 0.01}});
  for (Backend backend : {Backend::kInterpreter, Backend::kJit}) {
    INFO((backend == Backend::kJit ? "jit" : "interpreter"));
    CHECK(Run("requests > 1/s", frame, backend) == std::vector<uint8_t>{T, U, T, U, F});
    CHECK(Run("requests > 1/s and error_rate > 5%", frame, backend) == std::vector<uint8_t>{T, U, U, U, F});
    CHECK(Run("requests > 1/s or error_rate > 5%", frame, backend) == std::vector<uint8_t>{T, T, T, U, F});
    // false and unknown = false; true or unknown = true
    CHECK(Run("requests > 100/s and error_rate > 5%", frame, backend) == std::vector<uint8_t>{F, U, F, U, F});
    CHECK(Run("not (requests > 1/s)", frame, backend) == std::vector<uint8_t>{F, U, F, U, T});
    CHECK(Run("present(requests)", frame, backend) == std::vector<uint8_t>{T, F, T, F, T});
    CHECK(Run("present(requests / error_rate)", frame, backend) == std::vector<uint8_t>{T, F, F, F, T});
  }
}

TEST_CASE("division by zero and overflow are missing, never NaN or Inf") {
  frame::Frame frame = MakeFrame({{0, 0}, {10, 0}, {1e300, 1e-300}, {4, 2}});
  for (Backend backend : {Backend::kInterpreter, Backend::kJit}) {
    INFO((backend == Backend::kJit ? "jit" : "interpreter"));
    // requests / error_rate: 0/0 and 10/0 missing; 1e300/1e-300 overflows: missing; 4/2 = 2
    CHECK(Run("requests / error_rate > 1/s", frame, backend) == std::vector<uint8_t>{U, U, U, T});
    CHECK(Run("present(requests * requests)", frame, backend) == std::vector<uint8_t>{T, T, F, T});
  }
}

TEST_CASE("min, max, clamp and abs") {
  frame::Frame frame = MakeFrame({{3, 0.5}, {-7, 0.5}, {M, 0.5}});
  for (Backend backend : {Backend::kInterpreter, Backend::kJit}) {
    INFO((backend == Backend::kJit ? "jit" : "interpreter"));
    CHECK(Run("abs(requests) > 5/s", frame, backend) == std::vector<uint8_t>{F, T, U});
    CHECK(Run("clamp(requests, 0/s, 2/s) == 2/s", frame, backend) == std::vector<uint8_t>{T, F, U});
    CHECK(Run("min(requests, 1/s, 2/s) == 1/s", frame, backend) == std::vector<uint8_t>{T, F, U});
    CHECK(Run("max(requests, 1/s, 2/s) == 3/s", frame, backend) == std::vector<uint8_t>{T, F, U});
  }
}

TEST_CASE("tag predicates: equality, lists, whole-string regexes; a missing tag is unknown") {
  frame::Frame f;
  f.AddEntity({{frame::EntityKind::kService, "a", "", "", ""}, {{"team", "pay"}, {"zone", "eu-west-1"}}});
  f.AddEntity({{frame::EntityKind::kService, "b", "", "", ""}, {{"team", "web"}, {"zone", "us-east-1"}}});
  f.AddEntity({{frame::EntityKind::kService, "c", "", "", ""}, {}});
  for (Backend backend : {Backend::kInterpreter, Backend::kJit}) {
    INFO((backend == Backend::kJit ? "jit" : "interpreter"));
    CHECK(Run("tag(\"team\") == \"pay\"", f, backend) == std::vector<uint8_t>{T, F, U});
    CHECK(Run("tag(\"team\") != \"pay\"", f, backend) == std::vector<uint8_t>{F, T, U});
    CHECK(Run("tag(\"team\") in [\"web\", \"ops\"]", f, backend) == std::vector<uint8_t>{F, T, U});
    CHECK(Run("tag(\"zone\") ~ \"eu-.*\"", f, backend) == std::vector<uint8_t>{T, F, U});
    CHECK(Run("tag(\"zone\") ~ \"eu\"", f, backend) == std::vector<uint8_t>{F, F, U});  // whole string
    CHECK(Run("tag(\"team\") == \"pay\" or tag(\"zone\") ~ \"us-.*\"", f, backend) == std::vector<uint8_t>{T, T, U});
  }
}

TEST_CASE("a column the frame lacks reads as missing") {
  frame::Frame frame = MakeFrame({{1, 0.1}});
  for (Backend backend : {Backend::kInterpreter, Backend::kJit}) {
    CHECK(Run("p99(latency) > 1s", frame, backend) == std::vector<uint8_t>{U});
    CHECK(Run("present(p99(latency))", frame, backend) == std::vector<uint8_t>{F});
  }
}

TEST_CASE("the program lists every column it reads, derived series included") {
  auto program = CompileText(
      "policy p {\n  target service \"s\"\n  when avg(p99(latency), 5m) > 1s and rate(jobs, 1m) > 1/s and "
      "ewma(requests, 0.3) > 2/s and anomaly(error_rate) and quantile(latency, 0.999) > 2s\n"
      "  then set timeout 2s\n}\nmetric jobs: count from prometheus \"jobs_total\"\n",
      Backend::kInterpreter);
  CHECK(program->FrameColumns() == std::vector<std::string>{"avg(latency.p99,300)", "rate(jobs,60)",
                                                            "ewma(requests,0.3)", "anomaly(error_rate,3600)",
                                                            "latency.q0.999"});
}
