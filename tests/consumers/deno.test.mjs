// Deno consumer (deno/): Deno 2.9 from the npm registry runs main.ts against the tarball in
// node_modules (`--node-modules-dir=manual --cached-only`: nothing is fetched), and
// `deno check` type-checks it against the package's types.
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, test } from "node:test";

import { assertScored, installPackage, project, run, scoreWith } from "./lib.mjs";

const dir = project("deno");
const deno = join(dir, "node_modules/.bin/deno");
const env = { ...process.env, DENO_DIR: join(dir, "dist/deno-dir"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };

before(() => installPackage(dir));

test("deno run: import { init, score } from \"faultline\" (and faultline/embedded)", () => {
  const out = scoreWith(deno, ["run", "--allow-read", "--node-modules-dir=manual", "--cached-only", "main.ts"], { cwd: dir, env });
  assert.equal(out.same, true, "faultline/embedded scores like faultline");
  assertScored(out, "deno");
});

test("deno check: main.ts type-checks against the package's types", () => {
  run(deno, ["check", "--node-modules-dir=manual", "--cached-only", "main.ts"], { cwd: dir, env });
});
