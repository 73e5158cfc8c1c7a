/* militia-atlas maps: every base and every located attack, drawn with Leaflet (served from this site).
 *
 * Each <div class="ma-map"> names its data files and options in data- attributes:
 *   data-root      the site root, relative to the page (links in the data are relative to it)
 *   data-features  GeoJSON of bases and located attacks, with "labels": the names of countries and
 *                  seas an offline basemap shows (one file for the whole site)
 *   data-outlines  GeoJSON of country outlines, so the map reads well without tiles
 *   data-tiles     tile URL template, or empty for no tiles (also: ?tiles=off, or
 *                  <html data-ma-tiles="off">) — then the page makes no outside request.
 *                  Tiles are shown once one has loaded; until then, and when none can load
 *                  (offline), the map draws outlines and names (class ma-map--no-tiles).
 *   data-show      "bases" to show bases only
 *   data-mark      "base:ID", "vessel:ID", "country:ID" or "sea:ID": an entity page's map marks the
 *                  entity and shows only its attacks
 *   data-lat, data-lon, data-zoom   start here instead of fitting every point
 *
 * Attacks at one place are one marker with their number (strikes by states' forces apart, as a
 * diamond); attack markers lie above base markers. Markers and names are made only when they come
 * into view, and popups only when opened, to keep the page's script work small.
 */
