#!/usr/bin/env python3
"""Prints the one table of scripts/bench.sh from the JSON files in OUTDIR.

Reads the Google Benchmark outputs (eval, compile, ingest, stitch, e2e, memory: 3 repetitions,
aggregates only) and peers.json (bench/peers/peers.mjs). Every figure is the median of the
repetitions; "spread" is the coefficient of variation across them (for the Node peers: the
range (max - min) over the median). Times are CPU times (Google Benchmark's cpu_time, Node's
process.cpuUsage) except end to end, which also gives the wall clock. Goals of issue 9 are marked met or missed.
    python3 bench/report.py OUTDIR
"""
import json
import os
import sys


def load(outdir, name):
    path = os.path.join(outdir, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        try:
            return json.load(f)
        except json.JSONDecodeError:  # a benchmark that crashed or was stopped midway
            return None


def aggregates(doc):
    """{run_name: {"median": entry, "cv": entry}} from a Google Benchmark JSON document."""
    out = {}
    for b in (doc or {}).get("benchmarks", []):
        if b.get("run_type") != "aggregate":
            continue
        if b.get("error_occurred"):
            continue
        out.setdefault(b["run_name"], {})[b["aggregate_name"]] = b
    return out


def errors(doc):
    return {b["run_name"]: b.get("error_message", "") for b in (doc or {}).get("benchmarks", []) if b.get("error_occurred")}


def fmt(x, digits=3):
    if x is None:
        return "-"
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def pct(x):
    return "-" if x is None else f"±{100 * x:.0f}%"


def short(n):
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


class Table:
    def __init__(self):
        self.rows = []

    def add(self, area, case, median, spread="", goal="", verdict=""):
        self.rows.append((area, case, median, spread, goal, verdict))

    def print(self):
        head = ("area", "case", "median", "spread", "goal", "verdict")
        widths = [max(len(str(r[i])) for r in self.rows + [head]) for i in range(6)]
        line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"
        print(line(head))
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for r in self.rows:
            print(line(r))


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else "build-release/bench-out"
    t = Table()
    verdict = lambda ok: "met" if ok else "MISSED"

    # Evaluation: ns per predicate evaluation; JIT vs the hand-written loop.
    ev = aggregates(load(outdir, "eval"))
    cell_jit = {}
    for p in (1, 10, 100, 1000):
        for m in (1000, 10000, 100000):
            key = f"policies:{p}/entities:{m}"
            get = lambda b, stat="median": ev.get(f"BM_Eval{b}/{key}", {}).get(stat, {}).get("ns_per_eval")
            jit, interp, hand = get("Jit"), get("Interpreter"), get("HandWritten")
            if jit is None:
                t.add("eval", f"{p} x {short(m)}", "not run (skipped: too long for this run)" if p == 1000 and m == 100000 else "not run")
                continue
            cell_jit[(p, m)] = jit
            ratio = jit / hand if hand else None
            t.add("eval", f"{p} pol x {short(m)} ent: JIT / interp / hand ns/eval",
                  f"{fmt(jit)} / {fmt(interp)} / {fmt(hand)} -> JIT {fmt(ratio)}x hand",
                  f"{pct(get('Jit', 'cv'))} / {pct(get('Interpreter', 'cv'))} / {pct(get('HandWritten', 'cv'))}",
                  "JIT <= 1.5x hand", verdict(ratio is not None and ratio <= 1.5))

    # Peers (Node.js) on the same conditions and data.
    peers = load(outdir, "peers")
    if peers is None:
        t.add("peers", "Node.js peers", "not run (npm ci or node failed; see the log)")
    else:
        p, m = peers["policies"], peers["entities"]
        jit = cell_jit.get((p, m))
        for e in peers["engines"]:
            name = f"{e['name']} {e.get('version') or ''} ({p} x {short(m)})"
            if e["status"] != "ok":
                t.add("peers", name, f"{e['status']}: {e.get('message', '')}", "", "Stitch >= 50x faster", "no figure")
                continue
            s = e["ns_per_eval"]
            speedup = s["median"] / jit if jit else None
            t.add("peers", name, f"{fmt(s['median'])} ns/eval -> Stitch JIT {fmt(speedup)}x faster",
                  pct((s["max"] - s["min"]) / s["median"]), "Stitch >= 50x faster",
                  verdict(speedup is not None and speedup >= 50))

    # Compile.
    co = aggregates(load(outdir, "compile"))
    for p in (1, 10, 100, 1000):
        cold = co.get(f"BM_CompileCold/policies:{p}", {})
        cached = co.get(f"BM_CompileCached/policies:{p}", {})
        c = cold.get("median", {}).get("ms_per_policy")
        k = cached.get("median", {}).get("ms_per_policy")
        total = cold.get("median", {}).get("cpu_time")
        t.add("compile", f"{p} policies: cold / cached ms per policy",
              f"{fmt(c)} / {fmt(k)} (cold total {fmt(total)} ms)" if c is not None else "not run",
              f"{pct(cold.get('cv', {}).get('ms_per_policy'))} / {pct(cached.get('cv', {}).get('ms_per_policy'))}",
              "cold <= 10 ms/policy", verdict(c <= 10) if c is not None else "no figure")

    # Ingest.
    ing = aggregates(load(outdir, "ingest"))
    for name, what, unit in (("BM_ParsePromText", "Prometheus text parse", "samples"),
                             ("BM_ScrapeToFrame", "Prometheus scrape to frame", "samples"),
                             ("BM_ParsePromApiVector", "Prometheus API JSON parse (100k series)", "series")):
        b = ing.get(name, {})
        med = b.get("median", {})
        if not med:
            t.add("ingest", what, "not run")
            continue
        t.add("ingest", what, f"{fmt(med['bytes_per_second'] / 2**20)} MiB/s, {fmt(med['items_per_second'] / 1e6)} M {unit}/s",
              pct(b.get("cv", {}).get("bytes_per_second")))

    # Stitch and the version-store commit.
    stj = aggregates(load(outdir, "stitch"))
    for mesh in ("Envoy", "Istio"):
        for routes in (100, 1000, 10000):
            for actions in (1, 10, 100):
                key = f"routes:{routes}/actions:{actions}"
                s = stj.get(f"BM_Stitch{mesh}/{key}", {})
                c = stj.get(f"BM_Commit{mesh}/{key}", {})
                sm, cm = s.get("median", {}).get("cpu_time"), c.get("median", {}).get("cpu_time")
                t.add("stitch", f"{mesh} {short(routes)} routes, {actions} actions: stitch+patch / commit ms",
                      f"{fmt(sm)} / {fmt(cm)}", f"{pct(s.get('cv', {}).get('cpu_time'))} / {pct(c.get('cv', {}).get('cpu_time'))}")
    nl = stj.get("BM_ApplyPatchNlohmann", {})
    if nl:
        t.add("stitch", "apply the 100-timeout patch to 10k Envoy routes: nlohmann json::patch (C++)",
              f"{fmt(nl['median']['cpu_time'])} ms", pct(nl.get("cv", {}).get("cpu_time")))
    if peers is not None:
        fp = peers["patch"]
        if fp.get("status") == "ok":
            t.add("stitch", f"same patch ({fp['ops']} ops): fast-json-patch {fp.get('version')} (Node)",
                  f"{fmt(fp['ms']['median'])} ms", pct((fp["ms"]["max"] - fp["ms"]["min"]) / fp["ms"]["median"]))
        else:
            t.add("stitch", "same patch: fast-json-patch (Node)", f"{fp.get('status')}: {fp.get('message', '')}")

    # End to end.
    e2e = aggregates(load(outdir, "e2e"))
    for services in (1000, 10000):
        b = e2e.get(f"BM_FrameToXds/services:{services}/policies:100/iterations:{40 if services == 1000 else 5}/manual_time", {})
        med = b.get("median", {})
        if not med:
            t.add("e2e", f"frame -> file-xDS, {short(services)} services, 100 policies", "not run")
            continue
        goal = "p99 <= 10 ms" if services == 1000 else ""
        t.add("e2e", f"frame -> file-xDS, {short(services)} services, 100 policies: p50 / p99 ms (wall; CPU)",
              f"{fmt(med['p50_ms'])} / {fmt(med['p99_ms'])}; CPU {fmt(med['cpu_p50_ms'])} / {fmt(med['cpu_p99_ms'])}",
              f"{pct(b.get('cv', {}).get('p50_ms'))} / {pct(b.get('cv', {}).get('p99_ms'))}",
              goal, verdict(med["p99_ms"] <= 10) if goal else "")
        t.add("e2e", f"  {short(services)} services: p50 ms of engine tick / stitch / commit / deploy",
              " / ".join(fmt(med.get(k)) for k in ("engine_p50_ms", "stitch_p50_ms", "commit_p50_ms", "deploy_p50_ms")))

    # Memory.
    mem = aggregates(load(outdir, "memory"))
    for entities in (10000,):
        b = mem.get(f"BM_PeakRss/entities:{entities}/policies:100/iterations:1", {})
        med = b.get("median", {})
        if not med:
            t.add("memory", f"peak RSS, {short(entities)} entities, 100 policies", "not run")
            continue
        t.add("memory", f"peak RSS, {short(entities)} entities, 100 policies",
              f"{fmt(med['peak_rss_mb'])} MiB peak ({fmt(med['before_frames_mb'])} before frames) -> "
              f"{fmt(med['mb_per_10k_entities'])} MiB per 10k entities", pct(b.get("cv", {}).get("peak_rss_mb")))

    for name in ("eval", "compile", "ingest", "stitch", "e2e", "memory"):
        for run, message in errors(load(outdir, name)).items():
            t.add(name, run, f"error: {message}")
    t.print()


if __name__ == "__main__":
    main()
