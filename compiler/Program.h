// A compiled policy set: the checked policies, their conditions as IR, and the backend that
// evaluates them over telemetry frames (native code from the JIT, or the interpreter).
// Results do not depend on which backend ran.
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "compiler/Compile.h"
#include "compiler/ir/Ir.h"
#include "runtime/frame/Frame.h"

namespace stitch {

namespace jit {
class JitProgram;
struct JitStats;
}  // namespace jit

enum class Backend { kJit, kInterpreter };

struct ProgramOptions {
  Backend backend = Backend::kJit;
  std::string cache_dir;  // JIT object cache; empty: none
};

enum class MissingMode { kHold, kFire, kSkip };

// One policy as the engine runs it.
struct CompiledPolicy {
  std::string name;
  const ast::Policy* ast = nullptr;  // targets and actions; owned by the Program
  int when = -1;                     // condition index; -1 for `always`
  int recover = -1;                  // -1: recover when `when` stops holding
  int target_filter = -1;            // `services where ...`: the services it selects
  double for_seconds = 0;            // `when ... for D`
  double recover_for_seconds = 0;    // `recover when ... for E` (default: D)
  MissingMode on_missing = MissingMode::kHold;
  int priority = 0;
};

// The result of one evaluation: for each condition, one ir::Tri per frame row.
struct Evaluation {
  size_t rows = 0;
  std::vector<std::vector<uint8_t>> conditions;
};

// Immutable after Build; Evaluate may be called from several threads at once.
class Program {
 public:
  // Lowers and compiles checked files that have no errors. With Backend::kJit, a JIT that
  // cannot start falls back to the interpreter and says why in fallback_reason().
  static std::unique_ptr<Program> Build(std::vector<CheckedFile> files, const ProgramOptions& options);
  ~Program();

  const std::vector<CompiledPolicy>& policies() const { return policies_; }
  const ir::Program& ir() const { return ir_; }
  // The telemetry columns (base and derived keys) the conditions read, for the runtime to fill.
  std::vector<std::string> FrameColumns() const;

  Backend backend() const { return backend_; }
  const std::string& fallback_reason() const { return fallback_reason_; }
  const jit::JitStats* jit_stats() const;

  void Evaluate(const frame::Frame& frame, Evaluation& out) const;

 private:
  Program() = default;

  std::vector<CheckedFile> files_;
  ir::Program ir_;
  std::vector<CompiledPolicy> policies_;
  Backend backend_ = Backend::kInterpreter;
  std::string fallback_reason_;
  std::unique_ptr<jit::JitProgram> jit_;
  std::vector<std::optional<std::regex>> tag_regexes_;  // per column: `tag(...) ~ "re"`, compiled once
};

}  // namespace stitch
