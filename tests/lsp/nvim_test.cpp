// A real client: Debian's Neovim, headless, with editors/nvim/stitch.lua, opens a policy file
// with an error and reports (as JSON) the diagnostics it received from `stitch lsp`, and the
// results of a hover and a completion request. Neovim's own waits are bounded (init.lua), and
// `timeout` bounds the whole run.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "support/Golden.h"

using nlohmann::json;

TEST_CASE("Neovim receives diagnostics, hover and completion from stitch lsp") {
  std::string version;
  REQUIRE(stitch::testing::Run("nvim --version", version) == 0);  // scripts/setup.sh installs neovim
  INFO(version.substr(0, version.find('\n')));

  std::string root = std::filesystem::current_path().string();
  std::string out = (std::filesystem::temp_directory_path() / ("stitch-nvim-" + std::to_string(::getpid()) + ".json")).string();
  std::string command = "cd " + root + " && STITCH_NVIM_OUT='" + out + "' STITCH_NVIM_ROOT='" + root +
                        "' STITCH_BINARY='" + STITCH_BINARY +
                        "' timeout 90 nvim --headless --clean -u tests/lsp/nvim/init.lua tests/lsp/workspace/bad.policy";
  std::string log;
  int status = stitch::testing::Run(command, log, true);
  INFO("nvim exit " << status << ", output: " << log);
  REQUIRE(status == 0);
  std::string text = stitch::testing::ReadText(out);
  std::filesystem::remove(out);
  INFO("report: " << text);
  json report = json::parse(text);
  REQUIRE(!report.contains("error"));
  CHECK(report["filetype"] == "stitch");
  CHECK(report["attached"] == true);
  REQUIRE(report["diagnostics_arrived"] == true);

  // `when p99(latency) > 500 for 2m` on line 4: E0201 at the `500` (0-based line 3, column 22).
  REQUIRE(report["diagnostics"].size() == 1);
  json d = report["diagnostics"][0];
  CHECK(d["code"] == "E0201");
  CHECK(d["lnum"] == 3);
  CHECK(d["col"] == 22);
  CHECK(d["end_col"] == 25);
  CHECK(d["severity"] == 1);
  CHECK(d["source"] == "stitch");

  std::string hover = report["hover"]["result"]["contents"]["value"];
  CHECK(hover.find("metric latency: distribution") != std::string::npos);

  // Inside `"checkout"` after `"ch`: the service names of tests/lsp/workspace/manifests.
  std::vector<std::string> labels;
  for (const json& item : report["completion"]["result"]["items"]) labels.push_back(item["label"]);
  CHECK(std::find(labels.begin(), labels.end(), "checkout") != labels.end());
  CHECK(std::find(labels.begin(), labels.end(), "cart") != labels.end());
}
