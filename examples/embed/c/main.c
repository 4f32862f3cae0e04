/* The controller loop of ../cpp through the C ABI: load the policies, tick the frames of a
 * canonical telemetry JSON recording, print the decisions and the active actions, and stitch
 * them onto the base manifest with the policies' guardrails.
 *
 *   controller POLICIES RECORDING MANIFEST
 */
#include <stdio.h>
#include <stdlib.h>

#include <stitch/stitch.h>

/* The whole file as a NUL-terminated string (NULL when unreadable); free() it. */
static char* read_text(const char* path) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  size_t size = 0, cap = 4096;
  char* text = malloc(cap);
  size_t n;
  while (text && (n = fread(text + size, 1, cap - size - 1, f)) > 0) {
    size += n;
    if (cap - size - 1 == 0) {
      char* bigger = realloc(text, cap *= 2);
      if (!bigger) free(text);
      text = bigger;
    }
  }
  fclose(f);
  if (text) text[size] = '\0';
  return text;
}

static int fail(const char* what, stitch_status status) {
  fprintf(stderr, "%s: %s: error[%s]: %s\n", what, stitch_status_name(status), stitch_last_error_code(),
          stitch_last_error_message());
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: controller POLICIES RECORDING MANIFEST\n");
    return 2;
  }
  stitch_engine* engine = NULL;
  char* diagnostics = NULL;
  stitch_status status = stitch_engine_compile_paths((const char* const*)&argv[1], 1, 0, &engine, &diagnostics);
  if (status != STITCH_OK) {
    fprintf(stderr, "%s\n", diagnostics ? diagnostics : "");
    stitch_string_free(diagnostics);
    return fail("compile", status);
  }
  stitch_string_free(diagnostics);

  char* recording = read_text(argv[2]);
  if (!recording) {
    fprintf(stderr, "cannot read %s\n", argv[2]);
    stitch_engine_destroy(engine);
    return 1;
  }
  char* decisions = NULL;
  status = stitch_engine_tick_json(engine, recording, NULL, &decisions);
  free(recording);
  if (status != STITCH_OK) {
    stitch_engine_destroy(engine);
    return fail("tick", status);
  }
  printf("%s", decisions);
  stitch_string_free(decisions);

  char* actions = NULL;
  char* guardrails = NULL;
  stitch_manifests* base = NULL;
  stitch_stitched* stitched = NULL;
  char* patch = NULL;
  int code = 0;
  if ((status = stitch_engine_actions_json(engine, &actions)) != STITCH_OK) {
    code = fail("actions", status);
  } else if ((status = stitch_engine_guardrails_json(engine, &guardrails)) != STITCH_OK) {
    code = fail("guardrails", status);
  } else if ((status = stitch_manifests_load((const char* const*)&argv[3], 1, &base)) != STITCH_OK) {
    code = fail("manifests", status);
  } else if ((status = stitch_stitch(base, actions, guardrails, &stitched)) != STITCH_OK) {
    code = fail("stitch", status);
  } else if ((status = stitch_stitched_patch_json(stitched, &patch)) != STITCH_OK) {
    code = fail("patch", status);
  } else {
    printf("active actions: %s", actions);
    printf("patch: %s\n", patch);
  }
  stitch_string_free(patch);
  stitch_stitched_destroy(stitched);
  stitch_manifests_destroy(base);
  stitch_string_free(guardrails);
  stitch_string_free(actions);
  stitch_engine_destroy(engine);
  return code;
}
