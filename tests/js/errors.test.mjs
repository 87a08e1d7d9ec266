// Bad input through the package: a thrown Error with `code` and `diagnostics`, never a trap,
// and the module keeps working afterwards.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, test } from "node:test";

import { examples, loadPackage } from "./helpers.mjs";

let fl;
before(async () => {
  fl = await loadPackage();
});

const KEYS = ["severity", "code", "path", "line", "column", "message", "help"];

function throws(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, "an Error instance");
    assert.equal(typeof e.code, "string");
    assert.ok(Array.isArray(e.diagnostics) && e.diagnostics.length > 0, "diagnostics");
    for (const d of e.diagnostics) assert.deepEqual(Object.keys(d), KEYS);
    return e;
  }
  assert.fail("expected a thrown Error");
}

test("malformed YAML: syntax error with line and column", () => {
  const e = throws(() => fl.score("version: 1\nname: x\n  bad: here\n"));
  assert.equal(e.code, "syntax");
  assert.equal(e.diagnostics[0].line, 3);
  assert.equal(typeof e.diagnostics[0].column, "number");
  assert.match(e.message, /line 3, column \d+/);
});

test("malformed JSON: syntax error with line and column", () => {
  const e = throws(() => fl.scoreJson('{\n  "version": 1,\n  "name": \n}\n'));
  assert.equal(e.code, "syntax");
  assert.equal(e.diagnostics[0].line, 4);
});

test("unknown field: code, path, line, help", () => {
  const e = throws(() => fl.replay("version: 1\nname: x\ncomponents: []\ncolour: red\n"));
  assert.equal(e.code, "unknown-field");
  const [d] = e.diagnostics;
  assert.deepEqual([d.severity, d.path, d.line, d.column], ["error", "/colour", 4, 1]);
  assert.match(d.message, /colour/);
  assert.equal(typeof d.help, "string");
});

test("dependency cycle: invalid, every diagnostic located", () => {
  const text = [
    "version: 1",
    "name: loop",
    "components:",
    "  - { id: a, kind: compute, provider: aws, regions: [us-east-1], depends_on: [b] }",
    "  - { id: b, kind: compute, provider: aws, regions: [us-east-1], depends_on: [a] }",
    "",
  ].join("\n");
  const e = throws(() => fl.score(text));
  assert.equal(e.code, "invalid");
  const cycle = e.diagnostics.find((d) => d.code === "dependency-cycle");
  assert.ok(cycle, "a dependency-cycle diagnostic");
  assert.equal(cycle.line, 4);
  const checked = fl.validate(text);
  assert.equal(checked.ok, false);
  assert.deepEqual(checked.diagnostics, e.diagnostics, "validate reports what score throws");
});

test("wrong options and wrong input types", () => {
  const text = readFileSync(examples()[0], "utf8");
  assert.equal(throws(() => fl.score(text, { catalog: "x" })).code, "bad-options");
  assert.equal(throws(() => fl.score(text, "fast")).code, "bad-options");
  assert.equal(throws(() => fl.simulate(text, { pattern: "zone-physical-loss" })).code, "bad-options");
  assert.equal(throws(() => fl.simulate(text, { pattern: "nope", at: "region:aws/us-east-1" })).code, "unknown-pattern");
  assert.equal(throws(() => fl.replay(text, { incident: "nope" })).code, "unknown-incident");
  assert.equal(throws(() => fl.score(undefined)).code, "not-text");
  assert.equal(throws(() => fl.score({ version: 1 })).code, "not-text");
});

test("deep, huge and hostile inputs are errors, and the module survives them", () => {
  assert.equal(throws(() => fl.score("[".repeat(200000))).code, "too-deep");
  throws(() => fl.score("version: 1\nname: x\ncomponents:\n  " + "- ".repeat(100000) + "x\n"));
  assert.equal(throws(() => fl.score("#".repeat(17 * 1024 * 1024))).code, "input-too-large");
  throws(() => fl.score("\u0000\uffff\ud800"));
  const text = readFileSync(examples()[0], "utf8");
  assert.equal(typeof fl.score(text).score, "number");
});

test("validate never throws for bad text", () => {
  for (const bad of ["", "{", "- - -", "version: 1\nname: x\ncomponents: []\ncolour: red\n"]) {
    const r = fl.validate(bad);
    assert.equal(r.ok, false, JSON.stringify(bad));
    assert.ok(r.diagnostics.length > 0);
    for (const d of r.diagnostics) assert.deepEqual(Object.keys(d), KEYS);
  }
  assert.equal(fl.validate(readFileSync(examples()[3], "utf8")).ok, true);
});
