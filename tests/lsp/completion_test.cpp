// Completion without the protocol: the place is read from the text around the cursor and the
// (possibly partial) AST.
#include <catch2/catch.hpp>

#include <algorithm>

#include "compiler/Compile.h"
#include "lsp/Actions.h"
#include "lsp/Completion.h"

using namespace stitch;
using namespace stitch::lsp;

namespace {

// Completion labels at the `|` in `text` (which is removed).
std::vector<std::string> LabelsAt(std::string text, const check::ManifestNames& manifests = {}) {
  size_t cursor = text.find('|');
  REQUIRE(cursor != std::string::npos);
  text.erase(cursor, 1);
  Server server;
  const Document& document = server.Open("file:///w/a.policy", text, 1);
  std::vector<std::string> labels;
  for (const auto& c : CompleteAt(document, static_cast<uint32_t>(cursor), manifests)) labels.push_back(c.label);
  return labels;
}

bool Has(const std::vector<std::string>& labels, const std::string& label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

const char* kTargets[] = {
    "service \"a\"", "service ~ \"a.*\"", "services where tag(\"team\") == \"pay\"",
    "each node of service \"a\"", "each node of service ~ \"a.*\"", "route \"a/api\"", "namespace \"prod\"",
};

}  // namespace

TEST_CASE("the actions offered for a target are exactly those the checker accepts") {
  for (const char* target : kTargets) {
    auto labels = LabelsAt(std::string("policy p {\n  target ") + target + "\n  always\n  then |\n}\n");
    for (const ActionInfo& action : Actions()) {
      DYNAMIC_SECTION(target << " / " << action.label) {
        // Write the action in full and ask the checker whether E0401 comes.
        std::string text = std::string("policy p {\n  target ") + target + "\n  always\n  then " +
                           std::string(action.syntax) + "\n}\n";
        static const std::pair<const char*, const char*> kFill[] = {
            {"P%", "10%"}, {"DEST", "\"b\""}, {"S", "5%"}, {" every D", " every 1m"}, {" [max M]", ""},
            {" [for D]", ""}, {"N/s", "10/s"}, {" [burst B] [on header \"h\" [= \"v\"]]", ""},
            {"strict|permissive", "strict"}, {"timeout D", "timeout 1s"}, {"retries N", "retries 3"},
            {" [on \"5xx,reset\"]", ""}};
        for (auto [from, to] : kFill) {
          if (size_t at = text.find(from); at != std::string::npos) text.replace(at, std::string(from).size(), to);
        }
        Diagnostics diagnostics;
        CheckSource(std::make_shared<SourceFile>("a.policy", text), diagnostics);
        bool rejected = false;
        for (const auto& d : diagnostics.all()) {
          INFO(text << d.message);
          CHECK((d.code == DiagCode::E0401 || d.code == DiagCode::E0410 || d.code == DiagCode::E0414));
          rejected = rejected || d.code == DiagCode::E0401;
        }
        CHECK(Has(labels, std::string(action.label)) == !rejected);
      }
    }
  }
}

TEST_CASE("completion in a half-typed file") {
  // The file does not parse; the checker did not run. The place still decides.
  auto labels = LabelsAt("const slow = 500ms;\npolicy p {\n  target service \"a\"\n  when p99(lat|\n");
  CHECK(Has(labels, "latency"));
  CHECK(Has(labels, "slow"));
  CHECK(Has(labels, "p99"));
  CHECK(!Has(labels, "policy"));

  labels = LabelsAt("policy p {\n  target each node of service \"a\"\n  when errors > 1/s\n  then |");
  CHECK(labels == std::vector<std::string>{"isolate node"});

  labels = LabelsAt("policy p {\n  |\n");
  CHECK(Has(labels, "target"));
  CHECK(Has(labels, "recover when"));
  CHECK(!Has(labels, "latency"));

  labels = LabelsAt("policy p {\n  target |");
  CHECK(Has(labels, "each node of service"));

  labels = LabelsAt("const a = 1;\n|");
  CHECK(labels == std::vector<std::string>{"const", "metric", "guard", "health", "policy"});
}

TEST_CASE("units after a number") {
  auto labels = LabelsAt("policy p {\n  target service \"a\"\n  when p99(latency) > 500m|\n}\n");
  CHECK(Has(labels, "ms"));
  CHECK(Has(labels, "%"));
  CHECK(!Has(labels, "latency"));
  Server server;
  const Document& document = server.Open("file:///w/a.policy", "const x = 500m", 1);
  auto items = CompleteAt(document, 14, {});
  REQUIRE(!items.empty());
  CHECK(items[0].replace == SourceRange{13, 14});  // the suffix typed so far is replaced
}

TEST_CASE("names from the workspace's manifests in strings") {
  check::ManifestNames manifests;
  manifests.services = {"cart", "checkout"};
  manifests.destinations = {"checkout-shadow", "v2"};
  auto labels = LabelsAt("policy p {\n  target service \"ch|\"\n}\n", manifests);
  CHECK(labels == std::vector<std::string>{"cart", "checkout"});
  labels = LabelsAt("policy p {\n  target service \"a\"\n  always\n  then redirect 10% to \"|", manifests);
  CHECK(labels == std::vector<std::string>{"checkout-shadow", "v2"});
  labels = LabelsAt("policy p {\n  target service \"a\"\n  always\n  then redirect 10% to |", manifests);
  CHECK(Has(labels, "subset"));
  CHECK(Has(labels, "checkout-shadow"));
  // Nothing in comments or description strings.
  CHECK(LabelsAt("// policy |\n", manifests).empty());
  CHECK(LabelsAt("policy p {\n  description \"x|\"\n}\n", manifests).empty());
}
