// Shared by the node --test suites: where things are, and how to get the package and the
// native CLI they compare against.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const PKG = join(ROOT, "target/npm/faultline");

/** The built package's directory; builds it with .ci/build-pkg when it is missing. */
export function packageDir() {
  if (!existsSync(join(PKG, "package.json")) || !existsSync(join(PKG, "faultline_bg.wasm"))) {
    execFileSync("bash", [join(ROOT, ".ci/build-pkg")], { cwd: ROOT, stdio: "inherit" });
  }
  return PKG;
}

/** The package's Node entry, imported in this process. */
export async function loadPackage() {
  return import(join(packageDir(), "node.js"));
}

let nativeBin;
/** The native CLI: $FAULTLINE_BIN, or a debug build (a no-op after `cargo test`). */
export function nativeCli() {
  if (nativeBin) return nativeBin;
  if (process.env.FAULTLINE_BIN) {
    nativeBin = process.env.FAULTLINE_BIN;
  } else {
    execFileSync("cargo", ["build", "--locked", "--quiet", "--bin", "faultline"], { cwd: ROOT, stdio: "inherit" });
    nativeBin = join(ROOT, "target/debug/faultline");
  }
  return nativeBin;
}

/** Runs the native CLI and returns its stdout (throws on a non-zero exit). */
export function native(...args) {
  return execFileSync(nativeCli(), args, { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
}

/** Every example description, sorted. */
export function examples() {
  return readdirSync(join(ROOT, "examples"))
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(ROOT, "examples", f));
}

/** snake_case keys → camelCase, recursively (independent of the adapter's implementation). */
export function camel(value) {
  if (Array.isArray(value)) return value.map(camel);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()), camel(v)]),
    );
  }
  return value;
}
