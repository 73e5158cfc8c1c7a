/* militia-atlas maps: every base and every located attack, drawn with Leaflet (served from this site).
 *
 * Each <div class="ma-map"> names its data files and options in data- attributes:
 *   data-root      the site root, relative to the page (links in the data are relative to it)
 *   data-features  GeoJSON of bases and located attacks (one file for the whole site)
 *   data-outlines  GeoJSON of country outlines, so the map reads well without tiles
 *   data-tiles     tile URL template, or empty for no tiles (also: ?tiles=off, or
 *                  <html data-ma-tiles="off">) — then the page makes no outside request.
 *                  Tiles are shown once one has loaded; until then, and when none can load
 *                  (offline), the map draws country outlines (class ma-map--no-tiles).
 *   data-show      "bases" to show bases only
 *   data-lat, data-lon, data-zoom   start here instead of fitting every point
 */
(function () {
  "use strict";

  function tilesWanted(element) {
    if (!element.dataset.tiles) return false;
    if (/[?&]tiles=off\b/.test(window.location.search)) return false;
    return document.documentElement.dataset.maTiles !== "off";
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function link(root, properties, text) {
    return '<a href="' + escapeHtml(root + properties.url) + '">' + escapeHtml(text) + "</a>";
  }

  function attackPopup(root, attacks) {
    var shown = attacks.slice(0, 10).map(function (a) {
      return "<li>" + escapeHtml(a.properties.date) + " — " + (a.properties.strike ? "Strike: " : "") +
        link(root, a.properties, a.properties.name) + "</li>";
    });
    var more = attacks.length > 10 ? "<p>and " + (attacks.length - 10) + " more</p>" : "";
    var strikes = attacks.filter(function (a) { return a.properties.strike; }).length;
    var count = attacks.length - strikes;
    // Strikes by states' forces are counted apart from attacks, as everywhere on the site.
    var counts = (count || !strikes ? [count + (count === 1 ? " attack" : " attacks")] : [])
      .concat(strikes ? [strikes + (strikes === 1 ? " strike" : " strikes")] : []);
    return "<strong>" + counts.join(", ") + "</strong><ul>" + shown.join("") + "</ul>" + more;
  }

  // The tile the map shows at its centre, as a URL of the tile server.
  function centreTile(L, map, template) {
    var zoom = Math.round(map.getZoom());
    var tile = map.project(map.getCenter(), zoom).divideBy(256).floor();
    var size = Math.pow(2, zoom);
    return L.Util.template(template, { s: "a", r: "", z: zoom, x: ((tile.x % size) + size) % size, y: tile.y });
  }

  // Asks the tile server for one tile before showing any: offline, or with the server
  // unreachable, the map keeps its country outlines and makes no further request (one failed
  // request, not a screenful of broken tiles and console errors).
  function whenTilesLoad(L, map, template, then, otherwise) {
    var probe = new Image();
    probe.onload = then;
    probe.onerror = otherwise;
    try {
      probe.src = centreTile(L, map, template);
    } catch (error) {  // a template with placeholders of its own ({apikey}...): let Leaflet try
      then();
    }
  }

  function addTiles(element, L, map, outlineLayer) {
    L.tileLayer(element.dataset.tiles, {
      maxZoom: 18,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    }).addTo(map);
    element.classList.remove("ma-map--no-tiles");
    if (outlineLayer) outlineLayer.setStyle({ fillOpacity: 0.15 });
  }

  function draw(element, L, features, outlines) {
    var root = element.dataset.root || "./";
    var map = L.map(element, { scrollWheelZoom: false, worldCopyJump: true });
    map.setView([33, 44], 5);  // layers need a view before they are added; the real view is set below
    element.classList.add("ma-map--ready");
    element.classList.add("ma-map--no-tiles");  // until a tile has loaded
    var outlineLayer = null;
    if (outlines) {
      outlineLayer = L.geoJSON(outlines, {
        interactive: false,
        style: { color: "#8a8f98", weight: 1, fillColor: "#e8e4d8", fillOpacity: 1 }
      }).addTo(map);
    }
    var bases = features.features.filter(function (f) { return f.properties.kind === "base"; });
    var attacks = element.dataset.show === "bases" ? [] :
      features.features.filter(function (f) { return f.properties.kind === "attack"; });
    var points = [];
    var byPlace = {};
    attacks.forEach(function (a) {
      var key = a.geometry.coordinates.join(",");
      (byPlace[key] = byPlace[key] || []).push(a);
    });
    Object.keys(byPlace).sort().forEach(function (key) {
      var group = byPlace[key];
      var c = group[0].geometry.coordinates;
      points.push([c[1], c[0]]);
      L.circleMarker([c[1], c[0]], {
        radius: Math.min(4 + Math.sqrt(group.length) * 2, 18), color: "#b91c1c", weight: 1,
        fillColor: "#ef4444", fillOpacity: 0.6, className: "ma-marker ma-marker--attack"
      }).bindPopup(attackPopup(root, group)).addTo(map);
    });
    bases.forEach(function (b) {
      var c = b.geometry.coordinates;
      points.push([c[1], c[0]]);
      var count = b.properties.attacks || 0;
      L.circleMarker([c[1], c[0]], {
        radius: 6, color: "#1e3a8a", weight: 2, fillColor: "#3b82f6", fillOpacity: 0.9,
        className: "ma-marker ma-marker--base"
      }).bindPopup(link(root, b.properties, b.properties.name) + "<br>" + count +
        (count === 1 ? " attack recorded" : " attacks recorded")).addTo(map);
    });
    if (element.dataset.lat && element.dataset.lon) {
      map.setView([+element.dataset.lat, +element.dataset.lon], +(element.dataset.zoom || 7));
    } else if (points.length) {
      map.fitBounds(L.latLngBounds(points).pad(0.2), { maxZoom: 8 });
    }
    if (tilesWanted(element)) {
      whenTilesLoad(L, map, element.dataset.tiles, function () { addTiles(element, L, map, outlineLayer); },
        function () {
          element.classList.add("ma-map--tiles-failed");
          map.attributionControl.addAttribution("The street map could not be loaded: country outlines shown");
        });
    }
  }

  function load(url) {
    return url ? fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    }) : Promise.resolve(null);
  }

  function start() {
    var L = window.L;
    document.querySelectorAll(".ma-map").forEach(function (element) {
      if (!L) {
        element.textContent = "The map library did not load.";
        return;
      }
      Promise.all([load(element.dataset.features), load(element.dataset.outlines).catch(function () { return null; })])
        .then(function (data) { draw(element, L, data[0], data[1]); })
        .catch(function (error) {
          element.classList.add("ma-map--failed");
          element.textContent = "The map data could not be loaded (" + error.message + ").";
        });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
