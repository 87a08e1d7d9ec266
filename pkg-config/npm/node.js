// Node entry of the faultline package (`import { score } from "faultline"` under Node).
// Reads the WebAssembly module from disk next to this file and instantiates it
// synchronously, so every export is usable as soon as the import resolves.
import { readFileSync } from "node:fs";
import { initSync } from "./faultline.js";

initSync({ module: readFileSync(new URL("./faultline_bg.wasm", import.meta.url)) });

export * from "./faultline.js";
