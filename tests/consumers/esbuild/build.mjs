// Bundles src/ with esbuild the ways docs/npm.md describes: `node build.mjs` → dist/.
//   dist/iife-embedded/  browser, iife (esbuild's default format), faultline/embedded
//   dist/esm/            browser, esm, the main entry + faultline_bg.wasm copied next to the bundle
//                        (and copies of it: csp-strict/, csp-wasm/, no-wasm/ without the .wasm)
//   dist/iife/           browser, iife, the main entry + the copied .wasm (found via currentScript)
//   dist/node/           Node: cli-embedded.cjs (cjs, faultline/embedded) and cli.mjs (esm, main
//                        entry + the copied .wasm)
import { build } from "esbuild";
import { copyFileSync, cpSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const wasm = require.resolve("faultline/faultline_bg.wasm");
const page = (type = "") =>
  `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>esbuild</title><script${type} src="./app.js"></script>\n`;

rmSync("dist", { recursive: true, force: true });
const common = { bundle: true, logLevel: "warning" };

await build({ ...common, entryPoints: ["src/embedded.js"], outfile: "dist/iife-embedded/app.js", minify: true });
writeFileSync("dist/iife-embedded/index.html", page());

await build({ ...common, entryPoints: ["src/main.js"], outfile: "dist/esm/app.js", format: "esm", minify: true });
copyFileSync(wasm, "dist/esm/faultline_bg.wasm");
writeFileSync("dist/esm/index.html", page(' type="module"'));
// The same page for the test's Content-Security-Policy headers, and once without its .wasm.
cpSync("dist/esm", "dist/csp-strict", { recursive: true });
cpSync("dist/esm", "dist/csp-wasm", { recursive: true });
cpSync("dist/esm", "dist/no-wasm", { recursive: true });
rmSync("dist/no-wasm/faultline_bg.wasm");

// esbuild warns that import.meta is empty in iife output: expected, the entry falls back to
// document.currentScript. The warning is silenced here so that a new one would show.
await build({ ...common, entryPoints: ["src/main.js"], outfile: "dist/iife/app.js", logOverride: { "empty-import-meta": "silent" } });
copyFileSync(wasm, "dist/iife/faultline_bg.wasm");
writeFileSync("dist/iife/index.html", page());

await build({ ...common, entryPoints: ["src/cli-embedded.js"], outfile: "dist/node/cli-embedded.cjs", platform: "node" });
await build({ ...common, entryPoints: ["src/cli.js"], outfile: "dist/node/cli.mjs", platform: "node", format: "esm" });
copyFileSync(wasm, "dist/node/faultline_bg.wasm");
console.log("built dist/");
