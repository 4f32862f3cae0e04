// The policy test library (runtime/testing): values with units, the series notation, test
// file errors with their lines, action matching, and runs that pass and fail.
#include <catch2/catch.hpp>

#include "runtime/action/Action.h"
#include "runtime/testing/ActionSpec.h"
#include "runtime/testing/Runner.h"
#include "runtime/testing/Values.h"

using namespace stitch;
using namespace stitch::policytest;
using Samples = std::vector<std::optional<double>>;

namespace {

Samples ParsedSeries(const std::string& text, std::optional<types::Type> type = std::nullopt) {
  Samples out;
  std::string error;
  INFO(text);
  REQUIRE(ParseSeries(text, type, out, error));
  return out;
}

std::string SeriesError(const std::string& text, std::optional<types::Type> type = std::nullopt) {
  Samples out;
  std::string error;
  CHECK_FALSE(ParseSeries(text, type, out, error));
  return error;
}

std::string FileError(const std::string& text) {
  TestFile file;
  std::string error;
  CHECK_FALSE(ParseTestFile(text, "tests/engine/t.test.yaml", file, error));
  return error;
}

const std::string kHeader = "policies: ../../examples/policies/checkout.policy\ninterval: 30s\ntests:\n";

}  // namespace

TEST_CASE("series notation: repeats, missing samples, ramps and units") {
  CHECK(ParsedSeries("200ms x3, 650ms x2") == Samples{0.2, 0.2, 0.2, 0.65, 0.65});
  CHECK(ParsedSeries("_ x2, missing, 1") == Samples{std::nullopt, std::nullopt, std::nullopt, 1});
  CHECK(ParsedSeries("0+300 x4") == Samples{0, 300, 600, 900});
  CHECK(ParsedSeries("5-2 x3") == Samples{5, 3, 1});
  CHECK(ParsedSeries("-1.5, 2") == Samples{-1.5, 2});
  CHECK(ParsedSeries("6000/m x2") == Samples{100, 100});
  CHECK(ParsedSeries("5%") == Samples{0.05});
  CHECK(ParsedSeries("50MiB/s") == Samples{50.0 * 1024 * 1024});
  CHECK(ParsedSeries("1m30s") == Samples{90});
  CHECK(ParsedSeries("100/s x3", types::Type::Rate()).size() == 3);
  CHECK(ParsedSeries("12 x2", types::Type::Count()) == Samples{12, 12});
}

TEST_CASE("series notation errors") {
  CHECK(SeriesError("200 x3", types::Type::Duration()) == "`200` is a number, expected a duration (e.g. `1ms`)");
  CHECK(SeriesError("5", types::Type::Ratio()) == "`5` is a number, expected a ratio (e.g. `1%`)");
  CHECK(SeriesError("10/s", types::Type::Duration()) == "`10/s` is a rate, expected a duration (e.g. `1ms`)");
  CHECK(SeriesError("1ms x0") == "`1ms x0`: the repeat count must be between 1 and 100000");
  CHECK(SeriesError("1ms,, 2ms") == "empty term in the series (terms are `VALUE [xN]`, separated by commas)");
  CHECK(SeriesError("3furlongs") == "unknown unit `furlongs` in `3furlongs`");
  CHECK(SeriesError("fast") ==
        "`fast` is not a value (a number with an optional unit, e.g. `650ms`, `5%`, `100/s`)");
  CHECK(SeriesError("1s+5%") == "`1s+5%`: the step is a ratio but the start a duration");
}

TEST_CASE("column types follow the telemetry reference") {
  CHECK(ColumnType("latency.p99") == types::Type::Duration());
  CHECK(ColumnType("requests") == types::Type::Rate());
  CHECK(ColumnType("header.x-debug") == types::Type::Rate());
  CHECK(ColumnType("error_rate") == types::Type::Ratio());
  CHECK(ColumnType("bytes_out") == types::Type::ByteRate());
  CHECK(ColumnType("total_nodes") == types::Type::Count());
  CHECK(ColumnType("queue_depth") == std::nullopt);
  CHECK(FormatValue(0.65, types::Type::Duration()) == "650ms");
  CHECK(FormatValue(150, types::Type::Duration()) == "2m30s");
  CHECK(FormatValue(0.1, types::Type::Ratio()) == "10%");
  CHECK(FormatValue(100, types::Type::Rate()) == "100/s");
}

