#!/usr/bin/env python3
"""Copy the JavaScript map library for map.html into data/web/ from its pinned npm package.

    python3 data/build/web_assets.py            # downloads into a temp dir
    python3 data/build/web_assets.py --cache D  # keep/reuse the download in D

Standard library only; needs `npm` on PATH. Leaflet 1.9.4 (BSD-2-Clause): dist/leaflet.js and
dist/leaflet.css, with the CSS's references to image files removed (map.html is one file and
makes no requests; eventmap draws no default marker icons), and its licence. eventmap's own
map.js and map.css in data/web/ are not built here.
"""

import argparse
import os
import re
import sys
import tarfile
import tempfile

from npm_pack import fetch_npm

HERE = os.path.dirname(os.path.abspath(__file__))
WEB = os.path.join(os.path.dirname(HERE), "web")
SHA256 = "84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77"


def fetch(cache):
    return fetch_npm(cache, "leaflet@1.9.4", SHA256, "web_assets")


def write(name, text):
    path = os.path.join(WEB, name)
    with open(path + ".tmp", "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", help="folder to keep the downloaded package in")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or tmp
        os.makedirs(cache, exist_ok=True)
        with tarfile.open(fetch(cache)) as t:
            read = lambda n: t.extractfile("package/" + n).read().decode("utf-8")
            js = read("dist/leaflet.js")
            css = read("dist/leaflet.css")
            licence = read("LICENSE")
    # Drop the source map comment and image references: nothing may be fetched.
    js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
    css = re.sub(r"url\([^)]*\)", "none", css)
    if "url(" in css or "sourceMappingURL" in js:
        sys.exit("web_assets: a reference to another file is left")
    write("leaflet.js", js)
    write("leaflet.css", css)
    write("LICENSE-leaflet", licence)
    print("web_assets: leaflet 1.9.4 -> data/web/leaflet.js, leaflet.css, LICENSE-leaflet")


if __name__ == "__main__":
    main()
