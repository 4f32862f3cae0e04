// `stitch check`: parse and type-check policy files, print diagnostics.
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "Args.h"
#include "Commands.h"
#include "FileUtil.h"
#include "compiler/Compile.h"
#include "compiler/diagnostics/Render.h"

namespace stitch::cli {

int RunCheck(const Args& args) {
  bool strict = false;
  std::string format = "human";
  std::vector<std::string> manifests, paths;
  ArgParser parser("check", "Parse and type-check policy files (.policy, or the YAML form) and report "
                            "every problem with its location and code.");
  parser.Flag("--strict", &strict, "treat warnings as errors (exit 1 on any warning)");
  parser.Option("--format", &format, "FORMAT", "output format", {"human", "json"});
  parser.Repeated("--manifest", &manifests, "FILE",
                  "a base manifest (YAML or JSON); targets and destinations are looked up in it");
  parser.Positionals(&paths, "PATH", "policy files, or directories searched for *.policy and *.policy.yaml");
  if (auto exit = parser.Parse(args)) return *exit;

  std::vector<std::string> files;
  std::string error;
  if (!CollectPolicyFiles(paths, files, error)) {
    std::cerr << "stitch check: error: " << error << "\n";
    return kExitUsage;
  }

  Diagnostics diagnostics;
  check::ManifestNames names;
  check::CheckOptions options;
  bool manifests_ok = true;
  for (const std::string& manifest : manifests) {
    manifests_ok = check::LoadManifestNames(manifest, names, diagnostics) && manifests_ok;
  }
  // Targets are compared with the manifests only when all of them could be read.
  if (!manifests.empty() && manifests_ok) options.manifests = &names;

  // Policy names are global across the files of one policy set.
  std::map<std::string, std::pair<SourceFilePtr, SourceRange>> policies;
  for (const std::string& file : files) {
    CheckedFile result = CheckPath(file, diagnostics, options);
    // Ranges of YAML files are in their translated text; only `.policy` names are compared.
    if (result.ast.source != result.source) continue;
    for (const auto& policy : result.ast.policies) {
      auto [it, inserted] = policies.emplace(policy.name.text, std::make_pair(result.source, policy.name.range));
      if (!inserted && it->second.first != result.source) {
        auto& d = diagnostics.Add(DiagCode::E0102, result.source, policy.name.range,
                                  "policy `" + policy.name.text + "` is already defined in another file");
        d.notes.push_back({it->second.first, it->second.second, "the first definition is here"});
      }
    }
  }
  diagnostics.Sort();

  if (format == "json") {
    nlohmann::json out = {{"files", files.size()},
                          {"errors", diagnostics.errors()},
                          {"warnings", diagnostics.warnings()},
                          {"diagnostics", nlohmann::json::array()}};
    for (const Diagnostic& d : diagnostics.all()) out["diagnostics"].push_back(RenderJson(d));
    std::cout << out.dump(2) << "\n";
  } else {
    RenderOptions render{StdoutWantsColor()};
    for (const Diagnostic& d : diagnostics.all()) std::cout << RenderHuman(d, render);
    std::cout << "checked " << files.size() << " file" << (files.size() == 1 ? "" : "s") << ": "
              << SummaryLine(diagnostics) << "\n";
  }
  bool failed = diagnostics.HasErrors() || (strict && diagnostics.warnings() > 0);
  return failed ? kExitFailed : kExitOk;
}

}  // namespace stitch::cli
