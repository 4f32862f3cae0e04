// Every kind of bad input gives diagnostics, never a crash, a hang or a stack overflow.
#include <catch2/catch.hpp>

#include "compiler/Compile.h"

using namespace stitch;

namespace {

Diagnostics CheckText(std::string text, const std::string& path = "bad.policy") {
  Diagnostics diagnostics;
  CheckSource(std::make_shared<SourceFile>(path, std::move(text)), diagnostics);
  return diagnostics;
}

bool Has(const Diagnostics& diagnostics, DiagCode code) {
  for (const auto& d : diagnostics.all()) {
    if (d.code == code) return true;
  }
  return false;
}

const char* kValid = "policy p {\n  target service \"api\"\n  when requests > 1/s\n  then set timeout 2s\n}\n";

}  // namespace

TEST_CASE("an empty file is an error") {
  Diagnostics d = CheckText("");
  REQUIRE(d.errors() == 1);
  CHECK(d.all()[0].code == DiagCode::E0010);
  CHECK(CheckText("  \n\n// only a comment\n").all()[0].code == DiagCode::E0010);
}

TEST_CASE("a binary file is refused before parsing") {
  std::string binary("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16);
  Diagnostics d = CheckText(binary);
  REQUIRE(d.errors() == 1);
  CHECK(d.all()[0].code == DiagCode::E0009);
  CHECK(d.all()[0].range.begin == 7);
}

TEST_CASE("invalid UTF-8 is reported at its byte") {
  for (std::string bad : {std::string("\xC3\x28"), std::string("\xED\xA0\x80"), std::string("\xF8\x88\x80\x80"),
                          std::string("\xC0\xAF"), std::string("\xE2\x82")}) {
    std::string text = "policy p {\n  description \"" + bad + "\"\n}\n";
    Diagnostics d = CheckText(text);
    REQUIRE(d.errors() == 1);
    CHECK(d.all()[0].code == DiagCode::E0001);
    CHECK(d.all()[0].range.begin == 26);
  }
  // Valid multi-byte text is fine, and columns after it stay right.
  Diagnostics d = CheckText("policy p {\n  description \"café ✓\"\n  target service \"a\"\n  when x > 1\n  then set timeout 2s\n}\n");
  REQUIRE(d.errors() == 1);
  CHECK(d.all()[0].code == DiagCode::E0101);
  CHECK(d.all()[0].file->Position(d.all()[0].range.begin).line == 4);
  CHECK(d.all()[0].file->Position(d.all()[0].range.begin).column == 8);
}

TEST_CASE("a 10 MB file is refused with a size error") {
  std::string big;
  while (big.size() < 10 * 1024 * 1024) big += kValid;
  Diagnostics d = CheckText(big);
  REQUIRE(d.errors() == 1);
  CHECK(d.all()[0].code == DiagCode::E0008);
}

TEST_CASE("10,000 nested parentheses give E0007, not a stack overflow") {
  std::string text = "policy p {\n  target service \"api\"\n  when " + std::string(10000, '(') +
                     "requests > 1/s" + std::string(10000, ')') + "\n  then set timeout 2s\n}\n";
  Diagnostics d = CheckText(text);
  REQUIRE(d.errors() == 1);
  CHECK(d.all()[0].code == DiagCode::E0007);
}

TEST_CASE("10,000 prefix operators and long operator chains are bounded too") {
  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "not ";
  Diagnostics d = CheckText("policy p {\n  target service \"api\"\n  when " + nots +
                            "present(requests)\n  then set timeout 2s\n}\n");
  CHECK(Has(d, DiagCode::E0007));
  std::string chain = "requests";
  for (int i = 0; i < 100000; ++i) chain += " + requests";
  d = CheckText("policy p {\n  target service \"api\"\n  when " + chain + " > 1/s\n  then set timeout 2s\n}\n");
  CHECK(Has(d, DiagCode::E0007));
}

TEST_CASE("unterminated strings and comments are reported and parsing goes on") {
  Diagnostics d = CheckText("policy p {\n  description \"open\n  target service \"api\"\n}\n");
  CHECK(Has(d, DiagCode::E0002));
  d = CheckText(std::string(kValid) + "/* never closed\n");
  REQUIRE(d.errors() == 1);
  CHECK(d.all()[0].code == DiagCode::E0003);
}

TEST_CASE("every recoverable syntax error of a file is reported in one run") {
  Diagnostics d = CheckText(
      "policy a {\n  target service \"x\"\n  when requests >\n  then set timeout 2s\n}\n"
      "policy b {\n  target service \"y\"\n  always\n  then redirect 10% \"z\"\n}\n");
  size_t syntax = 0;
  for (const auto& diagnostic : d.all()) syntax += diagnostic.code == DiagCode::E0006;
  CHECK(syntax >= 2);
  CHECK(d.all().back().file->Position(d.all().back().range.begin).line == 9);
}

TEST_CASE("random garbage never crashes the front-end") {
  uint32_t seed = 12345;
  auto next = [&]() { return seed = seed * 1664525u + 1013904223u; };
  const std::string alphabet = "policy{}()[]\"when then target service 5ms 10% /s <>=!~,;:+-*/ \n\\abc_";
  for (int round = 0; round < 300; ++round) {
    std::string text;
    size_t length = next() % 400;
    for (size_t i = 0; i < length; ++i) text += alphabet[next() % alphabet.size()];
    Diagnostics d = CheckText(text);
    CHECK(d.HasErrors());
  }
}

TEST_CASE("an unreadable path is E0014") {
  Diagnostics d;
  CheckPath("/nonexistent/dir/x.policy", d);
  REQUIRE(d.errors() == 1);
  CHECK(d.all()[0].code == DiagCode::E0014);
}
