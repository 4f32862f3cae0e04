// stitch(): weights, ordering and determinism, conflicts, guardrails and errors.
#include <algorithm>
#include <catch2/catch.hpp>

#include "GoldenUtil.h"
#include "action/ActionJson.h"
#include "stitch/Stitch.h"
#include "stitch/Weights.h"

namespace st = stitch::stitch;
using namespace stitch::action;
using stitch::test::GoldenRoot;
using stitch::test::ReadText;

namespace {

st::Manifest Load(const std::string& rel) {
  auto m = st::ParseManifest(ReadText(GoldenRoot() / rel), rel);
  REQUIRE(m);
  return *m;
}

Action Make(Kind kind, TargetKind tk, std::string target, std::string policy, int priority = 0,
            std::string service = "") {
  Action a;
  a.kind = std::move(kind);
  a.target = {tk, std::move(target), std::move(service)};
  a.provenance.policy = std::move(policy);
  a.provenance.entity = a.target.name;
  a.provenance.priority = priority;
  return a;
}

std::string Render(const st::StitchResult& r) {
  std::string out;
  for (const auto& m : r.manifests) out += st::RenderManifest(m);
  for (const auto& p : r.patches) out += p.dump();
  return out;
}

}  // namespace

TEST_CASE("largest remainder rounding sums to 100 and breaks ties by order") {
  CHECK(st::LargestRemainder({100.0 / 3, 100.0 / 3, 100.0 / 3}) == std::vector<std::int64_t>{34, 33, 33});
  CHECK(st::LargestRemainder({12.5, 12.5, 75}) == std::vector<std::int64_t>{13, 12, 75});
  CHECK(st::LargestRemainder({66.6, 33.4}) == std::vector<std::int64_t>{67, 33});
}

TEST_CASE("rebalance moves shares proportionally and keeps zero-weight destinations") {
  auto r = st::Rebalance({{"v1", 8}, {"v2", 2}}, {{"v3", 0.1}}, "here");
  REQUIRE(r);
  CHECK(*r == std::vector<std::pair<std::string, std::int64_t>>{{"v1", 72}, {"v2", 18}, {"v3", 10}});
  auto same = st::Rebalance({{"a", 1}, {"b", 1}, {"c", 1}}, {{"b", 0.5}}, "here");
  REQUIRE(same);
  CHECK(*same == std::vector<std::pair<std::string, std::int64_t>>{{"a", 17}, {"b", 67}, {"c", 16}});
  auto drained = st::Drain({{"a", 0}, {"b", 1}, {"c", 1}}, "b", "here");
  REQUIRE(drained);
  CHECK(*drained == std::vector<std::pair<std::string, std::int64_t>>{{"a", 0}, {"b", 0}, {"c", 100}});
  auto negative = st::Rebalance({{"a", -1}, {"b", 1}}, {{"b", 0.5}}, "here");
  REQUIRE_FALSE(negative);
  CHECK(negative.error().Render() == "here: error[S0304]: destination `a` has a negative weight");
  auto last = st::Drain({{"a", 0}, {"b", 100}}, "b", "here");
  REQUIRE_FALSE(last);
  CHECK(last.error().code == "S0305");
}

TEST_CASE("any order of the same actions gives byte-identical output") {
  std::vector<st::Manifest> base = {Load("corpus/istio/virtual-service-reviews-80-20.yaml"),
                                    Load("corpus/istio/destination-rule-all-mtls.yaml")};
  std::vector<Action> actions = {
      Make(Redirect{0.1, {"v3", DestinationKind::kSubset, false}}, TargetKind::kService, "reviews", "a"),
      Make(SetTimeout{2}, TargetKind::kService, "reviews", "b"),
      Make(Redirect{0.2, {"v2", DestinationKind::kSubset, false}}, TargetKind::kService, "reviews", "c", 1),
      Make(RequireMtls{MtlsMode::kStrict}, TargetKind::kService, "reviews", "d"),
  };
  std::sort(actions.begin(), actions.end(), [](const Action& x, const Action& y) { return x.provenance.policy < y.provenance.policy; });
  auto first = st::Stitch(base, actions);
  REQUIRE(first);
  std::string expected = Render(*first);
  int permutations = 0;
  do {
    auto r = st::Stitch(base, actions);
    REQUIRE(r);
    CHECK(Render(*r) == expected);
    ++permutations;
  } while (std::next_permutation(actions.begin(), actions.end(), [](const Action& x, const Action& y) {
    return x.provenance.policy < y.provenance.policy;
  }));
  CHECK(permutations == 24);
  // v1 80 / v2 20 with 10% to v3 and 20% to v2: v1 56, v2 34, v3 10.
  const st::Json& routes = first->manifests[0].documents[0]["spec"]["http"][0]["route"];
  CHECK(routes[0]["weight"] == 56);
  CHECK(routes[1]["weight"] == 34);
  CHECK(routes[2]["weight"] == 10);
}

