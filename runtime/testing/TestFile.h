// The policy test file (`*.test.yaml`, docs/testing.md): the policy files under test, an
// evaluation interval, and test cases with input series per entity and metric and
// expectations (states and active actions) at given times.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runtime/engine/StateMachine.h"
#include "runtime/testing/ActionSpec.h"
#include "runtime/testing/EntityRef.h"

namespace stitch::policytest {

// The samples of one metric of one entity, one per evaluation (nullopt: missing).
struct Series {
  std::string key;  // the frame column key (`latency.p99`)
  std::vector<std::optional<double>> values;
  int line = 0;
};

// An entity with its telemetry.
struct EntityInput {
  EntityRef ref;
  std::map<std::string, std::string> tags;
  std::vector<Series> series;
  int line = 0;
};

// `policy: state` (every instance of the policy, none meaning inactive) or, with an entity,
// the state of that one (policy, entity) pair.
struct StateSpec {
  std::string policy;
  std::optional<EntityRef> entity;
  engine::State state = engine::State::kInactive;
  int line = 0;
};

struct Expectation {
  int64_t at_ms = 0;  // offset from the first evaluation
  int line = 0;
  int actions_line = 0;  // the line of `actions`
  std::vector<StateSpec> states;
  std::optional<std::vector<ActionSpec>> actions;  // the exact active actions; empty: none
};

struct TestCase {
  std::string name;
  int line = 0;
  int64_t interval_ms = 0;
  size_t evaluations = 0;  // the longest series
  std::vector<EntityInput> entities;
  std::vector<Expectation> expect;
};

struct TestFile {
  std::string path;
  std::vector<std::string> policy_paths;  // resolved against the test file's folder
  std::vector<TestCase> tests;
};

// Reads and validates a test file. False with `error` set to "path:line:col: message" when
// the file cannot be read or is malformed.
bool LoadTestFile(const std::string& path, TestFile& out, std::string& error);

// Parses test file text; `path` names it in errors and anchors the policy paths.
bool ParseTestFile(const std::string& text, const std::string& path, TestFile& out, std::string& error);

}  // namespace stitch::policytest
