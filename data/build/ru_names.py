#!/usr/bin/env python3
"""Russian names for Ukrainian settlements, made from their Ukrainian names by the regular
correspondences of the two spellings (Russian outlets write "в Клещеевке", "у Работино", "в
Еленовке"; GeoNames and KATOTTG give most villages only their Ukrainian name).

  data/names/ru_rules.tsv   `id<TAB>name|name|...`: the Russian spellings the rules give for
                            each Cyrillic name of a settlement of Ukraine (places.tsv and
                            places-ua.tsv) that the place does not have yet, with their case
                            forms (pymorphy3-dicts-ru, else the suffix rules of ukraine.py)

    python3 data/build/ru_names.py [--cache DIR]    # writes the table
    python3 data/build/ru_names.py --check [--cache DIR]
        # how often the rules reproduce the Russian name of places that have both names

The rules (one Ukrainian word -> a few Russian spellings, the likelier first):
  * roots whose Russian form differs by more than spelling, at the start of a word or after
    Ново-/Старо-/...: Олександр- -> Александр-, Олекс- -> Алекс-, Олен- -> Елен-, Микол- ->
    Никол-, Вугле- -> Угле-, Робот- -> Работ-, Кам'ян- -> Камен-, Слов'ян- -> Славян-, ...
    (ROOTS below);
  * endings: -ськ/-цьк -> -ск/-цк; -ський -> -ский; -ська -> -ская; -ське -> -ское; -івка ->
    -овка / -евка (-льевка, -рьевка); -ївка, -іївка -> -евка, -еевка; -ів, -їв -> -ов / -ев;
    -ове, -еве, -ине -> -ово / -овое, -ино; other adjectival neuters -е -> -ое (Мирне ->
    Мирное); a doubled consonant + я -> consonant + ье (Запоріжжя -> Запорожье); plural -і ->
    -и (-ы after ц); the first word of two: -а -> -ая, -е -> -ое, -і -> -ые (Нова Каховка ->
    Новая Каховка);
  * letters: і -> и or е (in the last syllable also о: Ріг -> Рог); ї -> и, before в е, after
    a vowel е; є -> е; и -> и or ы (always и after г к х ж ч ш щ); initial е -> э; ьо -> е;
    ґ -> г; an apostrophe -> ь after р, else nothing.
Each letter with a choice doubles the spellings: at most two non-default choices are taken,
and at most MAX_VARIANTS spellings per name, so the table stays small; a wrong spelling only
adds index keys that no text contains.

Needs only python3 and pip (the pinned wheels of morph.py).
"""
import argparse, itertools, os, sys, tempfile
from collections import defaultdict

from morph import Morph
from ukraine import ROOT, fold, is_cyr, phrase_forms, ru_noun, UK_ONLY, RU_ONLY

MAX_VARIANTS = 4
PREFIXES = [("", ""), ("ново", "ново"), ("старо", "старо"), ("мало", "мало"),
            ("велико", "велико"), ("верхньо", "верхне"), ("нижньо", "нижне")]