TEST_CASE("a higher priority wins a conflict and the conflict is reported") {
  std::vector<st::Manifest> base = {Load("corpus/istio/virtual-service-reviews-80-20.yaml")};
  auto r = st::Stitch(base, {Make(SetTimeout{5}, TargetKind::kService, "reviews", "lenient", 1),
                             Make(SetTimeout{1}, TargetKind::kService, "reviews", "strict", 3)});
  REQUIRE(r);
  CHECK(r->manifests[0].documents[0]["spec"]["http"][0]["timeout"] == "1s");
  REQUIRE(r->warnings.size() == 1);
  CHECK(r->warnings[0].Render() ==
        "error[S0307]: conflicting actions on service `reviews`: `set timeout 1s on service `reviews`` from policy "
        "`strict` (priority 3) wins over `set timeout 5s on service `reviews`` from policy `lenient` (priority 1)");
  REQUIRE(r->steps.size() == 1);
  CHECK(r->steps[0].actions == std::vector<size_t>{0, 1});
  CHECK(r->steps[0].dialects == "Istio");
}

TEST_CASE("combined redirects are capped by max_redirect") {
  std::vector<st::Manifest> base = {Load("corpus/istio/virtual-service-reviews-80-20.yaml"),
                                    Load("corpus/istio/destination-rule-all-mtls.yaml")};
  st::StitchOptions options;
  options.max_redirect = 0.5;
  auto r = st::Stitch(base,
                      {Make(Redirect{0.6, {"v3", DestinationKind::kSubset, false}}, TargetKind::kService, "reviews", "a"),
                       Make(Redirect{0.4, {"v2", DestinationKind::kSubset, false}}, TargetKind::kService, "reviews", "b")},
                      options);
  REQUIRE(r);
  const st::Json& routes = r->manifests[0].documents[0]["spec"]["http"][0]["route"];
  // v3 gets 0.6 * 0.5 = 30%, v2 0.4 * 0.5 = 20% plus 20% of the remaining 50%.
  CHECK(routes[0]["weight"] == 40);
  CHECK(routes[1]["weight"] == 30);
  CHECK(routes[2]["weight"] == 30);
  REQUIRE(r->warnings.size() == 1);
  CHECK(r->warnings[0].message == "redirects of service `reviews` add up to 100.0%; capped at 50.0%");
}

TEST_CASE("the max_isolated guard counts isolated nodes after the isolation") {
  std::vector<st::Manifest> base = {Load("synthetic/envoy-two-endpoints.yaml")};
  st::StitchOptions options;
  options.max_isolated = 0.5;
  auto one = st::Stitch(base, {Make(Isolate{}, TargetKind::kNode, "10.0.0.1:8080", "a", 0, "cart")}, options);
  REQUIRE(one);
  auto two = st::Stitch(base, {Make(Isolate{}, TargetKind::kNode, "10.0.0.1:8080", "a", 0, "cart"),
                               Make(Isolate{}, TargetKind::kNode, "10.0.0.2", "b", 0, "cart")},
                        options);
  REQUIRE_FALSE(two);
  CHECK(two.error().code == "S0306");
  CHECK(two.error().message ==
        "isolating `10.0.0.2` would isolate 2 of 3 endpoints of cluster `cart`, above the max_isolated guard "
        "(action: isolate node `10.0.0.2`, policy `b`)");
}

TEST_CASE("an inexpressible action names the action and the dialect") {
  std::vector<st::Manifest> base = {Load("corpus/appmesh/route-colorteller-black-80-blue-20.json")};
  auto r = st::Stitch(base, {Make(Mirror{0.1, {"colorteller-blue-vn", DestinationKind::kAny, false}}, TargetKind::kService,
                                  "colorteller-vr", "shadow")});
  REQUIRE_FALSE(r);
  CHECK(r.error().Render() ==
        "corpus/appmesh/route-colorteller-black-80-blue-20.json: /0/spec/httpRoute: error[S0303]: `mirror` cannot be "
        "expressed in App Mesh: App Mesh routes cannot mirror traffic (action: mirror 10% of service "
        "`colorteller-vr` to `colorteller-blue-vn`, policy `shadow`)");
}

TEST_CASE("a bare destination name that is both a subset and a host is ambiguous") {
  std::vector<st::Manifest> base = {Load("corpus/istio/virtual-service-reviews-80-20.yaml"),
                                    Load("corpus/istio/destination-rule-all-mtls.yaml")};
  // `v1` is a subset of reviews; make it a host too by naming a destination host `v1`.
  st::Manifest extra;
  extra.path = "extra.yaml";
  extra.documents.push_back(st::Json::parse(
      R"({"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": {"name": "v1"}, "spec": {"host": "v1"}})"));
  base.push_back(extra);
  auto r = st::Stitch(base, {Make(Redirect{0.1, {"v1", DestinationKind::kAny, false}}, TargetKind::kService, "reviews", "p")});
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "S0302");
  CHECK(r.error().message.rfind("`v1` is both a subset of `reviews` and a host; say `to subset` or `to host`", 0) == 0);
  auto ok = st::Stitch(base, {Make(Redirect{0.1, {"v1", DestinationKind::kHost, false}}, TargetKind::kService, "reviews", "p")});
  REQUIRE(ok);
  CHECK(ok->manifests[0].documents[0]["spec"]["http"][0]["route"][2]["destination"].dump() == R"({"host":"v1"})");
}

TEST_CASE("documents are attributed to dialects") {
  CHECK(st::DialectOf(st::Json::parse(R"({"static_resources": {}})")) == "Envoy v3");
  CHECK(st::DialectOf(st::Json::parse(R"({"apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication"})")) == "Istio");
  CHECK(st::DialectOf(st::Json::parse(R"({"routeName": "r", "spec": {}})")) == "App Mesh");
  CHECK(st::DialectOf(st::Json::parse(R"({"apiVersion": "v1", "kind": "Service"})")).empty());
}
