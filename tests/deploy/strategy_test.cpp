// Strategies over proxy groups: all-at-once, the canary state machine (driven by test ticks and a
// scripted health gate: success, rollback on an unhealthy step, rollback on a failed deploy),
// blue-green switch and instant revert, and dry runs that write nothing.
#include "DeployTestUtil.h"
#include "deploy/BlueGreenLayout.h"
#include "deploy/Canary.h"
#include "deploy/DryRun.h"
#include "deploy/Errors.h"
#include "deploy/Strategies.h"

using namespace stitch::deploy_test;

namespace {

std::vector<dp::Target> Groups(const fs::path& dir, int n) {
  std::vector<dp::Target> groups;
  for (int i = 0; i < n; ++i) groups.push_back(EnvoyTarget(dir / ("group-" + std::to_string(i))));
  return groups;
}

std::vector<st::VersionId> Versions(dp::Deployer& deployer, const std::vector<dp::Target>& groups) {
  std::vector<st::VersionId> out;
  for (const dp::Target& g : groups) {
    auto c = deployer.Current(g);
    REQUIRE(c);
    out.push_back(c->version);
  }
  return out;
}

// Snapshot of every file in every group, to show that nothing was written.
std::map<std::string, std::string> Snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_symlink()) files[e.path().string()] = "-> " + fs::read_symlink(e.path()).string();
    else if (e.is_regular_file()) files[e.path().string()] = ReadText(e.path());
  }
  return files;
}

}  // namespace

TEST_CASE("all-at-once deploys every group and reports each") {
  fs::path dir = Scratch("all-at-once");
  auto store = EnvoyStore(dir);
  dp::Deployer deployer(*store);
  auto groups = Groups(dir / "fleet", 3);
  auto done = dp::DeployAllAtOnce(deployer, 2, groups, "2026-12-03T11:00:00Z");
  REQUIRE(done);
  REQUIRE(done->size() == 3);
  for (size_t i = 0; i < 3; ++i) CHECK((*done)[i].target == dp::FormatTarget(groups[i]));
  CHECK(Versions(deployer, groups) == std::vector<st::VersionId>{2, 2, 2});

  // A failing group stops the roll-out and the error says who already has the version.
  std::vector<dp::Target> mixed = {groups[0], {dp::BackendKind::kEnvoyXds, (dir / "fleet/rds").string(), {dp::XdsType::kRds}}};
  auto failed = dp::DeployAllAtOnce(deployer, 3, mixed, "2026-12-03T11:01:00Z");
  REQUIRE_FALSE(failed);
  CHECK(failed.error().code == dp::codes::kNothingToDeploy);
  CHECK(failed.error().message.ends_with("(version 3 already reached: " + dp::FormatTarget(groups[0]) + ")"));
}

TEST_CASE("canary steps: ceil of the share, at least one more group each step") {
  std::vector<double> steps{0.1, 0.5, 1.0};
  CHECK(dp::Canary::GroupsForStep(steps, 0, 4) == 1);
  CHECK(dp::Canary::GroupsForStep(steps, 1, 4) == 2);
  CHECK(dp::Canary::GroupsForStep(steps, 2, 4) == 4);
  CHECK(dp::Canary::GroupsForStep(steps, 0, 20) == 2);
  CHECK(dp::Canary::GroupsForStep(steps, 1, 20) == 10);
  CHECK(dp::Canary::GroupsForStep(steps, 0, 1) == 1);
  CHECK(dp::Canary::GroupsForStep(steps, 1, 1) == 1);
  CHECK(dp::Canary::GroupsForStep({0.3, 1.0}, 0, 10) == 3);
  CHECK(dp::Canary::GroupsForStep({0.1, 0.15, 1.0}, 1, 5) == 2);

  fs::path dir = Scratch("canary-options");
  auto store = EnvoyStore(dir);
  dp::Deployer deployer(*store);
  auto gate = [](const std::vector<dp::Target>&, size_t) { return dp::GateVerdict{}; };
  auto bad = [&](dp::CanaryOptions o, int groups = 2) {
    auto c = dp::Canary::Create(deployer, Groups(dir, groups), o, gate);
    REQUIRE_FALSE(c);
    return c.error();
  };
  CHECK(bad({{0.5, 0.4, 1.0}, 1}).message == "canary steps must increase");
  CHECK(bad({{0.1, 0.5}, 1}).message == "the last canary step must be 100% of the groups");
  CHECK(bad({{0.0, 1.0}, 1}).code == dp::codes::kCanaryOptions);
  CHECK(bad({{1.0}, 0}).message == "each canary step must wait at least one tick");
  CHECK(bad({{1.0}, 1}, 0).message == "a canary needs at least one proxy group");
}

