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
      - id: iamc-fmt
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

# A passing commit still shows its warnings (the hook is verbose): a privileged grant without a
# description is a warning (L008), below the default fail level.
git reset -q --hard HEAD
cat > admins.iam <<'SRC'
in astra.prod {
  grant admin to group("0f6f5ad3-5b8e-4a3b-9d43-0d3c34a1b1f2")
    on namespace(id: "89a3965f-b52c-5397-9236-e214dca5a241")
}
SRC
git add -A
if ! git commit -qm warned >"$work/warned.log" 2>&1; then
  echo "FAIL: a commit with only warnings was rejected"; cat "$work/warned.log"; exit 1
fi
if ! grep -q "admins.iam:2:9: warning\[L008" "$work/warned.log"; then
  echo "FAIL: the passing commit hid its warning"; cat "$work/warned.log"; exit 1
fi
echo "ok: a passing commit shows its warning"

# iamc-fmt: a badly laid out file stops the commit and is rewritten; once the rewrite is added,
# the commit goes through.
printf 'let   ops = group("3b0f3d3e-51f5-4a44-9f3f-9e7b6c1f0a11")\nin astra.prod {\n  grant   viewer to ops on namespace(id: "89a3965f-b52c-5397-9236-e214dca5a241")\n}\n' > ops.iam
git add -A
if git commit -qm unformatted >"$work/fmt.log" 2>&1; then
  echo "FAIL: a commit of an unformatted file was accepted"; cat "$work/fmt.log"; exit 1
fi
if ! grep -q "iamc fmt.*Failed" "$work/fmt.log" || ! grep -q "files were modified by this hook" "$work/fmt.log"; then
  echo "FAIL: the fmt hook did not report its rewrite"; cat "$work/fmt.log"; exit 1
fi
if ! "$iamc" fmt --check ops.iam >/dev/null || ! grep -q '^let ops = group' ops.iam; then
  echo "FAIL: the fmt hook did not rewrite the file"; cat ops.iam; exit 1
fi
git add -A
if ! git commit -qm formatted >"$work/fmt2.log" 2>&1; then
  echo "FAIL: the formatted file was rejected"; cat "$work/fmt2.log"; exit 1
fi
echo "ok: fmt hook rewrote the file, and the commit of the rewrite passed"

# A monorepo: two projects, each under its own .iamc.yaml. The hook checks the projects that hold
# the changed files, each whole (a subfolder's grants see the lets of their project's root).
cd "$work" && git init -q mono && cd mono
git config user.email t@t && git config user.name t
cp ../project/.pre-commit-config.yaml . && pre-commit install >/dev/null
mkdir -p infra/iam/teams services/api/testdata
echo 'fail-level: error' > infra/iam/.iamc.yaml
cat > infra/iam/targets.iam <<'SRC'
target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }
let sre = group("8b5b54da-ae53-497a-963d-1fc89990525b")
SRC
cat > infra/iam/teams/grants.iam <<'SRC'
in astra.prod {
  grant viewer to sre on namespace(id: "89a3965f-b52c-5397-9236-e214dca5a241")
}
SRC
echo '' > services/api/.iamc.yaml
# Another team's project, broken, committed without the hook.
cat > services/api/testdata/sample.iam <<'SRC'
target astra prod { account = "not-an-id" }
SRC
git add -A && git commit -qm "initial" --no-verify
sed -i 's/grant viewer/grant member/' infra/iam/teams/grants.iam
git add -A
if ! git commit -qm "infra change" >"$work/mono.log" 2>&1; then
  echo "FAIL: a clean change in one project was rejected (another project's files loaded?)"; cat "$work/mono.log"; exit 1
fi
echo "ok: monorepo: a clean change in infra/iam is checked with its project and accepted"
echo '# touched' >> services/api/testdata/sample.iam
git add -A
if git commit -qm "api change" >"$work/mono2.log" 2>&1; then
  echo "FAIL: a change in the broken project was accepted"; cat "$work/mono2.log"; exit 1
fi
if ! grep -q "services/api/testdata/sample.iam:1:31: error\[" "$work/mono2.log"; then
  echo "FAIL: the rejection did not show the other project's diagnostic"; cat "$work/mono2.log"; exit 1
fi
if grep -q "infra/iam" "$work/mono2.log"; then
  echo "FAIL: the unchanged project was checked too"; cat "$work/mono2.log"; exit 1
fi
echo "ok: monorepo: a change in services/api checks that project alone and is rejected"
echo "6 passed, 0 failed"
