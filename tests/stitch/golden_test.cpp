// Golden tests: for each folder in tests/stitch/golden/cases, the input manifests (case.json,
// paths relative to tests/stitch/golden) and actions (actions.json) are stitched; the expected
// output files (expected/<name>), the expected JSON Patch per file (expected.patch.json) and
// warnings (expected.warnings.txt) — or, for `fail-*` cases, the error (expected.error.txt) —
// sit beside them. STITCH_UPDATE_GOLDEN=1 rewrites the expected files.
#include <algorithm>
#include <catch2/catch.hpp>

#include "GoldenUtil.h"
#include "action/ActionJson.h"
#include "stitch/Stitch.h"

namespace fs = std::filesystem;
namespace st = stitch::stitch;
using stitch::test::GoldenRoot;
using stitch::test::ReadText;
using stitch::test::WriteText;

namespace {

struct Outcome {
  std::string error;                                         // rendered error, or ""
  std::vector<std::pair<std::string, std::string>> files;  // expected/<name> → text
  std::string patch;                                         // expected.patch.json
  std::string warnings;                                      // expected.warnings.txt
};

Outcome Run(const fs::path& dir, bool reverse_actions) {
  Outcome out;
  st::Json spec = st::Json::parse(ReadText(dir / "case.json"));
  std::vector<st::Manifest> base;
  for (const auto& rel : spec["manifests"]) {
    std::string path = rel.get<std::string>();
    auto m = st::ParseManifest(ReadText(GoldenRoot() / path), path);
    if (!m) {
      out.error = m.error().Render() + "\n";
      return out;
    }
    base.push_back(std::move(*m));
  }
  auto actions = stitch::action::ReadActions(ReadText(dir / "actions.json"), "actions.json");
  if (!actions) {
    out.error = actions.error().Render() + "\n";
    return out;
  }
  if (reverse_actions) std::reverse(actions->begin(), actions->end());
  auto result = st::Stitch(base, *actions);
  if (!result) {
    out.error = result.error().Render() + "\n";
    return out;
  }
  st::Json patches = st::Json::object();
  for (size_t i = 0; i < result->manifests.size(); ++i) {
    std::string name = fs::path(result->manifests[i].path).filename().string();
    out.files.push_back({name, st::RenderManifest(result->manifests[i])});
    patches[name] = result->patches[i];
  }
  out.patch = patches.dump(2) + "\n";
  for (const auto& w : result->warnings) out.warnings += w.Render() + "\n";
  return out;
}

void Check(const fs::path& path, const std::string& actual) {
  if (stitch::test::UpdateGolden()) {
    WriteText(path, actual);
    return;
  }
  INFO("expected file " << path.string() << " (STITCH_UPDATE_GOLDEN=1 rewrites it)");
  REQUIRE(fs::exists(path));
  CHECK(ReadText(path) == actual);
}

void CheckAbsent(const fs::path& path) {
  if (stitch::test::UpdateGolden()) {
    fs::remove_all(path);
    return;
  }
  INFO("unexpected golden file " << path.string());
  CHECK_FALSE(fs::exists(path));
}

std::vector<fs::path> Cases() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(GoldenRoot() / "cases"))
    if (entry.is_directory()) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("golden stitch cases match their expected output, patch and errors") {
  auto cases = Cases();
  REQUIRE(cases.size() >= 30);
  for (const fs::path& dir : cases) {
    std::string name = dir.filename().string();
    DYNAMIC_SECTION(name) {
      Outcome out = Run(dir, false);
      bool expect_failure = name.rfind("fail-", 0) == 0;
      INFO("case " << name << (out.error.empty() ? "" : ": " + out.error));
      CHECK(out.error.empty() != expect_failure);
      if (!out.error.empty()) {
        Check(dir / "expected.error.txt", out.error);
        CheckAbsent(dir / "expected");
        CheckAbsent(dir / "expected.patch.json");
      } else {
        CheckAbsent(dir / "expected.error.txt");
        for (const auto& [file, text] : out.files) Check(dir / "expected" / file, text);
        Check(dir / "expected.patch.json", out.patch);
        if (out.warnings.empty()) {
          CheckAbsent(dir / "expected.warnings.txt");
        } else {
          Check(dir / "expected.warnings.txt", out.warnings);
        }
      }
      // The same actions in the opposite order give byte-identical results.
      Outcome reversed = Run(dir, true);
      CHECK(reversed.error == out.error);
      CHECK(reversed.files == out.files);
      CHECK(reversed.patch == out.patch);
    }
  }
}

TEST_CASE("every golden output re-parses to the documents the patch produces") {
  for (const fs::path& dir : Cases()) {
    if (dir.filename().string().rfind("fail-", 0) == 0 || !fs::exists(dir / "expected.patch.json")) continue;
    DYNAMIC_SECTION(dir.filename().string()) {
      st::Json spec = st::Json::parse(ReadText(dir / "case.json"));
      st::Json patches = st::Json::parse(ReadText(dir / "expected.patch.json"));
      for (const auto& rel : spec["manifests"]) {
        std::string path = rel.get<std::string>();
        std::string name = fs::path(path).filename().string();
        auto base = st::ParseManifest(ReadText(GoldenRoot() / path), path);
        REQUIRE(base);
        auto expected = st::ParseManifest(ReadText(dir / "expected" / name), path);
        REQUIRE(expected);
        // Applying the stored RFC 6902 patch to the original documents gives the expected output.
        st::Json patched = st::Json(base->documents).patch(patches[name]);
        CHECK(patched == st::Json(expected->documents));
      }
    }
  }
}
