#!/usr/bin/env python3
"""End to end with a real editor: headless Neovim (built-in LSP client) runs `iamc lsp`, opens a
copy of examples/seeds/astra.iam with a misspelt role and messy spacing, waits for diagnostics,
checks the C001 diagnostic's line, column and code, formats through the client and checks the
buffer equals `iamc fmt` output. Exits 77 (ctest SKIP_RETURN_CODE) only when nvim is absent.

Usage: nvim_e2e.py IAMC REPO_ROOT
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

LUA = r"""
local out_path, iamc = _G.iamc_out, _G.iamc_bin
local result = { diagnostics = {}, lines = {} }
local function finish(err)
  result.error = err
  local f = io.open(out_path, "w")
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("qa!")
end
local buf = vim.api.nvim_get_current_buf()
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
        for f in failures:
            print("FAIL:", f)
        if not failures:
            print(f"ok: C001 at {line}:{col}, {len(result['diagnostics'])} diagnostics, formatted buffer matches iamc fmt")
        return 1 if failures else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
