// Every error path of the C ABI: NULL handles and arguments, invalid UTF-8, invalid JSON, a
// policy with errors, unknown versions, bad target specs. Each returns its status and sets the
// thread's last error; none crashes. Successful calls clear the last error.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "stitch/stitch.h"

namespace fs = std::filesystem;

namespace {

const char* kPolicy =
    "policy slow {\n  target service \"service1\"\n  when p99(latency) > 500ms for 30s\n"
    "  then redirect 10% to \"service1-mirror\"\n}\n";
const char* kTelemetry =
    R"({"frames": [
    {"time_ms": 1796000000000, "entities": [{"kind": "service", "service": "service1", "metrics": {"latency": {"p99": 0.9}}}]},
    {"time_ms": 1796000030000, "entities": [{"kind": "service", "service": "service1", "metrics": {"latency": {"p99": 0.9}}}]}]})";
const char* kManifest = "examples/demo/manifests/route-mirror-envoy.yaml";
const char* kBadUtf8 = "policy \xc3\x28 {}";

std::string LastCode() { return stitch_last_error_code(); }
std::string LastMessage() { return stitch_last_error_message(); }

// Takes a returned string.
std::string Own(char* s) {
  std::string out = s ? s : "";
  stitch_string_free(s);
  return out;
}

stitch_engine* Engine() {
  stitch_engine* engine = nullptr;
  REQUIRE(stitch_engine_compile_source("slow.policy", kPolicy, STITCH_ENGINE_INTERPRETER, &engine, nullptr) == STITCH_OK);
  REQUIRE(engine);
  return engine;
}

stitch_manifests* Manifests() {
  stitch_manifests* m = nullptr;
  REQUIRE(stitch_manifests_load(&kManifest, 1, &m) == STITCH_OK);
  return m;
}

std::string TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("stitch-capi-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

void CheckNull(stitch_status status, const char* argument) {
  CHECK(status == STITCH_ERROR_NULL_ARGUMENT);
  CHECK(LastCode() == "A0001");
  CHECK(LastMessage() == std::string("`") + argument + "` is NULL");
}

}  // namespace

TEST_CASE("version and status names") {
  CHECK(std::string(stitch_version()) == "0.1.0");
  CHECK(stitch_abi_version() == STITCH_ABI_VERSION);
  CHECK(std::string(stitch_status_name(STITCH_OK)) == "ok");
  CHECK(std::string(stitch_status_name(STITCH_ERROR_INVALID_UTF8)) == "invalid_utf8");
  CHECK(std::string(stitch_status_name(static_cast<stitch_status>(999))) == "unknown");
  stitch_string_free(nullptr);
}