TEST_CASE("a healthy canary updates 10%, 50%, 100% of the groups, one step per N healthy ticks") {
  fs::path dir = Scratch("canary-ok");
  auto store = EnvoyStore(dir);
  dp::Deployer deployer(*store);
  auto groups = Groups(dir / "fleet", 4);
  REQUIRE(dp::DeployAllAtOnce(deployer, 1, groups));

  std::vector<std::pair<size_t, size_t>> gate_calls;  // (step, updated groups) per tick
  auto gate = [&](const std::vector<dp::Target>& updated, size_t step) {
    gate_calls.push_back({step, updated.size()});
    return dp::GateVerdict{true, ""};
  };
  auto canary = dp::Canary::Create(deployer, groups, {{0.1, 0.5, 1.0}, 2}, gate);
  REQUIRE(canary);
  auto p = canary->Start(2);
  REQUIRE(p);
  CHECK(p->state == dp::CanaryState::kProgressing);
  CHECK(p->previous == 1);
  CHECK(p->groups_updated == 1);
  CHECK(p->deployed.size() == 1);
  CHECK(Versions(deployer, groups) == std::vector<st::VersionId>{2, 1, 1, 1});

  // A second Start while progressing is refused.
  auto twice = canary->Start(3);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code == dp::codes::kCanaryState);

  p = canary->OnTick();  // step 0, tick 1 of 2
  REQUIRE(p);
  CHECK(p->state == dp::CanaryState::kProgressing);
  CHECK(p->step == 0);
  CHECK(p->deployed.empty());
  p = canary->OnTick();  // step 0 passes: 50% = 2 groups
  REQUIRE(p);
  CHECK(p->step == 1);
  CHECK(p->groups_updated == 2);
  CHECK(Versions(deployer, groups) == std::vector<st::VersionId>{2, 2, 1, 1});
  REQUIRE(canary->OnTick());
  p = canary->OnTick();  // step 1 passes: 100%
  REQUIRE(p);
  CHECK(p->step == 2);
  CHECK(p->groups_updated == 4);
  CHECK(p->deployed.size() == 2);
  CHECK(Versions(deployer, groups) == std::vector<st::VersionId>{2, 2, 2, 2});
  REQUIRE(canary->OnTick());
  p = canary->OnTick();  // the last step waits its ticks too
  REQUIRE(p);
  CHECK(p->state == dp::CanaryState::kDone);
  CHECK(gate_calls == std::vector<std::pair<size_t, size_t>>{{0, 1}, {0, 1}, {1, 2}, {1, 2}, {2, 4}, {2, 4}});

  auto after = canary->OnTick();
  REQUIRE_FALSE(after);
  CHECK(after.error().code == dp::codes::kCanaryState);
}

TEST_CASE("an unhealthy canary step rolls every group back to the previous version, with the reason") {
  fs::path dir = Scratch("canary-rollback");
  auto store = EnvoyStore(dir);
  dp::Deployer deployer(*store);
  auto groups = Groups(dir / "fleet", 4);
  REQUIRE(dp::DeployAllAtOnce(deployer, 1, groups));
  std::map<std::string, std::string> v1_files = Snapshot(dir / "fleet");

  int tick = 0;
  auto gate = [&](const std::vector<dp::Target>& updated, size_t) {
    ++tick;
    // Healthy while one group runs the new version; the checkout error rate rises at 50%.
    if (updated.size() < 2) return dp::GateVerdict{true, ""};
    return dp::GateVerdict{false, "health of checkout 0.62 < gate 0.9 on " + dp::FormatTarget(updated[1])};
  };
  auto canary = dp::Canary::Create(deployer, groups, {{0.1, 0.5, 1.0}, 1}, gate);
  REQUIRE(canary);
  REQUIRE(canary->Start(3));
  auto p = canary->OnTick();  // step 0 passes, step 1 deploys the second group
  REQUIRE(p);
  CHECK(Versions(deployer, groups) == std::vector<st::VersionId>{3, 3, 1, 1});
  p = canary->OnTick();  // unhealthy
  REQUIRE(p);
  CHECK(p->state == dp::CanaryState::kRolledBack);
  CHECK(p->reason == "step 1 (2 of 4 groups on v3): health of checkout 0.62 < gate 0.9 on " +
                         dp::FormatTarget(groups[1]));
  CHECK(p->deployed.size() == 2);  // only the two updated groups needed a deploy
  CHECK(p->groups_updated == 0);
  CHECK(Versions(deployer, groups) == std::vector<st::VersionId>{1, 1, 1, 1});
  CHECK(tick == 2);
  // Every group holds v1's resource files byte for byte again (only the records' times differ).
  std::map<std::string, std::string> now = Snapshot(dir / "fleet");
  for (const auto& [path, text] : v1_files) {
    if (path.ends_with(".stitch-deploy")) continue;
    CHECK(now[path] == text);
  }
  // The state machine can start again after a rollback.
  CHECK(canary->progress().state == dp::CanaryState::kRolledBack);
}

