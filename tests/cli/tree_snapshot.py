"""What the CLI tests compare output directories by: every file below a root and its bytes."""
import os


def snapshot(root):
    """Every file below root (relative path -> bytes) plus every directory (-> None), for exact comparison."""
    out = {}
    for base, dirs, files in os.walk(root):
        for d in dirs:
            out[os.path.relpath(os.path.join(base, d), root) + "/"] = None
        for f in files:
            with open(os.path.join(base, f), "rb") as fh:
                out[os.path.relpath(os.path.join(base, f), root)] = fh.read()
    return out
