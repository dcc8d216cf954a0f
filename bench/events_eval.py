#!/usr/bin/env python3
"""Scores eventmap's events against event gold sets (standard library only).

    python3 bench/events_eval.py prepare GOLD.jsonl INPUT.jsonl [--no-published]
    python3 bench/events_eval.py score GOLD.jsonl EVENTS.geojson [--name NAME] [--place-only]
    python3 bench/events_eval.py misses GOLD.jsonl EVENTS.geojson   # one line per gold event not right
    python3 bench/events_eval.py check GOLD.jsonl...     # validity of gold files
    python3 bench/events_eval.py selftest                # the matching logic on hand-made cases

`bench/events.sh` runs all of it with one command.

Gold formats (one record per line, each record is one document):

* `bench/gold/uk_ru.jsonl`: `{id, lang, published, text, events: [{lat, lon, location, admin1,
  date, event_type, sub_event_type, geo_precision, killed, injured}]}`;
* `bench/gold/acled_style.jsonl` and `../shared/eval/ucdp-ua-dev.jsonl`: one event per record,
  `{id, lang?, text, event_date, event_type, sub_event_type, lat, lon, geo_precision,
  fatalities, ...}`.

`prepare` writes what eventmap reads (`id`, `text`, `published`, `lang`), and nothing of the
gold answer. The acled-style reports carry their date in the text and get no publication date;
UCDP headlines carry none, so UCDP is scored on places only (`--place-only`).

eventmap's events are read from `events.geojson` (RFC 7946 Points, `[lon, lat]`) and, for
every report of every source, from `evidence.csv` beside it (keyed by event id). Properties
are read in either spelling, today's or ACLED's: `date`/`event_date`, `fatalities`/`killed`,
`injured`, `event_type` (eventmap's own codes such as `missile_strike` are mapped to ACLED's
type and sub-type), `sub_event_type`, and the documents from `sources`/`documents` and each
`evidence[].doc`. Where an event merges several documents, the document's own evidence gives
its date and casualties.

Figures (every share is over all gold events of the group, so a missed event counts against
every figure):

* **any event**: eventmap reports at least one event for the gold event's document;
* **recall**: the gold event has an event of the same document within 25 km whose date is
  compatible: the same day +- 1 (a night attack is dated either side of midnight), or the same
  month and day when eventmap could not know the year, or no date at all. Gold and eventmap
  events are paired one to one, nearest first.
* **@10/@25/@161 km**: the nearest event of the same document (any date) lies within that
  distance; shown for all events and per gold `geo_precision` (1 place, 2 near a place or a
  district, 3 region or country; UCDP uses its own 1-7 scale).
* **date**: matched, and eventmap's date is the gold day exactly.
* **type** / **sub**: matched, and the ACLED `event_type` / `sub_event_type` agrees (compared
  case- and punctuation-blind).
* **killed** / **injured**: over gold events that state the figure: matched, and eventmap's
  figure is the same integer.
* **far**: the share of eventmap events that lie more than 161 km from every gold event of their
  document (lower is better). An event merged from several documents counts once per document,
  so "of N" is the number of (event, document) pairs.

>>> haversine_km(50.0, 36.0, 50.0, 36.0)
0.0
>>> round(haversine_km(49.98177, 36.25475, 50.45, 30.52333))
411
>>> date_compatible("2024-01-02", "2024-01-01"), date_compatible("2024-01-02", "--01-02")
(True, True)
>>> date_compatible("2024-01-02", "2024-01-05"), date_compatible("2024-01-02", None)
(False, True)
>>> acled_type({"event_type": "drone_strike"})
('explosionsremoteviolence', 'airdronestrike')
>>> acled_type({"event_type": "Battles", "sub_event_type": "Armed clash"})
('battles', 'armedclash')
"""

import csv
import json
import math
import os
import sys
from collections import defaultdict
from datetime import date, timedelta

RECALL_KM = 25.0
FAR_KM = 161.0
RADII = (10.0, 25.0, 161.0)