TEST_CASE("a canary whose deploy fails rolls back at once; a canary needs one previous version") {
  fs::path dir = Scratch("canary-deploy-fails");
  auto store = EnvoyStore(dir);
  dp::Deployer deployer(*store);
  auto groups = Groups(dir / "fleet", 2);
  REQUIRE(dp::DeployAllAtOnce(deployer, 1, groups));
  // The second group, seen as an RDS-only target, cannot take v2 (which has no routes file):
  // its deploy fails when the canary reaches it.
  std::vector<dp::Target> bad = {groups[0], {dp::BackendKind::kEnvoyXds, groups[1].path, {dp::XdsType::kRds}}};
  auto gate = [](const std::vector<dp::Target>&, size_t) { return dp::GateVerdict{}; };
  auto canary = dp::Canary::Create(deployer, bad, {{0.5, 1.0}, 1}, gate);
  REQUIRE(canary);
  auto p = canary->Start(2, 1);
  REQUIRE(p);
  CHECK(p->state == dp::CanaryState::kProgressing);
  p = canary->OnTick();
  REQUIRE(p);
  CHECK(p->state == dp::CanaryState::kRolledBack);
  CHECK(p->reason.starts_with("step 1: deploying to " + dp::FormatTarget(bad[1]) + " failed: "));
  CHECK(p->reason.find("error[D0301]") != std::string::npos);
  CHECK(Versions(deployer, groups) == std::vector<st::VersionId>{1, 1});

  // Without a named previous version, the groups must agree on one.
  REQUIRE(deployer.Deploy(3, groups[1]));
  auto c2 = dp::Canary::Create(deployer, groups, {{1.0}, 1}, gate);
  REQUIRE(c2);
  auto disagree = c2->Start(2);
  REQUIRE_FALSE(disagree);
  CHECK(disagree.error().code == dp::codes::kNoPrevious);
  auto fresh = dp::Canary::Create(deployer, Groups(dir / "fresh", 1), {{1.0}, 1}, gate);
  REQUIRE(fresh);
  auto nothing = fresh->Start(2);
  REQUIRE_FALSE(nothing);
  CHECK(nothing.error().code == dp::codes::kNoPrevious);
}

TEST_CASE("blue-green writes beside the live slot, switches the symlink, and reverts instantly") {
  fs::path dir = Scratch("blue-green");
  auto store = EnvoyStore(dir);
  dp::Deployer deployer(*store);
  std::vector<dp::Target> targets = {EnvoyTarget(dir / "a"), EnvoyTarget(dir / "b")};

  auto first = dp::DeployBlueGreen(deployer, 1, targets, "2026-12-03T11:00:00Z");
  REQUIRE(first);
  CHECK((*first)[0].slot == "blue");
  CHECK(fs::read_symlink(dir / "a/current") == "blue");
  CHECK(ReadText(dir / "a/current/cds.yaml").starts_with("version_info: \"1\"\n"));

  auto second = dp::DeployBlueGreen(deployer, 2, targets, "2026-12-03T11:01:00Z");
  REQUIRE(second);
  CHECK((*second)[1].slot == "green");
  CHECK((*second)[1].written.back() == (dir / "b/current").string());
  CHECK(fs::read_symlink(dir / "b/current") == "green");
  CHECK(ReadText(dir / "b/current/lds.yaml").find("timeout: 2s") != std::string::npos);
  CHECK(ReadText(dir / "b/blue/lds.yaml").find("timeout: 2s") == std::string::npos);  // live one untouched
  auto now = deployer.Current(targets[0]);
  REQUIRE(now);
  CHECK(now->version == 2);
  CHECK(now->slot == "green");
  CHECK(dp::IsBlueGreen(targets[0].path));
  CHECK(disk_entries(dir / "a") == std::vector<std::string>{"blue", "current", "green"});

  auto reverted = dp::RevertBlueGreen(deployer, targets);
  REQUIRE(reverted);
  CHECK((*reverted)[0].version == 1);
  CHECK((*reverted)[0].slot == "blue");
  CHECK(fs::read_symlink(dir / "a/current") == "blue");
  CHECK(Versions(deployer, targets) == std::vector<st::VersionId>{1, 1});

  // The next version goes into the idle slot again (green, holding v2), leaving v1 live until
  // the switch.
  REQUIRE(dp::DeployBlueGreen(deployer, 3, targets));
  CHECK(Versions(deployer, targets) == std::vector<st::VersionId>{3, 3});
  CHECK(fs::read_symlink(dir / "a/current") == "green");

  // Layouts do not mix: a direct deploy into a blue-green root, or blue-green over a direct one.
  auto direct = deployer.Deploy(1, targets[0]);
  REQUIRE_FALSE(direct);
  CHECK(direct.error().code == dp::codes::kLayout);
  REQUIRE(deployer.Deploy(1, EnvoyTarget(dir / "direct")));
  auto over = dp::DeployBlueGreen(deployer, 2, {EnvoyTarget(dir / "direct")});
  REQUIRE_FALSE(over);
  CHECK(over.error().code == dp::codes::kLayout);

  // A root with only one slot written has nothing to revert to.
  REQUIRE(dp::DeployBlueGreen(deployer, 1, {DirTarget(dir / "k8s-empty")}).error().code == dp::codes::kNothingToDeploy);
  REQUIRE(dp::DeployBlueGreen(deployer, 1, {EnvoyTarget(dir / "single")}));
  auto no_revert = dp::RevertBlueGreen(deployer, {EnvoyTarget(dir / "single")});
  REQUIRE_FALSE(no_revert);
  CHECK(no_revert.error().code == dp::codes::kNoRevert);
}

