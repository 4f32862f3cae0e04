// Runs policy test files: each test drives a fresh engine::Engine over frames built from its
// series (through the canonical telemetry JSON, so values are read as a recording would be)
// and compares states and active actions with the expectations after the given evaluations.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "compiler/Program.h"
#include "runtime/testing/TestFile.h"

namespace stitch::policytest {

struct RunOptions {
  Backend backend = Backend::kJit;
  std::string cache_dir;  // JIT object cache; empty: none
};

// One expectation that did not hold.
struct Failure {
  std::string test;  // the test's name
  int line = 0;      // the line of the state or action expectation
  int64_t at_ms = 0;
  std::string what;      // "state of `p` for service checkout", "active actions (1 missing)"
  std::string expected;  // may span lines
  std::string actual;
};

struct TestOutcome {
  std::string name;
  int line = 0;
  bool passed = false;
};

struct FileReport {
  std::string path;
  // Set when the file could not run (malformed, or its policies have errors); no test ran.
  std::string error;
  std::vector<TestOutcome> tests;
  std::vector<Failure> failures;
  std::set<std::string> policies;   // the policies the file loads
  std::set<std::string> exercised;  // policies a passing expectation saw pending or active

  size_t passed() const;
  size_t failed() const;
};

// Runs every test of a parsed file.
FileReport RunTestFile(const TestFile& file, const RunOptions& options);

// Loads and runs one test file.
FileReport RunTestPath(const std::string& path, const RunOptions& options);

// Pairs expected actions with distinct active ones they match, as many as possible (a loose
// expectation never takes the action a stricter one needs). Per active action: the index of
// its expected action, or -1.
std::vector<int> PairActions(const std::vector<ActionSpec>& expected, const std::vector<action::Action>& active);

// The canonical telemetry JSON (docs/telemetry.md) of a test's series: one frame per
// evaluation, `interval` apart from time 0.
std::string RecordingJson(const TestCase& test);

// "FILE:LINE: test `NAME` at 2m30s: WHAT\n  expected: ...\n  actual:   ...\n".
std::string FormatFailure(const std::string& path, const Failure& failure);

// Expands files and folders into test files: a file is taken as given, a folder yields its
// `*.test.yaml` files, recursively, sorted. False with `error` set when a path does not exist.
bool CollectTestFiles(const std::vector<std::string>& paths, std::vector<std::string>& files, std::string& error);

}  // namespace stitch::policytest
