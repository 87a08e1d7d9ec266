// webpack consumer: the tarball bundled by webpack 5 with its defaults (webpack/build.mjs):
// the main entry and faultline/auto for browsers (the .wasm emitted as an asset), run in
// headless Chromium; and a target "node" bundle, run in Node.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { assertMainEntryWorked, assertScored, assertScoredCleanly, checkInBrowser, installPackage, launchChromium, project, run, scoreWith, serve } from "./lib.mjs";

const dir = project("webpack");
let server;
let browser;

before(async () => {
  installPackage(dir);
  run(process.execPath, ["build.mjs"], { cwd: dir });
  server = await serve(join(dir, "dist"));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("webpack emitted the .wasm as an asset of each bundle", () => {
  for (const name of ["web", "web-auto", "node"]) {
    assert.equal(readdirSync(join(dir, "dist", name)).filter((f) => f.endsWith(".wasm")).length, 1, name);
  }
});

test("node: a target \"node\" bundle of the main entry", () => {
  assertScored(scoreWith(process.execPath, ["dist/node/cli.cjs"], { cwd: dir }), "node/cli.cjs");
});

test("browser: the main entry, init() fetches the emitted .wasm", async () => {
  assertMainEntryWorked(await checkInBrowser(browser, `${server.url}/web/`), "web");
});

test("browser: faultline/auto, ready at import (top-level await)", async () => {
  assertScoredCleanly(await checkInBrowser(browser, `${server.url}/web-auto/`), "web-auto");
});
