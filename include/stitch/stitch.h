/* The C ABI of libstitch, for controllers written in C, Go, Rust or Python.
 *
 * Conventions (docs/embedding.md):
 * - Every function that can fail returns a stitch_status; STITCH_OK is 0. On failure the calling
 *   thread's last error (stitch_last_error_code / stitch_last_error_message) says why; a success
 *   clears it. No C++ exception ever crosses this interface.
 * - Handles are opaque; each has a create function and a destroy function. Destroying NULL does
 *   nothing; passing NULL as any other handle or required argument is STITCH_ERROR_NULL_ARGUMENT.
 * - Strings in are NUL-terminated UTF-8 (validated: STITCH_ERROR_INVALID_UTF8). Strings out are
 *   NUL-terminated UTF-8 allocated by the library: the caller owns them and frees them with
 *   stitch_string_free. Output pointers are set to NULL on failure. Optional outputs (marked
 *   "may be NULL") are skipped when NULL.
 * - Structured data is JSON: telemetry (docs/telemetry.md), actions (docs/actions.md),
 *   diagnostics, versions.
 * - Thread-safety: a handle is used by one thread at a time; distinct handles may be used on
 *   different threads at once. Functions without a handle are thread-safe.
 */
#ifndef STITCH_STITCH_H
#define STITCH_STITCH_H

#include <stddef.h>
#include <stdint.h>

#include "stitch/Export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version: raised on any incompatible change of this header. */
#define STITCH_ABI_VERSION 1

typedef enum stitch_status {
  STITCH_OK = 0,
  STITCH_ERROR_NULL_ARGUMENT = 1,    /* a handle or required argument is NULL */
  STITCH_ERROR_INVALID_ARGUMENT = 2, /* an argument is malformed (a target spec, an empty list) */
  STITCH_ERROR_INVALID_UTF8 = 3,     /* a string is not valid UTF-8 */
  STITCH_ERROR_INVALID_JSON = 4,     /* a JSON argument does not parse */
  STITCH_ERROR_INVALID_DATA = 5,     /* well-formed input of the wrong shape */
  STITCH_ERROR_POLICY = 6,           /* the policies have errors: see the diagnostics */
  STITCH_ERROR_NOT_FOUND = 7,        /* an unknown version */
  STITCH_ERROR_IO = 8,               /* a file cannot be read or written */
  STITCH_ERROR_STITCH = 9,           /* actions cannot be applied to the manifests */
  STITCH_ERROR_STORE = 10,           /* the version store failed */
  STITCH_ERROR_DEPLOY = 11,          /* a deploy failed */
  STITCH_ERROR_OUT_OF_ORDER = 12,    /* a frame older than the previous one */
  STITCH_ERROR_INTERNAL = 13         /* a bug or resource exhaustion */
} stitch_status;

/* The library version "MAJOR.MINOR.PATCH"; static storage. Thread-safe. */
STITCH_API const char* stitch_version(void);
/* STITCH_ABI_VERSION of the loaded library. Thread-safe. */
STITCH_API int stitch_abi_version(void);
/* "ok", "null_argument", "invalid_utf8", ...; static storage ("unknown" for other values). */
STITCH_API const char* stitch_status_name(stitch_status status);

/* The last error of the calling thread: a stable code ("E0201", "S0403", "A0001", ...) and a
 * message. "" when the thread's last call succeeded. Valid until the thread's next call. */
STITCH_API const char* stitch_last_error_code(void);
STITCH_API const char* stitch_last_error_message(void);

/* Frees a string returned by the library. NULL does nothing. */
STITCH_API void stitch_string_free(char* string);

/* ---- Engine: a compiled policy set and its state ---------------------------------------- */

typedef struct stitch_engine stitch_engine;

/* Flags of the compile functions. */
#define STITCH_ENGINE_INTERPRETER 1u /* evaluate with the interpreter instead of the JIT */

/* Checks and compiles the policy files under `paths` (`count` files or directories).
 * `out_diagnostics_json` (may be NULL) receives a JSON array of every diagnostic, also on
 * STITCH_ERROR_POLICY. */
STITCH_API stitch_status stitch_engine_compile_paths(const char* const* paths, size_t count, unsigned flags,
                                                     stitch_engine** out_engine, char** out_diagnostics_json);
/* The same from policy text; `name` names it in diagnostics (`.yaml`: the YAML form). */
STITCH_API stitch_status stitch_engine_compile_source(const char* name, const char* text, unsigned flags,
                                                      stitch_engine** out_engine, char** out_diagnostics_json);
