// `stitch test`: run policy unit tests (docs/testing.md) and print each failure with the file,
// the test, the time, the expected and the actual value, then `N passed, M failed`.
#include <iostream>

#include <fmt/format.h>

#include "Args.h"
#include "Commands.h"
#include "runtime/testing/Runner.h"

namespace stitch::cli {

int RunTest(const Args& args) {
  std::vector<std::string> paths;
  std::string only;
  bool no_jit = false, verbose = false;
  ArgParser parser("test",
                   "Run policy unit tests: each test file names policy files, gives input series per entity "
                   "and metric, and the states and active actions expected at given times. Folders are "
                   "searched for *.test.yaml files. Exit 0 when every test passes, 1 when one fails or a "
                   "test file is malformed.");
  parser.Option("--run", &only, "TEXT", "only the tests whose name contains TEXT");
  parser.Flag("--no-jit", &no_jit, "evaluate with the interpreter");
  parser.Flag("--verbose", &verbose, "print every test's result, not only the failures");
  parser.Positionals(&paths, "PATH", "test files or folders");
  if (auto exit = parser.Parse(args)) return *exit;

  std::vector<std::string> files;
  std::string error;
  if (!policytest::CollectTestFiles(paths, files, error)) {
    std::cerr << "stitch test: error: " << error << "\n";
    return kExitUsage;
  }
  if (files.empty()) {
    std::cerr << "stitch test: error: no test files (*.test.yaml) in the given paths\n";
    return kExitUsage;
  }

  policytest::RunOptions options;
  options.backend = no_jit ? Backend::kInterpreter : Backend::kJit;
  size_t passed = 0, failed = 0, errors = 0;
  for (const std::string& path : files) {
    policytest::TestFile file;
    policytest::FileReport report;
    report.path = path;
    if (policytest::LoadTestFile(path, file, report.error)) {
      std::erase_if(file.tests, [&](const policytest::TestCase& t) { return t.name.find(only) == std::string::npos; });
      report = policytest::RunTestFile(file, options);
    }
    if (!report.error.empty()) {
      std::cerr << "stitch test: error: " << report.error << "\n";
      ++errors;
    }
    for (const policytest::Failure& failure : report.failures) std::cout << policytest::FormatFailure(path, failure);
    if (verbose) {
      for (const policytest::TestOutcome& t : report.tests) {
        std::cout << fmt::format("{} {}:{}: {}\n", t.passed ? "PASS" : "FAIL", path, t.line, t.name);
      }
    }
    passed += report.passed();
    failed += report.failed();
  }
  std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
  return failed || errors ? kExitFailed : kExitOk;
}

}  // namespace stitch::cli