ROOTS = [  # Ukrainian root -> Russian root (lexical, not letter-for-letter)
    ("олександр", "александр"), ("олекс", "алекс"), ("олен", "елен"), ("микол", "никол"),
    ("вугле", "угле"), ("вугіл", "угол"), ("робот", "работ"), ("кам'ян", "камен"),
    ("слов'ян", "славян"), ("вільн", "вольн"), ("вовч", "волч"), ("вовк", "волк"),
    ("жовт", "желт"), ("запоріж", "запорож"), ("гір", "гор"), ("ліс", "лес"), ("біл", "бел"),
    ("світл", "светл"), ("дніпр", "днепр"), ("сіверськ", "северск"), ("рів", "ров"),
    ("кіров", "киров"), ("костянтин", "константин"), ("володимир", "владимир"),
    ("омелян", "емельян"), ("яблун", "яблон"), ("південн", "южн"), ("залізн", "железн"),
]
MIDDLE = [  # the same inside a compound, after its linking vowel (Зеленогірське, Високопілля)
    ("огір", "огор"), ("опіл", "опол"), ("ослов'ян", "ославян"), ("окам'ян", "окамен"),
]
KNOWN = [  # Ukrainian official name -> the Russian name Russian outlets use
    ("Маріуполь", "Мариуполь"), ("Миколаїв", "Николаев"), ("Запоріжжя", "Запорожье"),
    ("Кривий Ріг", "Кривой Рог"), ("Покровськ", "Покровск"), ("Авдіївка", "Авдеевка"),
    ("Роботине", "Работино"), ("Часів Яр", "Часов Яр"), ("Вугледар", "Угледар"),
    ("Кліщіївка", "Клещеевка"), ("Оленівка", "Еленовка"), ("Мар'їнка", "Марьинка"),
    ("Слов'янськ", "Славянск"), ("Костянтинівка", "Константиновка"),
    ("Олександрівка", "Александровка"), ("Миколаївка", "Николаевка"),
    ("Невельське", "Невельское"), ("Ласточкине", "Ласточкино"), ("Бердичі", "Бердычи"),
    ("Курахове", "Курахово"), ("Селидове", "Селидово"), ("Очеретине", "Очеретино"),
    ("Енергодар", "Энергодар"), ("Нова Каховка", "Новая Каховка"),
    ("Велика Новосілка", "Великая Новоселка"), ("Сіверськ", "Северск"), ("Торецьк", "Торецк"),
    ("Мирне", "Мирное"), ("Рубіжне", "Рубежное"), ("Василівка", "Васильевка"),
    ("Андріївка", "Андреевка"), ("Новомихайлівка", "Новомихайловка"), ("Урожайне", "Урожайное"),
    ("Старомайорське", "Старомайорское"), ("Кринки", "Крынки"), ("Водяне", "Водяное"),
    ("Липці", "Липцы"), ("Київ", "Киев"), ("Вовчанськ", "Волчанск"), ("Купʼянськ", "Купянск"),
    ("Єнакієве", "Енакиево"), ("Первомайське", "Первомайское"), ("Новогродівка", "Новогродовка"),
    ("Бахмут", "Бахмут"), ("Херсон", "Херсон"), ("Сєвєродонецьк", "Северодонецк"),
    ("Лисичанськ", "Лисичанск"), ("Дружківка", "Дружковка"), ("Краматорськ", "Краматорск"),
    ("Жовті Води", "Желтые Воды"), ("Сергіївка", "Сергеевка"), ("Піски", "Пески"),
    ("Степове", "Степовое"), ("Новоолександрівка", "Новоалександровка"),
    ("Тоненьке", "Тоненькое"), ("Верхньоторецьке", "Верхнеторецкое"), ("Кам'янка", "Каменка"),
    ("Гірське", "Горское"), ("Білгород-Дністровський", "Белгород-Днестровский"),
]
VOWELS = "аеєиіїоуюяыэё"
HUSH = "гкхжчшщ"


def middle_roots(low):
    """`low` with the compounds' roots of MIDDLE in Russian, and the number of leading letters
    that are already Russian (0: none)."""
    fixed = 0
    for uk, ru in MIDDLE:
        at = low.find(uk, 1)
        if at > 0 and at + len(uk) < len(low):
            low = low[:at] + ru + low[at + len(uk):]
            fixed = max(fixed, at + len(ru))
    return low, fixed


def root_options(low):
    """(Russian start, length of the Ukrainian start it replaces) for a known root, or None."""
    for pre, pre_ru in PREFIXES:
        for uk, ru in ROOTS:
            if low.startswith(pre + uk) and len(low) > len(pre + uk):
                return pre_ru + ru, len(pre + uk)
    return None


