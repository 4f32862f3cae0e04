// `stitch rollback V`: a new version whose content is exactly version V's.
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "StitchCli.h"
#include "stitch/AtomicFile.h"

namespace stitch::cli {

namespace st = ::stitch::stitch;

int RunRollback(const Args& args) {
  std::string store_path = kDefaultStore, author, reason, out_dir;
  std::vector<std::string> positionals;
  ArgParser parser("rollback", "Restore version V byte for byte as a new version, with an audit entry.");
  parser.Positionals(&positionals, "VERSION", "the version to restore (`3`, `v3`)");
  parser.Option("--store", &store_path, "PATH", std::string("the version store (default ") + kDefaultStore + ")");
  parser.Option("--author", &author, "NAME", "who to record in the audit entry (default: $USER)");
  parser.Option("--reason", &reason, "TEXT", "why, for the audit entry");
  parser.Option("--out", &out_dir, "DIR", "also write the restored manifests into DIR");
  if (auto exit = parser.Parse(args)) return *exit;
  if (positionals.size() != 1) {
    PrintError("rollback", {"S0501", "expected exactly one VERSION", ""});
    return kExitUsage;
  }
  auto store = OpenStore(store_path, true);
  if (!store) {
    PrintError("rollback", store.error());
    return kExitFailed;
  }
  auto id = ParseVersion(positionals[0], **store);
  if (!id) {
    PrintError("rollback", id.error());
    return id.error().code == "S0501" ? kExitUsage : kExitFailed;
  }
  auto commit = st::Rollback(**store, *id, Author(author), reason, st::NowUtc());
  if (!commit) {
    PrintError("rollback", commit.error());
    return kExitFailed;
  }
  if (commit->created) {
    std::cout << "version " << commit->info.id << " restores v" << *id << " (sha256 " << commit->info.hash.substr(0, 12)
              << ")\n";
  } else {
    std::cout << "no change: the head v" << commit->info.id << " already equals v" << *id << "\n";
  }
  if (!out_dir.empty()) {
    auto v = (*store)->Get(commit->info.id);
    if (!v) {
      PrintError("rollback", v.error());
      return kExitFailed;
    }
    auto plan = PlanOutput(v->files, out_dir);
    if (!plan) {
      PrintError("rollback", plan.error());
      return kExitFailed;
    }
    if (auto s = st::WriteFilesAtomically(*plan); !s) {
      PrintError("rollback", s.error());
      return kExitFailed;
    }
  }
  return kExitOk;
}

}  // namespace stitch::cli
