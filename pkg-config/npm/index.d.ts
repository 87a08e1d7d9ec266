// Types of the package's entries "faultline", "faultline/embedded" and "faultline/auto":
// index.d.ts for `import`, index.d.cts (the same text) for `require`. Assembled by
// pkg-config/npm/assemble.mjs: the functions and report types of wasm-bindgen's faultline.d.ts
// stand where `@api` is, without the glue's own init section (which needs the DOM library);
// the package's `init` and `initSync` follow. Nothing here needs "dom" in `lib`: a Node
// project with only @types/node (or a browser project) compiles with `skipLibCheck: false`.
// The raw glue, with its `default` init and `initSync`, is "faultline/web" (faultline.d.ts).

// @api

// Resolve to `never` where the compilation has no such global (no "dom" lib, no @types/node).
// WebAssembly.Module is an empty interface, which even a number would match: `& object`.
type GlobalScope = typeof globalThis;
type WasmModule = (GlobalScope extends { WebAssembly: { Module: abstract new (...args: never[]) => infer M } } ? M : never) & object;
type WasmUrl = GlobalScope extends { URL: abstract new (...args: never[]) => infer U } ? U : never;
type WasmResponse = GlobalScope extends { Response: abstract new (...args: never[]) => infer R } ? R : never;

/**
 * Where the WebAssembly module comes from: its URL (in Node: a path or file: URL), a
 * Response or a promise of one (`fetch(url)`), its bytes, or a compiled WebAssembly.Module.
 */
export type WasmSource = string | WasmUrl | ArrayBuffer | ArrayBufferView | WasmModule | WasmResponse | PromiseLike<WasmResponse>;

/**
 * Loads the WebAssembly module; the promise resolves once every function is usable and
 * rejects (and may be retried) if the module cannot be fetched, read or compiled. Required
 * before the first call in a browser with "faultline"; optional everywhere else, where the
 * first call loads the module synchronously. Without `source`: faultline_bg.wasm next to the
 * entry (or the bundler's copy of it), or the embedded bytes with "faultline/embedded" (whose
 * `init` takes only bytes or a WebAssembly.Module).
 */
export function init(source?: WasmSource): Promise<void>;

/**
 * Loads the WebAssembly module synchronously from bytes or a compiled WebAssembly.Module;
 * without `source`, from the package's own copy (Node: the file next to the entry;
 * "faultline/embedded": the embedded bytes; a browser with "faultline": throws, use `init()`).
 */
export function initSync(source?: ArrayBuffer | ArrayBufferView | WasmModule): void;
