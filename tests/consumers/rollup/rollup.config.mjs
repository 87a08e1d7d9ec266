// `rollup -c` → dist/. Rollup resolves bare imports only with @rollup/plugin-node-resolve
// (`browser: true` picks the package's `browser` condition) and copies no assets:
//   dist/iife-embedded/  iife, faultline/embedded: one file
//   dist/es/             es, the main entry; faultline_bg.wasm copied by the small plugin below
//                        (or rollup-plugin-copy, or a `cp` in the build script)
//   dist/iife/           iife, the same (Rollup turns import.meta.url into the script's URL)
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const page = (type) => `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>rollup</title><script${type} src="./app.js"></script>\n`;

// Emits node_modules/faultline/faultline_bg.wasm next to the bundle, plus the test's page.
const faultlineWasm = () => ({
  name: "faultline-wasm",
  generateBundle() {
    this.emitFile({ type: "asset", fileName: "faultline_bg.wasm", source: readFileSync(require.resolve("faultline/faultline_bg.wasm")) });
  },
});
const html = (type) => ({
  name: "page",
  generateBundle() {
    this.emitFile({ type: "asset", fileName: "index.html", source: page(type) });
  },
});

export default [
  {
    input: "src/embedded.js",
    output: { file: "dist/iife-embedded/app.js", format: "iife" },
    plugins: [nodeResolve({ browser: true }), html("")],
  },
  {
    input: "src/main.js",
    output: { file: "dist/es/app.js", format: "es" },
    plugins: [nodeResolve({ browser: true }), faultlineWasm(), html(' type="module"')],
  },
  {
    input: "src/main.js",
    output: { file: "dist/iife/app.js", format: "iife" },
    plugins: [nodeResolve({ browser: true }), faultlineWasm(), html("")],
  },
];
