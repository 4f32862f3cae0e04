#!/usr/bin/env bash
# The benchmark suite in one command: builds the bench/ programs in Release (build-release/),
# runs each with 3 repetitions (JSON into build-release/bench-out/), installs and runs the
# Node.js peers (npm ci in bench/peers), and prints one table (bench/report.py), also saved as
# build-release/bench-out/table.md. Benchmarks are never tests; nothing here is in ctest.
# About 10-15 minutes on a 2-core machine. STITCH_BENCH_SKIP_HUGE=1 leaves out the
# 1000 policies x 100k entities evaluation cell.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out=build-release/bench-out

mkdir -p build-release
echo "bench: configuring and building build-release/ (Release)"
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTITCH_BUILD_TESTS=OFF \
  -DSTITCH_BUILD_BENCH=ON > build-release/configure.log 2>&1 || { cat build-release/configure.log; exit 1; }
cmake --build build-release -j2 --target bench_all

rm -rf "$out"
mkdir -p "$out"
# run NAME [flags...]: build-release/bench/bench_NAME with 3 repetitions, aggregates as JSON.
run() {
  local name=$1
  shift
  echo "bench: $name"
  "build-release/bench/bench_$name" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
    --benchmark_out="$out/$name.json" --benchmark_out_format=json "$@" > "$out/$name.txt" 2>&1 ||
    echo "bench: $name failed (see $out/$name.txt)"
}
run eval --benchmark_min_time=0.1
run compile --benchmark_min_time=0.2
run ingest --benchmark_min_time=0.5
run stitch --benchmark_min_time=0.1
run e2e
run memory

echo "bench: Node.js peers"
if build-release/bench/bench_peer_workload "$out" > "$out/peers.txt" 2>&1; then
  if command -v node > /dev/null && command -v npm > /dev/null; then
    if (cd bench/peers && npm ci --no-audit --no-fund) >> "$out/peers.txt" 2>&1; then
      node bench/peers/peers.mjs "$out" >> "$out/peers.txt" 2>&1 || echo "bench: the peers failed (see $out/peers.txt)"
    else
      echo "bench: npm ci in bench/peers failed (see $out/peers.txt); the table has no peer figures"
    fi
  else
    echo "bench: node or npm is not installed; the table has no peer figures"
  fi
else
  echo "bench: bench_peer_workload failed (see $out/peers.txt)"
fi

echo
python3 bench/report.py "$out" | tee "$out/table.md"
