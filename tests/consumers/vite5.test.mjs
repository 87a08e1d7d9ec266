// Vite 5 consumer (vite5/), standing for the Vite 5-7 line: `vite build` with the default
// target (es2020: the main entry has no top-level await, so it builds), faultline/auto with
// `build.target: "es2022"`, and the dev server with `optimizeDeps.exclude: ["faultline"]`
// (docs/npm.md) and without it (the error must name the fix).
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { assertMainEntryWorked, assertScoredCleanly, checkInBrowser, installPackage, launchChromium, project, run, serve, viteDev } from "./lib.mjs";

const dir = project("vite5");
let browser;

before(async () => {
  installPackage(dir);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  delete process.env.FAULTLINE_VITE_PREBUNDLE;
});

test("vite 5 build, default target: the main entry; es2022 target: faultline/auto", async () => {
  const vite = join(dir, "node_modules/vite/bin/vite.js");
  run(process.execPath, [vite, "build", "--logLevel", "warn"], { cwd: dir });
  run(process.execPath, [vite, "build", "--logLevel", "warn"], { cwd: dir, env: { ...process.env, FAULTLINE_VITE_AUTO: "1" } });
  for (const [out, page, check] of [
    ["main", "", assertMainEntryWorked],
    ["auto", "auto.html", assertScoredCleanly],
  ]) {
    const server = await serve(join(dir, "dist", out));
    try {
      check(await checkInBrowser(browser, `${server.url}/${page}`), `vite 5 build, ${out}`);
    } finally {
      await server.close();
    }
  }
});

test("vite 5 dev server with optimizeDeps.exclude: the main entry in Chromium", async () => {
  const dev = await viteDev(dir);
  try {
    assertMainEntryWorked(await checkInBrowser(browser, dev.url), "vite 5 dev");
  } finally {
    await dev.stop();
  }
});

test("vite 5 dev server without it: init() rejects and names optimizeDeps.exclude", async () => {
  process.env.FAULTLINE_VITE_PREBUNDLE = "1";
  const dev = await viteDev(dir);
  try {
    const result = await checkInBrowser(browser, dev.url);
    assert.match(result.loadError ?? "", /\.vite\/deps\/faultline_bg\.wasm.*optimizeDeps: \{ exclude: \["faultline"\] \}/s);
  } finally {
    await dev.stop();
    delete process.env.FAULTLINE_VITE_PREBUNDLE;
  }
});
