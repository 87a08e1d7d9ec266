// The page's side of the engine worker: promises over postMessage, and "latest text wins"
// scheduling so a burst of keystrokes costs one assessment, not one per key.

export class Engine {
  constructor() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'faultline-engine' });
    this.next = 1;
    this.waiting = new Map();
    this.ready = new Promise((resolve, reject) => {
      this.worker.onmessage = (event) => {
        const m = event.data;
        if ('ready' in m) {
          if (m.ready) {
            this.exports = new Set(m.exports);
            this.version = m.version;
            resolve(this);
          } else reject(Object.assign(new Error(m.error.message), m.error));
          return;
        }
        const p = this.waiting.get(m.id);
        if (!p) return;
        this.waiting.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(Object.assign(new Error(m.error.message), { code: m.error.code, diagnostics: m.error.diagnostics }));
      };
      this.worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(`the engine could not start: ${event.message || 'worker error'}`));
      };
    });
  }

  has(name) {
    return this.exports?.has(name) ?? false;
  }

  request(message) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  assess(text) {
    return this.request({ op: 'assess', text });
  }

  extras(text, scenario) {
    return this.request({ op: 'extras', text, scenario });
  }

  call(name, ...args) {
    return this.request({ op: 'call', name, args });
  }
}

// Runs `job(value)` for the latest value only: while one job runs, newer values replace each
// other, and the last one runs next.
export function latestOnly(job) {
  let running = false;
  let pending;
  let hasPending = false;
  async function pump() {
    running = true;
    while (hasPending) {
      const value = pending;
      hasPending = false;
      pending = undefined;
      try {
        await job(value, () => hasPending);
      } catch (e) {
        console.warn('faultline: job failed', e);
      }
    }
    running = false;
  }
  return (value) => {
    pending = value;
    hasPending = true;
    if (!running) pump();
  };
}
