// `stitch deploy`: pushes a stored version to deploy targets (Envoy file-based xDS directories,
// Kubernetes YAML directories), all at once or blue-green, or shows what it would do.
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "DeployCli.h"
#include "StitchCli.h"
#include "deploy/DryRun.h"
#include "deploy/Errors.h"
#include "deploy/Strategies.h"

namespace stitch::cli {

namespace dp = ::stitch::deploy;

namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void PrintConfirmation(const dp::Confirmation& c) {
  std::cout << "v" << c.version << " -> " << c.target;
  if (!c.slot.empty()) std::cout << " (slot " << c.slot << ")";
  std::cout << ": ";
  if (c.written.empty()) {
    std::cout << "already deployed, nothing written";
  } else {
    std::cout << "wrote " << Join(c.written);
  }
  if (!c.unchanged.empty()) std::cout << "; unchanged " << Join(c.unchanged);
  std::cout << "\n";
}

int Fail(const st::Error& e) {
  PrintError("deploy", e);
  bool usage = e.code == dp::codes::kUsage || e.code == dp::codes::kTargetSpec || e.code == "S0501";
  return usage ? kExitUsage : kExitFailed;
}

}  // namespace

int RunDeploy(const Args& args) {
  std::string store_path = kDefaultStore, version_text = "head", strategy = "all-at-once";
  std::vector<std::string> target_specs;
  bool dry_run = false, revert = false;
  ArgParser parser("deploy", "Push a stored version to deploy targets without restarting the proxies.");
  parser.Option("--store", &store_path, "PATH", std::string("the version store (default ") + kDefaultStore + ")");
  parser.Option("--version", &version_text, "V", "the version to deploy (`3`, `v3`, `head`; default head)");
  parser.Repeated("--target", &target_specs, "KIND:PATH",
                  "a deploy target: `envoy:DIR[#cds,lds,rds]` (file-based xDS) or `dir:DIR` (Kubernetes YAML)");
  parser.Option("--strategy", &strategy, "NAME", "how to roll out (default all-at-once)",
                {"all-at-once", "blue-green"});
  parser.Flag("--dry-run", &dry_run, "print the JSON Patch and the files that would be written; write nothing");
  parser.Flag("--revert", &revert, "blue-green: switch every target back to its other slot");
  if (auto exit = parser.Parse(args)) return *exit;
  auto targets = ParseTargets(target_specs);
  if (!targets) return Fail(targets.error());

  if (revert) {
    if (strategy != "blue-green" || dry_run) {
      return Fail({dp::codes::kUsage, "`--revert` needs `--strategy blue-green` and no `--dry-run`", ""});
    }
    auto store = OpenStore(store_path, true);
    if (!store) return Fail(store.error());
    dp::Deployer deployer(**store);
    auto now = dp::RevertBlueGreen(deployer, *targets);
    if (!now) return Fail(now.error());
    for (size_t i = 0; i < targets->size(); ++i) {
      std::cout << dp::FormatTarget((*targets)[i]) << ": switched to slot " << (*now)[i].slot << ", now v"
                << (*now)[i].version << "\n";
    }
    return kExitOk;
  }

  auto store = OpenStore(store_path, true);
  if (!store) return Fail(store.error());
  auto id = ParseVersion(version_text, **store);
  if (!id) return Fail(id.error());
  dp::Deployer deployer(**store);

  if (dry_run) {
    std::string out;
    dp::Layout layout = strategy == "blue-green" ? dp::Layout::kBlueGreen : dp::Layout::kDirect;
    for (const dp::Target& t : *targets) {
      auto plan = dp::PlanDeploy(deployer, *id, t, layout);
      if (!plan) return Fail(plan.error());
      out += dp::RenderDryRun(*plan);
    }
    std::cout << out;
    return kExitOk;
  }
  auto done = strategy == "blue-green" ? dp::DeployBlueGreen(deployer, *id, *targets)
                                       : dp::DeployAllAtOnce(deployer, *id, *targets);
  if (!done) return Fail(done.error());
  for (const dp::Confirmation& c : *done) PrintConfirmation(c);
  return kExitOk;
}

}  // namespace stitch::cli
