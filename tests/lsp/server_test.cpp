// The server without the protocol: documents, versions, byte edits, re-checks, and the feature
// functions called directly with byte offsets.
#include <catch2/catch.hpp>

#include "compiler/fmt/Format.h"
#include "lsp/CodeActions.h"
#include "lsp/DocumentSymbols.h"
#include "lsp/Formatting.h"
#include "lsp/Hover.h"
#include "lsp/SemanticTokens.h"
#include "lsp/Server.h"
#include "lsp/XRefs.h"

using namespace stitch;
using namespace stitch::lsp;

namespace {

const std::string kUri = "file:///w/a.policy";

const char* kPolicy =
    "const slow = 500ms;\n"
    "\n"
    "policy shadow {\n"
    "  target service \"checkout\"\n"
    "  when p99(latency) > slow for 2m\n"
    "  then redirect 10% to \"checkout-shadow\"\n"
    "}\n";

uint32_t OffsetOf(const Document& document, const std::string& needle, size_t nth = 0) {
  size_t at = document.source->text().find(needle);
  while (nth-- > 0) at = document.source->text().find(needle, at + 1);
  REQUIRE(at != std::string::npos);
  return static_cast<uint32_t>(at);
}

std::vector<std::string> Codes(const Document& document) {
  std::vector<std::string> codes;
  for (const auto& d : document.diagnostics) codes.emplace_back(Info(d.code).name);
  return codes;
}

}  // namespace

TEST_CASE("open, edit in bytes, re-check, close") {
  Server server;
  const Document& opened = server.Open(kUri, kPolicy, 1);
  CHECK(opened.version == 1);
  CHECK(opened.diagnostics.empty());
  CHECK(opened.checked.syntax_ok);

  // `slow` → `500`: a duration compared with a bare number (E0201 with a fix-it), and the
  // constant is now unused (W0002).
  uint32_t at = OffsetOf(opened, "slow for");
  const Document* changed = server.Change(kUri, 2, {{SourceRange{at, at + 4}, "500"}});
  REQUIRE(changed);
  CHECK(changed->version == 2);
  CHECK(Codes(*changed) == std::vector<std::string>{"W0002", "E0201"});

  // Edits apply in order, each to the text the previous one left.
  changed = server.Change(kUri, 3, {{SourceRange{0, 0}, "// a\n"}, {SourceRange{0, 4}, "// b"}});
  CHECK(changed->source->text().rfind("// b\nconst slow", 0) == 0);

  // Out-of-range edits are clamped; a range-less edit replaces everything.
  changed = server.Change(kUri, 4, {{SourceRange{100000, 200000}, "\n"}});
  CHECK(changed->source->text().back() == '\n');
  changed = server.Change(kUri, 5, {{std::nullopt, "policy {"}});
  CHECK(changed->source->text() == "policy {");
  CHECK(!changed->checked.syntax_ok);
  CHECK(Codes(*changed).front() == "E0006");

  CHECK(server.Close(kUri));
  CHECK(!server.Find(kUri));
  CHECK(!server.Close(kUri));
  CHECK(!server.Change(kUri, 6, {}));
}

TEST_CASE("documents get exactly the diagnostics `stitch check` reports") {
  for (const char* path : {"tests/check/fail_E0201_unit_mismatch.policy", "examples/yaml/checkout.policy.yaml",
                           "tests/check/fail_E0006_syntax_errors.policy"}) {
    std::string text;
    REQUIRE(ReadFile(path, text));
    Diagnostics expected;
    CheckSource(std::make_shared<SourceFile>(path, text), expected);
    expected.Sort();
    Server server;
    const Document& document = server.Open(std::string("file://") + path, text, 1);
    REQUIRE(document.diagnostics.size() == expected.all().size());
    for (size_t i = 0; i < expected.all().size(); ++i) {
      CHECK(document.diagnostics[i].code == expected.all()[i].code);
      CHECK(document.diagnostics[i].range == expected.all()[i].range);
      CHECK(document.diagnostics[i].message == expected.all()[i].message);
    }
  }
}

TEST_CASE("features work on byte offsets without the protocol") {
  Server server;
  const Document& document = server.Open(kUri, kPolicy, 1);

  auto hover = HoverAt(document, OffsetOf(document, "slow", 1));
  REQUIRE(hover);
  CHECK(hover->markdown.find("const slow: duration = 500ms") != std::string::npos);
  CHECK(hover->markdown.find("0.5 s") != std::string::npos);

  auto definition = DefinitionAt(server, document, OffsetOf(document, "slow", 1));
  REQUIRE(definition.size() == 1);
  CHECK(definition[0].range == SourceRange{6, 10});

  auto uses = ReferencesAt(server, document, 6, /*include_declaration=*/true);
  REQUIRE(uses.size() == 2);
  CHECK(uses[1].range.begin == OffsetOf(document, "slow", 1));

  auto outline = OutlineOf(document);
  REQUIRE(outline.size() == 2);
  CHECK(outline[1].name == "shadow");
  CHECK(outline[1].children.size() == 3);

  CHECK(FormatDocument(document) == formatter::FormatFile(document.checked.ast));
  CHECK(!SemanticTokensOf(document).empty());
}

TEST_CASE("quick fixes come from the compiler's fix-its") {
  Server server;
  const Document& document = server.Open(kUri, "policy p {\n  target service \"a\"\n  when p99(latency) > 500\n  then set timeout 1s\n}\n", 1);
  auto fixes = QuickFixesIn(document, {0, static_cast<uint32_t>(document.source->text().size())});
  REQUIRE(fixes.size() == 1);
  CHECK(fixes[0].fix.replacement == "500ms");
  CHECK(Info(fixes[0].diagnostic->code).name == "E0201");
  CHECK(QuickFixesIn(document, {0, 5}).empty());
}

TEST_CASE("semantic tokens are sorted, disjoint and classify names") {
  Server server;
  const Document& document = server.Open(kUri, kPolicy, 1);
  auto tokens = SemanticTokensOf(document);
  for (size_t i = 1; i < tokens.size(); ++i) CHECK(tokens[i - 1].range.end <= tokens[i].range.begin);
  auto type_at = [&](const std::string& needle, size_t nth = 0) {
    uint32_t offset = OffsetOf(document, needle, nth);
    for (const auto& t : tokens) {
      if (t.range.begin == offset) return static_cast<int>(t.type);
    }
    return -1;
  };
  CHECK(type_at("const") == static_cast<int>(TokenType::kKeyword));
  CHECK(type_at("slow") == static_cast<int>(TokenType::kVariable));
  CHECK(type_at("p99") == static_cast<int>(TokenType::kFunction));
  CHECK(type_at("latency") == static_cast<int>(TokenType::kProperty));
  CHECK(type_at("500ms") == static_cast<int>(TokenType::kNumber));
  CHECK(type_at("\"checkout\"") == static_cast<int>(TokenType::kString));
  CHECK(type_at("redirect") == static_cast<int>(TokenType::kKeyword));
  CHECK(type_at("for") == static_cast<int>(TokenType::kKeyword));
  CHECK(type_at("shadow") == static_cast<int>(TokenType::kClass));
}
