// The example tests pass with both backends, and every policy of examples/policies/ is seen
// pending or active by at least one passing expectation.
#include <catch2/catch.hpp>

#include <set>

#include "compiler/Compile.h"
#include "runtime/testing/Runner.h"
#include "support/Golden.h"

using namespace stitch;

namespace {

std::set<std::string> ExamplePolicies() {
  std::set<std::string> names;
  for (const std::string& path : testing::FilesWithSuffix("examples/policies", ".policy")) {
    Diagnostics diagnostics;
    CheckedFile file = CheckPath(path, diagnostics);
    REQUIRE_FALSE(diagnostics.HasErrors());
    for (const ast::Policy& p : file.ast.policies) names.insert(p.name.text);
  }
  return names;
}

}  // namespace

TEST_CASE("every example policy is exercised by a passing example test") {
  auto backend = GENERATE(Backend::kJit, Backend::kInterpreter);
  std::vector<std::string> files;
  std::string error;
  REQUIRE(policytest::CollectTestFiles({"examples"}, files, error));
  REQUIRE(files == std::vector<std::string>{"examples/tests/checkout.test.yaml", "examples/tests/health.test.yaml",
                                            "examples/tests/traffic.test.yaml"});
  std::set<std::string> exercised;
  size_t passed = 0;
  for (const std::string& path : files) {
    policytest::FileReport report = policytest::RunTestPath(path, {backend, ""});
    std::string failures;
    for (const auto& f : report.failures) failures += policytest::FormatFailure(path, f);
    INFO(path << ": " << report.error << "\n" << failures);
    CHECK(report.error.empty());
    CHECK(report.failures.empty());
    CHECK(report.failed() == 0);
    passed += report.passed();
    exercised.insert(report.exercised.begin(), report.exercised.end());
  }
  CHECK(passed == 23);
  std::set<std::string> all = ExamplePolicies();
  REQUIRE(all.size() == 16);
  std::set<std::string> missing;
  for (const std::string& name : all) {
    if (!exercised.count(name)) missing.insert(name);
  }
  CHECK(missing == std::set<std::string>{});
}
