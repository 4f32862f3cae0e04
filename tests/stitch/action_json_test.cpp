// The actions JSON format: reading, writing, and errors located by JSON pointer.
#include <catch2/catch.hpp>

#include "action/ActionJson.h"

using namespace stitch::action;

namespace {

const char* kAll = R"J({"version": 1, "actions": [
  {"type": "redirect", "target": {"kind": "service", "name": "checkout"}, "share": 0.1,
   "to": {"name": "checkout-shadow", "kind": "host"},
   "provenance": {"policy": "shadow_slow_checkout", "entity": "checkout",
                  "inputs": {"p99(latency)": 0.62}, "time": "2026-12-03T10:00:00Z", "priority": 2}},
  {"type": "mirror", "target": {"kind": "route", "name": "reviews/0"}, "share": 0.05,
   "to": {"name": "v1", "kind": "subset", "declared": true}, "provenance": {"policy": "m"}},
  {"type": "shift", "target": {"kind": "service", "name": "jazz"}, "share": 0.2, "step": 0.05,
   "every_seconds": 600, "max": 0.5, "to": {"name": "jazz-v2"}, "provenance": {"policy": "s"}},
  {"type": "isolate", "target": {"kind": "node", "name": "10.0.0.2:8080", "service": "cart"},
   "for_seconds": 300, "provenance": {"policy": "i"}},
  {"type": "rate_limit", "target": {"kind": "service", "name": "api"}, "per_second": 100, "burst": 20,
   "header": {"name": "x-debug", "value": "1"}, "provenance": {"policy": "r"}},
  {"type": "require_mtls", "target": {"kind": "namespace", "name": "prod"}, "mode": "strict",
   "provenance": {"policy": "t"}},
  {"type": "set_timeout", "target": {"kind": "route", "name": "api/"}, "seconds": 0.5, "provenance": {"policy": "u"}},
  {"type": "set_retries", "target": {"kind": "service", "name": "api"}, "attempts": 3, "on": "gateway-error",
   "provenance": {"policy": "v"}}
]})J";

std::string ErrorOf(const std::string& text) {
  auto r = ReadActions(text, "a.json");
  REQUIRE_FALSE(r.ok());
  return r.error().Render();
}

std::string One(const std::string& action) { return R"({"version": 1, "actions": [)" + action + "]}"; }

}  // namespace

TEST_CASE("every action kind reads with its typed fields in base units") {
  auto r = ReadActions(kAll, "a.json");
  REQUIRE(r.ok());
  const auto& a = *r;
  REQUIRE(a.size() == 8);

  const auto& redirect = std::get<Redirect>(a[0].kind);
  CHECK(redirect.share == 0.1);
  CHECK(redirect.to == Destination{"checkout-shadow", DestinationKind::kHost, false});
  CHECK(a[0].target == Target{TargetKind::kService, "checkout", ""});
  CHECK(a[0].provenance.policy == "shadow_slow_checkout");
  CHECK(a[0].provenance.inputs.at("p99(latency)") == 0.62);
  CHECK(a[0].provenance.time == "2026-12-03T10:00:00Z");
  CHECK(a[0].provenance.priority == 2);

  CHECK(std::get<Mirror>(a[1].kind).to == Destination{"v1", DestinationKind::kSubset, true});
  CHECK(a[1].provenance.entity == "reviews/0");  // defaults to the target name
  const auto& shift = std::get<Shift>(a[2].kind);
  CHECK(shift.share == 0.2);
  CHECK(shift.step == 0.05);
  CHECK(shift.every_seconds == 600);
  CHECK(shift.max == 0.5);
  CHECK(std::get<Isolate>(a[3].kind).for_seconds == 300);
  CHECK(a[3].target.service == "cart");
  const auto& limit = std::get<RateLimit>(a[4].kind);
  CHECK(limit.per_second == 100);
  CHECK(limit.burst == 20);
  CHECK(limit.header == HeaderMatch{"x-debug", "1"});
  CHECK(std::get<RequireMtls>(a[5].kind).mode == MtlsMode::kStrict);
  CHECK(std::get<SetTimeout>(a[6].kind).seconds == 0.5);
  CHECK(std::get<SetRetries>(a[7].kind).attempts == 3);
  CHECK(std::get<SetRetries>(a[7].kind).on == "gateway-error");
}

TEST_CASE("writing and reading actions round-trips exactly and deterministically") {
  auto r = ReadActions(kAll, "a.json");
  REQUIRE(r.ok());
  std::string text = WriteActions(*r);
  auto again = ReadActions(text, "b.json");
  REQUIRE(again.ok());
  CHECK(*again == *r);
  CHECK(WriteActions(*again) == text);
  CHECK(text.rfind("{\n  \"version\": 1,\n  \"actions\": [\n    {\n      \"type\": \"redirect\",", 0) == 0);
}

