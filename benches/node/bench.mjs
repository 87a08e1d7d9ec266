// Times the npm package (WebAssembly) in Node on the generated architectures, next to the
// native criterion numbers when they exist.
//
//   cargo run --release --features generate --bin faultline-gen -- --all target/bench-data
//   node benches/node/bench.mjs [--pkg target/npm/faultline] [--data target/bench-data]
//                               [--budget-ms 2000] [--markdown]
//
// For each size (10, 100, 1,000, 10,000 components) and each operation (validate, parse,
// score, scoreJson, simulate, and assess of the YAML text) it runs the call until about
// --budget-ms have passed (at least 3 and at most 200 runs, after one warm-up run) and
// prints the median. Inputs are the
// JSON files (`synthetic-<n>.json`); the YAML ones are timed for score as well, since the
// page sends what the user typed. With --markdown it prints the table for
// docs/performance.md, with the wasm / native ratio of score where criterion has measured
// it: wasm `score(jsonText)` against native parse-json + score
// (target/criterion/{parse-json,score}/<n>/new/estimates.json).
import { readFileSync, existsSync } from "node:fs";
import { resolve, join } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const root = resolve(new URL("../..", import.meta.url).pathname);
const pkgDir = resolve(flag("--pkg", join(root, "target/npm/faultline")));
const dataDir = resolve(flag("--data", join(root, "target/bench-data")));
const budgetMs = Number(flag("--budget-ms", "2000"));
const markdown = args.includes("--markdown");
const SIZES = [10, 100, 1000, 10000];

const entry = join(pkgDir, "node.js");
if (!existsSync(entry)) {
  console.error(`no package at ${pkgDir} (build it first; see docs/npm.md), or pass --pkg DIR`);
  process.exit(2);
}
const fl = await import(pathToFileURL(entry).href);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time(fn) {
  fn(); // warm-up (and the first call's lazy catalogue parse)
  const runs = [];
  const start = performance.now();
  while (runs.length < 200 && (runs.length < 3 || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  return { ms: median(runs), runs: runs.length };
}

function fmt(ms) {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}

// Native parse-json + score medians from criterion: what `score(jsonText)` does in wasm,
// minus the conversion of the report to JS objects.
function nativeScoreMs(n) {
  let total = 0;
  for (const op of ["parse-json", "score"]) {
    const p = join(root, "target/criterion", op, String(n), "new/estimates.json");
    if (!existsSync(p)) return null;
    total += JSON.parse(readFileSync(p, "utf8")).median.point_estimate / 1e6;
  }
  return total;
}

// The simulate request: a whole-region loss at the first placed component's first region,
// as in benches/engine.rs.
function someRegion(arch) {
  for (const c of arch.components) {
    if (c.regions && c.regions.length) {
      const r = c.regions[0];
      return `region:${c.provider}/${typeof r === "string" ? r : r.name}`;
    }
  }
  throw new Error("no placed component");
}

const rows = [];
for (const n of SIZES) {
  const jsonPath = join(dataDir, `synthetic-${n}.json`);
  const yamlPath = join(dataDir, `synthetic-${n}.yaml`);
  if (!existsSync(jsonPath)) {
    console.error(`missing ${jsonPath}: run faultline-gen --all ${dataDir}`);
    process.exit(2);
  }
  const json = readFileSync(jsonPath, "utf8");
  const arch = JSON.parse(json);
  const at = someRegion(arch);
  const row = { n };
  row.validate = time(() => fl.validate(json));
  row.parse = time(() => fl.parse(json));
  row.score = time(() => fl.score(json));
  row.scoreJson = time(() => fl.scoreJson(json));
  if (existsSync(yamlPath)) {
    const yaml = readFileSync(yamlPath, "utf8");
    const ok = fl.validate(yaml).ok;
    row.scoreYaml = ok ? time(() => fl.score(yaml)) : null;
    // What the page does on every keystroke: validate, parse and score from one reading,
    // the report without its chains (older packages have no `assess`).
    row.assessYaml = ok && typeof fl.assess === "function" ? time(() => fl.assess(yaml)) : null;
  }
  row.simulate = time(() => fl.simulate(json, { pattern: "region-data-plane-loss", at }));
  row.native = nativeScoreMs(n);
  rows.push(row);
  if (!markdown) {
    const cells = ["validate", "parse", "score", "scoreJson", "scoreYaml", "assessYaml", "simulate"]
      .map((k) => `${k} ${row[k] ? fmt(row[k].ms) : "—"}`)
      .join(", ");
    console.log(`${n} components: ${cells}`);
  }
}

if (markdown) {
  console.log(`Node ${process.version}, package ${pkgDir}; median of up to 200 runs within ${budgetMs} ms per cell.`);
  console.log("");
  console.log("| components | validate | parse | score | scoreJson | score (YAML input) | assess (YAML input) | simulate | score: wasm ÷ native (parse JSON + score) |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const ratio = r.native ? `${(r.score.ms / r.native).toFixed(2)}×` : "—";
    const c = (x) => (x ? fmt(x.ms) : "—");
    console.log(
      `| ${r.n.toLocaleString("en")} | ${c(r.validate)} | ${c(r.parse)} | ${c(r.score)} | ${c(r.scoreJson)} | ${c(r.scoreYaml)} | ${c(r.assessYaml)} | ${c(r.simulate)} | ${ratio} |`,
    );
  }
}
