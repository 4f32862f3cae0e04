// Dimensional typing of expressions (LANGUAGE.md §3), observed through the checker.
#include <catch2/catch.hpp>

#include "compiler/Compile.h"

using namespace stitch;
using types::Type;

namespace {

// The type the checker gives `expr` inside a service policy's condition `expr > 0` is not
// observable directly; so the expression is bound to a const or used in a condition and the
// annotated AST is read back.
Type ConditionOperandType(const std::string& expr) {
  Diagnostics diagnostics;
  std::string text = "policy p {\n  target service \"api\"\n  when present(" + expr +
                     ")\n  then set timeout 2s\n}\n";
  CheckedFile file = CheckSource(std::make_shared<SourceFile>("t.policy", text), diagnostics);
  REQUIRE(file.ast.policies.size() == 1);
  const ast::Expr& call = *file.ast.policies[0].when->expr;
  REQUIRE(call.children.size() == 1);
  return call.children[0]->type;
}

std::optional<double> ConstValue(const std::string& expr) {
  Diagnostics diagnostics;
  std::string text = "const c = " + expr + ";\npolicy p {\n  target service \"api\"\n  when requests > 1/s\n"
                     "  then set timeout c\n}\n";
  CheckedFile file = CheckSource(std::make_shared<SourceFile>("t.policy", text), diagnostics);
  if (!file.ast.consts[0].constant) return std::nullopt;
  return file.ast.consts[0].constant->number;
}

}  // namespace

TEST_CASE("arithmetic follows dimensions") {
  CHECK(ConditionOperandType("requests * 1m") == Type::Count());
  CHECK(ConditionOperandType("errors / requests") == Type::Ratio());
  CHECK(ConditionOperandType("p99(latency) / p50(latency)") == Type::Number());
  CHECK(ConditionOperandType("healthy_nodes / total_nodes") == Type::Ratio());
  CHECK(ConditionOperandType("bytes_in * 10s") == Type::Bytes());
  CHECK(ConditionOperandType("requests * 10%") == Type::Rate());
  CHECK(ConditionOperandType("p99(latency) + 100ms") == Type::Duration());
  CHECK(ConditionOperandType("zscore(requests, 1h)") == Type::Number());
  CHECK(ConditionOperandType("header(\"x-debug\")") == Type::Rate());
  CHECK(ConditionOperandType("avg(p99(latency), 5m)") == Type::Duration());
  CHECK(ConditionOperandType("max(p99(latency), p50(latency), 1s)") == Type::Duration());
}

TEST_CASE("constants fold in base units") {
  CHECK(*ConstValue("1m30s") == 90);
  CHECK(*ConstValue("500ms * 4") == 2);
  CHECK(*ConstValue("2s - 500ms") == 1.5);
  CHECK(*ConstValue("max(1s, 3s, 2s)") == 3);
  CHECK(*ConstValue("(1s + 1s) / 4") == 0.5);
}

TEST_CASE("a dimensionless bare number is not a ratio") {
  Diagnostics diagnostics;
  std::string text = "policy p {\n  target service \"api\"\n  when error_rate > 0.05\n  then set timeout 2s\n}\n";
  CheckSource(std::make_shared<SourceFile>("t.policy", text), diagnostics);
  REQUIRE(diagnostics.errors() == 1);
  const Diagnostic& d = diagnostics.all()[0];
  CHECK(d.code == DiagCode::E0201);
  REQUIRE(d.fix.has_value());
  CHECK(d.fix->replacement == "5%");
  CHECK(d.file->Slice(d.fix->range) == "0.05");
}