TEST_CASE("a bare array of actions is accepted") {
  auto r = ReadActions(R"([{"type": "set_timeout", "target": {"kind": "service", "name": "a"}, "seconds": 1, "provenance": {"policy": "p"}}])");
  REQUIRE(r.ok());
  CHECK(r->size() == 1);
  CHECK(std::get<SetRetries>(Kind{SetRetries{}}).on == "5xx");
}

TEST_CASE("bad actions JSON is reported with code and JSON path") {
  CHECK(ErrorOf("{\"version\": 1,\n \"actions\": [}") ==
        "a.json:2:14: error[S0101]: invalid JSON: syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal");
  CHECK(ErrorOf(R"({"version": 2, "actions": []})") ==
        "a.json: /version: error[S0102]: unsupported actions format version 2.0 (this build reads version 1)");
  CHECK(ErrorOf(R"({"version": 1})") == "a.json: /: error[S0102]: missing field `actions`");
  CHECK(ErrorOf(One(R"({"type": "redirect", "target": {"kind": "service", "name": "a"}, "share": 1.5,
                        "to": {"name": "b"}, "provenance": {"policy": "p"}})")) ==
        "a.json: /actions/0/share: error[S0102]: `share` must be a ratio in [0, 1]");
  CHECK(ErrorOf(One(R"({"type": "redirect", "target": {"kind": "service", "name": "a"}, "share": 0.5,
                        "to": {"name": "b", "kind": "pod"}, "provenance": {"policy": "p"}})")) ==
        "a.json: /actions/0/to/kind: error[S0102]: destination kind must be `any`, `subset` or `host`, not `pod`");
  CHECK(ErrorOf(One(R"({"type": "explode", "target": {"kind": "service", "name": "a"}, "provenance": {"policy": "p"}})")) ==
        "a.json: /actions/0/type: error[S0102]: unknown action type `explode` (expected redirect, mirror, shift, "
        "isolate, rate_limit, require_mtls, set_timeout or set_retries)");
  CHECK(ErrorOf(One(R"({"type": "set_timeout", "target": {"kind": "service", "name": "a"}, "seconds": "2s", "provenance": {"policy": "p"}})")) ==
        "a.json: /actions/0/seconds: error[S0102]: expected a number, found a string");
  CHECK(ErrorOf(One(R"({"type": "set_timeout", "target": {"kind": "service", "name": "a"}, "seconds": 2, "timeout": 1, "provenance": {"policy": "p"}})")) ==
        "a.json: /actions/0/timeout: error[S0102]: unknown field `timeout`");
  CHECK(ErrorOf(One(R"({"type": "isolate", "target": {"kind": "service", "name": "a"}, "provenance": {"policy": "p"}})")) ==
        "a.json: /actions/0/target/kind: error[S0102]: `isolate` cannot target a service");
  CHECK(ErrorOf(One(R"({"type": "set_timeout", "target": {"kind": "service", "name": "a"}, "seconds": 2, "provenance": {"policy": "p", "time": "yesterday"}})")) ==
        "a.json: /actions/0/provenance/time: error[S0102]: time must be RFC 3339 UTC like `2026-12-03T10:00:00Z`, not `yesterday`");
  CHECK(ErrorOf(One(R"({"type": "set_timeout", "target": {"kind": "service", "name": "a"}, "seconds": 2})")) ==
        "a.json: /actions/0: error[S0102]: missing field `provenance`");
  CHECK(ErrorOf(One(R"({"type": "set_retries", "target": {"kind": "service", "name": "a"}, "attempts": 2.5, "provenance": {"policy": "p"}})")) ==
        "a.json: /actions/0/attempts: error[S0102]: `attempts` must be an integer");
  CHECK(ErrorOf(One(R"({"type": "shift", "target": {"kind": "service", "name": "a"}, "share": 0.6, "step": 0.1, "every_seconds": 60, "max": 0.5, "to": {"name": "b"}, "provenance": {"policy": "p"}})")) ==
        "a.json: /actions/0/share: error[S0102]: `share` must not exceed `max`");
}

TEST_CASE("actions describe themselves for messages and audit entries") {
  auto r = ReadActions(kAll, "a.json");
  REQUIRE(r.ok());
  CHECK(Describe((*r)[0]) == "redirect 10% of service `checkout` to host `checkout-shadow`");
  CHECK(Describe((*r)[3]) == "isolate node `10.0.0.2:8080` for 300s");
  CHECK(Describe((*r)[4]) == "rate_limit service `api` to 100/s burst 20 on header `x-debug` = `1`");
  CHECK(Describe((*r)[5]) == "require mtls strict on namespace `prod`");
  CHECK(Describe((*r)[7]) == "set retries 3 on `gateway-error` for service `api`");
}
