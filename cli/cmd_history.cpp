// `stitch history`: lists the versions of a store, oldest first.
#include <iostream>

#include "Args.h"
#include "Commands.h"
#include "StitchCli.h"

namespace stitch::cli {

namespace st = ::stitch::stitch;

int RunHistory(const Args& args) {
  std::string store_path = kDefaultStore, format = "text";
  ArgParser parser("history", "List the versions in the store, oldest first.");
  parser.Option("--store", &store_path, "PATH", std::string("the version store (default ") + kDefaultStore + ")");
  parser.Option("--format", &format, "FORMAT", "output format", {"text", "json"});
  if (auto exit = parser.Parse(args)) return *exit;
  auto store = OpenStore(store_path, true);
  if (!store) {
    PrintError("history", store.error());
    return kExitFailed;
  }
  auto history = (*store)->History();
  if (!history) {
    PrintError("history", history.error());
    return kExitFailed;
  }
  if (format == "json") {
    st::Json out = st::Json::array();
    for (const auto& v : *history) {
      st::Json j = st::Json::object();
      j["id"] = v.id;
      j["parent"] = v.parent ? st::Json(*v.parent) : st::Json(nullptr);
      j["time"] = v.time;
      j["kind"] = v.kind;
      j["actions"] = v.action_count;
      j["hash"] = v.hash;
      out.push_back(std::move(j));
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  for (const auto& v : *history) {
    std::cout << "v" << v.id << "  " << v.time << "  " << v.kind << "  parent "
              << (v.parent ? "v" + std::to_string(*v.parent) : std::string("-")) << "  " << v.action_count
              << " action(s)  sha256 " << v.hash.substr(0, 12) << "\n";
  }
  return kExitOk;
}

}  // namespace stitch::cli
