#!/usr/bin/env bash
# Installs the `faultline` binary for the GitHub Action (action.yml at the repository root).
#
#   FAULTLINE_VERSION=0.2.0  downloads that release's binary
#                            (faultline-<target>.tar.gz from the repository's releases)
#   FAULTLINE_VERSION=       builds this checkout of the action with `cargo install --locked`
#
# The binary lands in $FAULTLINE_ROOT/bin (default: $RUNNER_TEMP/faultline-bin), which is
# added to $GITHUB_PATH when that is set.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../../.." && pwd)"
root="${FAULTLINE_ROOT:-${RUNNER_TEMP:-/tmp}/faultline-bin}"
version="${FAULTLINE_VERSION:-}"
repository="${FAULTLINE_REPOSITORY:-faultline-dev/faultline}"
mkdir -p "$root/bin"

if [ -n "$version" ]; then
  version="${version#v}"
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) target=x86_64-unknown-linux-gnu ;;
    Linux-aarch64) target=aarch64-unknown-linux-gnu ;;
    Darwin-arm64) target=aarch64-apple-darwin ;;
    Darwin-x86_64) target=x86_64-apple-darwin ;;
    *) echo "faultline: no released binary for $(uname -s) $(uname -m); leave 'version' empty to build it" >&2; exit 1 ;;
  esac
  url="https://github.com/$repository/releases/download/v$version/faultline-$target.tar.gz"
  echo "faultline: downloading $url"
  curl --fail --silent --show-error --location "$url" | tar -xz -C "$root/bin" faultline
else
  echo "faultline: building $repo_root/crates/cli (cargo install --locked)"
  cargo install --locked --quiet --path "$repo_root/crates/cli" --root "$root"
fi
"$root/bin/faultline" --version
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$root/bin" >> "$GITHUB_PATH"
fi
