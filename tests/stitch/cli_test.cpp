// The stitch/history/show/diff/rollback commands, run as the real `stitch` binary.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>

#include "GoldenUtil.h"

namespace fs = std::filesystem;
using stitch::test::ReadText;
using stitch::test::WriteText;

namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

// Runs `stitch ARGS` from the source root, capturing stdout and stderr.
Run Stitch(const std::string& args, const fs::path& dir) {
  std::string out_file = (dir / "stdout.txt").string(), err_file = (dir / "stderr.txt").string();
  std::string cmd = std::string(STITCH_BIN) + " " + args + " >" + out_file + " 2>" + err_file;
  int status = std::system(cmd.c_str());
  Run r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadText(out_file);
  r.err = ReadText(err_file);
  return r;
}

fs::path Scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("stitch-cli-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

const std::string kVs = "tests/stitch/golden/corpus/istio/virtual-service-reviews-80-20.yaml";
const std::string kDr = "tests/stitch/golden/corpus/istio/destination-rule-all-mtls.yaml";
const std::string kActions = "tests/stitch/golden/cases/istio-redirect-subset/actions.json";

}  // namespace

TEST_CASE("stitch writes every output file or none, with stable error codes and exit codes") {
  fs::path dir = Scratch("out");
  Run ok = Stitch("stitch --manifest " + kVs + " --manifest " + kDr + " --actions " + kActions + " --out " +
                      (dir / "out").string(),
                  dir);
  CHECK(ok.code == 0);
  CHECK(ReadText(dir / "out/virtual-service-reviews-80-20.yaml") ==
        ReadText("tests/stitch/golden/cases/istio-redirect-subset/expected/virtual-service-reviews-80-20.yaml"));
  CHECK(fs::exists(dir / "out/destination-rule-all-mtls.yaml"));

  // A failing stitch leaves the output directory exactly as it was.
  WriteText(dir / "bad.json", R"({"version": 1, "actions": [{"type": "redirect", "target": {"kind": "service", "name": "reviews"}, "share": 0.1, "to": {"name": "v9"}, "provenance": {"policy": "p"}}]})");
  std::string before = ReadText(dir / "out/virtual-service-reviews-80-20.yaml");
  Run bad = Stitch("stitch --manifest " + kVs + " --manifest " + kDr + " --actions " + (dir / "bad.json").string() +
                       " --out " + (dir / "out").string(),
                   dir);
  CHECK(bad.code == 1);
  CHECK(bad.err.find("error[S0302]: `v9` is neither a subset of `reviews` nor a known host") != std::string::npos);
  CHECK(ReadText(dir / "out/virtual-service-reviews-80-20.yaml") == before);
  for (const auto& e : fs::directory_iterator(dir / "out"))
    CHECK(e.path().filename().string().find("stitch-tmp") == std::string::npos);

  Run json = Stitch("stitch --manifest " + kVs + " --actions " + (dir / "missing.json").string(), dir);
  CHECK(json.code == 1);
  CHECK(json.err == "stitch stitch: " + (dir / "missing.json").string() + ": error[S0001]: cannot read actions file\n");
  Run usage = Stitch("stitch --manifest " + kVs, dir);
  CHECK(usage.code == 2);
  CHECK(usage.err == "stitch stitch: error[S0501]: missing `--actions FILE`\n");
  Run flag = Stitch("stitch --bogus", dir);
  CHECK(flag.code == 2);
}

TEST_CASE("history, show, diff and rollback work on a store") {
  fs::path dir = Scratch("store");
  std::string store = (dir / "s.db").string();
  WriteText(dir / "none.json", R"({"version": 1, "actions": []})");
  Run v1 = Stitch("stitch --manifest " + kVs + " --manifest " + kDr + " --actions " + (dir / "none.json").string() +
                      " --store " + store + " --author ci",
                  dir);
  CHECK(v1.code == 0);
  CHECK(v1.out.rfind("version 1 (sha256 ", 0) == 0);
  Run v2 = Stitch("stitch --manifest " + kVs + " --manifest " + kDr + " --actions " + kActions + " --store " + store +
                      " --author ci",
                  dir);
  CHECK(v2.code == 0);
  CHECK(v2.out.rfind("version 2 (sha256 ", 0) == 0);

  Run history = Stitch("history --store " + store + " --format json", dir);
  CHECK(history.code == 0);
  CHECK(history.out.find("\"id\": 2,\n    \"parent\": 1,") != std::string::npos);

  Run show = Stitch("show v2 --store " + store, dir);
  CHECK(show.code == 0);
  CHECK(show.out.find("ci: redirect 10% of service `reviews` to subset `v3`\n    why: policy `shadow_slow_reviews` fired "
                      "for `reviews` with p99(latency) = 0.62 at 2026-12-03T10:00:00Z (priority 0)") != std::string::npos);

  Run diff = Stitch("diff 1 2 --store " + store + " --color never", dir);
  CHECK(diff.code == 0);
  CHECK(diff.out.find("--- v1/" + kVs + "\n+++ v2/" + kVs + "\n@@ -10,8 +10,12 @@\n") != std::string::npos);
  CHECK(diff.out.find("\n-      weight: 80\n+      weight: 72\n") != std::string::npos);
  Run colored = Stitch("diff 1 2 --store " + store + " --color always", dir);
  CHECK(colored.out.find("\x1b[31m-      weight: 80\x1b[0m\n\x1b[32m+      weight: 72\x1b[0m\n") != std::string::npos);

  Run rollback = Stitch("rollback 1 --store " + store + " --reason test --out " + (dir / "restored").string(), dir);
  CHECK(rollback.code == 0);
  CHECK(rollback.out.rfind("version 3 restores v1", 0) == 0);
  CHECK(ReadText(dir / "restored/virtual-service-reviews-80-20.yaml") ==
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  hosts:\n  - "
        "reviews\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v1\n      weight: 80\n"
        "    - destination:\n        host: reviews\n        subset: v2\n      weight: 20\n");
  Run same = Stitch("diff 1 3 --store " + store, dir);
  CHECK(same.out.empty());

  Run unknown = Stitch("show 7 --store " + store, dir);
  CHECK(unknown.code == 1);
  CHECK(unknown.err == "stitch show: " + store + ": error[S0403]: no version 7 in the store\n");
  Run notversion = Stitch("show seven --store " + store, dir);
  CHECK(notversion.code == 2);
  CHECK(notversion.err == "stitch show: error[S0501]: `seven` is not a version (expected a number like `3`, `v3`, or `head`)\n");
  Run nostore = Stitch("history --store " + (dir / "none.db").string(), dir);
  CHECK(nostore.code == 1);
  CHECK(nostore.err.find("error[S0401]: no version store here") != std::string::npos);
}
