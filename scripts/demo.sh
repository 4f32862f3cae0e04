#!/usr/bin/env bash
# The main job on the bundled example: installs what is missing, builds, checks the example
# policies, then runs the controller (`stitch run`) on examples/demo: a recording in which
# service1's latency rises then falls, stitched onto Envoy's route-mirror example and deployed
# to a file-based xDS directory. Prints the versions it deployed and why.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh stitch
stitch=./build/cli/stitch

echo
echo "== stitch check examples/policies examples/yaml"
"$stitch" check examples/policies examples/yaml

demo=examples/demo
rm -rf "$demo/.state"
echo
echo "== stitch run --config $demo/stitch.yaml"
"$stitch" run --config "$demo/stitch.yaml"

echo
echo "== stitch history: the versions deployed, and why"
"$stitch" history --store "$demo/.state/versions.db"
echo
"$stitch" show 2 --store "$demo/.state/versions.db" | sed -n '1,/^actions:/p'
echo
echo "== what the proxies read now: $demo/.state/xds"
ls "$demo/.state/xds"
echo
echo "== why, in plain words (stitch explain)"
"$stitch" explain "$demo/.state/decisions.jsonl"
