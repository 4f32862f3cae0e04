#!/usr/bin/env bash
# The main job on the bundled example: installs what is missing, builds, and checks the example
# policy set against the example manifests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
echo
echo "== stitch check examples/policies examples/yaml"
./build/cli/stitch check examples/policies examples/yaml
