// eventmap's interactive map: draws the data embedded in #em-data with Leaflet. No network:
// no tiles, no fonts, no images; every layer is drawn from the inline GeoJSON.
(function () {
  "use strict";
  var status = { errors: [], ready: false };
  var statusEl = document.getElementById("em-status");
  function report() { statusEl.textContent = JSON.stringify(status); }
  window.addEventListener("error", function (e) { status.errors.push(String(e.message)); report(); });

  var D = JSON.parse(document.getElementById("em-data").textContent);
  var EVENT = "#c81e2d";
  var ROLE = { event: "#e67814", actor: "#5f50aa", mention: "#646e78" };

  var map = L.map("map", { zoomSnap: 0.25, worldCopyJump: false, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(D.attribution.replace(/&/g, "&amp;").replace(/</g, "&lt;"));

  L.geoJSON(D.countries, {
    style: { color: "#96918c", weight: 0.8, fillColor: "#faf8f0", fillOpacity: 1 },
    interactive: false
  }).addTo(map);
  var admin1 = L.geoJSON(D.admin1, { style: { color: "#c8c0b6", weight: 0.7 }, interactive: false }).addTo(map);

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function eventPopup(ev) {
    var box = el("div", null, "em-popup");
    box.appendChild(el("h2", ev.place));
    box.appendChild(el("p", [ev.date_label || "date unknown", ev.type_label].join(" · ")));
    if (ev.casualties) box.appendChild(el("p", ev.casualties));
    if (ev.weapons.length) box.appendChild(el("p", "Weapons: " + ev.weapons.join(", ")));
    box.appendChild(el("p", ev.sources.length + (ev.sources.length === 1 ? " source: " : " sources: ") + ev.sources.join(", "), "em-src"));
    ev.evidence.forEach(function (v) {
      var q = el("blockquote", v.sentence);
      var src = el("div", null, "em-src");
      if (v.url) {
        var a = el("a", v.doc);
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

  var byId = {};
  D.events.forEach(function (ev) { byId[ev.id] = ev; });
  var regionLayers = {};
  L.geoJSON(D.regions, {
    style: { color: EVENT, weight: 1.5, fillColor: EVENT, fillOpacity: 0.22 },
    onEachFeature: function (f, layer) {
      (regionLayers[f.properties.event] = regionLayers[f.properties.event] || []).push(layer);
      layer.bindPopup(function () { return eventPopup(byId[f.properties.event]); }, { maxWidth: 360 });
    }
  });

  // A place where an event is drawn is stood for by the event's symbol.
  var eventAt = {};
  D.events.forEach(function (e) { eventAt[e.lat + "," + e.lon] = true; });
  var places = L.layerGroup();
  D.places.forEach(function (p) {
    if (p.kind === "country" || p.kind === "continent" || eventAt[p.lat + "," + p.lon]) return;
    var m = L.circleMarker([p.lat, p.lon], {
      radius: Math.min(4 + 2.5 * Math.sqrt(p.mentions), 16) * 0.8,
      color: "#fff", weight: 1.5, fillColor: ROLE[p.role] || ROLE.mention, fillOpacity: 1,
      className: "em-place"
    });
    m.bindTooltip(p.name);
    m.bindPopup(function () {
      var box = el("div", null, "em-popup");
      box.appendChild(el("h2", p.name));
      box.appendChild(el("p", p.kind + " · " + p.mentions + (p.mentions === 1 ? " mention" : " mentions") + " · mostly " + p.role));
      return box;
    });
    places.addLayer(m);
  });
  places.addTo(map);

  var events = L.layerGroup().addTo(map);
  function drawEvents(keep) {
    events.clearLayers();
    var shown = 0;
    D.events.forEach(function (ev) {
      if (!keep(ev)) return;
      shown += 1;
      if (ev.regional && regionLayers[ev.id]) {
        regionLayers[ev.id].forEach(function (l) { events.addLayer(l); });
        events.addLayer(L.tooltip({ permanent: true, direction: "center", className: "em-label em-region-label" })
          .setLatLng([ev.lat, ev.lon]).setContent(ev.place));
        return;
      }
      var m = L.circleMarker([ev.lat, ev.lon], {
        radius: ev.radius * 0.75, color: "#fff", weight: 2, fillColor: EVENT, fillOpacity: 1,
        className: "em-event"
      });
      m.bindTooltip(ev.place + (ev.casualties ? " · " + ev.casualties : ""), { permanent: true, direction: "auto", className: "em-label" });
      m.bindPopup(function () { return eventPopup(ev); }, { maxWidth: 360 });
      events.addLayer(m);
    });
    return shown;
  }

  // Filters: a date range, event types and a time slider (events up to a day).
  var days = D.events.filter(function (e) { return e.date; }).map(function (e) { return e.date; }).sort();
  var uniqueDays = days.filter(function (d, i) { return i === 0 || days[i - 1] !== d; });
  var types = {};
  D.events.forEach(function (e) { types[e.type] = e.type_label; });
  var state = { from: uniqueDays[0] || "", to: uniqueDays[uniqueDays.length - 1] || "", types: {}, undated: true };
  Object.keys(types).forEach(function (t) { state.types[t] = true; });

  var panel = L.control({ position: "topright" });
  var countEl, sliderLabel;
  function keep(ev) {
    if (!state.types[ev.type]) return false;
    if (!ev.date) return state.undated;
    return (!state.from || ev.date >= state.from) && (!state.to || ev.date <= state.to);
  }
  function refresh() {
    var n = drawEvents(keep);
    countEl.textContent = n + " of " + D.events.length + " events shown";
    status.shown = n;
    report();
  }
  panel.onAdd = function () {
    var box = el("div", null, "em-panel");
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    box.appendChild(el("h1", D.title));
    if (uniqueDays.length) {
      var fs = el("fieldset"); fs.appendChild(el("legend", "Dates"));
      ["from", "to"].forEach(function (k) {
        var lab = el("label", k === "from" ? "From " : "To ");
        var inp = el("input"); inp.type = "date"; inp.value = state[k]; inp.id = "em-" + k;
        inp.addEventListener("change", function () { state[k] = inp.value; refresh(); });
        lab.appendChild(inp); fs.appendChild(lab);
      });
      var slider = el("input"); slider.type = "range"; slider.id = "em-slider";
      slider.min = 0; slider.max = uniqueDays.length - 1; slider.step = 1; slider.value = uniqueDays.length - 1;
      sliderLabel = el("label", "Up to " + uniqueDays[uniqueDays.length - 1]);
      slider.addEventListener("input", function () {
        state.to = uniqueDays[+slider.value];
        document.getElementById("em-to").value = state.to;
        sliderLabel.textContent = "Up to " + state.to;
        refresh();
      });
      fs.appendChild(el("label", "Time")); fs.appendChild(slider); fs.appendChild(sliderLabel);
      var und = el("label"); var cb = el("input"); cb.type = "checkbox"; cb.checked = true;
      cb.addEventListener("change", function () { state.undated = cb.checked; refresh(); });
      und.appendChild(cb); und.appendChild(document.createTextNode(" events without a full date"));
      fs.appendChild(und);
      box.appendChild(fs);
    }
    if (Object.keys(types).length) {
      var ts = el("fieldset"); ts.appendChild(el("legend", "Event types"));
      Object.keys(types).sort().forEach(function (t) {
        var lab = el("label"); var cb = el("input"); cb.type = "checkbox"; cb.checked = true; cb.value = t;
        cb.addEventListener("change", function () { state.types[t] = cb.checked; refresh(); });
        lab.appendChild(cb); lab.appendChild(document.createTextNode(" " + types[t]));
        ts.appendChild(lab);
      });
      box.appendChild(ts);
    }
    countEl = el("div", "", "em-count");
    box.appendChild(countEl);
    return box;
  };
  panel.addTo(map);

  var legend = L.control({ position: "bottomleft" });
  legend.onAdd = function () {
    var box = el("div", null, "em-legend");
    function row(colour, text, cls) {
      var r = el("div"); var s = el("span", null, "em-swatch" + (cls ? " " + cls : ""));
      if (colour) s.style.background = colour;
      r.appendChild(s); r.appendChild(document.createTextNode(text)); box.appendChild(r);
    }
    row(EVENT, "Event (size: killed + injured)");
    row(null, "Event known only to its region", "em-region");
    row(ROLE.event, "Place where something happened");
    row(ROLE.actor, "Government speaking or acting");
    row(ROLE.mention, "Other mention");
    return box;
  };
  legend.addTo(map);
  L.control.layers(null, { "Events": events, "Places": places, "Region boundaries": admin1 }, { collapsed: true }).addTo(map);

  // A view in the address (#map=ZOOM/LAT/LON, as OpenStreetMap writes it) wins over fitting.
  var asked = /^#map=([\d.]+)\/(-?[\d.]+)\/(-?[\d.]+)$/.exec(location.hash);
  var pts = D.events.map(function (e) { return [e.lat, e.lon]; });
  if (!pts.length) pts = D.places.filter(function (p) { return p.kind !== "country" && p.kind !== "continent"; }).map(function (p) { return [p.lat, p.lon]; });
  if (asked) {
    map.setView([+asked[2], +asked[3]], +asked[1]);
  } else if (pts.length) {
    // Room for the filter panel (right) and the legend (left).
    map.fitBounds(L.latLngBounds(pts).pad(0.1), { maxZoom: 8, paddingTopLeft: [200, 20], paddingBottomRight: [340, 20] });
  } else {
    map.setView([30, 0], 2);
  }
  refresh();
  var size = map.getSize(), c = map.getCenter();
  status.view = { zoom: map.getZoom(), lat: c.lat, lon: c.lng, width: size.x, height: size.y };
  status.events = D.events.map(function (e) { return { id: e.id, lat: e.lat, lon: e.lon, regional: e.regional }; });
  status.resources = (performance.getEntriesByType ? performance.getEntriesByType("resource") : []).map(function (r) { return r.name; });
  status.ready = true;
  report();
})();
