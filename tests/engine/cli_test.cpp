// The engine's commands as users run them: `stitch eval` on a canonical telemetry recording
// (JSON output, both backends), `stitch explain` on its decision log, and `stitch test`.
#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "support/Golden.h"

using stitch::testing::ReadText;
using stitch::testing::Run;
using Strings = std::vector<std::string>;

namespace fs = std::filesystem;

namespace {

const std::string kStitch = STITCH_BINARY;
const std::string kRecording = "tests/engine/data/checkout-recording.json";
const std::string kPolicies = "examples/policies/checkout.policy";

int Stitch(const std::string& args, std::string& out, bool merge_stderr = true) {
  return Run(kStitch + " " + args, out, merge_stderr);
}

// "90s shadow_slow_checkout service checkout.prod inactive->pending" for each transition.
Strings Transitions(const nlohmann::json& eval) {
  Strings out;
  for (const auto& tick : eval["ticks"]) {
    for (const auto& d : tick["decisions"]) {
      if (d["kind"] != "transition") continue;
      int64_t seconds = (d["time_ms"].get<int64_t>() - 1800000000000) / 1000;
      out.push_back(std::to_string(seconds) + "s " + d["policy"].get<std::string>() + " " +
                    d["entity"].get<std::string>() + " " + d["from"].get<std::string>() + "->" +
                    d["to"].get<std::string>());
    }
  }
  return out;
}

std::string LastLine(const std::string& text) {
  std::string trimmed = text.substr(0, text.find_last_not_of('\n') + 1);
  return trimmed.substr(trimmed.rfind('\n') + 1);
}

}  // namespace

TEST_CASE("stitch eval replays a recording; JSON output; JIT and interpreter agree") {
  std::string jit_out, interp_out;
  REQUIRE(Stitch("eval --policies " + kPolicies + " --telemetry " + kRecording + " --format json", jit_out, false) == 0);
  REQUIRE(Stitch("eval --no-jit --policies " + kPolicies + " --telemetry " + kRecording + " --format json",
                 interp_out, false) == 0);
  auto jit = nlohmann::json::parse(jit_out);
  auto interp = nlohmann::json::parse(interp_out);
  CHECK(jit["frames"] == 16);
  const Strings want{
      "0s mtls_everywhere namespace prod inactive->firing",
      "90s shadow_slow_checkout service checkout.prod inactive->pending",
      "120s isolate_failing_nodes node cart/cart-2 inactive->pending",
      "180s isolate_failing_nodes node cart/cart-2 pending->firing",
      "210s shadow_slow_checkout service checkout.prod pending->firing",
      "300s throttle_debug_traffic service api inactive->firing",
      "330s shadow_slow_checkout service checkout.prod firing->recovering",
  };
  CHECK(Transitions(jit) == want);
  CHECK(Transitions(interp) == want);
  CHECK(jit["ticks"] == interp["ticks"]);
  CHECK(jit["actions"] == interp["actions"]);

  Strings actions;
  for (const auto& a : jit["actions"]) actions.push_back(a["type"].get<std::string>() + " " + a["target"]["name"].get<std::string>());
  // The canonical order: priority, then policy name.
  CHECK(actions == Strings{"isolate cart-2", "require_mtls prod", "redirect checkout", "rate_limit api"});
  const auto& redirect = jit["actions"][2];
  CHECK(redirect["share"] == 0.1);
  CHECK(redirect["provenance"]["policy"] == "shadow_slow_checkout");
  CHECK(redirect["provenance"]["time"] == "2027-01-15T08:03:30.000Z");
  CHECK(redirect["provenance"]["inputs"]["latency.p99"] == 0.65);
}