TEST_CASE("blue-green over Kubernetes YAML directories") {
  fs::path dir = Scratch("blue-green-k8s");
  auto store = IstioStore(dir);
  dp::Deployer deployer(*store);
  std::vector<dp::Target> targets = {DirTarget(dir / "gitops")};
  REQUIRE(dp::DeployBlueGreen(deployer, 1, targets));
  REQUIRE(dp::DeployBlueGreen(deployer, 2, targets));
  CHECK(ReadText(dir / "gitops/current/virtualservice-default-reviews.yaml").find("timeout: 1.5s") !=
        std::string::npos);
  REQUIRE(dp::RevertBlueGreen(deployer, targets));
  CHECK(ReadText(dir / "gitops/current/virtualservice-default-reviews.yaml").find("timeout") == std::string::npos);
  CHECK(disk_entries(dir / "gitops") == std::vector<std::string>{"blue", "current", "green"});
}

TEST_CASE("a dry run prints the patch and the files it would write, and writes nothing") {
  fs::path dir = Scratch("dry-run");
  auto store = EnvoyStore(dir);
  dp::Deployer deployer(*store);
  fs::path xds = dir / "xds";
  REQUIRE(deployer.Deploy(1, EnvoyTarget(xds), "2026-12-03T11:00:00Z"));
  auto before = Snapshot(dir / "xds");

  auto plan = dp::PlanDeploy(deployer, 2, EnvoyTarget(xds), dp::Layout::kDirect);
  REQUIRE(plan);
  CHECK(Snapshot(dir / "xds") == before);
  CHECK(plan->current == std::optional<st::VersionId>(1));
  CHECK(plan->patch == st::Json::parse(R"([{"op": "add",
      "path": "/1/documents/0/resources/0/filter_chains/0/filters/typed_config/route_config/virtual_hosts/0/routes/0/route/timeout",
      "value": "2s"}])"));
  REQUIRE(plan->files.size() == 2);
  CHECK_FALSE(plan->files[0].changed);
  CHECK(plan->files[1].changed);
  std::string text = dp::RenderDryRun(*plan);
  CHECK(text.starts_with("dry run: v2 to envoy:" + xds.string() + " (now v1)\npatch:\n[\n  {\n    \"op\": \"add\","));
  CHECK(text.find("unchanged   " + (xds / "cds.yaml").string() + "\n") != std::string::npos);
  CHECK(text.find("would write " + (xds / "lds.yaml").string() + " (") != std::string::npos);
  CHECK(text.find("would write " + (xds / ".stitch-deploy").string() + "\n") != std::string::npos);

  // Into a new blue-green root: nothing is created, not even the root.
  auto bg = dp::PlanDeploy(deployer, 2, EnvoyTarget(dir / "bg"), dp::Layout::kBlueGreen);
  REQUIRE(bg);
  CHECK(bg->slot == "blue");
  CHECK_FALSE(bg->current);
  CHECK(dp::RenderDryRun(*bg).find("would switch current -> blue\n") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "bg"));
}
