// `node build.mjs` → dist/, with webpack's Node API and its defaults: webpack 5 sees the
// package's `new URL("./faultline_bg.wasm", import.meta.url)` and emits the .wasm as an asset.
//   dist/web/       browser, the main entry (init())
//   dist/web-auto/  browser, faultline/auto (top-level await)
//   dist/node/      target "node": cli.cjs, the main entry, the .wasm emitted next to it
import { rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import webpack from "webpack";

const page = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>webpack</title><script src="./app.js"></script>\n`;
const config = (name, entry, { output = {}, ...extra } = {}) => ({
  mode: "production",
  entry,
  performance: { hints: false },
  ...extra,
  output: { path: resolve("dist", name), filename: "app.js", ...output },
});

rmSync("dist", { recursive: true, force: true });
const configs = [
  config("web", "./src/main.js"),
  config("web-auto", "./src/auto.js"),
  config("node", "./src/cli.js", { target: "node", output: { filename: "cli.cjs" } }),
];
const stats = await new Promise((ok, fail) => webpack(configs, (err, s) => (err ? fail(err) : ok(s))));
const info = stats.toJson({ all: false, errors: true, warnings: true });
for (const w of info.warnings) console.warn(w.message);
if (stats.hasErrors()) {
  for (const e of info.errors) console.error(e.message);
  process.exit(1);
}
if (info.warnings.length > 0) process.exit(1); // a new warning should be looked at
for (const name of ["web", "web-auto"]) writeFileSync(resolve("dist", name, "index.html"), page);
console.log("built dist/");
