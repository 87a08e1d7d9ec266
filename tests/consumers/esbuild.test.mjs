// esbuild consumer: the tarball bundled by esbuild 0.28 (esbuild/build.mjs) for browsers in
// its default iife format with faultline/embedded, in esm and iife with the main entry and the
// copied .wasm, and for Node (cjs with faultline/embedded, esm with the copied .wasm). The
// browser bundles run in headless Chromium; the esm page also runs under a Content Security
// Policy without and with 'wasm-unsafe-eval', and without its .wasm (404). The same source
// also runs unbundled, through an import map (importmap.html).
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import {
  assertMainEntryWorked,
  assertScored,
  assertScoredCleanly,
  checkInBrowser,
  installPackage,
  launchChromium,
  project,
  run,
  scoreWith,
  serve,
} from "./lib.mjs";

const dir = project("esbuild");
let server;
let projectServer;
let browser;

before(async () => {
  installPackage(dir);
  run(process.execPath, ["build.mjs"], { cwd: dir });
  server = await serve(join(dir, "dist"), (path) => {
    if (path.startsWith("/csp-strict/")) return { "content-security-policy": "default-src 'self'; img-src 'self' data:; script-src 'self'" };
    if (path.startsWith("/csp-wasm/")) return { "content-security-policy": "default-src 'self'; img-src 'self' data:; script-src 'self' 'wasm-unsafe-eval'" };
    return {};
  });
  projectServer = await serve(dir);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await projectServer?.close();
});

test("node: a cjs bundle of faultline/embedded runs alone", () => {
  assertScored(scoreWith(process.execPath, ["dist/node/cli-embedded.cjs"], { cwd: dir }), "cli-embedded.cjs");
});

test("node: an esm bundle of the main entry runs with faultline_bg.wasm next to it", () => {
  assertScored(scoreWith(process.execPath, ["dist/node/cli.mjs"], { cwd: dir }), "cli.mjs");
});

test("node: without the copied .wasm the esm bundle fails with an error that says what to do", () => {
  rmSync(join(dir, "dist/node/faultline_bg.wasm"));
  assert.throws(() => scoreWith(process.execPath, ["dist/node/cli.mjs"], { cwd: dir }), /cannot read the WebAssembly module .*faultline\/embedded/s);
});

test("browser: iife bundle of faultline/embedded (esbuild's default format, nothing copied)", async () => {
  assertScoredCleanly(await checkInBrowser(browser, `${server.url}/iife-embedded/`), "iife-embedded");
});

test("browser: esm bundle of the main entry, init() fetches the copied .wasm", async () => {
  assertMainEntryWorked(await checkInBrowser(browser, `${server.url}/esm/`), "esm");
});

test("browser: iife bundle of the main entry finds the .wasm next to the script", async () => {
  assertMainEntryWorked(await checkInBrowser(browser, `${server.url}/iife/`), "iife");
});

test("browser: a CSP without 'wasm-unsafe-eval' rejects init() catchably; with it, it works", async () => {
  const strict = await checkInBrowser(browser, `${server.url}/csp-strict/`);
  assert.match(strict.loadError ?? "", /could not load the WebAssembly module.*Content Security Policy.*add 'wasm-unsafe-eval' to script-src/s);
  assert.match(strict.before, /not loaded yet/);
  assertMainEntryWorked(await checkInBrowser(browser, `${server.url}/csp-wasm/`), "csp-wasm");
});

test("browser: a missing .wasm (404) rejects init() catchably", async () => {
  const result = await checkInBrowser(browser, `${server.url}/no-wasm/`);
  assert.match(result.loadError ?? "", /could not load the WebAssembly module from .*faultline_bg\.wasm.*404/s);
});

test("browser without a bundler: an import map names node_modules/faultline/browser.js", async () => {
  assertMainEntryWorked(await checkInBrowser(browser, `${projectServer.url}/importmap.html`), "import map");
});
