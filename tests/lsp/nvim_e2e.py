#!/usr/bin/env python3
"""End to end with a real editor: headless Neovim (built-in LSP client) runs `iamc lsp`.

1. It opens a copy of examples/seeds/astra.iam with a misspelt role and messy spacing, waits for
   diagnostics, checks the C001 diagnostic's line, column and code, formats through the client and
   checks the buffer equals `iamc fmt` output.
2. It opens a copy of examples/northwind file by file, as a user would, waiting after each file for
   the server's diagnostics: the project is clean, so at no step may any file show one (no false N002 for a
   target declared in another file, no false L009 for a let used in another, no false L903); hover
   and go-to-definition on a `let` from another file and on `in astra.nw-prod` answer.

Exits 77 (ctest SKIP_RETURN_CODE) only when nvim is absent.

Usage: nvim_e2e.py IAMC REPO_ROOT
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

# Writes the result table for the test to read and quits Neovim (both scripts call it to end).
FINISH_LUA = r"""
local function finish(err)
  result.error = err
  local f = io.open(out_path, "w")
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("qa!")
end
"""

LUA = r"""
local out_path, iamc = _G.iamc_out, _G.iamc_bin
local result = { diagnostics = {}, lines = {} }
""" + FINISH_LUA + r"""local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({ name = "iamc", cmd = { iamc, "lsp" }, root_dir = vim.fn.getcwd() })
if not id then return finish("start_client failed") end
vim.lsp.buf_attach_client(buf, id)
local ok = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
if not ok then return finish("no diagnostics within 20 s") end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
  table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, code = code, message = d.message, severity = d.severity })
end
if vim.lsp.buf.format then
  vim.lsp.buf.format({ timeout_ms = 10000, bufnr = buf })
else
  vim.lsp.buf.formatting_sync(nil, 10000)
end
result.lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
finish(nil)
"""


NORTHWIND_LUA = r"""
local out_path, iamc, files, probes = _G.iamc_out, _G.iamc_bin, _G.iamc_files, _G.iamc_probes
local result = { diagnostics = {}, probes = {} }
""" + FINISH_LUA + r"""-- Count the server's publishDiagnostics per URI, to wait for the answer to each opened file.
local published = {}
local default = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, res, ctx, config)
  published[res.uri] = (published[res.uri] or 0) + 1
  return default(err, res, ctx, config)
end
local id = vim.lsp.start_client({ name = "iamc", cmd = { iamc, "lsp" }, root_dir = vim.fn.getcwd() })
if not id then return finish("start_client failed") end
local bufs = {}
for _, f in ipairs(files) do
  vim.cmd("edit " .. vim.fn.fnameescape(f))
  local buf = vim.api.nvim_get_current_buf()
  bufs[f] = buf
  local uri = vim.uri_from_bufnr(buf)
  local before = published[uri] or 0
  vim.lsp.buf_attach_client(buf, id)
  if not vim.wait(20000, function() return (published[uri] or 0) > before end, 20) then
    return finish("no diagnostics published for " .. f .. " within 20 s")
  end
  -- What the user sees now, with only the files opened so far: every file's diagnostics.
  for _, d in ipairs(vim.diagnostic.get()) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
    table.insert(result.diagnostics, { opened = f, file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(d.bufnr), ":t"),
                                       lnum = d.lnum, col = d.col, code = code, message = d.message })
  end
end
for i, p in ipairs(probes) do
  local buf = bufs[p.file]
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = p.line, character = p.character } }
  local answers = vim.lsp.buf_request_sync(buf, p.method, params, 10000)
  local answer = answers and answers[id] and answers[id].result
  result.probes[i] = answer == nil and vim.NIL or answer
