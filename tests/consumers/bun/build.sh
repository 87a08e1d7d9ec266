#!/usr/bin/env bash
# `bun build` the ways docs/npm.md describes → dist/ (bun copies no asset the package
# references with new URL(..., import.meta.url), so the main entry gets the .wasm copied):
#   dist/embedded/  browser, faultline/embedded
#   dist/main/      browser, the main entry + faultline_bg.wasm
#   dist/node/      --target node: cli.mjs, the main entry + faultline_bg.wasm
set -euo pipefail
cd "$(dirname "$0")"
BUN=node_modules/.bin/bun
WASM=node_modules/faultline/faultline_bg.wasm
rm -rf dist
page() { printf '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bun</title><script type="module" src="./%s"></script>\n' "$1"; }
"$BUN" build src/embedded.js --outdir dist/embedded --minify >/dev/null
page embedded.js > dist/embedded/index.html
"$BUN" build src/main.js --outdir dist/main --minify >/dev/null
cp "$WASM" dist/main/
page main.js > dist/main/index.html
"$BUN" build src/cli.js --target node --outfile dist/node/cli.mjs >/dev/null
cp "$WASM" dist/node/