(function () {
  "use strict";

  var LISTED = 10;  // attacks listed in a popup; "and N more" links to the place's page

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

  function link(root, url, text) {
    return '<a href="' + escapeHtml(root + url) + '">' + escapeHtml(text) + "</a>";
  }

  function counted(number, noun) {
    return number.toLocaleString("en") + " " + noun + (number === 1 ? "" : "s");
  }

  // Strikes by states' forces are counted apart from attacks, as everywhere on the site.
  function countsText(attacks) {
    var strikes = attacks.filter(function (a) { return a.properties.strike; }).length;
    var count = attacks.length - strikes;
    return (count || !strikes ? [counted(count, "attack")] : [])
      .concat(strikes ? [counted(strikes, "strike")] : []).join(", ");
  }

  function attackList(root, attacks, placeUrl) {
    var shown = attacks.slice(0, LISTED).map(function (a) {
      return "<li>" + escapeHtml(a.properties.date) + " — " + (a.properties.strike ? "Strike: " : "") +
        link(root, a.properties.url, a.properties.name) + "</li>";
    });
    var rest = attacks.length - LISTED;
    var more = rest > 0 ? "<p>and " + rest.toLocaleString("en") + " more" +
      (placeUrl ? ": " + link(root, placeUrl, "every attack at this place") : "") + "</p>" : "";
    return "<ul>" + shown.join("") + "</ul>" + more;
  }

  function groupPopup(root, group, basesById) {
    var base = basesById[group.attacks[0].properties.base];
    var at = base ? " at " + link(root, base.properties.url, base.properties.name) : "";
    return "<strong>" + countsText(group.attacks) + "</strong>" + at +
      attackList(root, group.attacks, group.attacks[0].properties.place);
  }

  function basePopup(root, base, attacks) {
    var count = base.properties.attacks || 0;
    return "<strong>" + link(root, base.properties.url, base.properties.name) + "</strong><br>" + count +
      (count === 1 ? " attack recorded" : " attacks recorded") +
      (attacks.length ? attackList(root, attacks, base.properties.url) : "");
  }

  // The tile the map shows at its centre, as a URL of the tile server.
  function centreTile(L, map, template) {
    var zoom = Math.round(map.getZoom());
    var tile = map.project(map.getCenter(), zoom).divideBy(256).floor();
    var size = Math.pow(2, zoom);
    return L.Util.template(template, { s: "a", r: "", z: zoom, x: ((tile.x % size) + size) % size, y: tile.y });
  }

  // Asks the tile server for one tile before showing any: offline, or with the server
  // unreachable, the map keeps its outlines and names and makes no further request (one failed
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

  function addTiles(element, L, map) {
    L.tileLayer(element.dataset.tiles, {
      maxZoom: 18,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    }).addTo(map);
    element.classList.remove("ma-map--no-tiles");
  }

  // Adds each item's layer the first time the item comes near the view.
  function whenInView(map, items, make) {
    var made = [];
    function update() {
      var bounds = map.getBounds().pad(0.5);
      items.forEach(function (item, i) {
        if (!made[i] && bounds.contains(item.latlng)) made[i] = make(item).addTo(map);
      });
    }
    map.on("moveend", update);
    update();
    return made;
  }

  // A country is named once the map is zoomed in enough for its name to fit: its size (square
  // degrees) times 4 per zoom level past 4 reaches NAMED_SIZE; seas from zoom 4.
  var NAMED_SIZE = 12;

  function nameWhenItFits(map, made, items) {
    function update() {
      var scale = Math.pow(4, map.getZoom() - 4);
      made.forEach(function (marker, i) {
        var element = marker && marker.getElement();
        if (element) element.hidden = items[i].size * scale < NAMED_SIZE;
      });
    }
    map.on("zoomend moveend", update);
    update();
  }

  function latlng(feature) {
    var c = feature.geometry.coordinates;
    return [c[1], c[0]];
  }

  // Attacks at one place, strikes apart: [{latlng, strike, attacks (newest first)}].
  function groupsOf(attacks) {
    var byPlace = {};
    attacks.forEach(function (a) {
      var key = a.geometry.coordinates.join(",") + (a.properties.strike ? ",strike" : "");
      (byPlace[key] = byPlace[key] || []).push(a);
    });
    return Object.keys(byPlace).sort().map(function (key) {
      var group = byPlace[key];
      return { latlng: latlng(group[0]), strike: !!group[0].properties.strike, attacks: group };
    });
  }

  function groupMarker(L, root, group, basesById) {
    var n = group.attacks.length;
    var size = n > 1 ? Math.round(Math.min(20 + 4 * Math.log2(n), 36)) : 14;
    var kind = group.strike ? "strike" : "attack";
    // A strike's diamond sits up and to the right of the place, so that both show where a place has both.
    var anchor = group.strike ? [size / 2 - 7, size / 2 + 7] : [size / 2, size / 2];
    var label = countsText(group.attacks) + ", the latest: " + group.attacks[0].properties.name;
    var marker = L.marker(group.latlng, {
      pane: "ma-attacks", title: label, alt: label, riseOnHover: true,
      icon: L.divIcon({
        className: "ma-marker ma-marker--" + kind, iconSize: [size, size], iconAnchor: anchor,
        html: n > 1 ? "<span>" + (n > 999 ? "999+" : n) + "</span>" : ""
      })
    });
    marker.on("add", function () { marker.getElement().setAttribute("aria-label", label); });
    return marker.bindPopup(function () { return groupPopup(root, group, basesById); }, { maxWidth: 320 });
  }

  function labelMarker(L, name, kind) {
    return L.marker(name.latlng, {
      pane: "ma-labels", interactive: false, keyboard: false,
      icon: L.divIcon({ className: "ma-map-label ma-map-label--" + kind, iconSize: null,
                       html: "<span>" + escapeHtml(name.text) + "</span>" })
    });
  }

  function names(list) {
    return (list || []).map(function (l) { return { text: l[0], latlng: [l[1], l[2]], size: l[3] || NAMED_SIZE }; });
  }

  function makePanes(map) {
    [["ma-labels", 450], ["ma-bases", 610], ["ma-attacks", 620]].forEach(function (pane) {
      map.createPane(pane[0]).style.zIndex = pane[1];
    });
    map.getPane("ma-labels").style.pointerEvents = "none";
  }

  function marks(element) {
    var mark = (element.dataset.mark || "").split(":");
    return mark.length === 2 ? { kind: mark[0], id: mark[1] } : null;
  }

  function markedAttack(mark, attack) {
    return !mark || attack.properties[mark.kind] === mark.id;
  }

  function drawOutlines(L, map, outlines, mark) {
    var marked = null;
    L.geoJSON(outlines, {
      interactive: false,
      style: function (feature) {
        var hit = mark && mark.kind === "country" && feature.properties.slug === mark.id;
        return { weight: hit ? 2 : 1, fillOpacity: 1,
                 className: "ma-outline" + (hit ? " ma-outline--marked" : "") };
      },
      onEachFeature: function (feature, layer) {
        if (mark && mark.kind === "country" && feature.properties.slug === mark.id) marked = layer;
      }
    }).addTo(map);
    return marked;
  }

  function setView(element, L, map, focusPoints, allPoints, outline) {
    var zoom = +(element.dataset.zoom || 7);
    var bounds = focusPoints.length ? L.latLngBounds(focusPoints) : null;
    if (outline) bounds = bounds ? bounds.extend(outline.getBounds()) : outline.getBounds();
    if (bounds && (bounds.getNorthEast().distanceTo(bounds.getSouthWest()) > 20000)) {
      map.fitBounds(bounds.pad(0.2), { maxZoom: zoom });
    } else if (bounds) {
      map.setView(bounds.getCenter(), zoom);
    } else if (element.dataset.lat && element.dataset.lon) {
      map.setView([+element.dataset.lat, +element.dataset.lon], zoom);
    } else if (allPoints.length) {
      map.fitBounds(L.latLngBounds(allPoints).pad(0.2), { maxZoom: 6 });  // close enough, with the countries around
    }
  }

  // Each step runs as a task of its own, so that no one task blocks the page for long.
  function inTurn(steps) {
    if (!steps.length) return;
    steps[0]();
    if (steps.length > 1) setTimeout(function () { inTurn(steps.slice(1)); }, 0);
  }

  function draw(element, L, features, outlines) {
    var root = element.dataset.root || "./";
    var mark = marks(element);
    var map = L.map(element, { scrollWheelZoom: false, worldCopyJump: true });
    map.setView([33, 44], 5);  // layers need a view before they are added; the real view is set below
    makePanes(map);
    element.classList.add("ma-map--no-tiles");  // until a tile has loaded
    var outline = null;
    var bases = features.features.filter(function (f) { return f.properties.kind === "base"; });
    var attacks = features.features.filter(function (f) {
      return f.properties.kind === "attack" && markedAttack(mark, f);
    });
    var groups = element.dataset.show === "bases" ? [] : groupsOf(attacks);
    var basesById = {};
    bases.forEach(function (b) { basesById[b.properties.id] = b; });
    inTurn([
      function () {
        outline = outlines ? drawOutlines(L, map, outlines, mark) : null;
        var focus = groups.map(function (g) { return g.latlng; });
        bases.forEach(function (b) { if (mark && mark.kind === "base" && b.properties.id === mark.id) focus.push(latlng(b)); });
        var allPoints = bases.map(latlng).concat(groups.map(function (g) { return g.latlng; }));
        setView(element, L, map, mark ? focus : [], allPoints, outline);
      },
      function () { drawBases(L, map, root, bases, attacks, mark); },
      function () { whenInView(map, groups, function (group) { return groupMarker(L, root, group, basesById); }); },
      function () {
        var labels = features.labels || {};
        var countries = names(labels.countries), seas = names(labels.seas);
        nameWhenItFits(map, whenInView(map, countries, function (n) { return labelMarker(L, n, "country"); }), countries);
        nameWhenItFits(map, whenInView(map, seas, function (n) { return labelMarker(L, n, "sea"); }), seas);
      },
      function () {
        element.classList.add("ma-map--ready");
        if (tilesWanted(element)) {
          whenTilesLoad(L, map, element.dataset.tiles, function () { addTiles(element, L, map); },
            function () {
              element.classList.add("ma-map--tiles-failed");
              map.attributionControl.addAttribution("The street map could not be loaded: outlines and names shown");
            });
        }
      }
    ]);
  }

  function drawBases(L, map, root, bases, attacks, mark) {
    var byBase = {};
    attacks.forEach(function (a) { (byBase[a.properties.base] = byBase[a.properties.base] || []).push(a); });
    bases.forEach(function (b) {
      var hit = !!mark && mark.kind === "base" && b.properties.id === mark.id;
      L.circleMarker(latlng(b), {
        pane: "ma-bases", radius: hit ? 9 : 6, weight: hit ? 3 : 2, fillOpacity: 1,
        className: "ma-marker ma-marker--base" + (hit ? " ma-marker--marked" : "")
      }).bindPopup(function () { return basePopup(root, b, byBase[b.properties.id] || []); }, { maxWidth: 320 })
        .addTo(map);
    });
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
