#!/usr/bin/env python3
"""Case forms of hyphenated Cyrillic place names, which morph.py and ukraine.py's suffix rules
leave whole: "у Кам'янці-Дніпровській", "в Каменке-Днепровской", "Білгорода-Дністровського",
"в Ивано-Франковске".

A name of two parts joined by a hyphen inflects both parts in the same case when its first
part is a noun (Кам'янка-Дніпровська, Білгород-Дністровський, Каменец-Подольский), and only
the last part when the first ends in the linking vowel -о (Івано-Франківськ, Ивано-Франковск).
Each part gets ukraine.py's suffix rules (nouns by ending; adjectives by ending), and every
pairing of the two parts' forms is kept (over-generated pairs only add index keys).

  data/names/hyphenated.tsv   `id<TAB>name|...` for the places whose names ukraine.py inflects
                              (Ukraine; countries; Russian, Belarusian, Moldovan regions,
                              districts and towns of 15,000+; Russia's border oblasts), and for
                              the Russian spellings ru_names.py makes of their Ukrainian names

    python3 data/build/hyphenated.py      # standard library only
"""
import os, sys
from collections import defaultdict

from ukraine import (ROOT, BORDER_OBLASTS, RU_ONLY, UK_ONLY, adjective_forms, fold, is_cyr,
                     ru_noun, uk_noun)
from ru_names import load, variants


# Endings of adjectives (Дніпровська, Подольский, Нове); other words are nouns (Кам'янка).
ADJ_ENDINGS = ("ський", "цький", "зький", "ська", "цька", "зька", "ське", "цьке", "зьке", "ский",
               "цкий", "ская", "цкая", "ское", "цкое", "ний", "ній", "на", "не", "вий", "ва",
               "ве", "ый", "ой", "ая", "ое", "ее", "яя")


def part_forms(word, lang):
    low = word.lower()
    if low.endswith(("ець", "ец")):  # the fleeting е: Кам'янець -> Кам'янця, Каменец -> Каменца
        stem = word[: -3 if low.endswith("ь") else -2] + "ц"
        ends = ("я", "ю", "ем", "і") if lang == "uk" else ("а", "у", "е", "ем")
        return [word] + [stem + e for e in ends]
    adj = adjective_forms(word, lang) if low.endswith(ADJ_ENDINGS) else []
    return [word] + (adj if adj else (uk_noun if lang == "uk" else ru_noun)(word))


def forms(name):
    """Case forms of a two-part hyphenated name (without the name itself)."""
    parts = name.split("-")
    if len(parts) != 2 or " " in name or min(len(p) for p in parts) < 3:
        return set()
    letters = set(name.lower())
    russian = letters & RU_ONLY or name.lower().endswith(("ая", "ый", "ой", "ое", "ское"))
    langs = ["uk"] if letters & UK_ONLY else ["ru"] if russian else ["uk", "ru"]
    out = set()
    for lang in langs:
        lasts = part_forms(parts[1], lang)
        firsts = [parts[0]] if parts[0].lower().endswith("о") else part_forms(parts[0], lang)
        out |= {f"{a}-{b}" for a in firsts for b in lasts}
    out.discard(name)
    return out


def main():
    places = {r["id"]: r for r in load(os.path.join(ROOT, "data", "places.tsv"))}
    border = {a["admin1_code"] for a in places.values() if a["country_code"] == "RU"
              and a["kind"] == "admin1" and a["name"] in BORDER_OBLASTS}

    def wanted(r):
        return (r["country_code"] == "UA" or r["kind"] in ("country", "landmark")
                or (r["country_code"] in ("RU", "BY", "MD")
                    and (r["kind"] in ("admin1", "admin2")
                         or int(r["population"] or 0) >= 15000))
                or (r["country_code"] == "RU" and r["admin1_code"] in border))
    names = defaultdict(set)
    for r in list(places.values()) + list(load(os.path.join(ROOT, "data", "places-ua.tsv"))):
        if wanted(r):
            names[r["id"]] |= {n for n in r["alt_names"].split("|") if "-" in n and is_cyr(n)}
    # The Russian spellings of ru_names.py, made again from the Ukrainian names.
    for i, ns in list(names.items()):
        names[i] |= {v for n in ns if not set(n.lower()) & RU_ONLY for v in variants(n)}
    table = defaultdict(set)
    for i, ns in names.items():
        have = {fold(n) for n in ns}
        for n in ns:
            table[i] |= {f for f in forms(n) if fold(f) not in have}
    count = 0
    with open(os.path.join(ROOT, "data", "names", "hyphenated.tsv"), "w", encoding="utf-8") as f:
        for i in sorted(table):
            if table[i]:
                count += len(table[i])
                f.write(f"{i}\t{'|'.join(sorted(table[i]))}\n")
    print(f"{sum(1 for i in table if table[i])} places, {count} forms", file=sys.stderr)


if __name__ == "__main__":
    main()
