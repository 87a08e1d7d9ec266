// Vite 8 consumer (vite/): `vite build` of the main entry and of faultline/auto, served and
// run in headless Chromium; the dev server (which pre-bundles dependencies) in Chromium; and
// a Vitest test in Node.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import {
  EXAMPLE,
  assertMainEntryWorked,
  assertScoredCleanly,
  checkInBrowser,
  expected,
  installPackage,
  launchChromium,
  project,
  run,
  serve,
  viteDev,
} from "./lib.mjs";

const dir = project("vite");
let browser;

before(async () => {
  installPackage(dir);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test("vite build: the main entry and faultline/auto in Chromium", async () => {
  run(process.execPath, ["node_modules/vite/bin/vite.js", "build", "--logLevel", "warn"], { cwd: dir });
  assert.equal(readdirSync(join(dir, "dist/assets")).filter((f) => f.endsWith(".wasm")).length, 1, "one .wasm asset");
  const server = await serve(join(dir, "dist"));
  try {
    assertMainEntryWorked(await checkInBrowser(browser, `${server.url}/`), "vite build");
    assertScoredCleanly(await checkInBrowser(browser, `${server.url}/auto.html`), "vite build, faultline/auto");
  } finally {
    await server.close();
  }
});

test("vite dev server: the main entry in Chromium", async () => {
  const dev = await viteDev(dir);
  try {
    assertMainEntryWorked(await checkInBrowser(browser, dev.url), "vite dev");
  } finally {
    await dev.stop();
  }
});

test("vitest: the package in Vitest's Node environment", () => {
  run(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--reporter=dot"], {
    cwd: dir,
    env: { ...process.env, FAULTLINE_EXAMPLE: EXAMPLE, FAULTLINE_EXPECTED: JSON.stringify(expected()) },
  });
});
