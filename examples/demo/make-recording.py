#!/usr/bin/env python3
"""Writes telemetry/recording.json: 10 minutes of frames, one every 15 s, in Stitch's canonical
telemetry JSON (docs/telemetry.md). service1's p99 latency rises from ~180 ms to ~650 ms at
minute 2 and falls back at minute 5; service2 stays healthy. Deterministic."""
import json
import pathlib

START_MS = 1_796_000_000_000  # a fixed start, so the replay is identical every time
frames = []
for i in range(41):
    t = i * 15
    slow = 120 <= t < 300
    p99 = 0.65 + 0.01 * (i % 3) if slow else 0.18 + 0.01 * (i % 4)
    frames.append({
        "time_ms": START_MS + t * 1000,
        "entities": [
            {"kind": "service", "service": "service1", "namespace": "demo",
             "metrics": {"requests": 220.0, "errors": 1.0,
                         "latency": {"p50": p99 / 4, "p90": p99 * 0.7, "p99": p99}}},
            {"kind": "service", "service": "service2", "namespace": "demo",
             "metrics": {"requests": 80.0, "errors": 0.4,
                         "latency": {"p50": 0.02, "p90": 0.05, "p99": 0.09}}},
        ],
    })
out = pathlib.Path(__file__).parent / "telemetry" / "recording.json"
out.write_text(json.dumps({"frames": frames}, indent=1) + "\n")
print(f"wrote {out} ({len(frames)} frames)")
