// The public engine over the runtime's engine: compile from files or text, tick, actions.
#include "runtime/engine/Engine.h"

#include "compiler/diagnostics/SourceFile.h"
#include "embed/Internal.h"
#include "embed/PolicyFiles.h"
#include "runtime/action/ActionJson.h"
#include "runtime/engine/DecisionLog.h"

namespace stitch {
namespace {

// Builds an engine from checked files, or reports why not.
CompileResult Finish(std::vector<CheckedFile> files, Diagnostics& diagnostics, const EngineOptions& options) {
  diagnostics.Sort();
  CompileResult out;
  out.diagnostics = ToPublic(diagnostics);
  if (files.empty()) {
    out.error = MakeError(ErrorKind::kInvalidArgument, "P0002", "no policy files in the given paths");
    return out;
  }
  if (diagnostics.HasErrors()) {
    std::string first;
    for (const PolicyDiagnostic& d : out.diagnostics) {
      if (d.severity != DiagnosticSeverity::kError) continue;
      first = d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": error[" + d.code + "]: " + d.message;
      break;
    }
    out.error = MakeError(ErrorKind::kPolicy, "P0001",
                          "the policies have " + std::to_string(diagnostics.errors()) + " error(s); first: " + first);
    return out;
  }
  engine::EngineOptions engine_options;
  engine_options.backend = options.backend == EvalBackend::kJit ? Backend::kJit : Backend::kInterpreter;
  engine_options.cache_dir = options.jit_cache_dir;
  out.engine = EngineAccess::Make(engine::Engine::Create(std::move(files), engine_options));
  return out;
}

}  // namespace

CompileResult Engine::Compile(const std::vector<std::string>& paths, const EngineOptions& options) {
  auto collected = CollectPolicyFiles(paths);
  if (!collected) {
    CompileResult out;
    out.error = collected.error();
    return out;
  }
  Diagnostics diagnostics;
  std::vector<CheckedFile> files;
  for (const std::string& path : *collected) files.push_back(CheckPath(path, diagnostics));
  CompileResult out = Finish(std::move(files), diagnostics, options);
  if (out.error && out.error->kind == ErrorKind::kPolicy) {
    for (const PolicyDiagnostic& d : out.diagnostics) {
      if (d.code == "E0014") out.error->kind = ErrorKind::kIo;  // a file could not be read
    }
  }
  return out;
}

CompileResult Engine::CompileSources(const std::vector<PolicySource>& sources, const EngineOptions& options) {
  Diagnostics diagnostics;
  std::vector<CheckedFile> files;
  for (const PolicySource& source : sources) {
    if (auto bad = CheckUtf8(source.name, "a policy name")) return CompileResult{nullptr, {}, *bad};
    if (auto bad = CheckUtf8(source.text, "policy `" + source.name + "`")) return CompileResult{nullptr, {}, *bad};
    files.push_back(CheckSource(std::make_shared<const SourceFile>(source.name, source.text), diagnostics));
  }
  return Finish(std::move(files), diagnostics, options);
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

Result<TickReport> Engine::Tick(Frame frame) {
  frame::Frame& f = FrameAccess::Get(frame);
  int64_t time_ms = f.time_ms;
  engine::TickResult result;
  if (!impl_->engine->Tick(std::move(f), result)) {
    return MakeError(ErrorKind::kOutOfOrder, "F0001",
                     "the frame at " + engine::FormatTime(time_ms) + " is older than the previous one");
  }
  TickReport report;
  report.time_ms = result.time_ms;
  report.actions_changed = result.actions_changed;
  for (const engine::Decision& d : result.decisions) {
    report.decisions.push_back(Decision{engine::DecisionToJson(d), engine::Explain(d)});
  }
  return report;
}

Result<std::vector<TickReport>> Engine::TickJson(const std::string& telemetry_json, int64_t now_ms) {
  auto frames = ParseTelemetry(telemetry_json, "<telemetry>", now_ms);
  if (!frames) return frames.error();
  std::vector<TickReport> reports;
  for (Frame& frame : *frames) {
    auto report = Tick(std::move(frame));
    if (!report) return report.error();
    reports.push_back(std::move(*report));
  }
  return reports;
}

std::vector<Action> Engine::Actions() const { return ToPublic(impl_->engine->actions()); }

std::string Engine::ActionsJson() const { return action::WriteActions(impl_->engine->actions()); }

std::vector<std::string> Engine::PolicyNames() const {
  std::vector<std::string> names;
  for (const CompiledPolicy& policy : impl_->engine->program().policies()) names.push_back(policy.name);
  return names;
}

StitchOptions Engine::Guardrails() const {
  const engine::Guards& guards = impl_->engine->settings().guards;
  return StitchOptions{static_cast<int>(guards.min_healthy_nodes), guards.max_isolated, guards.max_redirect};
}

std::string Engine::BackendName() const {
  return impl_->engine->program().backend() == Backend::kJit ? "jit" : "interpreter";
}

}  // namespace stitch
