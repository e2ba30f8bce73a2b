#!/usr/bin/env bash
# The pre-commit hook, proved with the real `pre-commit` tool: in a throwaway git repository a
# commit of clean files passes and a commit with an error is rejected with the diagnostic shown.
# Usage: test_precommit.sh IAMC_BINARY REPO_ROOT
set -euo pipefail
iamc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(cd "$2" && pwd)
if ! command -v pre-commit >/dev/null; then
  echo "pre-commit is not installed (apt-get install pre-commit)"; exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PATH="$(dirname "$iamc"):$PATH" HOME="$work/home" PRE_COMMIT_HOME="$work/cache"
mkdir -p "$HOME"
# pre-commit try-repo reads the hook definitions from a git repository: snapshot ours.
git -C "$repo" ls-files >/dev/null
cp "$repo/.pre-commit-hooks.yaml" "$work/"
git init -q "$work/hooks" && cp "$repo/.pre-commit-hooks.yaml" "$work/hooks/" &&
  git -C "$work/hooks" -c user.email=t@t -c user.name=t add -A &&
  git -C "$work/hooks" -c user.email=t@t -c user.name=t commit -qm hooks
rev=$(git -C "$work/hooks" rev-parse HEAD)

cd "$work" && git init -q project && cd project
git config user.email t@t && git config user.name t
cat > .pre-commit-config.yaml <<CFG
repos:
  - repo: $work/hooks
    rev: $rev
    hooks:
      - id: iamc-check
CFG
pre-commit install >/dev/null
cat > grants.iam <<'SRC'
target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }
in astra.prod {
  grant viewer to group("8b5b54da-ae53-497a-963d-1fc89990525b")
    on namespace(id: "89a3965f-b52c-5397-9236-e214dca5a241")
}
SRC
git add -A
if ! git commit -qm clean >"$work/clean.log" 2>&1; then
  echo "FAIL: a commit of clean files was rejected"; cat "$work/clean.log"; exit 1
fi
echo "ok: clean commit accepted"

sed -i 's/grant viewer/grant veiwer/' grants.iam
git add -A
if git commit -qm broken >"$work/broken.log" 2>&1; then
  echo "FAIL: a commit with an unknown role was accepted"; cat "$work/broken.log"; exit 1
fi
if ! grep -q "grants.iam:3:9: error\[" "$work/broken.log"; then
  echo "FAIL: the rejection did not show the diagnostic"; cat "$work/broken.log"; exit 1
fi
echo "ok: broken commit rejected with the diagnostic:"
grep -A3 "error\[" "$work/broken.log" | head -5
echo "2 passed, 0 failed"
