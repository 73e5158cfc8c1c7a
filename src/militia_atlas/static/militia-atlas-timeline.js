/* militia-atlas: the timeline's filters (views/timelines.py, views/timeline_data.py).
   Fetches the timeline's data file, fills the drop-downs with every value, and shows the
   attacks that match all the chosen filters, counted by month, then listed newest first.
   The filter is kept in the URL's query (?group=...&weapon=...): a reload shows the same. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-ma-timeline]");
  var results = document.getElementById("ma-timeline-results");
  if (!form || !results || !window.fetch) return;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  var PAGE = 50;
  var FACETS = ["group", "target", "place", "weapon", "kind"];
  var data, root, shown = PAGE;

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fill() {
    FACETS.forEach(function (facet) {
      var select = form.elements[facet];
      data.facets[facet].forEach(function (choice) {
        select.appendChild(el("option", {value: choice[0]}, choice[1] + " (" + choice[2] + ")"));
      });
    });
  }

  function chosen() {
    var values = {};
    FACETS.concat(["from", "to"]).forEach(function (name) { values[name] = form.elements[name].value; });
    return values;
  }

  function positions(facet, value) {
    var found = -1;
    data.facets[facet].forEach(function (choice, n) { if (choice[0] === value) found = n; });
    return found;
  }

  function has(field, position) {
    return Array.isArray(field) ? field.indexOf(position) >= 0 : field === position;
  }

  function matches(values) {
    var fields = {group: 4, target: 5, place: 6, weapon: 7, kind: 3};
    var wanted = FACETS.filter(function (f) { return values[f]; })
      .map(function (f) { return [fields[f], positions(f, values[f])]; });
    return data.rows.filter(function (row) {
      var date = row[1];
      var start = (date + "-01-01").slice(0, 10), end = date.length === 4 ? date + "-12-31" : (date + "-31").slice(0, 10);
      if (values.from && end < values.from) return false;
      if (values.to && start > values.to) return false;
      return wanted.every(function (pair) { return has(row[pair[0]], pair[1]); });
    });
  }

  function monthChart(rows) {
    var counts = {}, years = {}, peak = 0;
    rows.forEach(function (row) {
      var key = row[1].slice(0, 7);
      counts[key] = (counts[key] || 0) + 1;
      years[key.slice(0, 4)] = (years[key.slice(0, 4)] || 0) + 1;
      peak = Math.max(peak, counts[key]);
    });
    var chart = el("div", {"class": "ma-timeline", role: "group", "aria-label": "Matching attacks and strikes by month"});
    Object.keys(years).sort().reverse().forEach(function (year, n) {
      var details = el("details", n ? {"class": "ma-timeline-year"} : {"class": "ma-timeline-year", open: ""});
      var summary = el("summary");
      summary.appendChild(el("strong", {}, year));
      summary.appendChild(document.createTextNode(" "));
      summary.appendChild(el("span", {"class": "ma-count"}, years[year] + (years[year] === 1 ? " match" : " matches")));
      details.appendChild(summary);
      var list = el("ol", {"class": "ma-timeline-months"});
      Object.keys(counts).filter(function (k) { return k.slice(0, 4) === year; }).sort(function (a, b) {
        return (b.length === 4 ? "" : b) < (a.length === 4 ? "" : a) ? -1 : 1;  // months newest first, then "unknown"
      }).forEach(function (key) {
        var item = el("li", {"data-month": key, "data-count": String(counts[key])});
        var label = el("span", {"class": "ma-timeline-label"});
        if (key.length === 4) label.textContent = "Month unknown";
        else label.appendChild(el("a", {href: monthHref(key)}, MONTHS[+key.slice(5) - 1]));
        item.appendChild(label);
        item.appendChild(el("span", {"class": "ma-bar", style: "width:" + Math.max(2, Math.round(100 * counts[key] / peak)) + "%", "aria-hidden": "true"}));
        item.appendChild(el("span", {"class": "ma-count"}, String(counts[key])));
        list.appendChild(item);
      });
      details.appendChild(list);
      chart.appendChild(details);
    });
    return chart;
  }

  function query(values) {
    var search = new URLSearchParams();
    Object.keys(values).forEach(function (name) { if (values[name]) search.set(name, values[name]); });
    search = search.toString();
    return search ? "?" + search : "";
  }

  function monthHref(key) {  // the same filters over that month only
    var values = chosen(), last = new Date(+key.slice(0, 4), +key.slice(5), 0).getDate();
    values.from = key + "-01";
    values.to = key + "-" + String(last).padStart(2, "0");
    return query(values) || "?";
  }

  function monthStrip(rows) {
    // every month of the span, empty ones too: the shape of the whole record at a glance
    var counts = {}, keys = rows.map(function (row) { return row[1].slice(0, 7); })
      .filter(function (key) { return key.length === 7; });
    if (!keys.length) return el("div");
    keys.forEach(function (key) { counts[key] = (counts[key] || 0) + 1; });
    var months = [], first = keys.reduce(function (a, b) { return a < b ? a : b; });
    var last = keys.reduce(function (a, b) { return a > b ? a : b; });
    for (var y = +first.slice(0, 4), m = +first.slice(5); y * 12 + m <= +last.slice(0, 4) * 12 + +last.slice(5); m++) {
      if (m > 12) { m = 1; y++; }
      months.push(y + "-" + String(m).padStart(2, "0"));
    }
    var peak = Math.max.apply(null, months.map(function (key) { return counts[key] || 0; }));
    var busiest = months.filter(function (key) { return counts[key] === peak; })[0];
    var strip = el("div", {"class": "ma-month-strip", role: "img", "aria-label": "Bar chart of the " + keys.length +
      " matching attacks and strikes with a known month, by month, from " + first + " to " + last +
      "; the busiest month, " + busiest + ", had " + peak + "."});
    var bars = el("div", {"class": "ma-month-bars", "aria-hidden": "true"});
    var years = el("div", {"class": "ma-month-years", "aria-hidden": "true"});
    months.forEach(function (key, n) {
      bars.appendChild(el("span", {style: "height:" + (100 * (counts[key] || 0) / peak).toFixed(1) + "%",
                                   title: key + ": " + (counts[key] || 0)}));
      if (key.slice(5) === "01" || n === 0) {
        years.appendChild(el("span", {style: "left:" + (100 * n / months.length).toFixed(2) + "%"}, key.slice(0, 4)));
      }
    });
    strip.appendChild(bars);
    strip.appendChild(years);
    return strip;
  }

  function listItem(row) {
    var item = el("li");
    item.appendChild(el("time", {datetime: row[1]}, row[1]));
    item.appendChild(document.createTextNode(" "));
    item.appendChild(el("a", {href: root + data.attack_url.replace("ATTACK-ID", row[0])}, row[2]));
    item.appendChild(el("span", {"class": "ma-meta"}, row[8]));
    return item;
  }

  function draw(keepShown) {
    var values = chosen(), rows = matches(values);
    if (!keepShown) shown = PAGE;
    results.querySelector("[role=status]").textContent =
      rows.length + " of " + data.rows.length + " attacks and strikes match" +
      (rows.length > shown ? "; the newest " + shown + " are listed" : "") + ".";
    var chart = results.querySelector(".ma-filter-chart");
    chart.replaceChildren(monthStrip(rows));
    results.querySelector(".ma-filter-months").replaceChildren(monthChart(rows));
    var list = results.querySelector(".ma-results");
    list.replaceChildren.apply(list, rows.slice(0, shown).map(listItem));
    var more = results.querySelector(".ma-more");
    more.hidden = rows.length <= shown;
    history.replaceState(null, "", location.pathname + query(values) + location.hash);
  }

  function restore() {
    var query = new URLSearchParams(location.search);
    FACETS.concat(["from", "to"]).forEach(function (name) {
      var value = query.get(name);
      if (value !== null) form.elements[name].value = value;
    });
  }

  fetch(form.getAttribute("data-data")).then(function (response) {
    if (!response.ok) throw new Error("timeline data: HTTP " + response.status);
    return response.json();
  }).then(function (loaded) {
    data = loaded;
    root = form.getAttribute("data-root");
    fill();
    restore();
    form.addEventListener("change", function () { draw(false); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { draw(false); }, 0); });
    results.querySelector(".ma-more").addEventListener("click", function () { shown += PAGE; draw(true); });
    document.querySelectorAll("[data-ma-static]").forEach(function (node) { node.hidden = true; });
    var strikes = document.getElementById("strikes");
    if (strikes) strikes.hidden = true;
    form.hidden = false;
    results.hidden = false;
    draw(false);
  });
})();
