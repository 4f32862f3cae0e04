// `stitch diff V1 V2`: what changed between two versions, as a unified diff of the rendered
// manifests (coloured on a terminal) or as an RFC 6902 patch.
#include <iostream>
#include <map>

#include <unistd.h>

#include "Args.h"
#include "Commands.h"
#include "StitchCli.h"
#include "stitch/TextDiff.h"

namespace stitch::cli {

namespace st = ::stitch::stitch;

int RunDiff(const Args& args) {
  std::string store_path = kDefaultStore, color = "auto", format = "text";
  std::vector<std::string> positionals;
  ArgParser parser("diff", "Show what changed from version V1 to version V2.");
  parser.Positionals(&positionals, "VERSION", "two versions: V1 V2 (`3`, `v3` or `head`)", 2);
  parser.Option("--store", &store_path, "PATH", std::string("the version store (default ") + kDefaultStore + ")");
  parser.Option("--color", &color, "WHEN", "colour the diff", {"auto", "always", "never"});
  parser.Option("--format", &format, "FORMAT", "unified text diff or RFC 6902 JSON Patch", {"text", "patch"});
  if (auto exit = parser.Parse(args)) return *exit;
  if (positionals.size() != 2) {
    PrintError("diff", {"S0501", "expected exactly two versions, V1 and V2", ""});
    return kExitUsage;
  }
  auto store = OpenStore(store_path, true);
  if (!store) {
    PrintError("diff", store.error());
    return kExitFailed;
  }
  st::Version versions[2];
  for (int i = 0; i < 2; ++i) {
    auto id = ParseVersion(positionals[i], **store);
    if (!id) {
      PrintError("diff", id.error());
      return id.error().code == "S0501" ? kExitUsage : kExitFailed;
    }
    auto v = (*store)->Get(*id);
    if (!v) {
      PrintError("diff", v.error());
      return kExitFailed;
    }
    versions[i] = std::move(*v);
  }
  if (format == "patch") {
    std::cout << st::Json::diff(versions[0].manifests, versions[1].manifests).dump(2) << "\n";
    return kExitOk;
  }
  bool use_color = color == "always" || (color == "auto" && ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"));
  // Files by path, in the order of V1 then new ones of V2.
  std::vector<std::string> paths;
  std::map<std::string, std::string> texts[2];
  for (int i = 0; i < 2; ++i) {
    for (const auto& [path, text] : versions[i].files) {
      if (!texts[0].count(path) && !texts[1].count(path)) paths.push_back(path);
      texts[i][path] = text;
    }
  }
  std::string a = "v" + std::to_string(versions[0].info.id), b = "v" + std::to_string(versions[1].info.id);
  for (const std::string& path : paths) {
    std::cout << st::UnifiedDiff(texts[0].count(path) ? texts[0][path] : "",
                                             texts[1].count(path) ? texts[1][path] : "", a + "/" + path,
                                             b + "/" + path, use_color);
  }
  return kExitOk;
}

}  // namespace stitch::cli