TEST_CASE("null handles and arguments are errors, destroying null is nothing") {
  stitch_engine* engine = Engine();
  stitch_manifests* manifests = Manifests();
  char* out = reinterpret_cast<char*>(1);
  stitch_engine* e = nullptr;
  stitch_manifests* m = nullptr;
  stitch_stitched* s = nullptr;
  stitch_store* st = nullptr;
  int64_t version = 0;

  CheckNull(stitch_engine_compile_paths(nullptr, 1, 0, &e, nullptr), "paths");
  const char* null_path[] = {nullptr};
  CheckNull(stitch_engine_compile_paths(null_path, 1, 0, &e, nullptr), "paths[0]");
  CheckNull(stitch_engine_compile_paths(&kManifest, 1, 0, nullptr, nullptr), "out_engine");
  CheckNull(stitch_engine_compile_source(nullptr, kPolicy, 0, &e, nullptr), "name");
  CheckNull(stitch_engine_compile_source("a.policy", nullptr, 0, &e, nullptr), "text");
  CheckNull(stitch_engine_tick_json(nullptr, kTelemetry, &out, nullptr), "engine");
  CHECK(out == nullptr);  // outputs are cleared on failure
  CheckNull(stitch_engine_tick_json(engine, nullptr, nullptr, nullptr), "telemetry_json");
  CheckNull(stitch_engine_actions_json(nullptr, &out), "engine");
  CheckNull(stitch_engine_actions_json(engine, nullptr), "out_actions_json");
  CheckNull(stitch_engine_guardrails_json(nullptr, &out), "engine");
  CheckNull(stitch_manifests_load(nullptr, 1, &m), "paths");
  CheckNull(stitch_manifests_load(&kManifest, 1, nullptr), "out");
  CheckNull(stitch_manifests_parse(nullptr, "{}", &m), "path");
  CheckNull(stitch_manifests_parse("a.json", nullptr, &m), "text");
  CheckNull(stitch_stitch(nullptr, "[]", nullptr, &s), "base");
  CheckNull(stitch_stitch(manifests, nullptr, nullptr, &s), "actions_json");
  CheckNull(stitch_stitch(manifests, "[]", nullptr, nullptr), "out");
  CheckNull(stitch_stitched_files_json(nullptr, &out), "stitched");
  CheckNull(stitch_stitched_patch_json(nullptr, &out), "stitched");
  CheckNull(stitch_stitched_warnings_json(nullptr, &out), "stitched");
  CheckNull(stitch_store_open(nullptr, &st), "path");
  CheckNull(stitch_store_commit(nullptr, s, "me", nullptr, &version, nullptr), "store");
  CheckNull(stitch_store_history_json(nullptr, &out), "store");
  CheckNull(stitch_store_get_json(nullptr, 1, &out), "store");
  CheckNull(stitch_store_rollback(nullptr, 1, "me", "why", &version), "store");
  CheckNull(stitch_deploy(nullptr, 1, &kManifest, 1, &out), "store");
  CHECK(e == nullptr);
  CHECK(m == nullptr);
  CHECK(s == nullptr);
  CHECK(st == nullptr);

  stitch_engine_destroy(nullptr);
  stitch_manifests_destroy(nullptr);
  stitch_stitched_destroy(nullptr);
  stitch_store_destroy(nullptr);
  stitch_manifests_destroy(manifests);
  stitch_engine_destroy(engine);
}

TEST_CASE("invalid UTF-8 is refused wherever text goes in") {
  stitch_engine* e = nullptr;
  CHECK(stitch_engine_compile_source("a.policy", kBadUtf8, 0, &e, nullptr) == STITCH_ERROR_INVALID_UTF8);
  CHECK(LastCode() == "U0001");
  CHECK(LastMessage() == "`text` is not valid UTF-8 (byte 7)");
  CHECK(e == nullptr);
  CHECK(stitch_engine_compile_source("\xff.policy", kPolicy, 0, &e, nullptr) == STITCH_ERROR_INVALID_UTF8);
  const char* paths[] = {"\xfe"};
  CHECK(stitch_engine_compile_paths(paths, 1, 0, &e, nullptr) == STITCH_ERROR_INVALID_UTF8);
  CHECK(LastMessage().find("`paths[0]`") == 0);

  stitch_engine* engine = Engine();
  CHECK(stitch_engine_tick_json(engine, "{\"frames\": [\"\xc3\"]}", nullptr, nullptr) == STITCH_ERROR_INVALID_UTF8);
  stitch_manifests* m = nullptr;
  CHECK(stitch_manifests_parse("a.yaml", "a: \xe2\x82", &m) == STITCH_ERROR_INVALID_UTF8);
  stitch_manifests* manifests = Manifests();
  stitch_stitched* s = nullptr;
  CHECK(stitch_stitch(manifests, "[\"\xff\"]", nullptr, &s) == STITCH_ERROR_INVALID_UTF8);
  stitch_store* st = nullptr;
  CHECK(stitch_store_open("/tmp/\xff.db", &st) == STITCH_ERROR_INVALID_UTF8);
  CHECK(st == nullptr);
  stitch_manifests_destroy(manifests);
  stitch_engine_destroy(engine);
}

