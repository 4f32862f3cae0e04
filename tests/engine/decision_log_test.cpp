// The decision log: DecisionToJson → ParseDecisionLog keeps every field, malformed lines are
// reported by line, and Explain reads decisions back in plain words.
#include "EngineFixture.h"

using namespace stitch;
using namespace stitch::enginetest;

namespace {

// A run with transitions (with inputs) and a blocked action.
Run GuardedRun() {
  Run run(R"(
policy failing_nodes {
  target each node of service "cart"
  when error_rate > 5% and requests > 1/s for 30s
  then isolate node for 10m
}
)");
  for (int64_t s : {0, 30, 60}) {
    run.Tick(MakeFrame(s * 1000, {{Node("cart", "cart-1"), {{"error_rate", 0.25}, {"requests", 8}}},
                                  {Node("cart", "cart-2"), {{"error_rate", 0.5}, {"requests", 4}}}}));
  }
  run.Tick(MakeFrame(90000, {{Node("cart", "cart-1"), {{"error_rate", 0.0}, {"requests", 8}}},
                             {Node("cart", "cart-2"), {{"error_rate", 0.5}, {"requests", 4}}}}));
  return run;
}

}  // namespace

TEST_CASE("decision log round trip keeps every field") {
  Run run = GuardedRun();
  std::string text;
  for (const engine::Decision& d : run.log) text += engine::DecisionToJson(d) + "\n";
  std::vector<engine::Decision> back;
  std::string error;
  REQUIRE(engine::ParseDecisionLog(text, back, error));
  CHECK(error.empty());
  REQUIRE(back.size() == run.log.size());
  REQUIRE(back.size() == 6);
  size_t blocked = 0;
  for (size_t i = 0; i < back.size(); ++i) {
    INFO("decision " << i << ": " << engine::DecisionToJson(run.log[i]));
    const engine::Decision& a = run.log[i];
    const engine::Decision& b = back[i];
    CHECK(a.kind == b.kind);
    CHECK(a.time_ms == b.time_ms);
    CHECK(a.policy == b.policy);
    CHECK(a.entity == b.entity);
    CHECK(a.reason == b.reason);
    CHECK(a.inputs == b.inputs);
    if (a.kind == engine::Decision::Kind::kTransition) {
      CHECK(a.from == b.from);
      CHECK(a.to == b.to);
    } else {
      ++blocked;
      CHECK(a.guard == b.guard);
      REQUIRE(b.action);
      CHECK(*a.action == *b.action);
    }
    CHECK(engine::DecisionToJson(b) == engine::DecisionToJson(a));
  }
  CHECK(blocked == 1);
}

TEST_CASE("decision log lines are exact JSON") {
  Run run = GuardedRun();
  CHECK(engine::DecisionToJson(run.log[0]) ==
        R"({"time":"1970-01-01T00:00:00.000Z","time_ms":0,"kind":"transition","policy":"failing_nodes",)"
        R"("entity":"node cart/cart-1","from":"inactive","to":"pending","reason":"`error_rate > 5% and requests > 1/s` )"
        R"(became true; firing once it holds for 30s","inputs":{"error_rate":0.25,"requests":8.0}})");
}

TEST_CASE("a malformed decision log names the line") {
  std::vector<engine::Decision> out;
  std::string error;
  Run run = GuardedRun();
  std::string good = engine::DecisionToJson(run.log[0]);
  CHECK_FALSE(engine::ParseDecisionLog(good + "\n{not json\n", out, error));
  CHECK(error == "line 2: not a JSON object");
  out.clear();
  CHECK_FALSE(engine::ParseDecisionLog(good + "\n\n" + R"({"time_ms": 5, "kind": "transition", "from": "up", "to": "firing"})",
                                       out, error));
  CHECK(error == "line 3: `from` and `to` must be states");
  CHECK_FALSE(engine::ParseDecisionLog(R"({"time_ms": "soon", "kind": "blocked"})", out, error));
  CHECK(error == "line 1: `time_ms` must be an integer");
}

TEST_CASE("Explain says why in plain words") {
  Run run = GuardedRun();
  std::vector<std::string> lines;
  for (const engine::Decision& d : run.log) lines.push_back(engine::Explain(d));
  CHECK(lines == std::vector<std::string>{
                     "1970-01-01T00:00:00.000Z failing_nodes became pending for node cart/cart-1: `error_rate > 5% and "
                     "requests > 1/s` became true; firing once it holds for 30s (error_rate = 0.25, requests = 8)",
                     "1970-01-01T00:00:00.000Z failing_nodes became pending for node cart/cart-2: `error_rate > 5% and "
                     "requests > 1/s` became true; firing once it holds for 30s (error_rate = 0.5, requests = 4)",
                     "1970-01-01T00:00:30.000Z failing_nodes started firing for node cart/cart-1: `error_rate > 5% and "
                     "requests > 1/s` held for 30s (error_rate = 0.25, requests = 8)",
                     "1970-01-01T00:00:30.000Z failing_nodes started firing for node cart/cart-2: `error_rate > 5% and "
                     "requests > 1/s` held for 30s (error_rate = 0.5, requests = 4)",
                     "1970-01-01T00:00:30.000Z failing_nodes for node cart/cart-2: isolate node `cart-2` for 600s was "
                     "not applied (min_healthy_nodes): isolating node `cart-2` would leave service `cart` fewer than 1 "
                     "healthy node(s) of 2",
                     "1970-01-01T00:01:30.000Z failing_nodes began recovering for node cart/cart-1: `not (error_rate > "
                     "5% and requests > 1/s)` became true; recovering once it holds for 30s (error_rate = 0, requests = 8)",
                 });  // cart-2 stays blocked at 1m30s: logged once, when the guard starts to block it
}
