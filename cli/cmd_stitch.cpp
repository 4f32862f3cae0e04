// `stitch stitch`: applies actions (JSON) to base manifests, writes the result and/or records
// it as a new version.
#include <fstream>
#include <iostream>
#include <sstream>

#include "Args.h"
#include "Commands.h"
#include "StitchCli.h"
#include "action/ActionJson.h"
#include "stitch/AtomicFile.h"
#include "stitch/Errors.h"
#include "stitch/Stitch.h"

namespace stitch::cli {

namespace st = ::stitch::stitch;
namespace {


st::Result<std::vector<::stitch::action::Action>> LoadActions(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return st::Error{st::codes::kReadFile, "cannot read actions file", path};
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ::stitch::action::ReadActions(buffer.str(), path);
}

}  // namespace

int RunStitch(const Args& args) {
  std::vector<std::string> manifests;
  std::string actions_path, out_dir, store_path, author;
  bool print_manifests = false;
  ArgParser parser("stitch",
                   "Apply actions (JSON, as the runtime emits them) to base manifests. Without --out or\n"
                   "--store, prints the RFC 6902 JSON Patch per manifest on stdout.");
  parser.Repeated("--manifest", &manifests, "FILE", "a base manifest (Envoy v3, Istio or App Mesh; YAML or JSON)");
  parser.Option("--actions", &actions_path, "FILE", "the actions to apply (docs/actions.md)");
  parser.Option("--out", &out_dir, "DIR", "write the stitched manifests into DIR (all or none)");
  parser.Option("--store", &store_path, "PATH", "record the result as a new version in this store");
  parser.Option("--author", &author, "NAME", "who to record in the audit entries (default: $USER)");
  parser.Flag("--print", &print_manifests, "print the stitched manifests on stdout instead of the patch");
  if (auto exit = parser.Parse(args)) return *exit;
  if (manifests.empty()) {
    PrintError("stitch", {st::codes::kUsage, "missing `--manifest FILE` (at least one)", ""});
    return kExitUsage;
  }
  if (actions_path.empty()) {
    PrintError("stitch", {st::codes::kUsage, "missing `--actions FILE`", ""});
    return kExitUsage;
  }

  std::vector<st::Manifest> base;
  for (const std::string& path : manifests) {
    auto m = st::LoadManifest(path);
    if (!m) {
      PrintError("stitch", m.error());
      return kExitFailed;
    }
    base.push_back(std::move(*m));
  }
  auto actions = LoadActions(actions_path);
  if (!actions) {
    PrintError("stitch", actions.error());
    return kExitFailed;
  }

  std::unique_ptr<st::VersionStore> store;
  std::optional<st::VersionId> parent;
  if (!store_path.empty()) {
    auto opened = OpenStore(store_path, false);
    if (!opened) {
      PrintError("stitch", opened.error());
      return kExitFailed;
    }
    store = std::move(*opened);
    auto head = store->Head();
    if (!head) {
      PrintError("stitch", head.error());
      return kExitFailed;
    }
    parent = *head;
  }

  auto result = st::Stitch(base, *actions);
  if (!result) {
    PrintError("stitch", result.error());
    return kExitFailed;
  }
  for (const st::Error& w : result->warnings) {
    std::cerr << "stitch stitch: warning[" << w.code << "]: " << w.message << "\n";
  }

  std::vector<std::pair<std::string, std::string>> rendered;
  for (const st::Manifest& m : result->manifests) rendered.push_back({m.path, st::RenderManifest(m)});
  std::vector<std::pair<std::string, std::string>> planned;
  if (!out_dir.empty()) {
    auto plan = PlanOutput(rendered, out_dir);
    if (!plan) {
      PrintError("stitch", plan.error());
      return kExitFailed;
    }
    planned = std::move(*plan);
  }
  if (store) {
    auto commit = st::CommitStitch(*store, parent, *result, *actions, Author(author), st::NowUtc());
    if (!commit) {
      PrintError("stitch", commit.error());
      return kExitFailed;
    }
    if (commit->created) {
      std::cout << "version " << commit->info.id << " (sha256 " << commit->info.hash.substr(0, 12) << ") from "
                << actions->size() << " action(s)\n";
    } else {
      std::cout << "no change: the result equals version " << commit->info.id << "\n";
    }
  }
  if (!planned.empty()) {
    if (auto s = st::WriteFilesAtomically(planned); !s) {
      PrintError("stitch", s.error());
      return kExitFailed;
    }
    for (const auto& [path, text] : planned) std::cout << "wrote " << path << "\n";
  }
  if (!store && out_dir.empty()) {
    if (print_manifests) {
      for (size_t i = 0; i < rendered.size(); ++i) {
        if (rendered.size() > 1) std::cout << "# " << rendered[i].first << "\n";
        std::cout << rendered[i].second;
      }
    } else {
      st::Json out = st::Json::object();
      for (size_t i = 0; i < result->manifests.size(); ++i) out[result->manifests[i].path] = result->patches[i];
      std::cout << out.dump(2) << "\n";
    }
  }
  return kExitOk;
}

}  // namespace stitch::cli
