// Browser and bundler entry of the faultline package. Fetches the WebAssembly module next to
// this file (bundlers see `new URL(..., import.meta.url)` and ship the .wasm as an asset) and
// waits for it with top-level await, so every export is usable once the import resolves.
import init from "./faultline.js";

await init({ module_or_path: new URL("./faultline_bg.wasm", import.meta.url) });

export * from "./faultline.js";