TEST_CASE("a malformed test file is an error with its line and column") {
  CHECK(FileError("tests: [") .starts_with("tests/engine/t.test.yaml:1:"));
  CHECK(FileError("interval: 30s\ntests: []\n") ==
        "tests/engine/t.test.yaml:1:1: the test file needs `policies`: the policy files under test");
  CHECK(FileError("policies: nowhere.policy\ntests: []\n") ==
        "tests/engine/t.test.yaml:1:11: policy file `tests/engine/nowhere.policy` does not exist");
  CHECK(FileError(kHeader + "  - name: t\n    expect: [{at: 45s, states: {x: firing}}]\n") ==
        "tests/engine/t.test.yaml:5:19: `at` must be a multiple of the interval (30s)");
  CHECK(FileError(kHeader + "  - name: t\n    expect: [{at: 0s, states: {x: burning}}]\n") ==
        "tests/engine/t.test.yaml:5:35: `burning` is not a state (inactive, pending, firing, recovering)");
  CHECK(FileError(kHeader + "  - name: t\n    expect: [{at: 0s}]\n") ==
        "tests/engine/t.test.yaml:5:14: an expectation needs `states` or `actions`");
  CHECK(FileError(kHeader + "  - name: t\n    series: {pod x: {requests: 1/s}}\n    expect: [{at: 0s, actions: none}]\n") ==
        "tests/engine/t.test.yaml:5:14: `pod x` is not an entity: write `service NAME`, `node SERVICE/NODE`, "
        "`route SERVICE/ROUTE` or `namespace NAME`");
  CHECK(FileError(kHeader + "  - name: t\n    expect: [{at: 0s, actions: [{kind: isolate, target: node a/b, share: 5%}]}]\n") ==
        "tests/engine/t.test.yaml:5:67: `isolate` has no field `share` (fields: for, policy)");
  CHECK(FileError(kHeader + "  - name: t\n    expect: [{at: 0s, actions: [{kind: redirect, target: service a, share: 5}]}]\n") ==
        "tests/engine/t.test.yaml:5:69: `share`: `5` is a number, expected a ratio (e.g. `1%`)");
  CHECK(FileError(kHeader + "  - name: t\n    sereis: {}\n    expect: [{at: 0s, actions: none}]\n") ==
        "tests/engine/t.test.yaml:5:5: unknown field `sereis` in a test (known: `expect`, `interval`, `name`, `series`)");
  CHECK(FileError(kHeader + "  - name: t\n    series: {service a: {errors: 1/s, 2/s}}\n    expect: [{at: 0s, actions: none}]\n") ==
        "tests/engine/t.test.yaml:5:39: `2/s` has no series (inside `{...}`, quote a series with commas: "
        "`errors: \"2/s x6, 0/s x4\"`)");
  CHECK(FileError(kHeader + "  - name: t\n    expect: [{at: 0s, actions: none}]\n  - name: t\n    expect: [{at: 0s, actions: none}]\n") ==
        "tests/engine/t.test.yaml:6:11: two tests are named `t`");
}

TEST_CASE("expected actions match on kind, target and the fields they give") {
  action::Action redirect{action::Redirect{0.1, {"v3", action::DestinationKind::kSubset, false}},
                          {action::TargetKind::kService, "reviews", ""},
                          {"p", "service reviews", {}, "", 0}};
  auto spec = [](const std::string& kind, const std::string& target) {
    ActionSpec s;
    s.kind = kind;
    s.target = target;
    return s;
  };
  ActionSpec s = spec("redirect", "service reviews");
  CHECK(Matches(s, redirect));
  std::string error;
  REQUIRE(SetField(s, "to", "v3", error));
  CHECK(Matches(s, redirect));
  REQUIRE(SetField(s, "to", "subset v3", error));
  CHECK(Matches(s, redirect));
  REQUIRE(SetField(s, "to", "host v3", error));
  CHECK_FALSE(Matches(s, redirect));
  s = spec("redirect", "service reviews");
  REQUIRE(SetField(s, "share", "10%", error));
  CHECK(Matches(s, redirect));
  REQUIRE(SetField(s, "share", "20%", error));
  CHECK_FALSE(Matches(s, redirect));
  CHECK_FALSE(Matches(spec("mirror", "service reviews"), redirect));
  CHECK_FALSE(Matches(spec("redirect", "service ratings"), redirect));
  s = spec("redirect", "service reviews");
  s.policy = "other";
  CHECK_FALSE(Matches(s, redirect));
  CHECK(FormatSpec(SpecOf(redirect)) == "{kind: redirect, target: service reviews, share: 10%, to: subset v3, policy: p}");

  action::Action isolate{action::Isolate{600}, {action::TargetKind::kNode, "cart-1", "cart"}, {"q", "", {}, "", 0}};
  CHECK(Matches(spec("isolate", "node cart/cart-1"), isolate));
  CHECK(FormatSpec(SpecOf(isolate)) == "{kind: isolate, target: node cart/cart-1, for: 10m, policy: q}");
  action::Action retries{action::SetRetries{3, "5xx,reset"}, {action::TargetKind::kRoute, "checkout/api", ""},
                         {"r", "", {}, "", 0}};
  CHECK(FormatSpec(SpecOf(retries)) ==
        "{kind: set_retries, target: route checkout/api, attempts: 3, on: \"5xx,reset\", policy: r}");
}