ER = "Explosions/Remote violence"
SHELLING = "Shelling/artillery/missile attack"
AIR = "Air/drone strike"
# eventmap's codes before the ACLED types, mapped to ACLED's type and sub-type.
LEGACY_TYPES = {
    "missile_strike": (ER, SHELLING),
    "shelling": (ER, SHELLING),
    "drone_strike": (ER, AIR),
    "airstrike": (ER, AIR),
    "explosion": (ER, None),
    "other_attack": (None, None),
}


def norm(s):
    """Lower-case letters and digits only: "Explosions/Remote violence" == "explosions_remote_violence"."""
    return "".join(c for c in str(s).lower() if c.isalnum()) if s else None


def acled_type(props):
    """(event_type, sub_event_type) of an eventmap event, normalised, in ACLED's terms."""
    t = props.get("event_type")
    sub = props.get("sub_event_type")
    if t in LEGACY_TYPES:
        t, legacy_sub = LEGACY_TYPES[t]
        sub = sub or legacy_sub
    return norm(t), norm(sub)


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def parse_day(s):
    try:
        return date.fromisoformat(s[:10])
    except (TypeError, ValueError):
        return None


def date_compatible(gold, pred):
    """Same day +- 1, or same month-day +- 1 when the year is unknown (`--MM-DD`), or no date."""
    if not pred or not isinstance(pred, str) or pred == "unknown":
        return True
    g = parse_day(gold)
    if g is None:
        return True
    if pred.startswith("--"):
        for delta in (-1, 0, 1):
            d = g + timedelta(days=delta)
            if pred[2:7] == d.strftime("%m-%d"):
                return True
        return False
    p = parse_day(pred)
    return p is not None and abs((p - g).days) <= 1


def as_int(v):
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return int(v)
    if isinstance(v, dict):  # a typed figure, e.g. {"value": 2} or {"min": 2, "max": 3}
        return as_int(v.get("value", v.get("max")))
    try:
        return int(str(v))
    except ValueError:
        return None


def date_of(p):
    d = p.get("event_date", p.get("date"))
    if isinstance(d, dict):  # a typed date, e.g. {"date": "2024-01-02", "precision": "day"}
        d = d.get("date") or d.get("value") or d.get("start")
    if not d and p.get("month") and p.get("day"):  # a month and day without a year
        d = "--%02d-%02d" % (int(p["month"]), int(p["day"]))
    return d


def killed_of(p):
    return as_int(p.get("fatalities", p.get("killed")))


def doc_id(source):
    """A source is a document id, or an object naming one (`doc` or `id`)."""
    if isinstance(source, dict):
        source = source.get("doc", source.get("id"))
    return None if source is None else str(source)


def evidence_rows(events_path):
    """Rows of `evidence.csv` beside `events.geojson` by event id (the GeoJSON keeps only the
    first few sources of an event; the CSV has every report), or {} when there is none."""
    path = os.path.join(os.path.dirname(events_path), "evidence.csv")
    rows = defaultdict(list)
    if os.path.exists(path):
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                rows[r["event_id"]].append({k: (v if v != "" else None) for k, v in r.items()})
    return rows


def pred_events(geojson, evidence=None):
    """eventmap's events as {docs, lat, lon, props, per_doc} dicts."""
    evidence = evidence or {}
    out = []
    for f in geojson.get("features", []):
        geom = f.get("geometry") or {}
        if geom.get("type") != "Point":
            continue
        lon, lat = geom["coordinates"][:2]
        p = f.get("properties") or {}
        docs = set(doc_id(d) for d in (p.get("sources") or p.get("documents") or []))
        docs.discard(None)
        per_doc = defaultdict(list)
        for ev in (p.get("evidence") or []) + evidence.get(str(p.get("id")), []):
            if isinstance(ev, dict) and "doc" in ev:
                docs.add(str(ev["doc"]))
                per_doc[str(ev["doc"])].append(ev)
        out.append({"docs": docs, "lat": lat, "lon": lon, "props": p, "per_doc": per_doc})
    return out


