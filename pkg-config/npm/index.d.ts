// Types of the package's main entry ("faultline"): the functions and report types of the
// wasm-bindgen glue, already initialised (no `init` to call). The raw glue, with `init` and
// `initSync` for hosts that load the .wasm themselves, is "faultline/web".
export * from "./faultline.js";