TEST_CASE("a run reports each failed expectation with its line, time, expected and actual value") {
  FileReport report = RunTestPath("tests/engine/fixtures/wrong_expectation.test.yaml", {Backend::kInterpreter, ""});
  CHECK(report.error.empty());
  REQUIRE(report.tests.size() == 2);
  CHECK_FALSE(report.tests[0].passed);
  CHECK(report.tests[1].passed);
  CHECK(report.passed() == 1);
  CHECK(report.failed() == 1);
  REQUIRE(report.failures.size() == 2);
  const Failure& state = report.failures[0];
  CHECK(state.test == "slow checkout is shadowed");
  CHECK(state.line == 14);
  CHECK(state.at_ms == 210000);
  CHECK(state.what == "state of `shadow_slow_checkout` for service checkout");
  CHECK(state.expected == "recovering");
  CHECK(state.actual == "firing since 2m");
  const Failure& actions = report.failures[1];
  CHECK(actions.line == 15);
  CHECK(actions.what == "active actions (1 expected not active, 1 active not expected)");
  CHECK(report.policies == std::set<std::string>{"isolate_failing_nodes", "mtls_everywhere", "shadow_slow_checkout",
                                                 "throttle_debug_traffic"});
  CHECK(report.exercised == std::set<std::string>{"mtls_everywhere", "shadow_slow_checkout"});
}

TEST_CASE("an unknown policy in an expectation is an error, not an inactive pass") {
  TestFile file;
  std::string error;
  REQUIRE(ParseTestFile(kHeader + "  - name: t\n    expect: [{at: 0s, states: {shadow_slow_checkot: inactive}}]\n",
                        "tests/engine/t.test.yaml", file, error));
  FileReport report = RunTestFile(file, {Backend::kInterpreter, ""});
  CHECK(report.error == "tests/engine/t.test.yaml:5: no policy `shadow_slow_checkot` in the policies under test");
  CHECK(report.tests.empty());
}

TEST_CASE("the recording of a test is canonical telemetry JSON") {
  TestFile file;
  std::string error;
  REQUIRE(ParseTestFile(kHeader +
                            "  - name: t\n    series:\n      node cart/cart-1: {namespace: prod, tags: {zone: a}, "
                            "errors: \"1/s, _\", requests: 10/s x2}\n    expect: [{at: 30s, actions: none}]\n",
                        "tests/engine/t.test.yaml", file, error));
  REQUIRE(file.tests.size() == 1);
  CHECK(file.tests[0].evaluations == 2);
  CHECK(RecordingJson(file.tests[0]) == R"({
  "frames": [
    {
      "time_ms": 0,
      "entities": [
        {
          "kind": "node",
          "service": "cart",
          "namespace": "prod",
          "node": "cart-1",
          "tags": {
            "zone": "a"
          },
          "metrics": {
            "errors": 1.0,
            "requests": 10.0
          }
        }
      ]
    },
    {
      "time_ms": 30000,
      "entities": [
        {
          "kind": "node",
          "service": "cart",
          "namespace": "prod",
          "node": "cart-1",
          "tags": {
            "zone": "a"
          },
          "metrics": {
            "errors": null,
            "requests": 10.0
          }
        }
      ]
    }
  ]
}
)");
}

TEST_CASE("a loose expected action does not take the active action a stricter one needs") {
  auto redirect = [](const std::string& to) {
    return action::Action{action::Redirect{0.1, {to, action::DestinationKind::kAny, false}},
                          {action::TargetKind::kService, "web", ""},
                          {"p", "service web", {}, "", 0}};
  };
  std::vector<action::Action> active{redirect("x"), redirect("y")};
  ActionSpec loose;
  loose.kind = "redirect";
  loose.target = "service web";
  ActionSpec strict = loose;
  std::string error;
  REQUIRE(SetField(strict, "to", "x", error));
  // The loose one would match `x` first; pairing moves it to `y`.
  CHECK(PairActions({loose, strict}, active) == std::vector<int>{1, 0});
  CHECK(PairActions({strict, strict}, active) == std::vector<int>{0, -1});
}
