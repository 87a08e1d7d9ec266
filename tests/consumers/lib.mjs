// Shared by the consumer suites (tests/consumers/*.test.mjs): each installs the packed
// tarball of the npm package into its own fresh project (tests/consumers/<tool>/, whose
// tools `npm ci` installed from its package-lock.json), builds or runs it with that tool, and
// scores an example in Node and/or in headless Chromium, comparing with the native CLI.
//
// Nothing here touches the network beyond 127.0.0.1: the tarball is installed with
// `npm install --offline` (it has no dependencies), pages are served by a local server.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { ROOT, native } from "../js/helpers.mjs";

export { ROOT };
export const HERE = dirname(fileURLToPath(import.meta.url));
export const EXAMPLE = join(ROOT, "examples/03-multi-region-active-passive.yaml");
export const EXAMPLE_TEXT = readFileSync(EXAMPLE, "utf8");

/** The packed package: target/npm/faultline-<version>.tgz from `.ci/build-pkg --pack`. */
export function tarball() {
  const version = /^version = "([^"]+)"/m.exec(readFileSync(join(ROOT, "Cargo.toml"), "utf8"))[1];
  const file = join(ROOT, "target/npm", `faultline-${version}.tgz`);
  if (!existsSync(file)) {
    execFileSync("bash", [join(ROOT, ".ci/build-pkg"), "--pack"], { cwd: ROOT, stdio: "inherit" });
  }
  return file;
}

/** The project tests/consumers/<name>, its tools installed (`npm ci`, as .ci/run does). */
export function project(name) {
  const dir = join(HERE, name);
  const lock = join(dir, "package-lock.json");
  const deps = Object.keys(JSON.parse(readFileSync(lock, "utf8")).packages).filter((p) => p !== "");
  if (deps.length > 0 && !existsSync(join(dir, "node_modules/.package-lock.json"))) {
    throw new Error(`${name}: its tools are not installed: run \`npm ci\` in tests/consumers/${name} (.ci/run does)`);
  }
  return dir;
}

/**
 * Installs the tarball into the project as a user would (`npm install <tgz>`), without
 * touching its package.json or lock (`--no-save`); returns the installed manifest.
 */
export function installPackage(dir) {
  rmSync(join(dir, "node_modules/faultline"), { recursive: true, force: true });
  run("npm", ["install", "--no-save", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball()], { cwd: dir });
  const manifest = JSON.parse(readFileSync(join(dir, "node_modules/faultline/package.json"), "utf8"));
  const version = /^version = "([^"]+)"/m.exec(readFileSync(join(ROOT, "Cargo.toml"), "utf8"))[1];
  assert.equal(manifest.version, version, "the installed package is the one just packed");
  return manifest;
}

/** Runs a command; throws with its output when it fails. Returns stdout. */
export function run(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: "pipe", maxBuffer: 64 * 1024 * 1024, ...opts });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${e.status}):\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

/** What the native CLI says about the example: the fields every consumer reports. */
let expectedCache;
export function expected() {
  if (!expectedCache) {
    const report = JSON.parse(native("score", EXAMPLE, "--format", "json"));
    expectedCache = {
      version: report.faultline_version,
      score: report.score,
      grade: report.grade,
      journeys: report.journeys.map((j) => j.name),
    };
  }
  return expectedCache;
}

/** Asserts that a consumer's report `{ version, score, grade, journeys }` is the native one. */
export function assertScored(got, where) {
  const want = expected();
  assert.deepEqual(
    { version: got.version, score: got.score, grade: got.grade, journeys: got.journeys },
    want,
    `${where}: the report differs from the native CLI's`,
  );
}

/** Runs `node script EXAMPLE` (or another binary) and parses the JSON line it prints. */
export function scoreWith(bin, args, opts = {}) {
  const out = run(bin, [...args, EXAMPLE], opts).trim().split("\n").at(-1);
  try {
    return JSON.parse(out);
  } catch {
    throw new Error(`${bin} ${args.join(" ")} printed no JSON report:\n${out}`);
  }
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};

/**
 * Serves `root` on 127.0.0.1 (a free port). `headers(path)` may add response headers (for
 * example a Content-Security-Policy for one page). Resolves to { url, close }.
 */
export function serve(root, headers = () => ({})) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (existsSync(join(file, "index.html"))) file = join(file, "index.html");
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream", "cache-control": "no-store", ...headers(path) });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((ok) => {
    server.listen(0, "127.0.0.1", () => ok({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((c) => server.close(c)) }));
  });
}

/** Debian's Chromium, headless, through playwright-core (never a downloaded browser). */
export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/**
 * Opens `url` in a fresh page, waits for the app to define `globalThis.faultlineCheck`, calls
 * it with the example's text and returns its result plus everything the page logged as an
 * error. The apps (tests/consumers/<tool>/src) define faultlineCheck(text) as: call score()
 * (which may throw before init), `await init()`, score again.
 */
export async function checkInBrowser(browser, url) {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  try {
    await page.goto(url);
    await page.waitForFunction(() => typeof globalThis.faultlineCheck === "function", null, { timeout: 20_000 }).catch(() => {
      throw new Error(`${url}: the app never defined faultlineCheck:\n${problems.join("\n")}`);
    });
    const result = await page.evaluate((text) => globalThis.faultlineCheck(text), EXAMPLE_TEXT);
    return { ...result, problems };
  } finally {
    await page.close();
  }
}

/** Spawns a long-running command (a dev server) and resolves once `ready` matches its output. */
export function start(cmd, args, { cwd, ready, timeout = 30_000, env }) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: false });
  let output = "";
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      fail(new Error(`${cmd} ${args.join(" ")} did not become ready in ${timeout} ms:\n${output}`));
    }, timeout);
    const onData = (d) => {
      output += d;
      const m = ready.exec(output.replace(/\x1b\[[0-9;]*m/g, ""));
      if (m) {
        clearTimeout(timer);
        ok({
          match: m,
          output: () => output,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`${cmd} ${args.join(" ")} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/** Files in a directory (for asserting what a bundler emitted). */
export function filesIn(dir) {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

/**
 * The main entry's browser result: score() threw the not-loaded error before init(), init()
 * resolved, the report is the native one, and the page logged no error or failed request.
 */
export function assertMainEntryWorked(result, where) {
  assert.equal(result.loadError, null, `${where}: init() failed`);
  assert.match(result.before ?? "", /not loaded yet: `await init\(\)`/, `${where}: score() before init() says what to do`);
  assertScored(result, where);
  assert.deepEqual(result.problems, [], `${where}: the page logged problems`);
}

/** A result of an app that needs no init() (faultline/embedded, faultline/auto). */
export function assertScoredCleanly(result, where) {
  assert.equal(result.loadError ?? null, null, `${where}: loading failed`);
  assertScored(result, where);
  assert.deepEqual(result.problems, [], `${where}: the page logged problems`);
}

/** A free TCP port on 127.0.0.1 (for a dev server that wants one named). */
export async function freePort() {
  const { createServer: createTcp } = await import("node:net");
  return new Promise((ok) => {
    const s = createTcp().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Runs Vite's dev server in `dir` and returns { url, stop }. */
export async function viteDev(dir) {
  const port = await freePort();
  const server = await start(process.execPath, [join(dir, "node_modules/vite/bin/vite.js"), "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: dir,
    ready: /Local:\s+(http:\/\/127\.0\.0\.1:\d+\/)/,
  });
  return { url: server.match[1], stop: server.stop, output: server.output };
}
