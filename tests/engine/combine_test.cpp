// Typed actions and their combination: `shift` stepping and stopping at `max`, the guard that
// keeps the last healthy node, `max_redirect`, conflicts by priority, `max_changes_per_tick`.
#include "EngineFixture.h"

using namespace stitch;
using namespace stitch::enginetest;
using Strings = std::vector<std::string>;

TEST_CASE("shift steps every D while firing and stops at max") {
  Run run(R"(
policy canary {
  target service "reviews"
  when error_rate < 2% for 5m
  then shift 10% to subset "v3" step 15% every 10m max 50%
}
)");
  std::vector<double> shares;
  // One frame every 5 minutes; firing from 5m on.
  for (int64_t minute = 0; minute <= 60; minute += 5) {
    run.Tick(MakeFrame(minute * 60000, {{Service("reviews"), {{"error_rate", 0.01}}}}));
    const auto& actions = run.engine->actions();
    if (actions.empty()) {
      shares.push_back(0);
      continue;
    }
    REQUIRE(actions.size() == 1);
    const auto* shift = std::get_if<action::Shift>(&actions[0].kind);
    REQUIRE(shift);
    CHECK(shift->step == Approx(0.15).margin(1e-12));
    CHECK(shift->every_seconds == 600);
    CHECK(shift->max == Approx(0.5).margin(1e-12));
    CHECK(shift->to == action::Destination{"v3", action::DestinationKind::kSubset, false});
    CHECK(actions[0].provenance.time == "1970-01-01T00:05:00.000Z");
    shares.push_back(shift->share);
  }
  //                          0m 5m   10m  15m   20m   25m   30m   35m   40m   45m  50m  55m  60m
  const std::vector<double> want{0, 0.1, 0.1, 0.25, 0.25, 0.4, 0.4, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
  REQUIRE(shares.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    INFO("minute " << i * 5);
    CHECK(shares[i] == Approx(want[i]).margin(1e-12));
  }
}

TEST_CASE("guard min_healthy_nodes keeps the last healthy node of a service") {
  Run run(R"(
policy failing_nodes {
  target each node of service "cart"
  when error_rate > 5%
  then isolate node
}
)");
  auto frame = [](int64_t s, double e1, double e2) {
    return MakeFrame(s * 1000, {{Node("cart", "cart-1"), {{"error_rate", e1}}},
                                {Node("cart", "cart-2"), {{"error_rate", e2}}}});
  };
  run.Tick(frame(0, 0.5, 0.5));
  run.Tick(frame(30, 0.5, 0.5));
  CHECK(run.StateOf("failing_nodes", "node cart/cart-1") == engine::State::kFiring);
  CHECK(run.StateOf("failing_nodes", "node cart/cart-2") == engine::State::kFiring);
  CHECK(run.Actions() == Strings{"isolate node `cart-1`"});
  // Blocked once when the guard starts to block, not again every tick.
  CHECK(run.Blocked() == Strings{"0s min_healthy_nodes isolate node `cart-2`"});
  const engine::Decision& blocked = run.log.back();
  CHECK(blocked.reason == "isolating node `cart-2` would leave service `cart` fewer than 1 healthy node(s) of 2");
  CHECK(blocked.policy == "failing_nodes");
  CHECK(blocked.entity == "node cart/cart-2");

  // cart-1 heals: the guard now lets cart-2 go.
  run.Tick(frame(60, 0.0, 0.5));
  CHECK(run.Actions() == Strings{"isolate node `cart-2`"});
  CHECK(run.Blocked().size() == 1);
}

TEST_CASE("a single node is never isolated") {
  Run run(R"(
policy failing_nodes {
  target each node of service "cart"
  when error_rate > 5%
  then isolate node
}
)");
  run.Tick(MakeFrame(0, {{Node("cart", "cart-1"), {{"error_rate", 0.5}}}}));
  CHECK(run.Actions().empty());
  CHECK(run.Blocked() == Strings{"0s min_healthy_nodes isolate node `cart-1`"});
}

TEST_CASE("guard max_isolated bounds the share of a service's nodes isolated at once") {
  Run run(R"(
guard max_isolated 50%
guard min_healthy_nodes 0
policy failing_nodes {
  target each node of service "cart"
  when error_rate > 5%
  then isolate node
}
)");
  std::vector<Row> rows;
  for (int i = 1; i <= 4; ++i) rows.push_back({Node("cart", "cart-" + std::to_string(i)), {{"error_rate", 0.5}}});
  run.Tick(MakeFrame(0, rows));
  CHECK(run.Actions() == Strings{"isolate node `cart-1`", "isolate node `cart-2`"});
  CHECK(run.Blocked() == Strings{"0s max_isolated isolate node `cart-3`", "0s max_isolated isolate node `cart-4`"});
  CHECK(run.log.back().reason == "service `cart` may have at most 50% of its 4 nodes isolated");
}

TEST_CASE("guard max_redirect caps all redirects of a target together") {
  Run run(R"(
guard max_redirect 50%
policy first { priority 2  target service "web"  always  then redirect 40% to "a" }
policy second { priority 1  target service "web"  always  then redirect 40% to "b" }
policy third { target service "web"  always  then redirect 5% to "c" }
)");
  run.Tick(MakeFrame(0, {}));
  CHECK(run.Actions() == Strings{"redirect 40% of service `web` to `a`", "redirect 10% of service `web` to `b`"});
  CHECK(run.Blocked() == Strings{"0s max_redirect redirect 40% of service `web` to `b`",
                                 "0s max_redirect redirect 5% of service `web` to `c`"});
  REQUIRE(run.log.size() == 5);
  CHECK(run.log[3].reason == "reduced from 40% to 10%: service web may move at most 50% in all");
  CHECK(run.log[4].reason == "service web already moves 50% of its traffic, the most allowed");
  run.Tick(MakeFrame(60000, {}));
  CHECK(run.log.size() == 5);  // still capped; not logged again
}

TEST_CASE("a conflict is resolved by priority, not by name, and reported") {
  Run run(R"(
policy a_loose { priority 1  target service "web"  always  then set timeout 5s }
policy z_strict { priority 5  target service "web"  always  then set timeout 1s }
)");
  run.Tick(MakeFrame(0, {}));
  CHECK(run.Actions() == Strings{"set timeout 1s on service `web`"});
  CHECK(run.Blocked() == Strings{"0s conflict set timeout 5s on service `web`"});
  const engine::Decision& conflict = run.log.back();
  CHECK(conflict.policy == "a_loose");
  CHECK(conflict.reason == "policy `z_strict` (priority 5) already sets this for service web");
  REQUIRE(run.engine->actions().size() == 1);
  CHECK(run.engine->actions()[0].provenance.policy == "z_strict");
  CHECK(run.engine->actions()[0].provenance.priority == 5);
}

TEST_CASE("guard max_changes_per_tick spreads changes over ticks") {
  Run run(R"(
guard max_changes_per_tick 2
policy m1 { target service "a"  always  then set timeout 1s }
policy m2 { target service "b"  always  then set timeout 1s }
policy m3 { target service "c"  always  then set timeout 1s }
)");
  run.Tick(MakeFrame(0, {}));
  CHECK(run.Actions() == Strings{"set timeout 1s on service `a`", "set timeout 1s on service `b`"});
  CHECK(run.Blocked() == Strings{"0s max_changes_per_tick set timeout 1s on service `c`"});
  CHECK(run.log.back().reason == "more than 2 changes this tick; applied on a later tick");
  run.Tick(MakeFrame(60000, {}));
  CHECK(run.Actions() == Strings{"set timeout 1s on service `a`", "set timeout 1s on service `b`",
                                 "set timeout 1s on service `c`"});
  CHECK(run.last.actions_changed);
}

TEST_CASE("actions carry provenance: policy, entity, inputs at the transition, time, priority") {
  Run run(R"(
policy shadow_each {
  priority 3
  target service ~ "frontend-.*"
  when p99(latency) > 1s
  then redirect 10% to "{service}-shadow"
}
)");
  run.Tick(MakeFrame(30000, {{Service("frontend-web"), {{"latency.p99", 1.5}}},
                             {Service("frontend-api"), {{"latency.p99", 0.1}}},
                             {Service("backend"), {{"latency.p99", 9}}}}));
  run.Tick(MakeFrame(60000, {{Service("frontend-web"), {{"latency.p99", 2.5}}}}));
  REQUIRE(run.engine->actions().size() == 1);
  const action::Action& a = run.engine->actions()[0];
  CHECK(action::Describe(a) == "redirect 10% of service `frontend-web` to `frontend-web-shadow`");
  CHECK(a.target == action::Target{action::TargetKind::kService, "frontend-web", ""});
  CHECK(a.provenance == action::Provenance{"shadow_each", "service frontend-web", {{"latency.p99", 1.5}},
                                           "1970-01-01T00:00:30.000Z", 3});
}

TEST_CASE("max_changes_per_tick counts a shift's step as one change and never drops the shift") {
  Run run(R"(
guard max_changes_per_tick 1
policy canary {
  target service "reviews"
  always
  then shift 10% to subset "v3" step 10% every 10m max 30%
}
policy other {
  target service "ratings"
  when requests > 100/s
  then set timeout 1s
}
)");
  auto frame = [](int64_t minute, double ratings_requests) {
    return MakeFrame(minute * 60000, {{Service("ratings"), {{"requests", ratings_requests}}}});
  };
  run.Tick(frame(0, 10));
  CHECK(run.Actions() == Strings{"shift 10% of service `reviews` to subset `v3` (step 10% every 600s, max 30%)"});
  // At 10m the shift steps to 20% while `other` starts firing: one change fits, the other waits.
  run.Tick(frame(10, 500));
  CHECK(run.Actions() == Strings{"shift 20% of service `reviews` to subset `v3` (step 10% every 600s, max 30%)"});
  CHECK(run.Blocked() == Strings{"600s max_changes_per_tick set timeout 1s on service `ratings`"});
  run.Tick(frame(11, 500));
  CHECK(run.Actions() == Strings{"shift 20% of service `reviews` to subset `v3` (step 10% every 600s, max 30%)",
                                 "set timeout 1s on service `ratings`"});
  // With no budget left for the step, the shift keeps its share for a tick instead of vanishing.
  run.Tick(frame(20, 10));
  CHECK(run.Actions() == Strings{"shift 20% of service `reviews` to subset `v3` (step 10% every 600s, max 30%)"});
  CHECK(run.Blocked().back() ==
        "1200s max_changes_per_tick shift 30% of service `reviews` to subset `v3` (step 10% every 600s, max 30%)");
  run.Tick(frame(21, 10));
  CHECK(run.Actions() == Strings{"shift 30% of service `reviews` to subset `v3` (step 10% every 600s, max 30%)"});
}