end
finish(nil)
"""


def position(text, line_containing, word):
    lines = text.splitlines()
    line = next(i for i, l in enumerate(lines) if line_containing in l)
    return line, lines[line].index(word) + 1


def northwind_file_by_file(nvim, iamc, root, tmp):
    """Scenario 2: the failures found, as a list of messages."""
    project = os.path.join(tmp, "northwind")
    shutil.copytree(os.path.join(root, "examples", "northwind"), project)
    files = sorted(f for f in os.listdir(project) if f.endswith(".iam"))
    with open(os.path.join(project, "astra.iam")) as fh:
        astra = fh.read()
    let_line, let_col = position(astra, "grant viewer to astra_engineering", "astra_engineering")
    in_line, in_col = position(astra, "in astra.nw-prod", "nw-prod")
    probes = [
        {"file": "astra.iam", "method": "textDocument/hover", "line": let_line, "character": let_col},
        {"file": "astra.iam", "method": "textDocument/definition", "line": let_line, "character": let_col},
        {"file": "astra.iam", "method": "textDocument/hover", "line": in_line, "character": in_col},
        {"file": "astra.iam", "method": "textDocument/definition", "line": in_line, "character": in_col},
    ]
    lua = os.path.join(tmp, "northwind.lua")
    out = os.path.join(tmp, "northwind.json")
    with open(lua, "w") as fh:
        fh.write(f"_G.iamc_out = {json.dumps(out)}\n_G.iamc_bin = {json.dumps(iamc)}\n"
                 f"_G.iamc_files = vim.fn.json_decode({json.dumps(json.dumps(files))})\n"
                 f"_G.iamc_probes = vim.fn.json_decode({json.dumps(json.dumps(probes))})\n" + NORTHWIND_LUA)
    proc = subprocess.run([nvim, "--headless", "--clean", "-n", "-c", f"luafile {lua}"],
                          cwd=project, capture_output=True, timeout=180, stdin=subprocess.DEVNULL)
    if not os.path.exists(out):
        return [f"northwind: nvim wrote no result {proc.returncode} {proc.stdout[-2000:]} {proc.stderr[-2000:]}"]
    with open(out) as fh:
        result = json.load(fh)
    failures = []
    if result.get("error"):
        failures.append("northwind: " + result["error"])
    # The example is clean (its deliberate findings are suppressed with reasons): nothing may show.
    for d in result["diagnostics"]:
        failures.append(f"northwind: after opening {d['opened']}, false {d['code']} in "
                        f"{d['file']}:{d['lnum'] + 1}:{d['col'] + 1}: {d['message']}")
    hover_let, def_let, hover_in, def_in = (result.get("probes") or [None] * 4) + [None] * (4 - len(result.get("probes") or []))
    def hover_text(h):
        return h["contents"]["value"] if isinstance(h, dict) and isinstance(h.get("contents"), dict) else ""
    def target_file(d):
        d = d[0] if isinstance(d, list) and d else d
        return os.path.basename(d["uri"]) if isinstance(d, dict) and "uri" in d else None
    if "let astra_engineering = group(" not in hover_text(hover_let):
        failures.append(f"northwind: hover on a let from people.iam: {hover_let}")
    if target_file(def_let) != "people.iam":
        failures.append(f"northwind: definition of a let from people.iam: {def_let}")
    if "target astra nw-prod" not in hover_text(hover_in):
        failures.append(f"northwind: hover on `in astra.nw-prod`: {hover_in}")
    if target_file(def_in) != "targets.iam":
        failures.append(f"northwind: definition of `in astra.nw-prod`: {def_in}")
    if not failures:
        print(f"ok: northwind opened file by file ({len(files)} files): no diagnostics; hover and definition "
              f"on a let from people.iam and on `in astra.nw-prod` answer")
    return failures


def main():
    iamc, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    nvim = shutil.which("nvim")
    if not nvim:
        print("SKIP: nvim is not installed (apt-get install neovim); the LSP end-to-end test did not run")
        return 77
    with open(os.path.join(root, "examples", "seeds", "astra.iam")) as fh:
        text = fh.read()
    assert "grant viewer" in text, "the example changed; update this test"
    broken = text.replace("grant viewer", "grant   veiwer", 1)
    line = next(i for i, l in enumerate(broken.splitlines()) if "veiwer" in l)
    col = broken.splitlines()[line].index("veiwer")
    tmp = tempfile.mkdtemp(prefix="iamc-nvim-")
    try:
        path = os.path.join(tmp, "astra.iam")
        with open(path, "w") as fh:
            fh.write(broken)
        lua = os.path.join(tmp, "test.lua")
        out = os.path.join(tmp, "out.json")
        with open(lua, "w") as fh:
            fh.write(f"_G.iamc_out = {json.dumps(out)}\n_G.iamc_bin = {json.dumps(iamc)}\n" + LUA)
        proc = subprocess.run([nvim, "--headless", "--clean", "-n", "-c", f"luafile {lua}", path],
                              cwd=tmp, capture_output=True, timeout=90, stdin=subprocess.DEVNULL)
        if not os.path.exists(out):
            print("FAIL: nvim wrote no result", proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
            return 1
        with open(out) as fh:
            result = json.load(fh)
        failures = []
        if result.get("error"):
            failures.append(result["error"])
        want = [d for d in result["diagnostics"] if d["code"] == "C001"]
        if not want:
            failures.append(f"no C001 diagnostic in {result['diagnostics']}")
        elif (want[0]["lnum"], want[0]["col"]) != (line, col):
            failures.append(f"C001 at {want[0]['lnum']}:{want[0]['col']}, expected {line}:{col}")
        expected = subprocess.run([iamc, "fmt", "-"], input=broken.encode(), capture_output=True).stdout.decode()
        if "\n".join(result["lines"]) + "\n" != expected:
            failures.append("buffer after formatting:\n" + "\n".join(result["lines"]) + "\nexpected:\n" + expected)
        if not failures:
            print(f"ok: C001 at {line}:{col}, {len(result['diagnostics'])} diagnostics, formatted buffer matches iamc fmt")
        failures += northwind_file_by_file(nvim, iamc, root, tmp)
        for f in failures:
            print("FAIL:", f)
        return 1 if failures else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
