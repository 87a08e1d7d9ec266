// TypeScript consumer: the tarball's types under node16 resolution (an .mts and a .cts file,
// strict, skipLibCheck off, no dom lib: only @types/node), emitted and run; and under bundler
// resolution with the dom lib (every entry including the raw glue), `tsc --noEmit`.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";

import { assertScored, installPackage, project, run, scoreWith } from "./lib.mjs";

const dir = project("typescript");
const tsc = join(dir, "node_modules/typescript/bin/tsc");

before(() => installPackage(dir));

test("node16 resolution: tsc compiles esm.mts and cjs.cts, and both run", () => {
  rmSync(join(dir, "dist"), { recursive: true, force: true });
  run(process.execPath, [tsc, "-p", "node16"], { cwd: dir });
  const esm = scoreWith(process.execPath, ["dist/node16/esm.mjs"], { cwd: dir });
  assert.equal(esm.code, "unknown-field");
  assert.equal(esm.same, true, "faultline/embedded scores like faultline");
  assertScored(esm, "esm.mts");
  const cjs = scoreWith(process.execPath, ["dist/node16/cjs.cjs"], { cwd: dir });
  assert.equal(cjs.same, true);
  assertScored(cjs, "cjs.cts");
});

test("bundler resolution: tsc --noEmit on every entry, with @ts-expect-error proving the types are not any", () => {
  run(process.execPath, [tsc, "-p", "bundler"], { cwd: dir });
});
