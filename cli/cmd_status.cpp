// `stitch status`: which version each deploy target runs, read back from its files, and whether
// the version store knows that version.
#include <iostream>
#include <memory>

#include "Args.h"
#include "Commands.h"
#include "DeployCli.h"
#include "StitchCli.h"
#include "deploy/Deployer.h"
#include "deploy/Errors.h"

namespace stitch::cli {

namespace dp = ::stitch::deploy;

namespace {

// "known" (same content hash), "differs" (same id, other content), "unknown" (no such version),
// or "" without a store.
std::string StoreVerdict(st::VersionStore* store, const dp::Deployed& d) {
  if (!store) return "";
  auto v = store->Get(d.version);
  if (!v) return "unknown";
  return v->info.hash == d.hash ? "known" : "differs";
}

}  // namespace

int RunStatus(const Args& args) {
  std::string store_path, format = "text";
  std::vector<std::string> target_specs;
  ArgParser parser("status", "Show which version each deploy target runs (read from its files).");
  parser.Repeated("--target", &target_specs, "KIND:PATH", "a deploy target: `envoy:DIR[#cds,lds,rds]` or `dir:DIR`");
  parser.Option("--store", &store_path, "PATH", "also check each version against this store");
  parser.Option("--format", &format, "FORMAT", "output format", {"text", "json"});
  if (auto exit = parser.Parse(args)) return *exit;
  auto targets = ParseTargets(target_specs);
  if (!targets) {
    PrintError("status", targets.error());
    return kExitUsage;
  }
  std::unique_ptr<st::VersionStore> store;
  if (!store_path.empty()) {
    auto opened = OpenStore(store_path, true);
    if (!opened) {
      PrintError("status", opened.error());
      return kExitFailed;
    }
    store = std::move(*opened);
  }

  int exit = kExitOk;
  st::Json json = st::Json::array();
  for (const dp::Target& t : *targets) {
    auto current = dp::ReadCurrent(t);
    st::Json j = st::Json::object();
    j["target"] = dp::FormatTarget(t);
    if (!current) {
      exit = kExitFailed;
      j["error"] = {{"code", current.error().code}, {"message", current.error().message},
                    {"location", current.error().location}};
      if (format == "text") PrintError("status", current.error());
      json.push_back(std::move(j));
      continue;
    }
    std::string verdict = StoreVerdict(store.get(), *current);
    if (verdict == "unknown" || verdict == "differs") exit = kExitFailed;
    j["version"] = current->version;
    j["hash"] = current->hash;
    j["time"] = current->time;
    j["backend"] = current->backend;
    if (!current->slot.empty()) j["slot"] = current->slot;
    j["files"] = current->files;
    j["pending"] = current->pending;
    if (!verdict.empty()) j["store"] = verdict;
    json.push_back(j);
    if (format != "text") continue;
    std::cout << dp::FormatTarget(t) << ": v" << current->version << " (sha256 " << current->hash.substr(0, 12)
              << ", deployed " << current->time << ", " << current->files.size() + current->pending.size()
              << " file(s)";
    if (!current->slot.empty()) std::cout << ", blue-green slot " << current->slot;
    if (!current->pending.empty()) {
      std::cout << ", " << current->pending.size() << " staged but not yet in place: an interrupted deploy that "
                << "the next deploy completes";
    }
    std::cout << ")";
    if (verdict == "known") std::cout << ", in the store";
    if (verdict == "unknown") std::cout << ", NOT in the store";
    if (verdict == "differs") std::cout << ", DIFFERS from the store's v" << current->version;
    std::cout << "\n";
  }
  if (format == "json") std::cout << json.dump(2) << "\n";
  return exit;
}

}  // namespace stitch::cli
