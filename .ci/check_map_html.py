#!/usr/bin/env python3
"""Checks map.html in headless Chromium: it loads with no console error and no request, draws
every event, and the event markers are where Web Mercator puts them in a screenshot.

    python3 .ci/check_map_html.py output/map.html [--shot docs/map-html.png]

Standard library only. The expected pixel of each event is computed here from the view the
page reports (zoom, centre, size), independently of Leaflet's projection code.
"""

import argparse
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

WIDTH, HEIGHT = 1400, 900
EVENT = (200, 30, 45)


def chromium(html, extra, profile, view=""):
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        sys.exit("check_map_html: chromium not found")
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", "--disable-default-apps",
           "--disable-sync", "--force-device-scale-factor=1", f"--user-data-dir={profile}",
           "--host-resolver-rules=MAP * ~NOTFOUND", f"--window-size={WIDTH},{HEIGHT}",
           "--virtual-time-budget=5000", "--enable-logging=stderr", "--v=0"] + extra + [
           "file://" + os.path.abspath(html) + view]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def read_png(path):
    """RGB(A) 8-bit non-interlaced PNG -> (width, height, rows of (r, g, b))."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, idat, w = 8, b"", 0
    while at < len(data):
        n, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, "unexpected PNG format"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        at += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(w)])
        prev = line
    return w, h, rows


def mercator_px(lat, lon, zoom):
    """Web Mercator (EPSG:3857) world pixel at a zoom level with 256-pixel tiles."""
    scale = 256 * 2 ** zoom
    s = math.sin(math.radians(max(min(lat, 85.0511), -85.0511)))
    return ((lon + 180) / 360 * scale,
            (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("html")
    ap.add_argument("--shot", help="keep the screenshot here")
    ap.add_argument("--events", help="events.geojson the page must show, at its coordinates")
    ap.add_argument("--places", help="places.geojson whose most mentioned places carry a name")
    args = ap.parse_args()
    html = open(args.html, encoding="utf-8").read()
    for needle in ("<script src", "<link ", "@import", "<img", "<iframe"):
        assert needle not in html, f"map.html refers to another file: {needle}"
    with tempfile.TemporaryDirectory() as tmp:
        dom = chromium(args.html, ["--dump-dom"], os.path.join(tmp, "p1"))
        m = re.search(r'<pre id="em-status"[^>]*>(.*?)</pre>', dom.stdout, re.S)
        assert m, "no status element in the DOM:\n" + dom.stderr[-2000:]
        status = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&")
                            .replace("&lt;", "<").replace("&gt;", ">"))
        # The screenshot's window differs from --dump-dom's, so it is taken at the view
        # the first run chose, given in the address.
        v = status.get("view") or {}
        view = f"#map={v.get('zoom')}/{v.get('lat')}/{v.get('lon')}"
        shot = os.path.join(tmp, "shot.png")
        run = chromium(args.html, [f"--screenshot={shot}"], os.path.join(tmp, "p2"), view)
        assert os.path.exists(shot), "no screenshot:\n" + run.stderr[-2000:]
        if args.shot:
            shutil.copyfile(shot, args.shot)
        w, h, rows = read_png(shot)
    logs = dom.stderr + run.stderr
    console_errors = [l for l in logs.splitlines()
                      if "CONSOLE" in l and ("ERROR" in l or "Uncaught" in l)]
    assert status.get("ready"), f"the page did not finish drawing: {status}"
    assert not status["errors"] and not console_errors, (status["errors"], console_errors)
    assert not status["resources"], f"requests made: {status['resources']}"
    blocked = [l for l in logs.splitlines() if "net::ERR" in l and "file://" not in l]
    assert not blocked, f"network attempts: {blocked}"
    n = len(status["events"])
    if args.events:
        feats = json.load(open(args.events, encoding="utf-8"))["features"]
        want = {f["properties"]["id"]: f["geometry"]["coordinates"][:2] for f in feats}
        got = {e["id"]: (e["lon"], e["lat"]) for e in status["events"]}
        assert sorted(got) == sorted(want), f"events {sorted(got)}, want {sorted(want)}"
        for k, (lon, lat) in got.items():
            assert abs(lon - want[k][0]) < 1e-3 and abs(lat - want[k][1]) < 1e-3, (k, lon, lat)
    assert status["shown"] == n, f"{status['shown']} of {n} events drawn"
    labels = re.findall(r'class="[^"]*em-place-label[^"]*"[^>]*>([^<]*)<', dom.stdout)
    if args.places:
        feats = json.load(open(args.places, encoding="utf-8"))["features"]
        names = {f["properties"]["name"] for f in feats}
        assert labels, "no place carries a name on the map"
        stray = [l for l in labels if l not in names]
        assert not stray, f"labels that are no place's name: {stray}"
    cx, cy = mercator_px(v["lat"], v["lon"], v["zoom"])
    checked = 0
    for e in status["events"]:
        ex, ey = mercator_px(e["lat"], e["lon"], v["zoom"])
        x, y = round(ex - cx + w / 2), round(ey - cy + h / 2)
        if not (0 <= x < w and 0 <= y < h):
            continue
        near = [rows[j][i] for j in range(max(0, y - 2), min(h, y + 3))
                for i in range(max(0, x - 2), min(w, x + 3))]
        if e["regional"]:
            # Inside a shaded region: a pink tint of the land.
            ok = any(c[0] > 215 and c[0] - c[1] > 25 and c[0] - c[2] > 25 for c in near)
        else:
            ok = any(all(abs(a - b) <= 12 for a, b in zip(c, EVENT)) for c in near)
        assert ok, f"event {e['id']} not drawn at pixel ({x}, {y}): {near[:5]}"
        checked += 1
    assert checked == n and n > 0, f"{checked} of {n} events inside the screenshot"
    print(f"map.html: {n} events drawn at their pixels, {len(labels)} places named, "
          "no console error, no request")


if __name__ == "__main__":
    main()
