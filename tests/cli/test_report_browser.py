#!/usr/bin/env python3
"""`iamc report` opened in a real headless Chromium: the page renders (a screenshot with enough
non-white pixels), the script runs to its end without an error (`data-ready` on <html>, no
"Uncaught" in the console log), the #search= filter hides rows, and hostile ids stay text (an
onerror handler that would retitle the page never fires). Exits 77 (skipped) without chromium.
Usage: test_report_browser.py IAMC REPO [--keep-screenshot PATH]
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HOSTILE = """target astra prod { account = "9fd87309-067f-48c9-a331-527796c14cf3" }
in astra.prod {
  grant admin to user("dc2371d5-32ee-4a39-af19-e82f605946bd") on everything {
    description = "<img src=x onerror=\\"document.title='pwned'\\"> \\u202eevil"
  }
  grant viewer to group("8b5b54da-ae53-497a-963d-1fc89990525b") on namespace(label: "k=<script>document.title=\\"pwned\\"</script>")
}
"""


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG, unfiltered."""
    with open(path, "rb") as fh:
        data = fh.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), f"unexpected PNG format {depth}/{color}"
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def chromium(browser, profile, url, *extra):
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--disable-extensions", "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}",
            "--virtual-time-budget=3000", "--window-size=1400,1000", *extra, url]
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def main():
    iamc, repo = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    keep = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--keep-screenshot" else None
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium is not installed: skipped")
        return 77
    work = tempfile.mkdtemp(prefix="iamc-browser-")
    failures = []
    try:
        # The example project (what the README shows) and a hostile one.
        shutil.copytree(os.path.join(repo, "examples", "northwind"), os.path.join(work, "northwind"))
        with open(os.path.join(work, "hostile.iam"), "w") as fh:
            fh.write(HOSTILE)
        for name, source in (("northwind", "northwind"), ("hostile", "hostile.iam")):
            r = subprocess.run([iamc, "report", source, "-o", f"{name}.html"], cwd=work, capture_output=True, text=True)
            if r.returncode != 0:
                failures.append(f"iamc report {source}: exit {r.returncode}: {r.stderr}")
        if failures:
            raise SystemExit("\n".join(failures))
        profile = os.path.join(work, "profile")

        url = "file://" + os.path.join(work, "northwind.html")
        shot = os.path.join(work, "shot.png")
        r = chromium(browser, profile, url, f"--screenshot={shot}")
        if not os.path.exists(shot):
            failures.append(f"no screenshot: {r.stderr[-2000:]}")
        else:
            width, height, bpp, rows = png_pixels(shot)
            inked = sum(1 for row in rows for x in range(0, len(row), bpp) if min(row[x:x + 3]) < 200)
            red = sum(1 for row in rows for x in range(0, len(row), bpp)
                      if row[x] > 150 and row[x + 1] < 80 and row[x + 2] < 80)
            if (width, height) != (1400, 1000):
                failures.append(f"screenshot is {width}x{height}")
            if inked < 0.01 * width * height:
                failures.append(f"the page looks blank: {inked} dark pixels of {width * height}")
            if red == 0:
                failures.append("no privileged highlight (red tags) is visible")
            if keep:
                shutil.copyfile(shot, keep)
        for m in re.finditer(r"CONSOLE\(\d+\)\] \"(.*)\"", r.stderr):
            if "Uncaught" in m.group(1) or "Error" in m.group(1):
                failures.append(f"script error: {m.group(1)}")

        dom = chromium(browser, profile, url, "--dump-dom")
        if 'data-ready="1"' not in dom.stdout:
            failures.append("the report's script did not run to its end")
        for needle in ("astra.nw-prod", "Subjects × scopes", "Suppressed lint findings", "SRE own and rebuild staging"):
            if needle not in dom.stdout:
                failures.append(f"rendered DOM lacks {needle!r}")
        if "Uncaught" in dom.stderr:
            failures.append(f"script error: {dom.stderr[-2000:]}")

        filtered = chromium(browser, profile, url + "#search=TopicPublisher", "--dump-dom").stdout
        body = filtered.split("<tbody>", 1)[-1]
        shown = len(re.findall(r"<tr(?![^>]*hidden)[^>]*>", body))
        hidden = len(re.findall(r"<tr[^>]*hidden", body))
        if not ("rows match" in filtered and hidden > 0 and shown > 0):
            failures.append(f"#search= did not filter the rows (shown {shown}, hidden {hidden})")

        hostile = chromium(browser, profile, "file://" + os.path.join(work, "hostile.html"), "--dump-dom").stdout
        if "pwned" in re.sub(r"&lt;.*?&gt;|\\\\u\{202E\}evil", "", hostile).split("<body", 1)[0]:
            failures.append("hostile text changed the page title: it was not escaped")
        if "<title>iamc access report: hostile.iam</title>" not in hostile:
            failures.append("the hostile report's title changed")
        if "&lt;img src=x onerror=" not in hostile or "\u202e" in hostile:
            failures.append("hostile text is not shown as text")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
