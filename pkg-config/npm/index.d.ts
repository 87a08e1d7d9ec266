// Types of the package's entries "faultline", "faultline/embedded" and "faultline/auto" (ES
// modules; index.d.cts is the same for `require`): the functions and report types of the
// wasm-bindgen glue, plus the package's own `init` and `initSync`, which replace the glue's.
// The raw glue, with its `default` init and `initSync`, is "faultline/web" (faultline.d.ts).
export * from "./faultline.js";

/**
 * Where the WebAssembly module comes from: its URL (in Node: a path or file: URL), a
 * Response or a promise of one (`fetch(url)`), its bytes, or a compiled module.
 */
export type WasmSource =
  | string
  | URL
  | ArrayBuffer
  | ArrayBufferView
  | WebAssembly.Module
  | Response
  | PromiseLike<Response>;

/**
 * Loads the WebAssembly module; the promise resolves once every function is usable and
 * rejects (retryable) if the module cannot be fetched, read or compiled. Required before
 * the first call in a browser with "faultline"; optional everywhere else, where the first
 * call loads the module synchronously. Without `source`: faultline_bg.wasm next to the
 * entry (the bundler's copy of it), or the embedded bytes for "faultline/embedded".
 */
export function init(source?: WasmSource): Promise<void>;

/**
 * Loads the WebAssembly module synchronously from bytes or a compiled module; without
 * `source`, from the package's own copy (Node: the file; "faultline/embedded": the
 * embedded bytes; a browser with "faultline": throws, use `init()`).
 */
export function initSync(source?: ArrayBuffer | ArrayBufferView | WebAssembly.Module): void;
