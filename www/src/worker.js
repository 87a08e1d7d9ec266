// The engine runs here, off the main thread, so typing never waits for a score.
//
// Messages in:  { id, op: 'assess' | 'extras' | 'call', ... }
// Messages out: { id, ok: true, value } or { id, ok: false, error: { message, code, diagnostics } }
// and once, unprompted: { ready: true, exports: [names of the package's functions], version }
// (or { ready: false, error } when the module cannot start).
import init, * as fl from 'virtual:faultline';

const now = () => performance.now();

function plainError(e) {
  return {
    message: String(e?.message ?? e),
    code: e?.code ?? null,
    diagnostics: Array.isArray(e?.diagnostics) ? e.diagnostics : [],
    // A trap (e.g. a panic, which aborts) leaves the module unusable: the page restarts the worker.
    trap: e instanceof WebAssembly.RuntimeError,
  };
}

// Optional exports (suggest, applySuggestion, scoreMarkdown ...) are looked up by name at run
// time, so a build without them still bundles and the page says what is missing.
function fn(name) {
  const f = fl[name];
  return typeof f === 'function' ? f : null;
}

function has(name) {
  return fn(name) !== null;
}

// Validate, parse and score one text. Validation never throws for bad input; parse and score
// are only attempted when it found no error.
function assess(text) {
  const t0 = now();
  const validation = fl.validate(text);
  const t1 = now();
  let parsed = null;
  let score = null;
  let error = null;
  let scoreMs = null;
  if (validation.ok) {
    try {
      parsed = fl.parse(text);
      const t2 = now();
      score = fl.score(text);
      scoreMs = now() - t2;
    } catch (e) {
      error = plainError(e);
    }
  }
  return { validation, parsed, score, error, ms: { validate: t1 - t0, score: scoreMs, total: now() - t0 } };
}

// The slower, secondary views: replay and mitigations (suggest re-scores the description once
// per candidate change, so it runs in a second worker that the page restarts when the text moves on).
function extras(text) {
  const out = { replay: null, replayError: null, suggest: null, suggestError: null, suggestMs: null };
  try {
    out.replay = fl.replay(text, {});
  } catch (e) {
    out.replayError = plainError(e);
  }
  if (has('suggest')) {
    const t0 = now();
    try {
      out.suggest = fn('suggest')(text, { top: 10 });
    } catch (e) {
      out.suggestError = plainError(e);
    }
    out.suggestMs = now() - t0;
  }
  return out;
}

async function start() {
  try {
    await init({ module_or_path: new URL('./faultline_bg.wasm', import.meta.url) });
  } catch (e) {
    self.postMessage({ ready: false, error: plainError(e) });
    return;
  }
  const exports = Object.keys(fl).filter((k) => typeof fl[k] === 'function' && k !== 'default');
  self.postMessage({ ready: true, exports, version: has('version') ? fn('version')() : null });
}

self.onmessage = (event) => {
  const { id, op } = event.data;
  try {
    let value;
    if (op === 'assess') value = assess(event.data.text);
    else if (op === 'extras') value = extras(event.data.text);
    else if (op === 'call') {
      if (!has(event.data.name)) throw new Error(`this build of the faultline package has no ${event.data.name}()`);
      value = fn(event.data.name)(...event.data.args);
    } else throw new Error(`unknown operation ${op}`);
    self.postMessage({ id, ok: true, value });
  } catch (e) {
    self.postMessage({ id, ok: false, error: plainError(e) });
  }
};

start();
