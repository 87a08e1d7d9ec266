#!/usr/bin/env bash
# Writes or updates the action's pull-request comment (action.yml): the comment whose
# body starts with `<!-- faultline-action -->` is edited in place, else one is created.
#
#   GH_TOKEN=... REPO=owner/name PR=42 bash comment.sh comment.md
#
# Uses the GitHub CLI (`gh api`), which GitHub's runners have.
set -euo pipefail
body="$1"
marker="<!-- faultline-action -->"
: "${REPO:?REPO (owner/name) is not set}"
: "${PR:?PR (the pull request number) is not set}"
id="$(gh api --paginate "repos/$REPO/issues/$PR/comments" \
  --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)"
if [ -n "$id" ]; then
  gh api --method PATCH "repos/$REPO/issues/comments/$id" -F "body=@$body" > /dev/null
  echo "faultline: updated comment $id on #$PR"
else
  gh api --method POST "repos/$REPO/issues/$PR/comments" -F "body=@$body" > /dev/null
  echo "faultline: commented on #$PR"
fi
