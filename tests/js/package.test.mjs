// The package as a user gets it: `npm pack`, install the tarball into an empty project
// (offline: it has no dependencies), then import it from a fresh `node` process and compile
// a TypeScript consumer against its published types.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, before, test } from "node:test";

import { ROOT, examples, native, packageDir } from "./helpers.mjs";

let work;
let project;
let tarball;

before(() => {
  const pkg = packageDir();
  work = mkdtempSync(join(tmpdir(), "faultline-consumer-"));
  const packed = execFileSync("npm", ["pack", pkg, "--pack-destination", work, "--json"], { encoding: "utf8" });
  const [{ filename, files }] = JSON.parse(packed);
  tarball = join(work, filename);
  project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], {
    cwd: project,
    stdio: "pipe",
  });
  test.packedFiles = files.map((f) => f.path).sort();
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the tarball holds the package files and nothing else", () => {
  assert.deepEqual(test.packedFiles, [
    "LICENSE",
    "README.md",
    "auto.js",
    "browser.js",
    "embedded-wasm.js",
    "embedded.js",
    "faultline.cjs",
    "faultline.d.ts",
    "faultline.js",
    "faultline_bg.wasm",
    "index.d.cts",
    "index.d.ts",
    "node.cjs",
    "node.js",
    "package.json",
  ]);
  const manifest = JSON.parse(readFileSync(join(project, "node_modules/faultline/package.json"), "utf8"));
  const cargoVersion = /^version = "([^"]+)"/m.exec(readFileSync(join(ROOT, "Cargo.toml"), "utf8"))[1];
  assert.equal(manifest.version, cargoVersion, "the package version is the crate's");
  assert.equal(manifest.type, "module");
  assert.deepEqual(manifest.exports["."].node, {
    import: { types: "./index.d.ts", default: "./node.js" },
    require: { types: "./index.d.cts", default: "./node.cjs" },
  });
  assert.equal(manifest.exports["."].browser.default, "./browser.js");
  assert.equal(manifest.exports["./embedded"].default, "./embedded.js");
  assert.equal(manifest.main, "./node.cjs");
  assert.deepEqual(manifest.sideEffects, ["./auto.js"]);
});

test("no entry has top-level await except faultline/auto, and importing one loads nothing", () => {
  const dir = join(project, "node_modules/faultline");
  for (const entry of ["browser.js", "node.js", "node.cjs", "embedded.js", "faultline.js", "faultline.cjs"]) {
    const text = readFileSync(join(dir, entry), "utf8");
    assert.doesNotMatch(text, /^await /m, `${entry} has a top-level await`);
  }
  assert.match(readFileSync(join(dir, "auto.js"), "utf8"), /^await init\(\);$/m);
  // Importing the browser entry (here under Node) neither fetches nor compiles: the first call
  // says what to do.
  const out = execFileSync(
    process.execPath,
    ["--input-type=module", "-e", `import * as fl from ${JSON.stringify(join(dir, "browser.js"))}; try { fl.version(); console.log("loaded"); } catch (e) { console.log(e.message); }`],
    { cwd: project, encoding: "utf8" },
  ).trim();
  assert.match(out, /not loaded yet: `await init\(\)`/);
});

test("require(\"faultline\") from CommonJS loads node.cjs and scores like the ES module", () => {
  const file = examples()[0];
  const out = execFileSync(
    process.execPath,
    ["-e", `const fl = require("faultline"); const t = require("fs").readFileSync(${JSON.stringify(file)}, "utf8"); console.log(JSON.stringify({ file: require.resolve("faultline"), score: fl.score(t).score }));`],
    { cwd: project, encoding: "utf8" },
  );
  const { file: resolved, score } = JSON.parse(out);
  assert.equal(basename(resolved), "node.cjs");
  assert.equal(score, JSON.parse(native("score", file, "--format", "json")).score);
});

test("a fresh node process imports { score } from \"faultline\" and scores an example", () => {
  const script = join(project, "consume.mjs");
  writeFileSync(
    script,
    [
      'import { readFileSync } from "node:fs";',
      'import { score, version } from "faultline";',
      "const report = score(readFileSync(process.argv[2], \"utf8\"));",
      "console.log(JSON.stringify({ version: version(), score: report.score, grade: report.grade, journeys: report.journeys.map((j) => j.name) }));",
    ].join("\n"),
  );
  for (const file of [examples()[0], examples().at(-1)]) {
    const out = JSON.parse(execFileSync(process.execPath, [script, file], { cwd: project, encoding: "utf8" }));
    const expected = JSON.parse(native("score", file, "--format", "json"));
    assert.equal(out.version, expected.faultline_version, basename(file));
    assert.equal(out.score, expected.score, basename(file));
    assert.equal(out.grade, expected.grade, basename(file));
    assert.deepEqual(out.journeys, expected.journeys.map((j) => j.name), basename(file));
  }
});

test("the raw glue is importable as faultline/web, with init and initSync", () => {
  const script = join(project, "web.mjs");
  writeFileSync(
    script,
    [
      'import { readFileSync } from "node:fs";',
      'import init, { initSync, version } from "faultline/web";',
      'const wasm = readFileSync(new URL("./node_modules/faultline/faultline_bg.wasm", import.meta.url));',
      "initSync({ module: wasm });",
      'console.log(typeof init, version());',
    ].join("\n"),
  );
  const out = execFileSync(process.execPath, [script], { cwd: project, encoding: "utf8" }).trim();
  assert.match(out, /^function \d+\.\d+\.\d+/);
});

test("tsc --noEmit compiles the TypeScript usage file against the installed package", () => {
  const tsc = join(ROOT, "tests/js/node_modules/typescript/bin/tsc");
  assert.ok(existsSync(tsc), "TypeScript is installed: run `npm ci` in tests/js (.ci/run does)");
  copyFileSync(join(ROOT, "tests/js/usage.ts"), join(project, "usage.ts"));
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        lib: ["es2022", "dom"],
        types: [],
        noUnusedLocals: true,
      },
      files: ["usage.ts"],
    }),
  );
  try {
    execFileSync(process.execPath, [tsc, "-p", project], { cwd: project, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test("crates/wasm/tests/wasm_common lists every example", () => {
  const listed = [...readFileSync(join(ROOT, "crates/wasm/tests/wasm_common/mod.rs"), "utf8").matchAll(/"(?:\.\.\/)+examples\/([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(listed.sort(), readdirSync(join(ROOT, "examples")).filter((f) => /\.(ya?ml|json)$/.test(f)).sort());
});