def view(ev, doc):
    """The event as one document reports it: its own date and figures where the evidence has them."""
    p, evs = ev["props"], ev["per_doc"].get(doc, [])
    own = lambda get: max((v for v in map(get, evs) if v is not None), default=None)
    only = len(ev["docs"]) == 1
    day = next((date_of(e) for e in evs if date_of(e)), None) or date_of(p)
    killed = own(killed_of)
    injured = own(lambda e: as_int(e.get("injured")))
    if only or not evs:
        killed = killed if killed is not None else killed_of(p)
        injured = injured if injured is not None else as_int(p.get("injured"))
    t, sub = acled_type(p)
    return {"lat": ev["lat"], "lon": ev["lon"], "date": day, "killed": killed,
            "injured": injured, "type": t, "sub": sub}


def gold_events(rec):
    """The gold events of one record, in one shape."""
    evs = rec.get("events")
    if evs is None:
        evs = [{"lat": rec["lat"], "lon": rec["lon"], "date": rec.get("event_date"),
                "event_type": rec.get("event_type"), "sub_event_type": rec.get("sub_event_type"),
                "geo_precision": rec.get("geo_precision"), "killed": rec.get("fatalities"),
                "injured": rec.get("injured")}]
    return [{"lat": e["lat"], "lon": e["lon"], "date": e.get("date", e.get("event_date")),
             "type": norm(e.get("event_type")), "sub": norm(e.get("sub_event_type")),
             "prec": e.get("geo_precision") or 1, "killed": as_int(e.get("killed", e.get("fatalities"))),
             "injured": as_int(e.get("injured"))} for e in evs]


def match_doc(golds, preds):
    """Pairs gold and eventmap events of one document one to one, nearest first.

    Returns, per gold event, (matched view or None, distance to the nearest view or None).

    >>> g = [{"lat": 50.0, "lon": 36.2, "date": "2024-01-02"}, {"lat": 47.8, "lon": 35.2, "date": "2023-12-30"}]
    >>> near = {"lat": 50.01, "lon": 36.21, "date": "2024-01-02"}
    >>> wrong_day = {"lat": 47.81, "lon": 35.2, "date": "2023-11-30"}
    >>> [(m is not None, round(d)) for m, d in match_doc(g, [near, wrong_day])]
    [(True, 1), (False, 1)]
    >>> [m is not None for m, _ in match_doc(g, [near])]   # one event cannot match two
    [True, False]
    """
    nearest = [min((haversine_km(g["lat"], g["lon"], p["lat"], p["lon"]) for p in preds), default=None)
               for g in golds]
    pairs = sorted(
        (haversine_km(g["lat"], g["lon"], p["lat"], p["lon"]), gi, pi)
        for gi, g in enumerate(golds) for pi, p in enumerate(preds)
        if date_compatible(g["date"], p["date"]))
    matched, used = [None] * len(golds), set()
    for d, gi, pi in pairs:
        if d <= RECALL_KM and matched[gi] is None and pi not in used:
            matched[gi] = preds[pi]
            used.add(pi)
    return list(zip(matched, nearest))


class Tally:
    def __init__(self):
        self.n = 0
        self.c = defaultdict(int)
        self.stated = defaultdict(int)
        self.by_prec = defaultdict(lambda: [0, 0, 0, 0])
        self.far = [0, 0]

    def add(self, g, m, nearest):
        self.n += 1
        self.c["recall"] += m is not None
        self.c["covered"] += nearest is not None
        row = self.by_prec[g["prec"]]
        row[0] += 1
        for i, r in enumerate(RADII):
            hit = nearest is not None and nearest <= r
            self.c["@%d" % r] += hit
            row[i + 1] += hit
        if m is not None:
            self.c["date"] += bool(g["date"]) and parse_day(m["date"] or "") == parse_day(g["date"])
            self.c["type"] += g["type"] is not None and m["type"] == g["type"]
            self.c["sub"] += g["sub"] is not None and m["sub"] == g["sub"]
        for k in ("killed", "injured"):
            if g[k] is not None:
                self.stated[k] += 1
                self.c[k] += m is not None and m[k] == g[k]

    def row(self, name, place_only):
        pct = lambda a, b: "%5.1f%%" % (100.0 * a / b) if b else "    –"
        n = self.n
        cells = [name, str(n), pct(self.c["covered"], n), pct(self.c["recall"], n)] + [pct(self.c["@%d" % r], n) for r in RADII]
        if place_only:
            cells += ["–"] * 5
        else:
            cells += [pct(self.c["date"], n), pct(self.c["type"], n), pct(self.c["sub"], n)]
            cells += ["%s (%d)" % (pct(self.c[k], self.stated[k]), self.stated[k])
                      for k in ("killed", "injured")]
        cells.append("%s of %d" % (pct(self.far[0], self.far[1]), self.far[1]))
        precs = "; ".join("p%s n=%d %s/%s/%s" % (k, v[0], *(pct(x, v[0]).strip() for x in v[1:]))
                          for k, v in sorted(self.by_prec.items()))
        return "| " + " | ".join(cells) + " | " + precs + " |"


