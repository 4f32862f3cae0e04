// `stitch show V`: one version's metadata, audit, actions and patch; optionally its files.
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "StitchCli.h"
#include "stitch/AtomicFile.h"

namespace stitch::cli {

namespace st = ::stitch::stitch;

int RunShow(const Args& args) {
  std::string store_path = kDefaultStore, out_dir, format = "text";
  std::vector<std::string> positionals;
  ArgParser parser("show", "Show one version: metadata, audit entries, actions and JSON Patch.");
  parser.Positionals(&positionals, "VERSION", "a version number (`3`, `v3`) or `head`");
  parser.Option("--store", &store_path, "PATH", std::string("the version store (default ") + kDefaultStore + ")");
  parser.Option("--out", &out_dir, "DIR", "also write the version's manifests into DIR");
  parser.Option("--format", &format, "FORMAT", "output format", {"text", "json"});
  if (auto exit = parser.Parse(args)) return *exit;
  if (positionals.size() != 1) {
    PrintError("show", {"S0501", "expected exactly one VERSION", ""});
    return kExitUsage;
  }
  auto store = OpenStore(store_path, true);
  if (!store) {
    PrintError("show", store.error());
    return kExitFailed;
  }
  auto id = ParseVersion(positionals[0], **store);
  if (!id) {
    PrintError("show", id.error());
    return id.error().code == "S0501" ? kExitUsage : kExitFailed;
  }
  auto v = (*store)->Get(*id);
  if (!v) {
    PrintError("show", v.error());
    return kExitFailed;
  }
  if (!out_dir.empty()) {
    auto plan = PlanOutput(v->files, out_dir);
    if (!plan) {
      PrintError("show", plan.error());
      return kExitFailed;
    }
    if (auto s = st::WriteFilesAtomically(*plan); !s) {
      PrintError("show", s.error());
      return kExitFailed;
    }
  }
  using Json = st::Json;
  if (format == "json") {
    Json out = Json::object();
    out["id"] = v->info.id;
    out["parent"] = v->info.parent ? Json(*v->info.parent) : Json(nullptr);
    out["time"] = v->info.time;
    out["kind"] = v->info.kind;
    out["hash"] = v->info.hash;
    out["audit"] = Json::array();
    for (const auto& e : v->audit) out["audit"].push_back({{"time", e.time}, {"who", e.who}, {"what", e.what}, {"why", e.why}});
    out["actions"] = v->actions;
    out["patch"] = v->patch;
    out["files"] = Json::array();
    for (const auto& [path, text] : v->files) out["files"].push_back(path);
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "version  v" << v->info.id << "\n"
            << "parent   " << (v->info.parent ? "v" + std::to_string(*v->info.parent) : std::string("-")) << "\n"
            << "time     " << v->info.time << "\n"
            << "kind     " << v->info.kind << "\n"
            << "sha256   " << v->info.hash << "\n"
            << "files   ";
  for (const auto& [path, text] : v->files) std::cout << " " << path;
  std::cout << "\n\naudit:\n";
  for (const auto& e : v->audit) std::cout << "  " << e.time << "  " << e.who << ": " << e.what << "\n    why: " << e.why << "\n";
  std::cout << "\nactions:\n" << v->actions.dump(2) << "\n\npatch from parent:\n" << v->patch.dump(2) << "\n";
  return kExitOk;
}

}  // namespace stitch::cli
