// Jest consumer (jest/): Jest 30 runs a CommonJS test (require → node.cjs) and, with
// --experimental-vm-modules, an ES-module test (import → node.js), in its node environment.
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, test } from "node:test";

import { EXAMPLE, expected, installPackage, project, run } from "./lib.mjs";

const dir = project("jest");

before(() => installPackage(dir));

test("jest: the CommonJS and the ES-module test pass", () => {
  const out = run(process.execPath, ["--experimental-vm-modules", "--no-warnings", join(dir, "node_modules/jest/bin/jest.js"), "--ci", "--json"], {
    cwd: dir,
    env: { ...process.env, FAULTLINE_EXAMPLE: EXAMPLE, FAULTLINE_EXPECTED: JSON.stringify(expected()) },
  });
  const result = JSON.parse(out);
  assert.equal(result.numPassedTests, 2, "both spec files ran and passed");
  assert.equal(result.numFailedTests, 0);
});
