// The C++ embedding API as an embedder uses it, through the public headers only: compile
// (with diagnostics as values), frames, ticks, typed actions and their JSON, stitching, the
// version store and deploy.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "stitch/Stitch.hpp"

namespace fs = std::filesystem;

namespace {

const char* kPolicy = R"(policy slow {
  target service "service1"
  when p99(latency) > 500ms for 30s
  then redirect 10% to "service1-mirror"
}
)";

const char* kManifest = "examples/demo/manifests/route-mirror-envoy.yaml";

stitch::Engine Compile(const char* text = kPolicy) {
  stitch::EngineOptions options;
  options.backend = stitch::EvalBackend::kInterpreter;
  stitch::CompileResult compiled = stitch::Engine::CompileSources({{"slow.policy", text}}, options);
  REQUIRE(compiled.ok());
  REQUIRE_FALSE(compiled.error);
  return std::move(*compiled.engine);
}

stitch::Frame SlowFrame(int64_t time_ms, double p99) {
  auto service1 = stitch::EntityRef::Service("service1");
  return stitch::FrameBuilder(time_ms).Set(service1, "requests", 10).Set(service1, "latency.p99", p99).Build();
}

// Ticks until the redirect fires: t=0 pending, t=30s firing.
void Fire(stitch::Engine& engine) {
  REQUIRE(engine.Tick(SlowFrame(1'796'000'000'000, 0.9)));
  auto report = engine.Tick(SlowFrame(1'796'000'030'000, 0.9));
  REQUIRE(report);
  REQUIRE(report->actions_changed);
}

std::string TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("stitch-embed-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

}  // namespace

TEST_CASE("the library reports its version") { CHECK(std::string(stitch::LibraryVersion()) == "0.1.0"); }

TEST_CASE("policies compile from text and name their policies") {
  stitch::Engine engine = Compile();
  CHECK(engine.PolicyNames() == std::vector<std::string>{"slow"});
  CHECK(engine.BackendName() == "interpreter");
  CHECK(engine.Actions().empty());
  CHECK(engine.Guardrails().min_healthy_nodes == 1);
}

TEST_CASE("a policy with errors gives diagnostics as values and no engine") {
  stitch::CompileResult compiled =
      stitch::Engine::CompileSources({{"bad.policy", "policy p {\n  target service \"a\"\n  when p99(latency) > 500 for 2m\n  then set timeout 1s\n}\n"}});
  REQUIRE_FALSE(compiled.ok());
  REQUIRE(compiled.error);
  CHECK(compiled.error->kind == stitch::ErrorKind::kPolicy);
  CHECK(compiled.error->code == "P0001");
  REQUIRE_FALSE(compiled.diagnostics.empty());
  const stitch::PolicyDiagnostic& d = compiled.diagnostics.front();
  CHECK(d.code == "E0201");
  CHECK(d.severity == stitch::DiagnosticSeverity::kError);
  CHECK(d.file == "bad.policy");
  CHECK(d.line == 3);
  CHECK(d.column == 23);
  CHECK(d.rendered.find("bad.policy:3:23: error[E0201]") == 0);
  CHECK(stitch::DiagnosticsToJson(compiled.diagnostics).find("\"E0201\"") != std::string::npos);
}

TEST_CASE("compiling refuses bad input with typed errors") {
  auto missing = stitch::Engine::Compile({"no/such/dir"});
  REQUIRE(missing.error);
  CHECK(missing.error->kind == stitch::ErrorKind::kIo);
  auto none = stitch::Engine::CompileSources({});
  REQUIRE(none.error);
  CHECK(none.error->kind == stitch::ErrorKind::kInvalidArgument);
  auto utf8 = stitch::Engine::CompileSources({{"x.policy", "policy \xff {}"}});
  REQUIRE(utf8.error);
  CHECK(utf8.error->kind == stitch::ErrorKind::kInvalidUtf8);
  CHECK(utf8.error->code == "U0001");
}

TEST_CASE("policy files load from a directory") {
  stitch::CompileResult compiled = stitch::Engine::Compile({"examples/demo/policies"});
  REQUIRE(compiled.ok());
  CHECK(compiled.engine->PolicyNames() == std::vector<std::string>{"shadow_slow_service1", "retry_flaky_service2"});
}

