#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "compiler/Compile.h"
#include "compiler/diagnostics/Render.h"
#include "support/Golden.h"

using namespace stitch;
using stitch::testing::Expect;
using stitch::testing::FilesWithSuffix;

namespace {

const char* kDir = "tests/check";

// The manifests a case checks against, listed in `<case>.manifests`. Names are compared only
// when every manifest could be read, as `stitch check` does; `use` says whether to compare.
check::ManifestNames LoadManifests(const std::string& list_path, Diagnostics& diagnostics, bool& use) {
  check::ManifestNames names;
  std::istringstream list(stitch::testing::ReadText(list_path));
  bool any = false, all_read = true;
  for (std::string line; std::getline(list, line);) {
    if (line.empty()) continue;
    any = true;
    all_read = check::LoadManifestNames(line, names, diagnostics) && all_read;
  }
  use = any && all_read;
  return names;
}

std::vector<std::string> Cases() {
  std::vector<std::string> cases = FilesWithSuffix(kDir, ".policy");
  for (const auto& yaml : FilesWithSuffix(kDir, ".policy.yaml")) cases.push_back(yaml);
  return cases;
}

}  // namespace

TEST_CASE("every golden case gives exactly its expected diagnostics") {
  auto cases = Cases();
  REQUIRE(cases.size() >= 40);
  for (const std::string& path : cases) {
    DYNAMIC_SECTION(path) {
      Diagnostics diagnostics;
      bool any = false;
      check::ManifestNames names = LoadManifests(path + ".manifests", diagnostics, any);
      check::CheckOptions options;
      if (any) options.manifests = &names;
      CheckPath(path, diagnostics, options);
      diagnostics.Sort();
      std::string human;
      nlohmann::json json = nlohmann::json::array();
      for (const auto& d : diagnostics.all()) {
        human += RenderHuman(d);
        json.push_back(RenderJson(d));
      }
      CHECK(human == Expect(path + ".out", human));
      CHECK(json.dump(2) + "\n" == Expect(path + ".json", json.dump(2) + "\n"));
      std::string name = path.substr(path.rfind('/') + 1);
      bool expects_errors = name.rfind("fail_", 0) == 0;
      CHECK(diagnostics.HasErrors() == expects_errors);
    }
  }
}

TEST_CASE("every diagnostic code has a golden case and is documented") {
  std::set<std::string> covered;
  for (const std::string& path : Cases()) {
    std::string out = stitch::testing::ReadText(path + ".out");
    for (const auto& kind : AllDiagKinds()) {
      if (out.find("[" + std::string(kind.name) + "]") != std::string::npos) covered.insert(std::string(kind.name));
    }
  }
  // A file over the size limit and an unreadable file cannot sit beside the other cases;
  // tests/unit/bad_input_test.cpp covers them.
  covered.insert("E0008");
  covered.insert("E0014");
  std::string docs = stitch::testing::ReadText("docs/diagnostics.md");
  for (const auto& kind : AllDiagKinds()) {
    std::string code(kind.name);
    INFO(code);
    CHECK(covered.count(code) == 1);
    CHECK(docs.find("## " + code) != std::string::npos);
  }
}