def ending_options(low, first_of_two):
    """(Russian endings, length of the Ukrainian ending) for the word's end."""
    if first_of_two:
        for uk, ru in (("ий", ["ый", "ий", "ой"]), ("ій", ["ий"]), ("ня", ["няя"]),
                       ("нє", ["нее"]), ("а", ["ая"]), ("е", ["ое"]), ("і", ["ые", "ие"]),
                       ("ї", ["ьи"])):
            if low.endswith(uk):
                if uk == "і" and low[-2:-1] in HUSH + "н":
                    ru = ["ие", "ые"]
                if uk == "ий" and low[-3:-2] in HUSH:
                    ru = ["ий", "ой"]
                elif uk == "ий":
                    ru = ["ый", "ой", "ий"]
                return ru, len(uk)
    table = [
        ("іївка", ["еевка", "иевка"]), ("івці", ["овцы", "евцы"]), ("'ївка", ["ьевка"]), ("ївка", ["евка"]),
        ("лівка", ["ловка", "левка", "льевка"]), ("рівка", ["ровка", "ревка", "рьевка"]),
        ("івка", ["овка", "евка"]), ("ець", ["ец"]), ("ця", ["ца"]),
        ("ський", ["ский"]), ("цький", ["цкий"]), ("ська", ["ская"]), ("цька", ["цкая"]),
        ("ське", ["ское"]), ("цьке", ["цкое"]), ("ськ", ["ск"]), ("цьк", ["цк"]),
        ("ове", ["ово", "овое"]), ("еве", ["ево", "евое"]), ("єве", ["ево"]),
        ("ине", ["ино", "иное"]), ("іне", ["ино"]), ("їне", ["ино"]),
        ("ів", ["ов", "ев"]), ("їв", ["ев"]), ("ій", ["ий"]),
        ("ий", ["ой", "ый", "ий"]),
    ]
    for uk, ru in table:
        if low.endswith(uk) and len(low) > len(uk) + 1:
            return ru, len(uk)
    if len(low) > 3 and low[-1] == "я" and low[-2] == low[-3] and low[-2] not in VOWELS:
        return [low[-2] + "ье"], 3
    if len(low) > 3 and low[-1] == "е" and low[-2] not in VOWELS:
        # Мирне -> Мирное, Велике -> Великое; after ж ч ш щ the Russian ending is -ее
        return (["ее"] if low[-2] in "жчшщ" else ["ое"]), 1
    if len(low) > 3 and low[-1] == "і":
        return (["ы"] if low[-2] == "ц" else ["и", "ы"]), 1
    return None


def letter_options(low, i, last_syllable):
    c = low[i]
    prev = low[i - 1] if i else ""
    nxt = low[i + 1] if i + 1 < len(low) else ""
    if c == "і":
        if nxt == "ї":
            return ["е"]
        if last_syllable or (nxt == "в" and low[i + 2:i + 3] not in VOWELS):
            return ["о", "е", "и"]  # і of a closed syllable, from о or е: Ріг, В'язівок
        return ["и", "е"]
    if c == "ї":
        if i == 0:
            return ["и"]
        if prev == "'":
            return ["е" if nxt == "в" else "и"]
        return ["е"] if nxt == "в" else ["и"]
    if c == "є":
        return ["е"]
    if c == "и":
        return ["и"] if prev in HUSH or i == 0 else ["и", "ы"]
    if c == "е" and i == 0:
        return ["э", "е"]
    if c == "ь" and nxt == "о":
        return ["е"]
    if c == "ь" and nxt == "к" and prev in "сцз":  # -ськ-, -цьк-: Білосарайська -> -ская
        return [""]
    if c == "о" and prev == "ь":
        return [""]
    if c == "ґ":
        return ["г"]
    if c in "'’ʼ":
        return ["ь"] if (prev == "р" and nxt in "яюєї") or nxt in "єї" else [""]
    return [c]


def word_variants(word, first_of_two=False):
    """Russian spellings of one Ukrainian word, the likelier first."""
    low = word.lower()
    for a in "’ʼ":
        low = low.replace(a, "'")
    low, fixed = middle_roots(low)
    r = root_options(low)
    if r:
        low, fixed = r[0] + low[r[1]:], max(fixed, len(r[0]))
    end, cut = [""], 0
    e = ending_options(low, first_of_two)
    if e:
        end, cut = e
    body = low[:len(low) - cut]
    last_vowel = max((i for i, ch in enumerate(body) if ch in VOWELS), default=-1)
    closed = not cut and last_vowel >= 0 and last_vowel < len(body) - 1
    opts = [[body[i]] if i < fixed else letter_options(body, i, i == last_vowel and closed)
            for i in range(len(body))]
    out = []
    flips = [i for i, o in enumerate(opts) if len(o) > 1]
    for n in range(0, 3):
        for chosen in itertools.combinations(flips, n):
            alts = [[o[1:]] if i in chosen else [o[:1]] for i, o in enumerate(opts)]
            for combo in itertools.product(*[a[0] for a in alts]):
                stem = "".join(combo)
                out += [stem + x for x in end]
    seen, res = set(), []
    for v in out:
        if v not in seen:
            seen.add(v)
            res.append(v)
    cap = word[:1].isupper()
    return [v[:1].upper() + v[1:] if cap else v for v in res]


