// The parser builds our AST with ranges on every node.
#include <catch2/catch.hpp>

#include "compiler/parse/Parse.h"

using namespace stitch;

namespace {
ast::File ParseText(const std::string& text, Diagnostics& diagnostics) {
  return parse::Parse(std::make_shared<SourceFile>("p.policy", text), diagnostics);
}
}  // namespace

TEST_CASE("the brief's first policy becomes the expected AST") {
  Diagnostics d;
  std::string text =
      "const slow = 500ms;\n"
      "policy shadow {\n"
      "  description \"shadow \\\"slow\\\" \\u{2713}\"\n"
      "  target service \"checkout\"\n"
      "  when p99(latency) > slow for 2m\n"
      "  recover when p99(latency) < 300ms for 5m\n"
      "  on missing hold\n"
      "  then redirect 10% to \"checkout-shadow\"\n"
      "}\n";
  ast::File file = ParseText(text, d);
  REQUIRE_FALSE(d.HasErrors());
  REQUIRE(file.items.size() == 2);
  REQUIRE(file.consts.size() == 1);
  CHECK(file.consts[0].value->value == Approx(0.5));
  const ast::Policy& p = file.policies[0];
  CHECK(p.name.text == "shadow");
  CHECK(*p.description == "shadow \"slow\" \xE2\x9C\x93");
  REQUIRE(p.targets.size() == 1);
  CHECK(p.targets[0].kind == ast::TargetKind::kService);
  CHECK(p.targets[0].pattern == "checkout");
  CHECK(file.source->Slice(p.when->expr->range) == "p99(latency) > slow");
  CHECK(p.when->duration->value == 120);
  CHECK(p.recover->duration->value == 300);
  CHECK(p.on_missing->text == "hold");
  REQUIRE(p.actions.size() == 1);
  CHECK(p.actions[0].kind == ast::ActionKind::kRedirect);
  CHECK(p.actions[0].amount->value == Approx(0.1));
  CHECK(p.actions[0].destination.name == "checkout-shadow");
  CHECK(file.source->Slice(p.actions[0].range) == "redirect 10% to \"checkout-shadow\"");
}

TEST_CASE("operators associate left and keep precedence") {
  Diagnostics d;
  ast::File file = ParseText("const x = 1 - 2 - 3 * 4;\n", d);
  const ast::Expr& e = *file.consts[0].value;
  REQUIRE(e.kind == ast::ExprKind::kBinary);
  CHECK(e.op == ast::Op::kSub);
  CHECK(e.children[0]->op == ast::Op::kSub);  // (1 - 2) - (3 * 4)
  CHECK(e.children[1]->op == ast::Op::kMul);
}

TEST_CASE("contextual keywords are names where a name is expected") {
  Diagnostics d;
  ast::File file = ParseText(
      "policy p {\n  target service \"a\"\n  when max(header(\"x\"), 5m) > 1/s and health < 50\n"
      "  then rate_limit 5/s\n}\n", d);
  CHECK_FALSE(d.HasErrors());
  CHECK(file.policies[0].when->expr->children[0]->children[0]->text == "max");
}

TEST_CASE("comments are collected for the formatter") {
  Diagnostics d;
  ast::File file = ParseText("// one\nconst a = 1s; /* two */\n", d);
  REQUIRE(file.comments.size() == 2);
  CHECK(file.comments[0].text == "// one");
  CHECK(file.comments[1].text == "/* two */");
}
