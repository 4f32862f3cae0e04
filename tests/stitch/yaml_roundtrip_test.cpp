// Manifest I/O: every corpus manifest survives load → write → load with equal content, YAML
// anchors and merge keys resolve, scalars keep their types, and bad input is located.
#include <catch2/catch.hpp>

#include "GoldenUtil.h"
#include "stitch/Manifest.h"
#include "stitch/Stitch.h"

namespace fs = std::filesystem;
namespace st = stitch::stitch;
using stitch::test::GoldenRoot;
using stitch::test::ReadText;

TEST_CASE("every corpus manifest round-trips with no field dropped") {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(GoldenRoot() / "corpus"))
    if (e.is_regular_file() && e.path().filename() != "SOURCES.md" &&
        e.path().string().find(".template.") == std::string::npos)
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 25);
  for (const fs::path& file : files) {
    DYNAMIC_SECTION(file.filename().string()) {
      auto m = st::ParseManifest(ReadText(file), file.string());
      REQUIRE(m);
      CHECK_FALSE(m->documents.empty());
      std::string text = st::RenderManifest(*m);
      auto again = st::ParseManifest(text, file.string());
      REQUIRE(again);
      CHECK(again->documents == m->documents);  // ordered: same keys, same order, same values
      CHECK(st::RenderManifest(*again) == text);
      // And stitching with no actions changes nothing.
      auto result = st::Stitch({*m}, {});
      REQUIRE(result);
      CHECK(result->manifests[0].documents == m->documents);
      CHECK(result->patches[0] == st::Json::array());
    }
  }
}

TEST_CASE("multi-document YAML keeps every document and drops only empty ones") {
  auto m = st::ParseManifest(ReadText(GoldenRoot() / "corpus/appmesh/k8s-djapp-meshed-app.yaml"), "m.yaml");
  REQUIRE(m);
  CHECK(m->documents.size() == 11);  // leading `---` and no empty document
  auto dr = st::ParseManifest(ReadText(GoldenRoot() / "corpus/istio/destination-rule-all-mtls.yaml"), "d.yaml");
  REQUIRE(dr);
  CHECK(dr->documents.size() == 4);  // the trailing `---` gives no document
  CHECK(dr->documents[3]["metadata"]["name"] == "details");
}

TEST_CASE("anchors, aliases and merge keys are resolved") {
  auto m = st::ParseManifest(ReadText(GoldenRoot() / "synthetic/anchors-merge-keys.yaml"), "a.yaml");
  REQUIRE(m);
  REQUIRE(m->documents.size() == 2);
  const st::Json& dr = m->documents[0];
  CHECK(dr["spec"]["subsets"][0]["trafficPolicy"].dump() ==
        R"({"tls":{"mode":"SIMPLE"},"connectionPool":{"tcp":{"maxConnections":100}}})");
  CHECK(dr["spec"]["subsets"][1]["labels"].dump() == R"({"tier":"3","team":"books","version":"v2"})");
  CHECK(m->documents[1]["metadata"]["annotations"].dump() == R"({"team":"books"})");
  auto again = st::ParseManifest(st::RenderManifest(*m), "a.yaml");
  REQUIRE(again);
  CHECK(again->documents == m->documents);
}

TEST_CASE("scalars keep their YAML types and strings that look like other types stay strings") {
  auto m = st::ParseManifest(
      "a: 1\nb: 1.5\nc: true\nd: ~\ne: '1'\nf: \"true\"\ng: 0.25s\nh: yes\ni: 10:30\nj: ':path'\nk: 0x1F\n"
      "l: ''\nm: 5xx\nn: -1\no: \"a: b\"\np: \"line\\nbreak\"\n8080: {mode: STRICT}\n",
      "s.yaml");
  REQUIRE(m);
  const st::Json& d = m->documents[0];
  CHECK(d.dump() ==
        R"({"a":1,"b":1.5,"c":true,"d":null,"e":"1","f":"true","g":"0.25s","h":"yes","i":"10:30","j":":path",)"
        R"("k":31,"l":"","m":"5xx","n":-1,"o":"a: b","p":"line\nbreak","8080":{"mode":"STRICT"}})");
  CHECK(st::RenderManifest(*m) ==
        "a: 1\nb: 1.5\nc: true\nd: null\ne: \"1\"\nf: \"true\"\ng: 0.25s\nh: \"yes\"\ni: \"10:30\"\nj: \":path\"\n"
        "k: 31\nl: \"\"\nm: 5xx\nn: -1\no: \"a: b\"\np: \"line\\nbreak\"\n8080:\n  mode: STRICT\n");
}

TEST_CASE("JSON manifests are written back as JSON with their indentation") {
  auto m = st::ParseManifest(ReadText(GoldenRoot() / "corpus/appmesh/route-colorteller-black-80-blue-20.json"), "r.json");
  REQUIRE(m);
  CHECK(m->format == st::Format::kJson);
  CHECK(m->json_indent == 4);
  CHECK(st::RenderManifest(*m).rfind("{\n    \"routeName\": \"colorteller-route\",\n    \"spec\": {", 0) == 0);
}

TEST_CASE("bad manifests are reported with file, line and column") {
  auto t = st::ParseManifest(ReadText(GoldenRoot() / "corpus/appmesh/virtual-node-color-outlier-detection.template.json"),
                             "color.json");
  REQUIRE_FALSE(t);
  CHECK(t.error().Render() ==
        "color.json:34:30: error[S0201]: invalid JSON: syntax error while parsing value - invalid literal; last read: "
        "'\"namespaceName\": $'");
  auto y = st::ParseManifest("a: [1, 2\nb: c\n", "bad.yaml");
  REQUIRE_FALSE(y);
  CHECK(y.error().code == "S0201");
  CHECK(y.error().location.rfind("bad.yaml:", 0) == 0);
  auto k = st::ParseManifest("? [a, b]\n: c\n", "key.yaml");
  REQUIRE_FALSE(k);
  CHECK(k.error().Render() == "key.yaml:1:3: error[S0202]: complex (non-scalar) mapping keys are not supported");
  auto missing = st::LoadManifest("/nonexistent/x.yaml");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().Render() == "/nonexistent/x.yaml: error[S0001]: cannot read manifest file");
}