def variants(name):
    """Russian spellings of a Ukrainian name of one or two words (at most MAX_VARIANTS); the
    parts of a hyphenated name are spelled one by one (Івано-Франкове -> Ивано-Франково)."""
    if not is_cyr(name):
        return []
    if "-" in name and " " not in name:
        parts = [word_variants(p)[:2] for p in name.split("-")]
        if len(parts) > 3 or not all(parts):
            return []
        return ["-".join(p) for p in itertools.product(*parts)][:MAX_VARIANTS]
    words = name.split(" ")
    if len(words) > 2:
        return []
    if len(words) == 1:
        vs = word_variants(words[0])
    else:
        a, b = word_variants(words[0], True), word_variants(words[1])
        vs = [f"{x} {y}" for x, y in sorted(itertools.product(a, b),
                                             key=lambda p: a.index(p[0]) + b.index(p[1]))]
    return vs[:MAX_VARIANTS]


def load(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            yield dict(zip(header, line.rstrip("\n").split("\t")))


def ukrainian_settlements():
    """(id, Ukrainian names, every name folded) of the settlements of Ukraine."""
    extra = defaultdict(set)
    for t in ("uk.tsv", "ru.tsv"):
        with open(os.path.join(ROOT, "data", "names", t), encoding="utf-8") as f:
            for line in f:
                i, _, ns = line.rstrip("\n").partition("\t")
                extra[i].update(fold(n) for n in ns.split("|"))
    for t in ("places.tsv", "places-ua.tsv"):
        for r in load(os.path.join(ROOT, "data", t)):
            if r["country_code"] != "UA" or r["kind"] != "city":
                continue
            names = [n for n in r["alt_names"].split("|") if is_cyr(n)]
            uk = [n for n in names if not set(n.lower()) & RU_ONLY]
            have = {fold(n) for n in [r["name"]] + names} | extra[r["id"]]
            yield r["id"], uk, names, have


def check():
    """The known pairs, then the share of places with a Ukrainian name (with і/ї/є) and a
    different Russian one whose Russian name is among the rules' spellings."""
    bad = [(uk, ru, variants(uk)) for uk, ru in KNOWN if ru not in variants(uk)]
    print(f"{len(KNOWN) - len(bad)} of {len(KNOWN)} known pairs reproduced", file=sys.stderr)
    for b in bad:
        print("  known pair missed:", *b, file=sys.stderr)
    hit = total = 0
    misses = []
    for i, uk, names, _ in ukrainian_settlements():
        ukn = [n for n in uk if set(n.lower()) & UK_ONLY]
        ru = {fold(n) for n in names if not set(n.lower()) & UK_ONLY}
        if len(ukn) != 1 or not ru or len(ukn[0].split(" ")) > 2:
            continue
        total += 1
        got = {fold(v) for v in variants(ukn[0])}
        if got & ru:
            hit += 1
        else:
            misses.append(f"{ukn[0]} -> {sorted(ru)} (rules: {variants(ukn[0])[:3]})")
    print(f"{hit} of {total} places ({100 * hit / max(total, 1):.1f}%): the Russian name is "
          f"among the rules' spellings", file=sys.stderr)
    for m in misses[:40]:
        print("  miss:", m, file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if args.check:
        check()
        return
    cache = args.cache or tempfile.mkdtemp()
    os.makedirs(cache, exist_ok=True)
    morph = Morph(cache)
    table = defaultdict(set)
    for i, uk, _, have in ukrainian_settlements():
        for n in uk:
            for v in variants(n):
                if fold(v) in have:
                    continue
                if "-" in v:  # hyphenated.py inflects both parts
                    table[i].add(v)
                    continue
                d = morph.forms(v, "ru")
                table[i].update([v] + sorted(phrase_forms(v, ru_noun, "ru") if d is None else d))
    path = os.path.join(ROOT, "data", "names", "ru_rules.tsv")
    count = 0
    with open(path, "w", encoding="utf-8") as f:
        for i in sorted(table):
            ns = sorted({n for n in table[i] if n and "|" not in n})
            count += len(ns)
            f.write(f"{i}\t{'|'.join(ns)}\n")
    print(f"{len(table)} places, {count} names", file=sys.stderr)


if __name__ == "__main__":
    main()