TEST_CASE("built frames tick the engine into typed actions and decisions") {
  stitch::Engine engine = Compile();
  auto first = engine.Tick(SlowFrame(1'796'000'000'000, 0.9));
  REQUIRE(first);
  REQUIRE(first->decisions.size() == 1);
  CHECK(first->decisions[0].json.find("\"pending\"") != std::string::npos);
  CHECK(first->decisions[0].text.find("slow") != std::string::npos);
  CHECK_FALSE(first->actions_changed);
  auto second = engine.Tick(SlowFrame(1'796'000'030'000, 0.9));
  REQUIRE(second);
  CHECK(second->actions_changed);

  std::vector<stitch::Action> actions = engine.Actions();
  REQUIRE(actions.size() == 1);
  const auto* redirect = std::get_if<stitch::Redirect>(&actions[0].kind);
  REQUIRE(redirect);
  CHECK(redirect->share == Approx(0.1));
  CHECK(redirect->to.name == "service1-mirror");
  CHECK(actions[0].target.kind == stitch::TargetKind::kService);
  CHECK(actions[0].target.name == "service1");
  CHECK(actions[0].provenance.policy == "slow");
  CHECK(stitch::ActionTypeName(actions[0]) == "redirect");
  CHECK(stitch::Describe(actions[0]).find("redirect 10%") == 0);

  // The JSON form reads back to the same values.
  std::string json = engine.ActionsJson();
  CHECK(json == stitch::ActionsToJson(actions));
  auto read = stitch::ActionsFromJson(json);
  REQUIRE(read);
  CHECK(*read == actions);
}

TEST_CASE("frames out of time order are refused") {
  stitch::Engine engine = Compile();
  REQUIRE(engine.Tick(SlowFrame(1'796'000'030'000, 0.9)));
  auto older = engine.Tick(SlowFrame(1'796'000'000'000, 0.9));
  REQUIRE_FALSE(older);
  CHECK(older.error().kind == stitch::ErrorKind::kOutOfOrder);
}

TEST_CASE("the frame builder keeps entities, tags and the last value set") {
  auto node = stitch::EntityRef::Node("cart", "cart-1", "shop");
  stitch::Frame frame = stitch::FrameBuilder(1000)
                            .Set(node, "requests", 5)
                            .Set(node, "requests", 7)
                            .Set(node, "errors", 1)
                            .Tag(node, "version", "v2")
                            .Add(stitch::EntityRef::Service("cart", "shop"))
                            .Build();
  CHECK(frame.time_ms() == 1000);
  CHECK(frame.entities() == 2);
  CHECK(frame.Get(node, "requests") == 7.0);
  CHECK(frame.Get(node, "error_rate").value() == Approx(1.0 / 7));
  CHECK_FALSE(frame.Get(node, "latency.p99"));
}

TEST_CASE("telemetry JSON feeds the engine; bad documents are typed errors") {
  stitch::Engine engine = Compile();
  const char* doc = R"({"frames": [
    {"time_ms": 1796000000000, "entities": [{"kind": "service", "service": "service1", "metrics": {"latency": {"p99": 0.9}}}]},
    {"time_ms": 1796000030000, "entities": [{"kind": "service", "service": "service1", "metrics": {"latency": {"p99": 0.9}}}]}]})";
  auto reports = engine.TickJson(doc);
  REQUIRE(reports);
  CHECK(reports->size() == 2);
  CHECK(engine.Actions().size() == 1);

  auto bad_json = stitch::ParseTelemetry("{\"frames\": [");
  REQUIRE_FALSE(bad_json);
  CHECK(bad_json.error().kind == stitch::ErrorKind::kInvalidJson);
  auto bad_shape = stitch::ParseTelemetry("{\"frames\": 3}");
  REQUIRE_FALSE(bad_shape);
  CHECK(bad_shape.error().kind == stitch::ErrorKind::kInvalidData);
  auto bad_utf8 = stitch::ParseTelemetry("{\"frames\": [\"\xc3\"]}");
  REQUIRE_FALSE(bad_utf8);
  CHECK(bad_utf8.error().kind == stitch::ErrorKind::kInvalidUtf8);
}

