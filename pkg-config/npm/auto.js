// `faultline/auto` in browsers and bundlers: the main entry, loaded before the import
// resolves (top-level await), so `import { score } from "faultline/auto"` needs no `init()`.
// The cost is the one the main entry avoids: every module that imports this one waits for
// the fetch and compile, and a failed load fails the import (and the importing module graph)
// with nothing to catch except around a dynamic `await import("faultline/auto")`. Bundlers
// must support top-level await (webpack 5, Vite 7+ or `build.target: "es2022"`, esbuild and
// Rollup with ES module output). Under Node the `node` condition maps this path to node.js,
// which needs no waiting.
import { init } from "./browser.js";

await init();

export * from "./browser.js";