TEST_CASE("stitch explain reads the decision log of stitch eval back in plain words") {
  fs::path log = fs::temp_directory_path() / ("stitch-engine-" + std::to_string(::getpid()) + ".jsonl");
  std::string out;
  REQUIRE(Stitch("eval --no-jit --policies " + kPolicies + " --telemetry " + kRecording + " --log " + log.string(), out) == 0);
  REQUIRE(Stitch("explain --policy shadow_slow_checkout " + log.string(), out, false) == 0);
  CHECK(out ==
        "2027-01-15T08:01:30.000Z shadow_slow_checkout became pending for service checkout.prod: `p99(latency) > slow` "
        "became true; firing once it holds for 2m (latency.p99 = 0.65)\n"
        "2027-01-15T08:03:30.000Z shadow_slow_checkout started firing for service checkout.prod: `p99(latency) > slow` "
        "held for 2m (latency.p99 = 0.65)\n"
        "2027-01-15T08:05:30.000Z shadow_slow_checkout began recovering for service checkout.prod: `p99(latency) < "
        "300ms` became true; recovering once it holds for 5m (latency.p99 = 0.25)\n");
  REQUIRE(Stitch("explain " + log.string(), out, false) == 0);
  CHECK(std::count(out.begin(), out.end(), '\n') == 7);
  fs::remove(log);
}

TEST_CASE("stitch test examples/ passes") {
  std::string out;
  CHECK(Stitch("test examples/", out) == 0);
  INFO(out);
  CHECK(LastLine(out) == "23 passed, 0 failed");
  CHECK(out.find("expected:") == std::string::npos);
  CHECK(Stitch("test --no-jit examples/tests/traffic.test.yaml", out) == 0);
  CHECK(LastLine(out) == "5 passed, 0 failed");
}

TEST_CASE("stitch test reports a wrong expectation with file, test, time, expected and actual, and exits 1") {
  std::string out;
  const std::string fixture = "tests/engine/fixtures/wrong_expectation.test.yaml";
  CHECK(Stitch("test " + fixture, out, false) == 1);
  CHECK(out ==
        fixture + ":14: test `slow checkout is shadowed` at 3m30s: state of `shadow_slow_checkout` for service checkout\n"
        "  expected: recovering\n"
        "  actual:   firing since 2m\n" +
        fixture + ":15: test `slow checkout is shadowed` at 3m30s: active actions (1 expected not active, 1 active not expected)\n"
        "  expected:\n"
        "    - {kind: redirect, target: service checkout, share: 20%, to: checkout-shadow}\n"
        "    - {kind: require_mtls, target: namespace prod}\n"
        "  actual:\n"
        "    - {kind: require_mtls, target: namespace prod, mode: strict, policy: mtls_everywhere}\n"
        "    - {kind: redirect, target: service checkout, share: 10%, to: checkout-shadow, policy: shadow_slow_checkout}\n"
        "1 passed, 1 failed\n");
  CHECK(Stitch("test --verbose " + fixture, out, false) == 1);
  CHECK(out.find("FAIL " + fixture + ":5: slow checkout is shadowed\n") != std::string::npos);
  CHECK(out.find("PASS " + fixture + ":18: prod requires mutual TLS\n") != std::string::npos);
  CHECK(Stitch("test --run mutual " + fixture, out, false) == 0);
  CHECK(out == "1 passed, 0 failed\n");
}

TEST_CASE("stitch test: a malformed test file is an error with file and line; usage errors exit 2") {
  std::string out;
  CHECK(Stitch("test tests/engine/fixtures/malformed", out) == 1);
  CHECK(out ==
        "stitch test: error: tests/engine/fixtures/malformed/bad_unit.test.yaml:8:22: latency.p99: `200` is a "
        "number, expected a duration (e.g. `1ms`)\n"
        "0 passed, 0 failed\n");
  CHECK(Stitch("test", out) == 2);
  CHECK(Stitch("test does/not/exist.test.yaml", out) == 2);
  CHECK(out == "stitch test: error: `does/not/exist.test.yaml` does not exist\n");
  CHECK(Stitch("test examples/policies", out) == 2);
  CHECK(out == "stitch test: error: no test files (*.test.yaml) in the given paths\n");
  CHECK(Stitch("test --frobnicate examples/", out) == 2);
}