TEST_CASE("actions stitch onto manifests, commit, roll back and deploy") {
  stitch::Engine engine = Compile();
  Fire(engine);
  auto base = stitch::ManifestSet::Load({kManifest});
  REQUIRE(base);
  CHECK(base->size() == 1);
  auto stitched = stitch::Stitch(*base, engine.Actions(), engine.Guardrails());
  REQUIRE(stitched);
  CHECK(stitched->actions() == engine.Actions());
  CHECK(stitched->PatchJson().find("service1-mirror") != std::string::npos);
  CHECK(stitched->manifests().Files()[0].text != base->Files()[0].text);

  // Text in, the same result.
  auto parsed = stitch::ManifestSet::Parse(base->Files());
  REQUIRE(parsed);
  auto again = stitch::Stitch(*parsed, engine.Actions());
  REQUIRE(again);
  CHECK(again->manifests().Files()[0].text == stitched->manifests().Files()[0].text);

  std::string dir = TempDir("store");
  auto store = stitch::VersionStore::Open(dir + "/versions.db");
  REQUIRE(store);
  auto empty = store->Head();
  REQUIRE(empty);
  CHECK_FALSE(*empty);
  auto base_commit = store->Commit(*stitch::Stitch(*base, {}), "test", "2026-12-03T10:00:00Z");
  REQUIRE(base_commit);
  auto commit = store->Commit(*stitched, "test", "2026-12-03T10:01:00Z");
  REQUIRE(commit);
  CHECK(commit->created);
  CHECK(commit->info.id == 2);
  auto same = store->Commit(*stitched, "test");
  REQUIRE(same);
  CHECK_FALSE(same->created);

  auto history = store->History();
  REQUIRE(history);
  REQUIRE(history->size() == 2);
  CHECK(history->at(1).parent == 1);
  CHECK(history->at(1).action_count == 1);
  auto got = store->Get(2);
  REQUIRE(got);
  CHECK(got->files.size() == 1);
  CHECK(got->files[0].text == stitched->manifests().Files()[0].text);
  CHECK(got->actions_json.find("service1-mirror") != std::string::npos);

  auto unknown = store->Get(42);
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().kind == stitch::ErrorKind::kNotFound);
  CHECK(unknown.error().code == "S0403");

  auto rolled = store->Rollback(1, "test", "back to the base");
  REQUIRE(rolled);
  CHECK(rolled->info.id == 3);
  CHECK(rolled->info.kind == "rollback");
  CHECK(store->Get(3)->files[0].text == base->Files()[0].text);
  auto bad_rollback = store->Rollback(42, "test", "none");
  REQUIRE_FALSE(bad_rollback);
  CHECK(bad_rollback.error().kind == stitch::ErrorKind::kNotFound);

  std::string target = "envoy:" + TempDir("xds");
  auto deployed = stitch::Deploy(*store, 2, {target}, "2026-12-03T10:02:00Z");
  REQUIRE(deployed);
  REQUIRE(deployed->size() == 1);
  CHECK(deployed->at(0).version == 2);
  CHECK_FALSE(deployed->at(0).written.empty());
  auto current = stitch::CurrentDeployment(target);
  REQUIRE(current);
  CHECK(current->version == 2);
  CHECK(current->backend == "envoy-xds");

  auto bad_spec = stitch::Deploy(*store, 2, {"ftp:somewhere"});
  REQUIRE_FALSE(bad_spec);
  CHECK(bad_spec.error().kind == stitch::ErrorKind::kInvalidArgument);
  CHECK(bad_spec.error().code == "D0101");
  auto bad_version = stitch::Deploy(*store, 42, {target});
  REQUIRE_FALSE(bad_version);
  CHECK(bad_version.error().kind == stitch::ErrorKind::kNotFound);
}

TEST_CASE("stitching refuses what the manifests cannot take") {
  auto base = stitch::ManifestSet::Load({kManifest});
  REQUIRE(base);
  stitch::Action action;
  action.kind = stitch::Redirect{0.1, {"nowhere", stitch::DestinationKind::kAny, false}};
  action.target.name = "service1";
  action.provenance.policy = "p";
  auto stitched = stitch::Stitch(*base, {action});
  REQUIRE_FALSE(stitched);
  CHECK(stitched.error().kind == stitch::ErrorKind::kStitch);
  CHECK(stitched.error().code.rfind("S03", 0) == 0);

  auto missing = stitch::ManifestSet::Load({"no/such.yaml"});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == stitch::ErrorKind::kIo);
  auto broken = stitch::ManifestSet::Parse({{"x.json", "{"}});
  REQUIRE_FALSE(broken);
  CHECK(broken.error().kind == stitch::ErrorKind::kInvalidData);
}
