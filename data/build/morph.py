"""Case forms of Ukrainian and Russian place names from morphological dictionaries.

The dictionaries are pymorphy3's (PyPI, pinned below by version and SHA-256): for Ukrainian
the VESUM-based `pymorphy3-dicts-uk`, for Russian the OpenCorpora-based `pymorphy3-dicts-ru`.
A name is inflected word by word: each word is looked up as a nominative the dictionary knows
(Russian: a geographical name first), and every case of its paradigm in the same number is
taken ("Суми" is plural: Сумах; "Кривий Ріг" -> Кривого Рогу, Кривому Розі; "Біла Церква" ->
Білої Церкви). An adjective agrees with the noun of its name in gender and number. Words the
dictionary does not know get no forms here: the caller falls back to its suffix rules.

    forms = Morph(cache).forms("Кривий Ріг", "uk")   # {"Кривого Рогу", "Кривому Розі", ...}

Needs only python3 and pip; the wheels are unpacked into the cache and imported from there.
"""
import os, sys, zipfile

from pypi_pack import fetch_pypi

WHEELS = [  # (package, version, wheel file, SHA-256)
    ("pymorphy3", "2.0.6", "pymorphy3-2.0.6-py3-none-any.whl",
     "0254317c02ce3ea17e080b7fc9d675e44662b3a5296bae68605b7a41d25b36c3"),
    ("dawg2-python", "0.9.0", "dawg2_python-0.9.0-py3-none-any.whl",
     "4fab6fc097bd176cd783cd8421b757348ea5a460789e53b0f6bb64831380bab5"),
    ("pymorphy3-dicts-uk", "2.4.1.1.1663094765",
     "pymorphy3_dicts_uk-2.4.1.1.1663094765-py2.py3-none-any.whl",
     "6af1e389b69e7e90ef7d50b20e3955a0c78383317a15d9ade5979f1536354733"),
    ("pymorphy3-dicts-ru", "2.4.417150.4580142",
     "pymorphy3_dicts_ru-2.4.417150.4580142-py2.py3-none-any.whl",
     "718bac64c73c10c16073a199402657283d9b64c04188b694f6d3e9b0d85440f4"),
]
SOFTEN = {"г": "з", "к": "ц", "х": "с"}
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
APOSTROPHES = "'’ʼ"


def fetch(cache):
    """Downloads (if needed), checks and unpacks the pinned wheels; returns the import dir."""
    site = os.path.join(cache, "morph-site")
    for name, ver, wheel, sha in WHEELS:
        path = fetch_pypi(cache, f"{name}=={ver}", wheel, sha, "morph")
        zipfile.ZipFile(path).extractall(site)
    return site


class Morph:
    def __init__(self, cache):
        site = fetch(cache)
        sys.path.insert(0, site)
        import pymorphy3
        self.an = {lang: pymorphy3.MorphAnalyzer(
            lang=lang, path=os.path.join(site, f"pymorphy3_dicts_{lang}", "data"))
            for lang in ("uk", "ru")}
        self.known = 0
        self.unknown = 0

    def nominative(self, word, lang, pos):
        """The dictionary's parse of `word` as a nominative of part of speech `pos` (NOUN or
        ADJF), geographical names and inanimate nouns first; None if it has none."""
        low = word.lower()
        for a in APOSTROPHES[1:]:
            low = low.replace(a, "'")
        parses = [p for p in self.an[lang].parse(low)
                  if p.is_known and p.tag.case == "nomn" and p.word == low and p.tag.POS == pos
                  and "Surn" not in p.tag and "Name" not in p.tag and "Patr" not in p.tag]
        parses.sort(key=lambda p: ("Geox" not in p.tag, "anim" in p.tag))
        return parses[0] if parses else None

    def paradigm(self, parse, number, gender=None, animate=False):
        """{case: set of forms} of a parse in one number (and, for an adjective, the gender and
        animacy of its noun: "Кривий Ріг" is inanimate, so not "Кривого Ріг")."""
        out = {c: set() for c in CASES}
        for f in parse.lexeme:
            t = f.tag
            if t.case not in out or (t.number or "sing") != number:
                continue
            if parse.tag.POS == "ADJF" and t.case == "accs" and (t.animacy == "anim") != animate:
                continue
            if gender and number == "sing" and t.gender != gender:
                continue
            if parse.tag.POS == "ADJF" and parse.tag.POS != t.POS:
                continue
            out[t.case].add(f.word)
        # Ukrainian masculine nouns in -г/-к/-х also take the locative with the consonant
        # change, which the dictionary gives for some only: Ріг -> у Розі (as Кременчук -> у
        # Кременчуці).
        if self.lang_of(parse) == "uk" and parse.tag.POS == "NOUN" and number == "sing" \
                and parse.tag.gender == "masc":
            for g in list(out["gent"]):
                if len(g) > 2 and g[-2] in SOFTEN:
                    out["loct"].add(g[:-2] + SOFTEN[g[-2]] + "і")
        return out

    def lang_of(self, parse):
        return "uk" if parse._morph is self.an["uk"] else "ru"

    def forms(self, name, lang):
        """Every case form of a name of one or two words (not the name itself), or None when
        the dictionary lacks a word of it."""
        head, sep, tail = name.partition("-на-")
        if sep and " " not in head:  # "Ростов-на-Дону": only the head inflects
            return {f + sep + tail for f in self.forms(head, lang) or ()} or None
        words = name.split(" ")
        if len(words) > 2 or any("-" in w for w in words):
            return None
        noun = self.nominative(words[-1], lang, "NOUN")
        if len(words) == 1 and noun is None:
            adj = self.nominative(words[0], lang, "ADJF")  # "Щасливе", "Велика"
            if adj is None:
                self.unknown += 1
                return None
            per = [self.paradigm(adj, adj.tag.number or "sing", adj.tag.gender)]
        elif noun is None:
            self.unknown += 1
            return None
        else:
            number = noun.tag.number or "sing"
            per = [self.paradigm(noun, number)]
            if len(words) == 2:
                adj = self.nominative(words[0], lang, "ADJF")
                if adj is None:
                    self.unknown += 1
                    return None
                animate = noun.tag.animacy == "anim"
                per.insert(0, self.paradigm(adj, number, noun.tag.gender, animate))
        self.known += 1
        out = set()
        for c in CASES:
            combos = [""]
            for w, p in zip(words, per):
                cased = [restore(w, f) for f in sorted(p[c])]
                combos = [f"{a} {b}".strip() for a in combos for b in cased]
            out.update(combos)
        out.discard(name)
        return out


def restore(original, form):
    """`form` written with the capitals and apostrophe of `original` ("Слов’янськ")."""
    apos = next((a for a in APOSTROPHES if a in original), "'")
    form = form.replace("'", apos)
    return form[:1].upper() + form[1:] if original[:1].isupper() else form
