#include <catch2/catch.hpp>

#include <filesystem>

#include "compiler/diagnostics/Diagnostic.h"
#include "compiler/fmt/Format.h"
#include "compiler/parse/Parse.h"
#include "compiler/yaml/YamlForm.h"
#include "support/Golden.h"

using namespace stitch;
using stitch::testing::Expect;
using stitch::testing::FilesWithSuffix;
using stitch::testing::ReadText;

namespace {

ast::File ParseOk(const std::string& path, const std::string& text) {
  Diagnostics diagnostics;
  ast::File file = parse::Parse(std::make_shared<SourceFile>(path, text), diagnostics);
  INFO(path);
  REQUIRE_FALSE(diagnostics.HasErrors());
  return file;
}

std::string Format(const std::string& path, const std::string& text) {
  return formatter::FormatFile(ParseOk(path, text));
}

std::vector<std::string> ExamplePolicies() { return FilesWithSuffix("examples/policies", ".policy"); }

ast::File FromYaml(const std::string& path, const std::string& yaml_text) {
  Diagnostics diagnostics;
  yaml::Translation t = yaml::TranslateToPolicy(std::make_shared<SourceFile>(path, yaml_text), diagnostics);
  REQUIRE(t.ok);
  ast::File file = parse::Parse(t.policy_source, diagnostics);
  REQUIRE_FALSE(diagnostics.HasErrors());
  return file;
}

}  // namespace

TEST_CASE("formatting gives the expected layout and is idempotent") {
  auto inputs = FilesWithSuffix("tests/fmt", ".input.policy");
  REQUIRE(inputs.size() >= 2);
  for (const std::string& input : inputs) {
    DYNAMIC_SECTION(input) {
      std::string expected_path = input.substr(0, input.size() - std::string(".input.policy").size()) +
                                  ".expected.policy";
      std::string formatted = Format(input, ReadText(input));
      CHECK(formatted == Expect(expected_path, formatted));
      CHECK(Format(expected_path, formatted) == formatted);
    }
  }
}

TEST_CASE("formatting keeps every comment") {
  std::string input = ReadText("tests/fmt/messy.input.policy");
  ast::File before = ParseOk("messy.policy", input);
  ast::File after = ParseOk("messy.policy", formatter::FormatFile(before));
  REQUIRE(after.comments.size() == before.comments.size());
  for (size_t i = 0; i < before.comments.size(); ++i) {
    bool found = false;
    for (const auto& c : after.comments) found = found || c.text == before.comments[i].text;
    CHECK(found);
  }
}

TEST_CASE("formatting every example twice changes nothing the second time") {
  auto examples = ExamplePolicies();
  REQUIRE(examples.size() >= 3);
  for (const std::string& path : examples) {
    DYNAMIC_SECTION(path) {
      std::string once = Format(path, ReadText(path));
      CHECK(Format(path, once) == once);
      // The examples are kept formatted.
      CHECK(once == ReadText(path));
    }
  }
}

TEST_CASE(".policy -> YAML -> .policy is lossless apart from comments") {
  for (const std::string& path : ExamplePolicies()) {
    DYNAMIC_SECTION(path) {
      ast::File original = ParseOk(path, ReadText(path));
      original.comments.clear();
      std::string expected = formatter::FormatFile(original);
      std::string yaml_text = yaml::ToYaml(original);
      ast::File back = FromYaml(path + ".yaml", yaml_text);
      CHECK(formatter::FormatFile(back) == expected);
      // And YAML -> .policy -> YAML gives the same YAML.
      CHECK(yaml::ToYaml(back) == yaml_text);
    }
  }
}

TEST_CASE("the YAML example converts to the policy it mirrors") {
  ast::File from_yaml = FromYaml("examples/yaml/checkout.policy.yaml", ReadText("examples/yaml/checkout.policy.yaml"));
  std::string converted = formatter::FormatFile(from_yaml);
  CHECK(converted == Expect("tests/fmt/checkout-from-yaml.expected.policy", converted));
}
