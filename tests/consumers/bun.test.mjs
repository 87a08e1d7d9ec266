// Bun consumer (bun/): Bun 1.4 from the npm registry runs the main entry itself, and
// `bun build` bundles it for browsers (faultline/embedded; the main entry with the copied
// .wasm), run in headless Chromium, and for Node (--target node), run in Node.
import { join } from "node:path";
import { after, before, test } from "node:test";

import { assertMainEntryWorked, assertScored, assertScoredCleanly, checkInBrowser, installPackage, launchChromium, project, run, scoreWith, serve } from "./lib.mjs";

const dir = project("bun");
const bun = join(dir, "node_modules/.bin/bun");
let server;
let browser;

before(async () => {
  installPackage(dir);
  run("bash", ["build.sh"], { cwd: dir });
  server = await serve(join(dir, "dist"));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("bun runtime: import { score } from \"faultline\", no init()", () => {
  assertScored(scoreWith(bun, ["src/cli.js"], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } }), "bun src/cli.js");
});

test("bun build --target node: the bundle runs in Node with the copied .wasm", () => {
  assertScored(scoreWith(process.execPath, ["dist/node/cli.mjs"], { cwd: dir }), "bun build --target node");
});

test("bun build (browser): faultline/embedded", async () => {
  assertScoredCleanly(await checkInBrowser(browser, `${server.url}/embedded/`), "bun build embedded");
});

test("bun build (browser): the main entry with the copied .wasm", async () => {
  assertMainEntryWorked(await checkInBrowser(browser, `${server.url}/main/`), "bun build main");
});
