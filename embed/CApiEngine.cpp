// The C ABI of the engine: compile, tick canonical telemetry JSON, read actions.
#include <nlohmann/json.hpp>

#include "embed/CApiSupport.h"

using namespace stitch::capi;

namespace {

stitch::EngineOptions OptionsOf(unsigned flags) {
  stitch::EngineOptions options;
  if (flags & STITCH_ENGINE_INTERPRETER) options.backend = stitch::EvalBackend::kInterpreter;
  return options;
}

// Hands out the engine and the diagnostics, or fails with the compile error (diagnostics are
// handed out either way).
void Finish(stitch::CompileResult compiled, stitch_engine** out_engine, char** out_diagnostics_json) {
  Give(out_diagnostics_json, stitch::DiagnosticsToJson(compiled.diagnostics));
  if (compiled.error) Fail(*compiled.error);
  *out_engine = new stitch_engine{std::move(compiled.engine)};
}

}  // namespace

extern "C" {

stitch_status stitch_engine_compile_paths(const char* const* paths, size_t count, unsigned flags,
                                          stitch_engine** out_engine, char** out_diagnostics_json) {
  if (out_engine) *out_engine = nullptr;
  if (out_diagnostics_json) *out_diagnostics_json = nullptr;
  return Guard([&] {
    Require(out_engine, "out_engine");
    std::vector<std::string> list = Texts(paths, count, "paths");
    Finish(stitch::Engine::Compile(list, OptionsOf(flags)), out_engine, out_diagnostics_json);
  });
}

stitch_status stitch_engine_compile_source(const char* name, const char* text, unsigned flags,
                                           stitch_engine** out_engine, char** out_diagnostics_json) {
  if (out_engine) *out_engine = nullptr;
  if (out_diagnostics_json) *out_diagnostics_json = nullptr;
  return Guard([&] {
    Require(out_engine, "out_engine");
    stitch::PolicySource source{Text(name, "name"), Text(text, "text")};
    Finish(stitch::Engine::CompileSources({source}, OptionsOf(flags)), out_engine, out_diagnostics_json);
  });
}

void stitch_engine_destroy(stitch_engine* engine) { delete engine; }

stitch_status stitch_engine_tick_json(stitch_engine* engine, const char* telemetry_json, char** out_decisions_jsonl,
                                      char** out_decisions_text) {
  if (out_decisions_jsonl) *out_decisions_jsonl = nullptr;
  if (out_decisions_text) *out_decisions_text = nullptr;
  return Guard([&] {
    Require(engine, "engine");
    std::string json = Text(telemetry_json, "telemetry_json");
    std::vector<stitch::TickReport> reports = Take(engine->engine->TickJson(json));
    std::string lines, text;
    for (const stitch::TickReport& report : reports) {
      for (const stitch::Decision& d : report.decisions) {
        lines += d.json + "\n";
        text += d.text + "\n";
      }
    }
    Give(out_decisions_jsonl, lines);
    Give(out_decisions_text, text);
  });
}

stitch_status stitch_engine_actions_json(const stitch_engine* engine, char** out_actions_json) {
  if (out_actions_json) *out_actions_json = nullptr;
  return Guard([&] {
    Require(engine, "engine");
    Require(out_actions_json, "out_actions_json");
    Give(out_actions_json, engine->engine->ActionsJson());
  });
}

stitch_status stitch_engine_guardrails_json(const stitch_engine* engine, char** out_options_json) {
  if (out_options_json) *out_options_json = nullptr;
  return Guard([&] {
    Require(engine, "engine");
    Require(out_options_json, "out_options_json");
    stitch::StitchOptions o = engine->engine->Guardrails();
    nlohmann::ordered_json j = {
        {"min_healthy_nodes", o.min_healthy_nodes}, {"max_isolated", o.max_isolated}, {"max_redirect", o.max_redirect}};
    Give(out_options_json, j.dump());
  });
}

}  // extern "C"
