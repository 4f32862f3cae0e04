// The state machine of each (policy, entity) pair, driven through the engine: every path,
// `for 0`, the default recovery, hysteresis against flapping, `on missing` and zero traffic.
#include <cmath>

#include "EngineFixture.h"
#include "runtime/ingest/CanonicalJson.h"

using namespace stitch;
using namespace stitch::enginetest;
using Strings = std::vector<std::string>;

namespace {

constexpr auto kNone = std::nullopt;

const char* kSlow = R"(
policy slow {
  target service "checkout"
  when p99(latency) > 500ms for 1m
  recover when p99(latency) < 300ms for 2m
  then redirect 10% to "checkout-shadow"
}
)";

}  // namespace

TEST_CASE("every state-machine path: pending, firing, recovering, back to firing, inactive") {
  Run run(kSlow);
  auto id = Service("checkout");
  // 30 s apart: 0 30 60 90 120 150 180 210 240 270 300 330 360 390 420
  Feed(run, id, "latency.p99", {0.2, 0.6, 0.6, 0.6, 0.4, 0.2, 0.2, 0.4, 0.2, 0.2, 0.2, 0.2, 0.2, 0.6, 0.2}, 30);
  CHECK(run.Transitions() == Strings{"30s inactive->pending", "90s pending->firing", "150s firing->recovering",
                                     "210s recovering->firing", "240s firing->recovering",
                                     "360s recovering->inactive", "390s inactive->pending",
                                     "420s pending->inactive"});
  CHECK(run.Actions().empty());
}

TEST_CASE("actions are applied while firing and recovering, and removed when inactive") {
  Run run(kSlow);
  auto id = Service("checkout");
  const Strings redirect{"redirect 10% of service `checkout` to `checkout-shadow`"};
  Feed(run, id, "latency.p99", {0.6, 0.6}, 30);
  CHECK(run.Actions().empty());  // pending
  Feed(run, id, "latency.p99", {0.6}, 30, 60);
  CHECK(run.last.actions_changed);
  CHECK(run.Actions() == redirect);
  Feed(run, id, "latency.p99", {0.2, 0.2, 0.2, 0.2}, 30, 90);
  CHECK(run.StateOf("slow", "service checkout") == engine::State::kRecovering);
  CHECK(run.Actions() == redirect);
  CHECK_FALSE(run.last.actions_changed);
  Feed(run, id, "latency.p99", {0.2}, 30, 210);
  CHECK(run.StateOf("slow", "service checkout") == engine::State::kInactive);
  CHECK(run.Actions().empty());
  CHECK(run.last.actions_changed);
  REQUIRE(run.log.size() == 4);
  CHECK(run.log[1].inputs == std::map<std::string, double>{{"latency.p99", 0.6}});
  REQUIRE(run.log[1].to == engine::State::kFiring);
}

TEST_CASE("`for 0` fires and recovers on the first evaluation") {
  Run run(R"(
policy instant {
  target service "api"
  when requests > 100/s
  then set timeout 2s
}
)");
  Feed(run, Service("api"), "requests", {50, 150, 150, 50, 50}, 60);
  CHECK(run.Transitions() == Strings{"60s inactive->firing", "180s firing->inactive"});
  REQUIRE(run.log.size() == 2);
  CHECK(run.log[0].reason == "`requests > 100/s` is true");
  CHECK(run.log[1].reason == "`not (requests > 100/s)` is true");
}

TEST_CASE("default recovery is `not when` for the same duration") {
  Run run(R"(
policy busy {
  target service "api"
  when requests > 100/s for 2m
  then set timeout 2s
}
)");
  Feed(run, Service("api"), "requests", {150, 150, 150, 50, 150, 50, 50, 50}, 60);
  CHECK(run.Transitions() == Strings{"0s inactive->pending", "120s pending->firing", "180s firing->recovering",
                                     "240s recovering->firing", "300s firing->recovering",
                                     "420s recovering->inactive"});
  REQUIRE(run.log.size() == 6);
  CHECK(run.log[2].reason == "`not (requests > 100/s)` became true; recovering once it holds for 2m");
  CHECK(run.log[5].reason == "`not (requests > 100/s)` held for 2m");
}

TEST_CASE("a series oscillating around the threshold fires and recovers only as the windows allow") {
  Run run(R"(
policy slow {
  target service "checkout"
  when p99(latency) > 500ms for 2m
  then redirect 10% to "checkout-shadow"
}
)");
  auto id = Service("checkout");
  std::vector<std::optional<double>> series;
  for (int i = 0; i < 8; ++i) series.push_back(i % 2 == 0 ? 0.6 : 0.4);   // 0..210 s: flapping
  for (int i = 0; i < 5; ++i) series.push_back(0.6);                      // 240..360 s: slow
  for (int i = 0; i < 8; ++i) series.push_back(i % 2 == 0 ? 0.4 : 0.6);   // 390..600 s: flapping
  for (int i = 0; i < 5; ++i) series.push_back(0.4);                      // 630..750 s: fast
  int changes = 0;
  for (size_t i = 0; i < series.size(); ++i) {
    run.Tick(MakeFrame(static_cast<int64_t>(i) * 30000, {{id, {{"latency.p99", *series[i]}}}}));
    if (run.last.actions_changed) ++changes;
  }
  CHECK(run.Transitions() == Strings{
                                 "0s inactive->pending", "30s pending->inactive", "60s inactive->pending",
                                 "90s pending->inactive", "120s inactive->pending", "150s pending->inactive",
                                 "180s inactive->pending", "210s pending->inactive",
                                 "240s inactive->pending", "360s pending->firing",
                                 "390s firing->recovering", "420s recovering->firing",
                                 "450s firing->recovering", "480s recovering->firing",
                                 "510s firing->recovering", "540s recovering->firing",
                                 "570s firing->recovering", "600s recovering->firing",
                                 "630s firing->recovering", "750s recovering->inactive"});
  CHECK(changes == 2);  // the redirect is added once (360 s) and removed once (750 s)
}

