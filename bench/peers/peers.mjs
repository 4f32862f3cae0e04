// The peers: the same conditions on the same seeded data as Stitch, in Node.js.
//   node peers.mjs WORKDIR   (reads WORKDIR/workload.json and WORKDIR/patch.json, written by
//                             bench_peer_workload; writes WORKDIR/peers.json)
// Each engine first has to reproduce Stitch's firing results on every (policy, entity); a
// mismatch drops that engine's timing with a message. Then each engine evaluates the whole
// workload REPS times; the report is CPU ns per predicate evaluation (median, min, max), like
// Google Benchmark's CPU time on the C++ side (the machine may be shared).
import {readFileSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'

const REPS = 3
const dir = process.argv[2]
if (!dir) {
  console.error('usage: node peers.mjs WORKDIR')
  process.exit(2)
}
const require = createRequire(import.meta.url)
const workload = JSON.parse(readFileSync(`${dir}/workload.json`, 'utf8'))
const {policies, entities, columns} = workload
const keys = ['latency', 'error_rate', 'requests']

// One object per entity without its missing metrics (as a JSON document would be).
const rows = []
for (let r = 0; r < entities; r++) {
  const row = {}
  for (const k of keys) if (columns[k][r] !== null) row[k] = columns[k][r]
  rows.push(row)
}

// A double literal CEL reads as a double (200 -> 200.0).
const lit = (x) => (Number.isInteger(x) ? x.toFixed(1) : String(x))
// Stitch fires when the condition is true under three-valued logic: a missing metric makes its
// comparison unknown, and unknown never fires. Each peer spells that with explicit presence tests.
const celText = (p) =>
  `(has(m.latency) && m.latency > ${lit(p.latency)} && has(m.error_rate) && m.error_rate > ${lit(p.error_rate)})` +
  ` || (has(m.requests) && m.requests > ${lit(p.requests)})`
const present = (k) => ({'!=': [{var: k}, null]})
const logicOf = (p) => ({
  or: [
    {and: [present('latency'), {'>': [{var: 'latency'}, p.latency]}, present('error_rate'), {'>': [{var: 'error_rate'}, p.error_rate]}]},
    {and: [present('requests'), {'>': [{var: 'requests'}, p.requests]}]},
  ],
})

function version(pkg) {
  try {
    return require(`${pkg}/package.json`).version
  } catch {
    try {
      return JSON.parse(readFileSync(new URL(`./node_modules/${pkg}/package.json`, import.meta.url), 'utf8')).version
    } catch {
      return null
    }
  }
}

// Each engine: prepare() returns evaluate(policyIndex, rowObject) -> boolean, or a whole-row
// runner for engines that evaluate all rules per fact set (json-rules-engine).
const engines = [
  {
    name: '@marcbachmann/cel-js',
    kind: 'CEL',
    async prepare() {
      const {parse} = await import('@marcbachmann/cel-js')
      const fns = policies.map((p) => parse(celText(p)))
      return {perPredicate: (i, m) => fns[i]({m}) === true}
    },
  },
  {
    name: '@bufbuild/cel',
    kind: 'CEL',
    async prepare() {
      const {celEnv, parse, plan} = await import('@bufbuild/cel')
      const env = celEnv()
      const fns = policies.map((p) => plan(env, parse(celText(p))))
      return {perPredicate: (i, m) => fns[i]({m}) === true}
    },
  },
  {
    name: 'json-logic-engine',
    kind: 'JSON Logic (compiled)',
    async prepare() {
      const {LogicEngine} = await import('json-logic-engine')
      const engine = new LogicEngine()
      const fns = policies.map((p) => engine.build(logicOf(p)))
      return {perPredicate: (i, m) => fns[i](m) === true}
    },
  },
  {
    name: 'json-rules-engine',
    kind: 'rules (async)',
    async prepare() {
      const {Engine} = await import('json-rules-engine')
      const engine = new Engine([], {allowUndefinedFacts: true})
      policies.forEach((p, i) =>
        engine.addRule({
          conditions: {
            any: [
              {all: [{fact: 'latency', operator: 'greaterThan', value: p.latency}, {fact: 'error_rate', operator: 'greaterThan', value: p.error_rate}]},
              {fact: 'requests', operator: 'greaterThan', value: p.requests},
            ],
          },
          event: {type: String(i)},
        }),
      )
      // All rules run on each entity's facts; returns the indices of the policies that fired.
      return {perRow: async (m) => (await engine.run(m)).events.map((e) => Number(e.type))}
    },
  },
]

// fired[i]: Set of rows on which policy i fired.
async function firing(runner) {
  const fired = policies.map(() => new Set())
  if (runner.perPredicate) {
    for (let i = 0; i < policies.length; i++) for (let r = 0; r < entities; r++) if (runner.perPredicate(i, rows[r])) fired[i].add(r)
  } else {
    for (let r = 0; r < entities; r++) for (const i of await runner.perRow(rows[r])) fired[i].add(r)
  }
  return fired
}

function compare(fired) {
  for (let i = 0; i < policies.length; i++) {
    const expected = new Set(policies[i].fired)
    for (const r of expected) if (!fired[i].has(r)) return `policy ${policies[i].name}: Stitch fires on entity ${r}, the peer does not`
    for (const r of fired[i]) if (!expected.has(r)) return `policy ${policies[i].name}: the peer fires on entity ${r}, Stitch does not`
  }
  return null
}

async function timeOnce(runner) {
  let sink = 0
  const start = process.cpuUsage()
  if (runner.perPredicate) {
    for (let i = 0; i < policies.length; i++) for (let r = 0; r < entities; r++) if (runner.perPredicate(i, rows[r])) sink++
  } else {
    for (let r = 0; r < entities; r++) sink += (await runner.perRow(rows[r])).length
  }
  const used = process.cpuUsage(start)
  if (sink < 0) console.log(sink)
  return ((used.user + used.system) * 1e3) / (policies.length * entities)
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return {median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: xs}
}

const results = []
for (const e of engines) {
  const row = {name: e.name, kind: e.kind, version: version(e.name)}
  try {
    const runner = await e.prepare()
    const mismatch = compare(await firing(runner)) // also warms the engine up
    if (mismatch) {
      row.status = 'mismatch'
      row.message = mismatch
    } else {
      const runs = []
      for (let k = 0; k < REPS; k++) runs.push(await timeOnce(runner))
      row.status = 'ok'
      row.ns_per_eval = stats(runs)
    }
  } catch (err) {
    row.status = 'unavailable'
    row.message = String(err && err.message ? err.message : err).split('\n')[0]
  }
  console.log(`${row.name}: ${row.status}${row.ns_per_eval ? ` ${row.ns_per_eval.median.toFixed(1)} ns/eval` : ''}${row.message ? ` (${row.message})` : ''}`)
  results.push(row)
}

// fast-json-patch applying Stitch's patch to a copy of the base (CPU time; the copy is not timed).
const patchRow = {name: 'fast-json-patch', version: version('fast-json-patch')}
try {
  const {applyPatch, deepClone} = (await import('fast-json-patch')).default
  const input = JSON.parse(readFileSync(`${dir}/patch.json`, 'utf8'))
  const expected = JSON.stringify(input.expected)
  const runs = []
  let ok = true
  for (let k = 0; k < REPS + 2; k++) {
    const doc = deepClone(input.documents)
    const start = process.cpuUsage()
    const out = applyPatch(doc, input.patch, false, true).newDocument
    const used = process.cpuUsage(start)
    const ms = (used.user + used.system) / 1e3
    if (k === 0) ok = JSON.stringify(out) === expected
    else runs.push(ms)
  }
  Object.assign(patchRow, {routes: input.routes, actions: input.actions, ops: input.patch.length})
  if (ok) Object.assign(patchRow, {status: 'ok', ms: stats(runs)})
  else Object.assign(patchRow, {status: 'mismatch', message: "the patched documents differ from Stitch's"})
} catch (err) {
  patchRow.status = 'unavailable'
  patchRow.message = String(err && err.message ? err.message : err).split('\n')[0]
}
console.log(`fast-json-patch: ${patchRow.status}${patchRow.ms ? ` ${patchRow.ms.median.toFixed(2)} ms` : ''}${patchRow.message ? ` (${patchRow.message})` : ''}`)

writeFileSync(
  `${dir}/peers.json`,
  JSON.stringify({node: process.version, policies: policies.length, entities, engines: results, patch: patchRow}, null, 1),
)