TEST_CASE("invalid JSON and JSON of the wrong shape") {
  stitch_engine* engine = Engine();
  char* lines = nullptr;
  CHECK(stitch_engine_tick_json(engine, "{\"frames\": [", &lines, nullptr) == STITCH_ERROR_INVALID_JSON);
  CHECK(LastCode() == "J0001");
  CHECK(LastMessage().find("invalid JSON") != std::string::npos);
  CHECK(lines == nullptr);
  CHECK(stitch_engine_tick_json(engine, "{\"frames\": 3}", nullptr, nullptr) == STITCH_ERROR_INVALID_DATA);
  CHECK(LastCode() == "J0002");

  stitch_manifests* manifests = Manifests();
  stitch_stitched* s = nullptr;
  CHECK(stitch_stitch(manifests, "{\"actions\": [", nullptr, &s) == STITCH_ERROR_INVALID_JSON);
  CHECK(LastCode() == "S0101");
  CHECK(stitch_stitch(manifests, "[{\"type\": \"teleport\"}]", nullptr, &s) == STITCH_ERROR_INVALID_DATA);
  CHECK(LastCode() == "S0102");
  CHECK(stitch_stitch(manifests, "[]", "{\"max_redirect\": ", &s) == STITCH_ERROR_INVALID_JSON);
  CHECK(stitch_stitch(manifests, "[]", "{\"max_speed\": 1}", &s) == STITCH_ERROR_INVALID_DATA);
  CHECK(LastMessage() == "`options_json`: unknown key `max_speed`");
  CHECK(s == nullptr);
  stitch_manifests* m = nullptr;
  CHECK(stitch_manifests_parse("a.json", "{", &m) == STITCH_ERROR_INVALID_DATA);
  CHECK(LastCode() == "S0201");
  CHECK(m == nullptr);
  stitch_manifests_destroy(manifests);
  stitch_engine_destroy(engine);
}

TEST_CASE("a policy with errors returns the diagnostics") {
  stitch_engine* e = nullptr;
  char* diagnostics = nullptr;
  CHECK(stitch_engine_compile_source("bad.policy",
                                     "policy p {\n  target service \"a\"\n  when p99(latency) > 500 for 2m\n"
                                     "  then set timeout 1s\n}\n",
                                     0, &e, &diagnostics) == STITCH_ERROR_POLICY);
  CHECK(e == nullptr);
  CHECK(LastCode() == "P0001");
  CHECK(LastMessage().find("bad.policy:3:23: error[E0201]") != std::string::npos);
  std::string json = Own(diagnostics);
  CHECK(json.rfind("[{", 0) == 0);
  CHECK(json.find("\"code\":\"E0201\"") != std::string::npos);

  CHECK(stitch_engine_compile_source("broken.policy", "policy {", 0, &e, nullptr) == STITCH_ERROR_POLICY);
  const char* missing[] = {"no/such/dir"};
  CHECK(stitch_engine_compile_paths(missing, 1, 0, &e, nullptr) == STITCH_ERROR_IO);
  CHECK(stitch_engine_compile_paths(missing, 0, 0, &e, nullptr) == STITCH_ERROR_INVALID_ARGUMENT);
  CHECK(e == nullptr);
}