HEADER = ("| set / lang | gold | any event | recall | @10 km | @25 km | @161 km | date | type | sub-type | "
          "killed (n) | injured (n) | far > 161 km | @10/@25/@161 by geo_precision |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def score(gold_path, events_path, name, place_only):
    records = [json.loads(line) for line in open(gold_path, encoding="utf-8") if line.strip()]
    preds = pred_events(json.load(open(events_path, encoding="utf-8")), evidence_rows(events_path))
    by_doc = defaultdict(list)
    for ev in preds:
        for d in ev["docs"]:
            by_doc[d].append(ev)
    tallies = defaultdict(Tally)
    golds_of, lang_of = {}, {}
    for rec in records:
        doc, lang = str(rec["id"]), rec.get("lang", "en")
        golds_of[doc], lang_of[doc] = gold_events(rec), lang
        views = [view(ev, doc) for ev in by_doc.get(doc, [])]
        for g, (m, nearest) in zip(golds_of[doc], match_doc(golds_of[doc], views)):
            for key in ("all", lang):
                tallies[key].add(g, m, nearest)
    for ev in preds:  # each event as each of its documents reports it
        for d in sorted(ev["docs"] & set(golds_of)):
            far = all(haversine_km(g["lat"], g["lon"], ev["lat"], ev["lon"]) > FAR_KM for g in golds_of[d])
            for key in ("all", lang_of[d]):
                tallies[key].far[0] += far
                tallies[key].far[1] += 1
    langs = sorted(k for k in tallies if k != "all")
    for key in ["all"] + (langs if len(langs) > 1 else []):
        print(tallies[key].row("%s / %s" % (name, key), place_only))


def misses(gold_path, events_path):
    """Prints each gold event that is missed, or whose type, date, killed or injured is wrong,
    beside what eventmap gave, and each eventmap event more than 161 km from every gold event."""
    preds = pred_events(json.load(open(events_path, encoding="utf-8")), evidence_rows(events_path))
    by_doc = defaultdict(list)
    for ev in preds:
        for d in ev["docs"]:
            by_doc[d].append(ev)
    for line in open(gold_path, encoding="utf-8"):
        if not line.strip():
            continue
        rec = json.loads(line)
        doc = str(rec["id"])
        evs = by_doc.get(doc, [])
        views = [view(ev, doc) for ev in evs]
        golds = gold_events(rec)
        far = [v for v in views
               if all(haversine_km(g["lat"], g["lon"], v["lat"], v["lon"]) > FAR_KM for g in golds)]
        for g, (m, nearest) in zip(golds, match_doc(golds, views)):
            wrong = miss_kinds(g, m, views)
            if far:
                wrong.append("FAR")
            if not wrong:
                continue
            print("%s [%s] %s" % (doc, " ".join(wrong), rec.get("text", "")[:400]))
            print("   gold: %s/%s p%s %s killed=%s injured=%s" % (
                g["type"], g["sub"], g["prec"], g["date"], g["killed"], g["injured"]))
            for ev, v in zip(evs, views):
                p = ev["props"]
                d = haversine_km(g["lat"], g["lon"], v["lat"], v["lon"])
                print("   got:  %s (%.0f km) %s/%s p%s %s killed=%s injured=%s" % (
                    p.get("place", p.get("location")), d, p.get("event_type"),
                    p.get("sub_event_type"), p.get("geo_precision"), v["date"], v["killed"],
                    v["injured"]))


def miss_kinds(g, m, views):
    """What is wrong with gold event `g` given its matched view `m` (or None)."""
    if m is None:
        return ["MISSED" if not views else "UNMATCHED"]
    wrong = []
    if g["type"] and m["type"] != g["type"]:
        wrong.append("TYPE")
    if g["sub"] and m["sub"] != g["sub"]:
        wrong.append("SUB")
    if g["date"] and parse_day(m["date"] or "") != parse_day(g["date"]):
        wrong.append("DATE")
    for k in ("killed", "injured"):
        if g[k] is not None and m[k] != g[k]:
            wrong.append(k.upper())
    return wrong


def prepare(gold_path, out_path, published):
    with open(gold_path, encoding="utf-8") as src, open(out_path, "w", encoding="utf-8") as out:
        for line in src:
            if not line.strip():
                continue
            rec = json.loads(line)
            doc = {"id": str(rec["id"]), "text": rec["text"]}
            if published and rec.get("published"):
                doc["published"] = rec["published"]
            if rec.get("lang"):
                doc["lang"] = rec["lang"]
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")


EVENT_KEYS = {"lat", "lon", "date", "event_type", "sub_event_type", "geo_precision", "killed",
              "injured", "location", "admin1"}
ACLED_KEYS = {"id", "lang", "text", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
              "country", "admin1", "location", "lat", "lon", "geo_precision", "fatalities"}


def check(path):
    """Problems of one gold file, as 'path:line: what' strings."""
    problems, ids = [], set()
    for no, line in enumerate(open(path, encoding="utf-8"), 1):
        where = "%s:%d: " % (path, no)
        try:
            rec = json.loads(line)
        except ValueError as e:
            problems.append(where + "invalid JSON: %s" % e)
            continue
        if rec.get("id") in ids:
            problems.append(where + "duplicate id %r" % rec.get("id"))
        ids.add(rec.get("id"))
        if rec.get("lang") not in ("en", "uk", "ru"):
            problems.append(where + "lang must be en, uk or ru")
        events = rec["events"] if "events" in rec else [rec]
        need = EVENT_KEYS if "events" in rec else ACLED_KEYS
        if not events or not rec.get("text"):
            problems.append(where + "no text or no events")
        for e in events:
            missing = need - set(e) - ({"id", "lang", "text"} if "events" in rec else set())
            if missing:
                problems.append(where + "missing " + ", ".join(sorted(missing)))
            if not (-90 <= e.get("lat", 99) <= 90 and -180 <= e.get("lon", 999) <= 180):
                problems.append(where + "coordinates out of range")
            if e.get("geo_precision") not in (1, 2, 3):
                problems.append(where + "geo_precision must be 1, 2 or 3")
            if parse_day(e.get("date", e.get("event_date"))) is None:
                problems.append(where + "date is not YYYY-MM-DD")
            for k in ("killed", "injured", "fatalities"):
                if k in e and e[k] is not None and (not isinstance(e[k], int) or e[k] < 0):
                    problems.append(where + "%s must be a non-negative integer or null" % k)
    return problems


def main(argv):
    if len(argv) >= 1 and argv[0] == "selftest":
        import doctest
        failed, tried = doctest.testmod()
        print("selftest: %d examples, %d failed" % (tried, failed))
        return 1 if failed else 0
    if len(argv) >= 3 and argv[0] == "prepare":
        prepare(argv[1], argv[2], "--no-published" not in argv)
        return 0
    if len(argv) >= 3 and argv[0] == "score":
        name = argv[argv.index("--name") + 1] if "--name" in argv else argv[1]
        score(argv[1], argv[2], name, "--place-only" in argv)
        return 0
    if len(argv) >= 3 and argv[0] == "misses":
        misses(argv[1], argv[2])
        return 0
    if len(argv) >= 2 and argv[0] == "check":
        problems = [p for path in argv[1:] for p in check(path)]
        for p in problems:
            print(p, file=sys.stderr)
        return 1 if problems else 0
    if len(argv) == 1 and argv[0] == "header":
        print(HEADER)
        return 0
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
