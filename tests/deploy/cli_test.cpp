// The deploy and status commands, run as the real `stitch` binary on a store built from the
// corpus: exit codes, output, dry runs that write nothing, blue-green switch and revert.
#include <sys/wait.h>

#include <cstdlib>

#include "DeployTestUtil.h"

using namespace stitch::deploy_test;

namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

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

}  // namespace

TEST_CASE("stitch deploy writes the head to Envoy targets and stitch status reads it back") {
  fs::path dir = Scratch("cli-deploy");
  EnvoyStore(dir);
  fs::path io = dir / "io";
  fs::create_directories(io);
  std::string store = "--store " + (dir / "store/versions.db").string();
  std::string a = "envoy:" + (dir / "a").string(), b = "envoy:" + (dir / "b").string();

  Run v1 = Stitch("deploy " + store + " --version v1 --target " + a + " --target " + b, io);
  CHECK(v1.code == 0);
  CHECK(v1.err.empty());
  CHECK(v1.out == "v1 -> " + a + ": wrote " + (dir / "a/cds.yaml").string() + ", " + (dir / "a/lds.yaml").string() +
                      ", " + (dir / "a/.stitch-deploy").string() + "\n" + "v1 -> " + b + ": wrote " +
                      (dir / "b/cds.yaml").string() + ", " + (dir / "b/lds.yaml").string() + ", " +
                      (dir / "b/.stitch-deploy").string() + "\n");

  Run head = Stitch("deploy " + store + " --target " + a, io);
  CHECK(head.code == 0);
  CHECK(head.out == "v3 -> " + a + ": wrote " + (dir / "a/cds.yaml").string() + ", " + (dir / "a/lds.yaml").string() +
                        ", " + (dir / "a/.stitch-deploy").string() + "\n");
  CHECK(ReadText(dir / "a/cds.yaml").starts_with("version_info: \"3\"\n"));

  Run status = Stitch("status " + store + " --target " + a + " --target " + b, io);
  CHECK(status.code == 0);
  CHECK(status.out.find(a + ": v3 (sha256 ") == 0);
  CHECK(status.out.find("), in the store\n" + b + ": v1 (sha256 ") != std::string::npos);

  Run json = Stitch("status --format json --target " + b, io);
  CHECK(json.code == 0);
  auto parsed = st::Json::parse(json.out);
  CHECK(parsed[0]["version"] == 1);
  CHECK(parsed[0]["backend"] == "envoy-xds");
  CHECK_FALSE(parsed[0].contains("store"));

  // A target that runs nothing is a failure; a version the store does not know too.
  Run none = Stitch("status --target envoy:" + (dir / "none").string(), io);
  CHECK(none.code == 1);
  CHECK(none.err == "stitch status: " + (dir / "none").string() +
                        ": error[D0201]: no Stitch deployment here (no `.stitch-deploy` record)\n");
  fs::path other = Scratch("cli-deploy-other");
  IstioStore(other);
  Run unknown = Stitch("status --store " + (other / "store/versions.db").string() + " --target " + a, io);
  CHECK(unknown.code == 1);
  CHECK(unknown.out.ends_with("), NOT in the store\n"));
  Run differs = Stitch("status --store " + (other / "store/versions.db").string() + " --target " + b, io);
  CHECK(differs.code == 1);
  CHECK(differs.out.ends_with("), DIFFERS from the store's v1\n"));
}

TEST_CASE("stitch deploy --dry-run prints the patch and writes nothing; usage errors exit 2") {
  fs::path dir = Scratch("cli-dry");
  EnvoyStore(dir);
  fs::path io = dir / "io";
  fs::create_directories(io);
  std::string store = "--store " + (dir / "store/versions.db").string();
  std::string a = "envoy:" + (dir / "a").string();
  REQUIRE(Stitch("deploy " + store + " --version 1 --target " + a, io).code == 0);
  std::string cds = ReadText(dir / "a/cds.yaml"), lds = ReadText(dir / "a/lds.yaml");
  std::string record = ReadText(dir / "a/.stitch-deploy");

  Run dry = Stitch("deploy " + store + " --version 2 --dry-run --target " + a, io);
  CHECK(dry.code == 0);
  CHECK(dry.out.starts_with("dry run: v2 to " + a + " (now v1)\npatch:\n[\n"));
  CHECK(dry.out.find("\"value\": \"2s\"") != std::string::npos);
  CHECK(dry.out.find("would write " + (dir / "a/lds.yaml").string()) != std::string::npos);
  CHECK(ReadText(dir / "a/cds.yaml") == cds);
  CHECK(ReadText(dir / "a/lds.yaml") == lds);
  CHECK(ReadText(dir / "a/.stitch-deploy") == record);
  CHECK(disk_entries(dir / "a") == std::vector<std::string>{".stitch-deploy", "cds.yaml", "lds.yaml"});

  Run no_target = Stitch("deploy " + store, io);
  CHECK(no_target.code == 2);
  CHECK(no_target.err.find("error[D0601]: missing `--target KIND:PATH`") != std::string::npos);
  Run bad_target = Stitch("deploy " + store + " --target ftp:/x", io);
  CHECK(bad_target.code == 2);
  CHECK(bad_target.err.find("error[D0101]") != std::string::npos);
  Run bad_version = Stitch("deploy " + store + " --version v9 --target " + a, io);
  CHECK(bad_version.code == 1);
  CHECK(bad_version.err.find("error[S0403]") != std::string::npos);
  Run bad_strategy = Stitch("deploy " + store + " --strategy canary --target " + a, io);
  CHECK(bad_strategy.code == 2);
  CHECK(ReadText(dir / "a/.stitch-deploy") == record);
}

TEST_CASE("stitch deploy --strategy blue-green switches, and --revert switches back") {
  fs::path dir = Scratch("cli-blue-green");
  IstioStore(dir);
  fs::path io = dir / "io";
  fs::create_directories(io);
  std::string store = "--store " + (dir / "store/versions.db").string();
  std::string t = "dir:" + (dir / "gitops").string();
  REQUIRE(Stitch("deploy " + store + " --version 1 --strategy blue-green --target " + t, io).code == 0);
  Run v2 = Stitch("deploy " + store + " --strategy blue-green --target " + t, io);
  CHECK(v2.code == 0);
  CHECK(v2.out.starts_with("v2 -> " + t + " (slot green): wrote "));
  // The green slot was new: every file of v2 was written there, then `current` switched.
  CHECK(v2.out.ends_with((dir / "gitops/green/.stitch-deploy").string() + ", " + (dir / "gitops/current").string() +
                         "\n"));
  Run status = Stitch("status " + store + " --target " + t, io);
  CHECK(status.out.find(": v2 (sha256 ") != std::string::npos);
  CHECK(status.out.find("blue-green slot green") != std::string::npos);

  Run revert = Stitch("deploy " + store + " --strategy blue-green --revert --target " + t, io);
  CHECK(revert.code == 0);
  CHECK(revert.out == t + ": switched to slot blue, now v1\n");
  CHECK(fs::read_symlink(dir / "gitops/current") == "blue");
  Run plain = Stitch("deploy " + store + " --target " + t, io);
  CHECK(plain.code == 1);
  CHECK(plain.err.find("error[D0102]") != std::string::npos);
}
