// The entry for Node as CommonJS: `const { score } = require("faultline")` under the `require`
// condition, on every Node the package supports (no require(esm) needed), and for Jest.
//
// The same as node.js on its own copy of the glue (faultline.cjs, the wasm-bindgen glue
// turned into CommonJS by pkg-config/npm/assemble.mjs): requiring it does nothing, the first
// call reads faultline_bg.wasm next to this file and instantiates it synchronously, and
// `await init()` does that asynchronously. A process that both requires and imports the
// package holds two instances of the module (one per glue); they agree on every result.
//
// The list of functions below `@wrappers` is generated from the glue's exports.
"use strict";

const glue = require("./faultline.cjs");

let loaded = false;
let pending = null;

function wasmPath() {
  return require("node:path").join(__dirname, "faultline_bg.wasm");
}

function cannotRead(path, e) {
  return new Error(
    `faultline: cannot read the WebAssembly module ${path} (${e && e.code ? e.code : e}). ` +
      "A bundle needs faultline_bg.wasm next to it: copy it from node_modules/faultline/, keep " +
      "faultline external, or import \"faultline/embedded\" (the module inside the JavaScript)",
    { cause: e },
  );
}

function readWasm() {
  const path = wasmPath();
  try {
    return require("node:fs").readFileSync(path);
  } catch (e) {
    throw cannotRead(path, e);
  }
}

async function readWasmAsync() {
  const path = wasmPath();
  try {
    return await require("node:fs").promises.readFile(path);
  } catch (e) {
    throw cannotRead(path, e);
  }
}

// A string or URL names a file (a path or a file: URL); anything else is bytes, a compiled
// WebAssembly.Module, or a Response (`fetch(url)`, resolved or not).
async function resolveSource(source) {
  source = await source;
  if (source === undefined) return readWasmAsync();
  if (typeof source === "string" || source instanceof URL) return require("node:fs").promises.readFile(source);
  if (typeof Response === "function" && source instanceof Response) {
    if (!source.ok) throw new Error(`faultline: fetching the WebAssembly module failed: ${source.status} ${source.statusText} ${source.url}`);
    return source.arrayBuffer();
  }
  return source;
}

/**
 * Loads the WebAssembly module without blocking: reads and compiles it asynchronously and
 * resolves once every function is usable. Optional here (the first call loads it
 * synchronously otherwise). `source`: a path or file: URL, bytes, a WebAssembly.Module or a
 * Response; by default faultline_bg.wasm next to this file.
 */
function init(source) {
  if (loaded) return Promise.resolve();
  if (pending === null) {
    pending = (async () => {
      const input = await resolveSource(source);
      let module = input;
      if (!(input instanceof WebAssembly.Module)) {
        try {
          module = await WebAssembly.compile(input);
        } catch (e) {
          throw new Error(`faultline: could not compile the WebAssembly module: ${e && e.message ? e.message : e}`, { cause: e });
        }
      }
      if (!loaded) glue.initSync({ module });
      loaded = true;
    })().finally(() => {
      pending = null;
    });
  }
  return pending;
}

/**
 * Loads the WebAssembly module synchronously: from `source` (bytes or a WebAssembly.Module)
 * or else from faultline_bg.wasm next to this file. Every function calls it on first use.
 */
function initSync(source) {
  if (loaded) return;
  glue.initSync({ module: source === undefined ? readWasm() : source });
  loaded = true;
}

function ready() {
  if (loaded) return;
  initSync();
}

exports.init = init;
exports.initSync = initSync;

// @wrappers
