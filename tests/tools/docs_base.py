"""The base URL of the documentation links a built iamc prints (IAMC_DOCS_BASE_URL, chosen at
build time), read from `iamc --list-codes`, so that expectations can spell it `{docs}` and hold
for any build: a row's URL is the base followed by docs/diagnostics/<CODE>.md for a code that is
not a lint rule."""
import subprocess


def docs_base(iamc):
    out = subprocess.run([iamc, "--list-codes"], capture_output=True, text=True, timeout=60, check=True).stdout
    for line in out.splitlines():
        code, _, _, url = line.split("\t")
        page = f"diagnostics/{code}.md"
        if not (code.startswith("L") and code[1] != "9") and url.endswith(page):
            return url[: -len(page)]
    raise RuntimeError("iamc --list-codes lists no diagnostics/<CODE>.md page")
