#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/Golden.h"

using stitch::testing::ReadText;
using stitch::testing::Run;

namespace fs = std::filesystem;

namespace {

const std::string kStitch = STITCH_BINARY;

int Stitch(const std::string& args, std::string& out, bool merge_stderr = true) {
  return Run(kStitch + " " + args, out, merge_stderr);
}

// A scratch directory removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("stitch-cli-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
};

}  // namespace

TEST_CASE("stitch check: 0 when clean, 1 on errors, 2 on usage errors") {
  std::string out;
  CHECK(Stitch("check examples/policies examples/yaml", out) == 0);
  CHECK(out == "checked 4 files: no problems\n");
  CHECK(Stitch("check tests/check/fail_E0201_unit_mismatch.policy", out) == 1);
  CHECK(out.find("error[E0201]") != std::string::npos);
  CHECK(out.find("checked 1 file: 4 errors, 0 warnings") != std::string::npos);
  CHECK(Stitch("check --frobnicate examples/policies", out) == 2);
  CHECK(out.find("unknown option `--frobnicate`") != std::string::npos);
  CHECK(Stitch("check", out) == 2);
  CHECK(Stitch("check --format xml examples/policies", out) == 2);
  CHECK(out.find("must be one of human, json") != std::string::npos);
  CHECK(Stitch("check does/not/exist.policy", out) == 2);
  CHECK(Stitch("frobnicate", out) == 2);
}

TEST_CASE("stitch check --strict fails on warnings") {
  std::string out;
  CHECK(Stitch("check tests/check/warn_W0002_unused_const.policy", out) == 0);
  CHECK(Stitch("check --strict tests/check/warn_W0002_unused_const.policy", out) == 1);
  std::string manifests = "--manifest tests/check/manifests/virtual-service-reviews-80-20.yaml "
                          "--manifest tests/check/manifests/destination-rule-all-mtls.yaml ";
  CHECK(Stitch("check " + manifests + "tests/check/warn_W0001_W0004_manifests.policy", out) == 0);
  CHECK(out.find("warning[W0001]") != std::string::npos);
  CHECK(Stitch("check --strict " + manifests + "tests/check/warn_W0001_W0004_manifests.policy", out) == 1);
  CHECK(Stitch("check --manifest tests/check/manifests/broken.yaml examples/policies", out) == 1);
  CHECK(out.find("error[E0701]") != std::string::npos);
}

TEST_CASE("stitch check --format json is one JSON document with every diagnostic") {
  std::string out;
  CHECK(Stitch("check --format json tests/check/fail_E0201_unit_mismatch.policy", out, false) == 1);
  nlohmann::json doc = nlohmann::json::parse(out);
  CHECK(doc["files"] == 1);
  CHECK(doc["errors"] == 4);
  REQUIRE(doc["diagnostics"].size() == 4);
  const auto& first = doc["diagnostics"][0];
  CHECK(first["code"] == "E0201");
  CHECK(first["range"]["start"]["line"] == 3);
  CHECK(first["range"]["start"]["column"] == 23);
  CHECK(first["fix"]["replacement"] == "500ms");
}

TEST_CASE("policy names are unique across the files of a set") {
  TempDir dir;
  std::string policy = "policy same {\n  target service \"a\"\n  always\n  then set timeout 2s\n}\n";
  dir.Write("a.policy", policy);
  dir.Write("b.policy", policy);
  std::string out;
  CHECK(Stitch("check " + dir.path.string(), out) == 1);
  CHECK(out.find("error[E0102]: policy `same` is already defined in another file") != std::string::npos);
}

TEST_CASE("stitch fmt rewrites in place, --check lists what would change") {
  TempDir dir;
  std::string messy = dir.Write("messy.policy", ReadText("tests/fmt/messy.input.policy"));
  std::string clean = dir.Write("clean.policy", ReadText("tests/fmt/messy.expected.policy"));
  std::string out;
  CHECK(Stitch("fmt --check " + dir.path.string(), out, false) == 1);
  CHECK(out == messy + "\n");
  CHECK(ReadText(messy) == ReadText("tests/fmt/messy.input.policy"));  // --check changes nothing
  CHECK(Stitch("fmt " + dir.path.string(), out) == 0);
  CHECK(ReadText(messy) == ReadText("tests/fmt/messy.expected.policy"));
  CHECK(Stitch("fmt --check " + dir.path.string(), out) == 0);
  CHECK(ReadText(clean) == ReadText("tests/fmt/messy.expected.policy"));
}

TEST_CASE("stitch fmt leaves a file with syntax errors untouched") {
  TempDir dir;
  std::string text = "policy p {\n  target service\n}\n";
  std::string path = dir.Write("broken.policy", text);
  std::string out;
  CHECK(Stitch("fmt " + path, out) == 1);
  CHECK(out.find("error[E0006]") != std::string::npos);
  CHECK(ReadText(path) == text);
  CHECK(fs::directory_iterator(dir.path) != fs::directory_iterator());
  size_t files = 0;
  for (auto& entry : fs::directory_iterator(dir.path)) files += entry.is_regular_file();
  CHECK(files == 1);  // no temporary file left behind
}

TEST_CASE("stitch fmt --to converts between the forms") {
  TempDir dir;
  std::string out;
  CHECK(Stitch("fmt --to yaml examples/policies/checkout.policy", out, false) == 0);
  std::string yaml_path = dir.Write("checkout.policy.yaml", out);
  CHECK(Stitch("fmt --to policy " + yaml_path, out, false) == 0);
  std::string expected = ReadText("tests/fmt/checkout-from-yaml.expected.policy");
  CHECK(out == expected);
  std::string written = (dir.path / "out.policy").string();
  CHECK(Stitch("fmt --to policy -o " + written + " examples/yaml/checkout.policy.yaml", out) == 0);
  CHECK(ReadText(written) == expected);
  CHECK(Stitch("fmt -o x.policy examples/policies/checkout.policy", out) == 2);
  CHECK(Stitch("fmt --to yaml examples/policies", out) == 2);
}

TEST_CASE("every command answers --help") {
  std::string out;
  CHECK(Stitch("--help", out) == 0);
  for (const char* command : {"check", "fmt"}) {
    INFO(command);
    CHECK(out.find(std::string("  ") + command) != std::string::npos);
  }
  CHECK(Stitch("check --help", out) == 0);
  CHECK(out.find("--manifest FILE") != std::string::npos);
  CHECK(out.find("--strict") != std::string::npos);
  CHECK(Stitch("fmt --help", out) == 0);
  CHECK(out.find("--to FORM") != std::string::npos);
}
