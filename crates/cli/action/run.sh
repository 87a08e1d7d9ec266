#!/usr/bin/env bash
# The GitHub Action's main step (action.yml at the repository root); runs as well on a
# laptop or in another CI system:
#
#   INPUT_FILES="architecture/shop.faultline.yaml"   files to score, space- or line-separated
#   INPUT_OVERLAY=overlay.yaml                         overlay for Terraform plans (optional)
#   INPUT_MIN_SCORE=70                                 score gate, exit code 3 (optional)
#   INPUT_FAIL_ON="new-spof,score-drop=2"              diff gate, exit code 4 (optional)
#   INPUT_BASELINE=.faultline-baseline.yaml            accepted findings (optional; default:
#                                                      that file when it exists)
#   BASE_SHA=<commit>                                  compare each file with this commit's
#                                                      version (a pull request's base)
#   FAULTLINE_BIN=faultline  FAULTLINE_OUT=<dir>       the binary, and where results go
#
# It writes, under FAULTLINE_OUT: sarif/*.sarif (one log per file), comment.md (one
# pull-request comment for every file, first line `<!-- faultline-action -->`) and
# summary.md; it appends the summary to $GITHUB_STEP_SUMMARY and `exit-code`,
# `sarif-dir`, `comment-file` to $GITHUB_OUTPUT when those are set. It always exits 0 so
# that the SARIF and the comment are published; the `exit-code` output carries the
# worst exit code of faultline (the table in docs/ci.md) for the action's last step.
set -uo pipefail
bin="${FAULTLINE_BIN:-faultline}"
out="${FAULTLINE_OUT:-${RUNNER_TEMP:-/tmp}/faultline}"
marker="<!-- faultline-action -->"
rm -rf "$out"
mkdir -p "$out/sarif" "$out/base"
: > "$out/summary.md"
printf '%s\n' "$marker" > "$out/comment.md"

worst=0
record() { if [ "$1" -gt "$worst" ]; then worst="$1"; fi; }

overlay=()
[ -n "${INPUT_OVERLAY:-}" ] && overlay=(--overlay "$INPUT_OVERLAY")
baseline=()
[ -n "${INPUT_BASELINE:-}" ] && baseline=(--baseline "$INPUT_BASELINE")
gate=()
[ -n "${INPUT_MIN_SCORE:-}" ] && gate=(--min-score "$INPUT_MIN_SCORE")
fail_on=()
[ -n "${INPUT_FAIL_ON:-}" ] && fail_on=(--fail-on "$INPUT_FAIL_ON")

read -r -a files <<< "$(echo "${INPUT_FILES:-}" | tr '\n' ' ')"
if [ "${#files[@]}" -eq 0 ]; then
  echo "faultline: no files given (input 'files')" >&2
  record 2
fi

n=0
for file in "${files[@]}"; do
  n=$((n + 1))
  echo "::group::faultline $file"
  "$bin" score "$file" "${overlay[@]}" "${baseline[@]}" "${gate[@]}" --format sarif > "$out/sarif/$n.sarif"
  rc=$?
  record "$rc"
  [ "$rc" -le 3 ] || rm -f "$out/sarif/$n.sarif"
  [ -s "$out/sarif/$n.sarif" ] || rm -f "$out/sarif/$n.sarif"
  "$bin" score "$file" "${overlay[@]}" "${baseline[@]}" --format markdown --no-advice --top 5 >> "$out/summary.md"
  echo "" >> "$out/summary.md"

  if [ -n "${BASE_SHA:-}" ]; then
    if git show "$BASE_SHA:$file" > "$out/base/$n" 2>/dev/null; then
      base_overlay=()
      if [ -n "${INPUT_OVERLAY:-}" ] && git show "$BASE_SHA:$INPUT_OVERLAY" > "$out/base/$n.overlay" 2>/dev/null; then
        base_overlay=(--base-overlay "$out/base/$n.overlay")
      fi
      # The base keeps the file's name (its extension tells YAML from JSON).
      mkdir -p "$out/base/$n.d"
      cp "$out/base/$n" "$out/base/$n.d/$(basename "$file")"
      "$bin" diff "$out/base/$n.d/$(basename "$file")" "$file" "${overlay[@]}" "${base_overlay[@]}" \
        "${baseline[@]}" "${fail_on[@]}" --title "$file" --format markdown > "$out/diff-$n.md"
      rc=$?
      record "$rc"
      # One comment for every file: keep the first marker line only.
      grep -v '^<!-- faultline-diff -->$' "$out/diff-$n.md" >> "$out/comment.md"
    else
      printf '## faultline: %s\n\nA new file (not in the base): scored only.\n' "$file" >> "$out/comment.md"
    fi
    echo "" >> "$out/comment.md"
  fi
  echo "::endgroup::"
done

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$out/summary.md" >> "$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$worst"
    echo "sarif-dir=$out/sarif"
    if [ -n "${BASE_SHA:-}" ]; then echo "comment-file=$out/comment.md"; fi
  } >> "$GITHUB_OUTPUT"
fi
echo "faultline: worst exit code $worst"
exit 0