TEST_CASE("ticks, actions, stitching, versions and deploys; unknown versions are errors") {
  stitch_engine* engine = Engine();
  char *lines = nullptr, *text = nullptr;
  REQUIRE(stitch_engine_tick_json(engine, kTelemetry, &lines, &text) == STITCH_OK);
  CHECK(LastCode().empty());
  CHECK(LastMessage().empty());
  CHECK(Own(lines).find("\"to\":\"firing\"") != std::string::npos);
  CHECK(Own(text).find("slow started firing") != std::string::npos);
  CHECK(stitch_engine_tick_json(engine, "{\"time_ms\": 1, \"entities\": []}", nullptr, nullptr) ==
        STITCH_ERROR_OUT_OF_ORDER);
  CHECK(LastCode() == "F0001");

  char* actions = nullptr;
  REQUIRE(stitch_engine_actions_json(engine, &actions) == STITCH_OK);
  std::string actions_json = Own(actions);
  CHECK(actions_json.find("\"service1-mirror\"") != std::string::npos);
  char* guardrails = nullptr;
  REQUIRE(stitch_engine_guardrails_json(engine, &guardrails) == STITCH_OK);
  std::string options = Own(guardrails);
  CHECK(options == R"({"min_healthy_nodes":1,"max_isolated":1.0,"max_redirect":1.0})");

  stitch_manifests* manifests = Manifests();
  stitch_stitched* stitched = nullptr;
  REQUIRE(stitch_stitch(manifests, actions_json.c_str(), options.c_str(), &stitched) == STITCH_OK);
  char* files = nullptr;
  REQUIRE(stitch_stitched_files_json(stitched, &files) == STITCH_OK);
  CHECK(Own(files).find("\"path\":\"examples/demo/manifests/route-mirror-envoy.yaml\"") != std::string::npos);
  char* warnings = nullptr;
  REQUIRE(stitch_stitched_warnings_json(stitched, &warnings) == STITCH_OK);
  CHECK(Own(warnings) == "[]");
  stitch_stitched* unknown_target = nullptr;
  CHECK(stitch_stitch(manifests,
                      R"([{"type":"set_timeout","seconds":1,"target":{"kind":"service","name":"ghost"},"provenance":{"policy":"p"}}])",
                      nullptr, &unknown_target) == STITCH_ERROR_STITCH);
  CHECK(LastCode() == "S0301");

  std::string dir = TempDir("store");
  stitch_store* store = nullptr;
  REQUIRE(stitch_store_open((dir + "/versions.db").c_str(), &store) == STITCH_OK);
  int64_t version = 0;
  int created = -1;
  REQUIRE(stitch_store_commit(store, stitched, "capi test", "2026-12-03T10:00:00Z", &version, &created) == STITCH_OK);
  CHECK(version == 1);
  CHECK(created == 1);
  char* history = nullptr;
  REQUIRE(stitch_store_history_json(store, &history) == STITCH_OK);
  CHECK(Own(history).find("\"id\":1,\"parent\":null") != std::string::npos);
  char* got = nullptr;
  REQUIRE(stitch_store_get_json(store, 1, &got) == STITCH_OK);
  CHECK(Own(got).find("\"files\":[{\"path\"") != std::string::npos);

  CHECK(stitch_store_get_json(store, 99, &got) == STITCH_ERROR_NOT_FOUND);
  CHECK(LastCode() == "S0403");
  CHECK(got == nullptr);
  CHECK(stitch_store_rollback(store, 99, "me", "why", &version) == STITCH_ERROR_NOT_FOUND);
  const char* target[] = {"nowhere:/tmp"};
  CHECK(stitch_deploy(store, 1, target, 1, nullptr) == STITCH_ERROR_INVALID_ARGUMENT);
  CHECK(LastCode() == "D0101");
  std::string envoy = "envoy:" + TempDir("xds");
  const char* good[] = {envoy.c_str()};
  CHECK(stitch_deploy(store, 99, good, 1, nullptr) == STITCH_ERROR_NOT_FOUND);
  char* confirmations = nullptr;
  REQUIRE(stitch_deploy(store, 1, good, 1, &confirmations) == STITCH_OK);
  CHECK(Own(confirmations).find("\"version\":1") != std::string::npos);
  stitch_stitched* plain = nullptr;
  REQUIRE(stitch_stitch(manifests, "[]", nullptr, &plain) == STITCH_OK);
  REQUIRE(stitch_store_commit(store, plain, "capi test", nullptr, &version, &created) == STITCH_OK);
  CHECK(version == 2);
  stitch_stitched_destroy(plain);
  REQUIRE(stitch_store_rollback(store, 1, "me", "back to the redirect", &version) == STITCH_OK);
  CHECK(version == 3);

  stitch_store* not_a_store = nullptr;
  CHECK(stitch_store_open(kManifest, &not_a_store) == STITCH_ERROR_STORE);
  CHECK(LastCode() == "S0401");

  stitch_store_destroy(store);
  stitch_stitched_destroy(stitched);
  stitch_manifests_destroy(manifests);
  stitch_engine_destroy(engine);
}

TEST_CASE("the last error belongs to the calling thread") {
  stitch_engine* e = nullptr;
  CHECK(stitch_engine_compile_source("a.policy", kBadUtf8, 0, &e, nullptr) == STITCH_ERROR_INVALID_UTF8);
  std::string other_code = "unset";
  std::thread([&] { other_code = stitch_last_error_code(); }).join();
  CHECK(other_code.empty());
  CHECK(LastCode() == "U0001");
}
