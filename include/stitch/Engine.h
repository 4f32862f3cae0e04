// The policy engine: a compiled policy set and the state of its policies. Each tick takes a
// frame, advances one state machine per (policy, entity) and yields the active actions and the
// decisions (state transitions, blocked actions). Time comes from the frames only, so a
// recording replays identically.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stitch/Action.h"
#include "stitch/Diagnostic.h"
#include "stitch/Export.h"
#include "stitch/Frame.h"
#include "stitch/Result.h"

namespace stitch {

// How conditions are evaluated; results never depend on it.
enum class EvalBackend { kJit, kInterpreter };

struct EngineOptions {
  EvalBackend backend = EvalBackend::kJit;
  std::string jit_cache_dir;  // JIT object cache directory; empty: none
};

// A policy given as text. `name` is used in diagnostics and decides the form: names ending in
// `.yaml`/`.yml` are the YAML form, anything else `.policy` source.
struct PolicySource {
  std::string name;
  std::string text;
};

// Guardrails the policy set declares, for stitching (language §11).
struct StitchOptions {
  int min_healthy_nodes = 1;
  double max_isolated = 1.0;
  double max_redirect = 1.0;
};

// One entry of the decision log, in both forms.
struct Decision {
  std::string json;  // one line of the decision log (no newline), as `stitch eval --log` writes
  std::string text;  // plain words, as `stitch explain` prints
};

// What one tick did. Plain value.
struct TickReport {
  int64_t time_ms = 0;
  std::vector<Decision> decisions;  // in order
  bool actions_changed = false;     // the active actions differ from the previous tick's
};

struct CompileResult;
struct EngineAccess;  // the library's access to an engine's internals

// Not thread-safe: one thread at a time per Engine. Distinct engines are independent and may be
// used on different threads at once. Owns everything it uses; outlives nothing.
class STITCH_API Engine {
 public:
  // Checks and compiles the policy files under `paths` (files, or directories searched
  // recursively for `.policy`, `.policy.yaml` and `.policy.yml`). Thread-safe.
  static CompileResult Compile(const std::vector<std::string>& paths, const EngineOptions& options = {});
  // Checks and compiles policies given as text. Thread-safe.
  static CompileResult CompileSources(const std::vector<PolicySource>& sources, const EngineOptions& options = {});

  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  ~Engine();

  // Evaluates one frame. Frames must come in time order: an older frame is refused
  // (kOutOfOrder) and changes nothing.
  Result<TickReport> Tick(Frame frame);
  // Parses canonical telemetry JSON and ticks each of its frames in order; the reports of the
  // ticks. Stops at the first refused frame (the earlier ticks stay applied).
  Result<std::vector<TickReport>> TickJson(const std::string& telemetry_json, int64_t now_ms = 0);

  // The actions active after the last tick (empty before the first), as values and as the
  // actions document (docs/actions.md).
  std::vector<Action> Actions() const;
  std::string ActionsJson() const;

  // The policy names, in the order they were loaded.
  std::vector<std::string> PolicyNames() const;
  // The guardrails the policies declare, to pass to Stitch().
  StitchOptions Guardrails() const;
  // "jit" or "interpreter" (the JIT falls back to the interpreter when it cannot start).
  std::string BackendName() const;

  struct Impl;

 private:
  friend struct EngineAccess;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The outcome of compiling: every diagnostic (warnings too), and an engine when there was no
// error. `error` is set (kPolicy when the policies have errors, kIo when a path cannot be
// read, kInvalidUtf8, kInvalidArgument for an empty set) exactly when `engine` is null.
struct CompileResult {
  std::unique_ptr<Engine> engine;
  std::vector<PolicyDiagnostic> diagnostics;
  std::optional<Error> error;

  bool ok() const { return engine != nullptr; }
};

}  // namespace stitch
