// Rollup consumer: the tarball bundled by Rollup 4 with @rollup/plugin-node-resolve
// (rollup/rollup.config.mjs): iife with faultline/embedded, es and iife with the main entry
// and the copied .wasm; each runs in headless Chromium.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { assertMainEntryWorked, assertScoredCleanly, checkInBrowser, installPackage, launchChromium, project, run, serve } from "./lib.mjs";

const dir = project("rollup");
let server;
let browser;

before(async () => {
  installPackage(dir);
  rmSync(join(dir, "dist"), { recursive: true, force: true });
  run(process.execPath, ["node_modules/rollup/dist/bin/rollup", "-c", "--silent"], { cwd: dir });
  server = await serve(join(dir, "dist"));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("browser: iife bundle of faultline/embedded", async () => {
  assertScoredCleanly(await checkInBrowser(browser, `${server.url}/iife-embedded/`), "iife-embedded");
});

test("browser: es bundle of the main entry with the copied .wasm", async () => {
  assertMainEntryWorked(await checkInBrowser(browser, `${server.url}/es/`), "es");
});

test("browser: iife bundle of the main entry with the copied .wasm", async () => {
  assertMainEntryWorked(await checkInBrowser(browser, `${server.url}/iife/`), "iife");
});
