"""Downloads a pinned npm package tarball with `npm pack` and checks its SHA-256 (shared by the
data build scripts that read npm packages)."""

import hashlib
import os
import subprocess
import sys


def fetch_npm(cache, spec, sha256, who):
    """The path of `spec` ("name@version") packed into `cache`, after checking its digest."""
    name, version = spec.rsplit("@", 1)
    path = os.path.join(cache, f"{name}-{version}.tgz")
    if not os.path.exists(path):
        subprocess.run(["npm", "pack", "--pack-destination", cache, spec],
                       check=True, stdout=subprocess.DEVNULL)
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    if digest != sha256:
        sys.exit(f"{who}: {path}: sha256 {digest} does not match the pinned {sha256}")
    return path
