// eventmap's interactive map: draws the data embedded in #em-data with Leaflet. No network:
// no tiles, no fonts, no images; every layer is drawn from the inline GeoJSON. The page
// reports what it drew in #em-status (JSON), which CI reads in headless Chromium.
"use strict";

var EM_EVENT = "#c81e2d";
var EM_ROLE = { event: "#e67814", actor: "#5f50aa", mention: "#646e78" };

function emEl(tag, text, cls) {
  var e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function emStatus() {
  var status = { errors: [], ready: false };
  var el = document.getElementById("em-status");
  status.report = function () { el.textContent = JSON.stringify(status, function (k, v) { return k === "report" ? undefined : v; }); };
  window.addEventListener("error", function (e) { status.errors.push(String(e.message)); status.report(); });
  return status;
}

// The event's popup: date, type, casualties, weapons, sources and evidence with links.
function emEventPopup(ev) {
  var box = emEl("div", null, "em-popup");
  box.appendChild(emEl("h2", ev.place));
  box.appendChild(emEl("p", [ev.date_label || "date unknown", ev.type_label].join(" · ")));
  if (ev.casualties) box.appendChild(emEl("p", ev.casualties));
  if (ev.weapons.length) box.appendChild(emEl("p", "Weapons: " + ev.weapons.join(", ")));
  var n = ev.sources.length;
  box.appendChild(emEl("p", n + (n === 1 ? " source: " : " sources: ") + ev.sources.join(", "), "em-src"));
  ev.evidence.forEach(function (v) {
    var q = emEl("blockquote", v.sentence);
    var src = emEl("div", null, "em-src");
    if (v.url) {
      var a = emEl("a", v.doc);
      a.href = v.url; a.target = "_blank"; a.rel = "noopener noreferrer";
      src.appendChild(a);
    } else {
      src.textContent = v.doc;
    }
    q.appendChild(src);
    box.appendChild(q);
  });
  return box;
}

function emBasemap(map, D) {
  L.geoJSON(D.countries, {
    style: { color: "#96918c", weight: 0.8, fillColor: "#faf8f0", fillOpacity: 1 },
    interactive: false
  }).addTo(map);
  return L.geoJSON(D.admin1, { style: { color: "#c8c0b6", weight: 0.7 }, interactive: false }).addTo(map);
}

var EM_NAMED_PLACES = 30;

// Places as circles coloured by role; a place where an event is drawn is left to the event.
function emPlaces(D) {
  var eventAt = {};
  D.events.forEach(function (e) { eventAt[e.lat + "," + e.lon] = true; });
  var places = L.layerGroup();
  // The most mentioned places carry a name as on the printed map; the rest name on hover, so
  // that a map of thousands of places stays readable.
  var shown = D.places.filter(function (p) {
    return p.kind !== "country" && p.kind !== "continent" && !eventAt[p.lat + "," + p.lon];
  });
  var ranked = shown.slice().sort(function (a, b) { return b.mentions - a.mentions || (a.name < b.name ? -1 : 1); });
  var named = {};
  ranked.slice(0, EM_NAMED_PLACES).forEach(function (p) { named[p.lat + "," + p.lon + "," + p.name] = true; });
  shown.forEach(function (p) {
    var m = L.circleMarker([p.lat, p.lon], {
      radius: Math.min(4 + 2.5 * Math.sqrt(p.mentions), 16) * 0.8,
      color: "#fff", weight: 1.5, fillColor: EM_ROLE[p.role] || EM_ROLE.mention, fillOpacity: 1,
      className: "em-place"
    });
    if (named[p.lat + "," + p.lon + "," + p.name]) {
      m.bindTooltip(p.name, { permanent: true, direction: "right", offset: [6, 0], className: "em-place-label" });
    } else {
      m.bindTooltip(p.name);
    }
    m.bindPopup(function () {
      var box = emEl("div", null, "em-popup");
      box.appendChild(emEl("h2", p.name));
      box.appendChild(emEl("p", p.kind + " · " + p.mentions + (p.mentions === 1 ? " mention" : " mentions") + " · mostly " + p.role));
      return box;
    });
    places.addLayer(m);
  });
  return places;
}

// The events layer; `draw(keep)` redraws the events `keep` accepts and returns their count.
function emEvents(D) {
  var regionLayers = {};
  L.geoJSON(D.regions, {
    style: { color: EM_EVENT, weight: 1.5, fillColor: EM_EVENT, fillOpacity: 0.22 },
    onEachFeature: function (f, layer) {
      (regionLayers[f.properties.event] = regionLayers[f.properties.event] || []).push(layer);
    }
  });
  var group = L.layerGroup();
  group.draw = function (keep) {
    group.clearLayers();
    var shown = 0;
    // A region with several events is shaded once (stacked shading would read as a darker,
    // worse event), labelled with their number, and its popup lists them all.
    var inRegion = {}, regions = [];
    // Events a few km apart share one permanent label (the largest's), so labels do not
    // cover each other; the others name themselves on hover.
    var spot = function (ev) { return Math.round(ev.lat * 20) + "," + Math.round(ev.lon * 20); };
    var lead = {}, nearby = {};
    D.events.forEach(function (ev) {
      if (!keep(ev) || ev.regional) return;
      var k = spot(ev);
      nearby[k] = (nearby[k] || 0) + 1;
      if (!lead[k] || ev.radius > lead[k].radius) lead[k] = ev;
    });
    D.events.forEach(function (ev) {
      if (!keep(ev)) return;
      shown += 1;
      if (ev.regional && regionLayers[ev.id]) {
        if (!inRegion[ev.place]) { inRegion[ev.place] = []; regions.push(ev.place); }
        inRegion[ev.place].push(ev);
        return;
      }
      var m = L.circleMarker([ev.lat, ev.lon], {
        radius: ev.radius * 0.75, color: "#fff", weight: 2, fillColor: EM_EVENT, fillOpacity: 1,
        className: "em-event"
      });
      var text = ev.place + (ev.casualties ? " · " + ev.casualties : ""), k = spot(ev);
      if (lead[k] === ev) {
        var more = nearby[k] - 1;
        m.bindTooltip(text + (more ? " (+" + more + " nearby)" : ""), { permanent: true, direction: "auto", className: "em-label" });
      } else {
        m.bindTooltip(text, { direction: "auto", className: "em-label" });
      }
      m.bindPopup(function () { return emEventPopup(ev); }, { maxWidth: 360 });
      group.addLayer(m);
    });
    regions.forEach(function (name) {
      var evs = inRegion[name], first = evs[0];
      regionLayers[first.id].forEach(function (l) {
        l.unbindPopup();
        l.bindPopup(function () {
          var box = emEl("div");
          evs.forEach(function (e) { box.appendChild(emEventPopup(e)); });
          return box;
        }, { maxWidth: 360, maxHeight: 420 });
        group.addLayer(l);
      });
      var label = evs.length > 1 ? name + " · " + evs.length + " events" : name;
      group.addLayer(L.tooltip({ permanent: true, direction: "center", className: "em-label em-region-label" })
        .setLatLng([first.lat, first.lon]).setContent(label));
    });
    return shown;
  };
  return group;
}

// The filter state: a date range, event types, and whether undated events show.
function emFilter(D) {
  var days = D.events.filter(function (e) { return e.date; }).map(function (e) { return e.date; }).sort();
  var f = { days: days.filter(function (d, i) { return i === 0 || days[i - 1] !== d; }), types: {}, labels: {}, undated: true };
  f.from = f.days[0] || "";
  f.to = f.days[f.days.length - 1] || "";
  D.events.forEach(function (e) { f.types[e.type] = true; f.labels[e.type] = e.type_label; });
  f.keep = function (ev) {
    if (!f.types[ev.type]) return false;
    if (!ev.date) return f.undated;
    return (!f.from || ev.date >= f.from) && (!f.to || ev.date <= f.to);
  };
  return f;
}

function emCheckbox(text, onChange) {
  var lab = emEl("label"), cb = emEl("input");
  cb.type = "checkbox"; cb.checked = true;
  cb.addEventListener("change", function () { onChange(cb.checked); });
  lab.appendChild(cb); lab.appendChild(document.createTextNode(" " + text));
  return lab;
}

// Date inputs, the time slider (events up to a day) and the undated switch.
function emDateControls(f, refresh) {
  var fs = emEl("fieldset");
  fs.appendChild(emEl("legend", "Dates"));
  ["from", "to"].forEach(function (k) {
    var lab = emEl("label", k === "from" ? "From " : "To "), inp = emEl("input");
    inp.type = "date"; inp.value = f[k]; inp.id = "em-" + k;
    inp.addEventListener("change", function () { f[k] = inp.value; refresh(); });
    lab.appendChild(inp); fs.appendChild(lab);
  });
  var last = f.days.length - 1, slider = emEl("input"), label = emEl("label", "Up to " + f.days[last]);
  slider.type = "range"; slider.id = "em-slider"; slider.min = 0; slider.max = last; slider.step = 1; slider.value = last;
  slider.addEventListener("input", function () {
    f.to = f.days[+slider.value];
    document.getElementById("em-to").value = f.to;
    label.textContent = "Up to " + f.to;
    refresh();
  });
  fs.appendChild(emEl("label", "Time")); fs.appendChild(slider); fs.appendChild(label);
  fs.appendChild(emCheckbox("events without a full date", function (on) { f.undated = on; refresh(); }));
  return fs;
}

function emPanel(D, f, refresh) {
  var panel = L.control({ position: "topright" });
  panel.onAdd = function () {
    var box = emEl("div", null, "em-panel");
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    box.appendChild(emEl("h1", D.title));
    if (f.days.length) box.appendChild(emDateControls(f, refresh));
    var types = Object.keys(f.types).sort();
    if (types.length) {
      var ts = emEl("fieldset");
      ts.appendChild(emEl("legend", "Event types"));
      types.forEach(function (t) {
        ts.appendChild(emCheckbox(f.labels[t], function (on) { f.types[t] = on; refresh(); }));
      });
      box.appendChild(ts);
    }
    box.appendChild(emEl("div", "", "em-count"));
    return box;
  };
  return panel;
}

function emLegend() {
  var legend = L.control({ position: "bottomleft" });
  legend.onAdd = function () {
    var box = emEl("div", null, "em-legend");
    function row(colour, text, cls) {
      var r = emEl("div"), s = emEl("span", null, "em-swatch" + (cls ? " " + cls : ""));
      if (colour) s.style.background = colour;
      r.appendChild(s); r.appendChild(document.createTextNode(text)); box.appendChild(r);
    }
    row(EM_EVENT, "Event (size: killed + injured)");
    row(null, "Event known only to its region", "em-region");
    row(EM_ROLE.event, "Place where something happened");
    row(EM_ROLE.actor, "Government speaking or acting");
    row(EM_ROLE.mention, "Other mention");
    return box;
  };
  return legend;
}

// A view in the address (#map=ZOOM/LAT/LON, as OpenStreetMap writes it) wins over fitting.
function emView(map, D) {
  var asked = /^#map=([\d.]+)\/(-?[\d.]+)\/(-?[\d.]+)$/.exec(location.hash);
  var pts = D.events.map(function (e) { return [e.lat, e.lon]; });
  if (!pts.length) {
    pts = D.places.filter(function (p) { return p.kind !== "country" && p.kind !== "continent"; })
      .map(function (p) { return [p.lat, p.lon]; });
  }
  if (asked) {
    map.setView([+asked[2], +asked[3]], +asked[1]);
  } else if (pts.length) {
    // Room for the filter panel (right) and the legend (left).
    map.fitBounds(L.latLngBounds(pts).pad(0.1), { maxZoom: 8, paddingTopLeft: [200, 20], paddingBottomRight: [340, 20] });
  } else {
    map.setView([30, 0], 2);
  }
}

function emMain() {
  var status = emStatus();
  var D = JSON.parse(document.getElementById("em-data").textContent);
  var map = L.map("map", { zoomSnap: 0.25, worldCopyJump: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(D.attribution.replace(/&/g, "&amp;").replace(/</g, "&lt;"));
  var admin1 = emBasemap(map, D);
  var places = emPlaces(D).addTo(map);
  var events = emEvents(D).addTo(map);
  var f = emFilter(D);
  function refresh() {
    var n = events.draw(f.keep);
    document.querySelector(".em-count").textContent = n + " of " + D.events.length + " events shown";
    status.shown = n;
    status.report();
  }
  emPanel(D, f, refresh).addTo(map);
  emLegend().addTo(map);
  L.control.layers(null, { "Events": events, "Places": places, "Region boundaries": admin1 }, { collapsed: true }).addTo(map);
  emView(map, D);
  refresh();
  var size = map.getSize(), c = map.getCenter();
  status.view = { zoom: map.getZoom(), lat: c.lat, lon: c.lng, width: size.x, height: size.y };
  status.events = D.events.map(function (e) { return { id: e.id, lat: e.lat, lon: e.lon, regional: e.regional }; });
  status.resources = (performance.getEntriesByType ? performance.getEntriesByType("resource") : []).map(function (r) { return r.name; });
  status.ready = true;
  status.report();
}

emMain();
