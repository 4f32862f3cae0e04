#!/bin/bash
# libstitch.so exports the C ABI (stitch_*) and the stitch:: API, nothing of the components
# or libraries inside it (LLVM, ANTLR, SQLite, yaml-cpp, simdjson, nlohmann, fmt, internal
# namespaces).
set -euo pipefail
lib=$1
# Global symbols only (upper-case nm types, and `u` for unique globals); `t`/`d` are local.
symbols=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[A-Zu]$/ {print $3}' | c++filt)
bad=$(grep -vE '^(stitch_|stitch::)' <<<"$symbols" || true)
internal=$(grep -E 'stitch::(engine|ingest|action|stitch|deploy|frame|ast|check|ir|jit|capi)::|llvm|antlr|sqlite|YAML|simdjson|nlohmann|fmt::' <<<"$symbols" || true)
for required in stitch_version stitch_engine_compile_paths 'stitch::Engine::Tick' 'stitch::Stitch('; do
  grep -qF "$required" <<<"$symbols" || { echo "missing export: $required"; exit 1; }
done
if [[ -n $bad || -n $internal ]]; then
  echo "unexpected exports:"; printf '%s\n%s\n' "$bad" "$internal" | sort -u | head -50
  exit 1
fi
echo "$(wc -l <<<"$symbols") exported symbols, all of the API"