TEST_CASE("a metric absent for some ticks under each `on missing` mode") {
  auto policy = [](const std::string& mode) {
    return "policy slow {\n  target service \"checkout\"\n  when p99(latency) > 500ms for 1m\n  on missing " + mode +
           "\n  then redirect 10% to \"checkout-shadow\"\n}\n";
  };
  auto id = Service("checkout");
  const std::vector<std::optional<double>> gaps{0.6, kNone, kNone, 0.6, kNone, 0.2, kNone, 0.2};

  SECTION("hold keeps the current state") {
    Run run(policy("hold"));
    Feed(run, id, "latency.p99", gaps, 30);
    CHECK(run.Transitions() == Strings{"0s inactive->pending", "90s pending->firing", "150s firing->recovering",
                                       "210s recovering->inactive"});
  }
  SECTION("fire reads missing as the condition holding and recovery not holding") {
    Run run(policy("fire"));
    Feed(run, id, "latency.p99", gaps, 30);
    CHECK(run.Transitions() == Strings{"0s inactive->pending", "60s pending->firing", "150s firing->recovering",
                                       "180s recovering->firing", "210s firing->recovering"});
    REQUIRE(run.log.size() == 5);
    CHECK(run.log[1].reason == "`p99(latency) > 500ms` held for 1m (data was missing; `on missing fire`)");
    CHECK(run.log[1].inputs.empty());
  }
  SECTION("skip reads missing as the condition not holding and recovery holding") {
    Run run(policy("skip"));
    Feed(run, id, "latency.p99", gaps, 30);
    CHECK(run.Transitions() == Strings{"0s inactive->pending", "30s pending->inactive", "90s inactive->pending",
                                       "120s pending->inactive"});
    Run firing(policy("skip"));
    Feed(firing, id, "latency.p99", {0.6, 0.6, 0.6, kNone, kNone, kNone}, 30);
    CHECK(firing.Transitions() == Strings{"0s inactive->pending", "60s pending->firing",
                                          "90s firing->recovering", "150s recovering->inactive"});
  }
}

TEST_CASE("an entity that leaves the frame has unknown conditions") {
  Run run(R"(
policy slow {
  target service "checkout"
  when p99(latency) > 500ms for 1m
  on missing skip
  then redirect 10% to "checkout-shadow"
}
)");
  Feed(run, Service("checkout"), "latency.p99", {0.6, 0.6, 0.6}, 30);
  run.Tick(MakeFrame(90000, {{Service("other"), {{"latency.p99", 0.6}}}}));
  CHECK(run.Transitions() == Strings{"0s inactive->pending", "60s pending->firing", "90s firing->recovering"});
}

TEST_CASE("zero traffic: error_rate is missing, not 0 and not NaN") {
  const std::string recording = R"({"frames": [
    {"time_ms": 0, "entities": [{"service": "checkout", "metrics": {"requests": 0, "errors": 0}}]},
    {"time_ms": 60000, "entities": [{"service": "checkout", "metrics": {"requests": 0, "errors": 0}}]},
    {"time_ms": 120000, "entities": [{"service": "checkout", "metrics": {"requests": 10, "errors": 2}}]}
  ]})";
  auto frames = ingest::ParseCanonicalJson(recording, "zero.json", ingest::IngestOptions{});
  REQUIRE(frames);
  REQUIRE(frames->size() == 3);
  const frame::Frame& idle = (*frames)[0];
  auto col = idle.ColumnIndex("error_rate");
  REQUIRE(col);
  CHECK_FALSE(idle.Valid(0, *col));
  CHECK(idle.Value(0, *col) == 0.0);  // storage of a missing value, never NaN
  CHECK_FALSE(std::isnan(idle.Value(0, *col)));
  CHECK(idle.Get(0, "error_rate") == std::nullopt);
  CHECK((*frames)[2].Get(0, "error_rate") == 0.2);

  Run run(R"(
policy errors_when_missing {
  target service "checkout"
  when error_rate > 5%
  on missing fire
  then set timeout 1s
}
policy low_errors {
  target service "checkout"
  when error_rate < 1%
  then set retries 2
}
)");
  for (frame::Frame& f : *frames) run.Tick(std::move(f));
  // Missing fires under `on missing fire`; a 0 would have been false. `low_errors` would have
  // fired on a 0 but holds (inactive) while the rate is unknown, and 20% is not below 1%.
  CHECK(run.Transitions("errors_when_missing") == Strings{"0s inactive->firing"});
  CHECK(run.Transitions("low_errors").empty());
  REQUIRE_FALSE(run.log.empty());
  CHECK(run.log[0].inputs.empty());  // the condition's only input, error_rate, is missing
  CHECK(run.log[0].reason == "`error_rate > 5%` is true (data was missing; `on missing fire`)");
  CHECK(run.StateOf("errors_when_missing", "service checkout") == engine::State::kFiring);
}

TEST_CASE("frames must come in time order; time comes from the frames") {
  Run run(kSlow);
  run.Tick(MakeFrame(60000, {{Service("checkout"), {{"latency.p99", 0.6}}}}));
  engine::TickResult result;
  CHECK_FALSE(run.engine->Tick(MakeFrame(30000, {{Service("checkout"), {{"latency.p99", 0.6}}}}), result));
  run.Tick(MakeFrame(120000, {{Service("checkout"), {{"latency.p99", 0.6}}}}));
  CHECK(run.Transitions() == Strings{"60s inactive->pending", "120s pending->firing"});
  CHECK(run.last.time_ms == 120000);
}
