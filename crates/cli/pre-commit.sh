#!/usr/bin/env bash
# The `faultline-check` pre-commit hook (.pre-commit-hooks.yaml): builds faultline from the
# hook repository's source the first time (cargo, release profile, kept in its target/), then
# runs `faultline check` on the files pre-commit passes. Set FAULTLINE_BIN to use another
# binary.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${FAULTLINE_BIN:-$root/target/release/faultline}"
if [ ! -x "$bin" ]; then
  echo "faultline: building the hook's binary (once): cargo build --release -p faultline-cli" >&2
  cargo build --quiet --release --locked --manifest-path "$root/Cargo.toml" -p faultline-cli >&2
fi
exec "$bin" check "$@"
