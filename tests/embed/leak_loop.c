/* The create/compile/tick/destroy loop of the leak test: N rounds of compiling a policy set,
 * ticking a recording, reading the actions, stitching them and failing on purpose (bad input),
 * each through the C ABI with the interpreter backend. Run under valgrind by ctest. */
#include <stdio.h>
#include <stdlib.h>

#include "stitch/stitch.h"

static const char* kPolicy =
    "policy slow {\n"
    "  target service \"service1\"\n"
    "  when p99(latency) > 500ms for 30s\n"
    "  then redirect 10% to \"service1-mirror\"\n"
    "}\n";

static const char* kTelemetry =
    "{\"frames\": ["
    "{\"time_ms\": 1796000000000, \"entities\": [{\"kind\": \"service\", \"service\": \"service1\","
    " \"metrics\": {\"requests\": 10, \"latency\": {\"p99\": 0.9}}}]},"
    "{\"time_ms\": 1796000030000, \"entities\": [{\"kind\": \"service\", \"service\": \"service1\","
    " \"metrics\": {\"requests\": 10, \"latency\": {\"p99\": 0.9}}}]}]}";

static int check(stitch_status status, const char* what) {
  if (status == STITCH_OK) return 1;
  fprintf(stderr, "%s: %s: %s\n", what, stitch_status_name(status), stitch_last_error_message());
  return 0;
}

int main(int argc, char** argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 3;
  const char* manifest = "examples/demo/manifests/route-mirror-envoy.yaml";
  for (int i = 0; i < rounds; ++i) {
    stitch_engine* engine = NULL;
    char *diagnostics = NULL, *lines = NULL, *text = NULL, *actions = NULL, *files = NULL;
    stitch_manifests* base = NULL;
    stitch_stitched* stitched = NULL;
    int ok = check(stitch_engine_compile_source("leak.policy", kPolicy, STITCH_ENGINE_INTERPRETER, &engine,
                                                &diagnostics), "compile") &&
             check(stitch_engine_tick_json(engine, kTelemetry, &lines, &text), "tick") &&
             check(stitch_engine_actions_json(engine, &actions), "actions") &&
             check(stitch_manifests_load(&manifest, 1, &base), "manifests") &&
             check(stitch_stitch(base, actions, NULL, &stitched), "stitch") &&
             check(stitch_stitched_files_json(stitched, &files), "files");
    /* Failures allocate messages and diagnostics too. */
    stitch_engine* broken = NULL;
    char* broken_diagnostics = NULL;
    if (stitch_engine_compile_source("bad.policy", "policy {", STITCH_ENGINE_INTERPRETER, &broken,
                                     &broken_diagnostics) != STITCH_ERROR_POLICY) {
      ok = 0;
    }
    if (ok && stitch_engine_tick_json(engine, "{not json", NULL, NULL) != STITCH_ERROR_INVALID_JSON) ok = 0;
    stitch_string_free(broken_diagnostics);
    stitch_string_free(files);
    stitch_stitched_destroy(stitched);
    stitch_manifests_destroy(base);
    stitch_string_free(actions);
    stitch_string_free(text);
    stitch_string_free(lines);
    stitch_string_free(diagnostics);
    stitch_engine_destroy(engine);
    if (!ok) return 2;
  }
  printf("%d rounds\n", rounds);
  return 0;
}
