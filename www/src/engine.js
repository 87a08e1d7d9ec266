// The page's side of the engine worker: promises over postMessage, and "latest text wins"
// scheduling so a burst of keystrokes costs one assessment, not one per key.

export class Engine {
  /** @param {string} name the worker's name (shown in the browser's developer tools) */
  constructor(name = 'faultline-engine') {
    this.name = name;
    this.next = 1;
    this.waiting = new Map();
    this.start();
  }

  start() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: this.name });
    this.ready = new Promise((resolve, reject) => {
      this.worker.onmessage = (event) => {
        const m = event.data;
        if ('ready' in m) {
          if (m.ready) {
            this.exports = new Set(m.exports);
            this.version = m.version;
            this.limits = m.limits;
            resolve(this);
          } else reject(Object.assign(new Error(m.error.message), m.error));
          return;
        }
        const p = this.waiting.get(m.id);
        if (!p) return;
        this.waiting.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else {
          p.reject(Object.assign(new Error(m.error.message), { code: m.error.code, diagnostics: m.error.diagnostics, trap: m.error.trap }));
          if (m.error.trap) this.restart();
        }
      };
      this.worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(`the engine could not start: ${event.message || 'worker error'}`));
      };
    });
  }

  /** True while a request is unanswered (sent, or waiting for the worker to start). */
  get busy() {
    return this.waiting.size > 0;
  }

  /** Terminates the worker; unanswered requests reject with `.cancelled = true`. */
  halt() {
    this.worker.terminate();
    for (const p of this.waiting.values()) p.reject(Object.assign(new Error('cancelled'), { cancelled: true }));
    this.waiting.clear();
  }

  /**
   * Stops whatever the worker computes (a WebAssembly call cannot be interrupted any other
   * way) and starts a fresh one; unanswered requests reject with `.cancelled = true`.
   */
  restart() {
    this.halt();
    this.stopped = false;
    this.start();
  }

  has(name) {
    return this.exports?.has(name) ?? false;
  }

  /**
   * Stops whatever the worker computes, as `restart` does, but starts the fresh worker only
   * when the next request comes: until then its core is free (for the other worker's score).
   */
  cancel() {
    if (!this.busy) return;
    this.halt();
    this.stopped = true;
  }

  request(message) {
    if (this.stopped) {
      this.stopped = false;
      this.start();
    }
    const id = this.next++;
    const worker = this.worker;
    // Waiting from now on, so a request for a worker that is still starting counts as busy
    // and is cancelled with it (it is then never sent).
    const answer = new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.ready.then(
      () => {
        if (this.worker === worker && this.waiting.has(id)) worker.postMessage({ ...message, id });
      },
      (e) => {
        const p = this.waiting.get(id);
        if (p) {
          this.waiting.delete(id);
          p.reject(e);
        }
      },
    );
    return answer;
  }

  /** One of the worker's operations (`assess`, `page`, `scenario`, `patch`, `advice` ...). */
  op(op, payload) {
    return this.request({ op, ...payload });
  }

  /** A function of the package, called as is. */
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