STITCH_API void stitch_engine_destroy(stitch_engine* engine);

/* Ticks every frame of a canonical telemetry JSON document, oldest first. The decisions of
 * those ticks: `out_decisions_jsonl` (may be NULL) as decision-log JSON lines, `out_decisions_text`
 * (may be NULL) in plain words, one per line. */
STITCH_API stitch_status stitch_engine_tick_json(stitch_engine* engine, const char* telemetry_json,
                                                 char** out_decisions_jsonl, char** out_decisions_text);
/* The active actions as an actions document {"version": 1, "actions": [...]}. */
STITCH_API stitch_status stitch_engine_actions_json(const stitch_engine* engine, char** out_actions_json);
/* The policies' guardrails {"min_healthy_nodes", "max_isolated", "max_redirect"}: the options
 * of stitch_stitch. */
STITCH_API stitch_status stitch_engine_guardrails_json(const stitch_engine* engine, char** out_options_json);

/* ---- Manifests and stitching ---------------------------------------------------------- */

typedef struct stitch_manifests stitch_manifests;
typedef struct stitch_stitched stitch_stitched;

/* Reads and parses manifest files (`.json` is JSON, anything else YAML). */
STITCH_API stitch_status stitch_manifests_load(const char* const* paths, size_t count, stitch_manifests** out);
/* Parses one manifest given as text; `path` decides the format and names it. */
STITCH_API stitch_status stitch_manifests_parse(const char* path, const char* text, stitch_manifests** out);
STITCH_API void stitch_manifests_destroy(stitch_manifests* manifests);

/* Applies an actions document to `base`. `options_json` (may be NULL: no limits but one healthy
 * node) is the object stitch_engine_guardrails_json gives. */
STITCH_API stitch_status stitch_stitch(const stitch_manifests* base, const char* actions_json, const char* options_json,
                                       stitch_stitched** out);
/* The stitched files: [{"path": ..., "text": ...}]. */
STITCH_API stitch_status stitch_stitched_files_json(const stitch_stitched* stitched, char** out_json);
/* The patch from the base: a JSON array with one RFC 6902 patch per manifest file. */
STITCH_API stitch_status stitch_stitched_patch_json(const stitch_stitched* stitched, char** out_json);
/* The warnings: a JSON array of strings. */
STITCH_API stitch_status stitch_stitched_warnings_json(const stitch_stitched* stitched, char** out_json);
STITCH_API void stitch_stitched_destroy(stitch_stitched* stitched);

/* ---- Version store and deploy ------------------------------------------------------------ */

typedef struct stitch_store stitch_store;

/* Opens (creating if needed) the SQLite version store at `path`. */
STITCH_API stitch_status stitch_store_open(const char* path, stitch_store** out);
STITCH_API void stitch_store_destroy(stitch_store* store);

/* Commits a stitch result on top of the head. `time` (may be NULL: now) is RFC 3339 UTC.
 * `out_version` receives the new version (or the head when the content is unchanged, then
 * `out_created` (may be NULL) receives 0). */
STITCH_API stitch_status stitch_store_commit(stitch_store* store, const stitch_stitched* stitched, const char* who,
                                             const char* time, int64_t* out_version, int* out_created);
/* Every version, oldest first: [{"id", "parent", "hash", "time", "kind", "actions"}]. */
STITCH_API stitch_status stitch_store_history_json(stitch_store* store, char** out_json);
/* One version: {"id", ..., "actions": {...}, "patch": [...], "files": [{"path", "text"}]}.
 * STITCH_ERROR_NOT_FOUND for an unknown version. */
STITCH_API stitch_status stitch_store_get_json(stitch_store* store, int64_t version, char** out_json);
/* Appends a version whose content is `version`'s; `out_version` receives the new id. */
STITCH_API stitch_status stitch_store_rollback(stitch_store* store, int64_t version, const char* who, const char* why,
                                               int64_t* out_version);

/* Deploys `version` to each target (`envoy:DIR`, `envoy:DIR#cds,lds`, `dir:DIR`) in order.
 * `out_confirmations_json` (may be NULL): [{"target", "version", "hash", "time", "written",
 * "unchanged"}]. */
STITCH_API stitch_status stitch_deploy(stitch_store* store, int64_t version, const char* const* targets, size_t count,
                                       char** out_confirmations_json);

#ifdef __cplusplus
}
#endif

#endif /* STITCH_STITCH_H */
