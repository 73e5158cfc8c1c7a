/* militia-atlas search: Material's header search box, answered by Pagefind.
 *
 * Material's own search needs its lunr index (one file holding every page). This box
 * uses Material's markup and classes, so it looks the same, but asks Pagefind, which
 * downloads only the index chunks a query needs. Stable hooks for tests and themes:
 *   #ma-search-input     the query input      (also [data-ma-search-input])
 *   #ma-search-results   the result list      (<ol>, one <li> per result)
 *   #ma-search-meta      the status line      ("3 matching pages", "No matching pages")
 *   [data-ma-search]     the whole search box (data-ma-search-state: idle|loading|ready|error)
 */
(function () {
  "use strict";

  var SHOWN = 10;
  var EXACT_CANDIDATES = 3;
  var ICONS = {
    magnify: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>',
    back: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z"/></svg>',
    close: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z"/></svg>'
  };
  var STYLE = [
    ".ma-search .md-search-result__more { display: block; padding: .6rem .8rem; font-size: .64rem; }",
    ".ma-search .md-search-result__article p { margin: .4em 0 0; }",
    ".ma-search mark { background: none; color: var(--md-accent-fg-color); font-weight: 700; }"
  ].join("\n");

  function siteRoot() {
    var base = ".";
    var config = document.getElementById("__config");
    if (config) {
      try { base = JSON.parse(config.textContent).base || "."; } catch (error) { /* keep "." */ }
    }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  // Pagefind matches words by prefix, so "KH" also finds "al-Khorasani", and can rank it
  // higher. A page whose title or one of its names (data-pagefind-meta="names": name, short
  // name, aliases, native name) equals the whole query goes first.
  function normalized(text) {
    return (text || "").toLowerCase().replace(/[\u2018\u2019'`\u02bc]/g, "").replace(/[\s\u00b7]+/g, " ").trim();
  }

  function exactFirst(query, candidates, pages) {
    var wanted = normalized(query);
    var isExact = function (data) {
      var names = [(data.meta && data.meta.title) || ""].concat(((data.meta && data.meta.names) || "").split(" \u00b7 "));
      return names.some(function (name) { return normalized(name) === wanted; });
    };
    var seen = {};
    return candidates.concat(pages).filter(isExact).concat(pages).filter(function (data) {
      if (seen[data.url]) { return false; }
      seen[data.url] = true;
      return true;
    });
  }

  function element(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    return holder.firstChild;
  }

  function escapeText(text) {
    var node = document.createElement("span");
    node.textContent = text;
    return node.innerHTML;
  }

  function buildBox() {
    return element(
      '<div class="md-search ma-search" role="dialog" aria-label="Search" data-ma-search data-ma-search-state="idle">' +
      '<label class="md-search__overlay" for="__search"></label>' +
      '<div class="md-search__inner" role="search">' +
      '<form class="md-search__form" name="search">' +
      '<input type="text" class="md-search__input" id="ma-search-input" data-ma-search-input name="query" ' +
      'aria-label="Search" placeholder="Search" autocapitalize="off" autocorrect="off" autocomplete="off" ' +
      'spellcheck="false" aria-controls="ma-search-results">' +
      '<label class="md-search__icon md-icon" for="__search">' + ICONS.magnify + ICONS.back + '</label>' +
      '<nav class="md-search__options" aria-label="Search">' +
      '<button type="reset" class="md-search__icon md-icon" title="Clear" aria-label="Clear" tabindex="-1">' +
      ICONS.close + '</button></nav></form>' +
      '<div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0">' +
      '<div class="md-search-result">' +
      '<div class="md-search-result__meta" id="ma-search-meta" aria-live="polite">Type to start searching</div>' +
      '<ol class="md-search-result__list" id="ma-search-results" role="presentation"></ol>' +
      '</div></div></div></div></div>'
    );
  }

  function install() {
    var header = document.querySelector(".md-header__inner");
    var toggle = document.getElementById("__search");
    if (!header || !toggle || document.querySelector("[data-ma-search]")) {
      return;
    }
    var style = document.createElement("style");
    style.textContent = STYLE;
    document.head.appendChild(style);
    // title, not aria-label: ARIA forbids naming a <label> (axe's aria-prohibited-attr).
    var button = element('<label class="md-header__button md-icon" for="__search" title="Search">' +
                         ICONS.magnify + "</label>");
    var box = buildBox();
    var source = header.querySelector(".md-header__source");
    header.insertBefore(button, source);
    header.insertBefore(box, source);
    wire(box, toggle);
  }

  function wire(box, toggle) {
    var input = box.querySelector("#ma-search-input");
    var meta = box.querySelector("#ma-search-meta");
    var list = box.querySelector("#ma-search-results");
    var root = siteRoot();
    var pagefind = null;
    var latest = 0;

    function load() {
      if (!pagefind) {
        box.setAttribute("data-ma-search-state", "loading");
        pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
          return module.options({ baseUrl: root.pathname }).then(function () { return module; });
        });
        pagefind.then(function () { box.setAttribute("data-ma-search-state", "ready"); }, function () {
          box.setAttribute("data-ma-search-state", "error");
          meta.textContent = "Search is not available: the site was built without its search index " +
                             "(run: python -m pagefind --site site).";
        });
      }
      return pagefind;
    }

    function render(query, results, shown) {
      list.innerHTML = "";
      results.forEach(function (data) {
        var item = element(
          '<li class="md-search-result__item"><a class="md-search-result__link" tabindex="-1">' +
          '<article class="md-search-result__article md-typeset">' +
          '<div class="md-search-result__icon md-icon"></div><h1></h1><p></p></article></a></li>');
        item.querySelector("a").href = data.url;
        item.querySelector("h1").textContent = (data.meta && data.meta.title) || data.url;
        item.querySelector("p").innerHTML = data.excerpt;  // Pagefind escapes page text; only <mark> is markup
        list.appendChild(item);
      });
      return shown;
    }

    function search(query, count) {
      var ticket = ++latest;
      if (!query.trim()) {
        list.innerHTML = "";
        meta.textContent = "Type to start searching";
        return;
      }
      load().then(function (module) {
        // The quoted search finds exact words only, so an entity named exactly as the query is
        // among its first results even when prefix matches outrank it in the plain search.
        var phrase = '"' + query.replace(/"/g, " ").trim() + '"';
        return Promise.all([module.search(query), module.search(phrase)]).then(function (both) {
          if (ticket !== latest) { return; }
          var found = (both[0] && both[0].results) ? both[0] : { results: [] };
          var exact = (both[1] && both[1].results) ? both[1].results : [];
          var loads = [found.results.slice(0, count), exact.slice(0, EXACT_CANDIDATES)].map(function (results) {
            return Promise.all(results.map(function (r) { return r.data(); }));
          });
          return Promise.all(loads).then(function (loaded) {
              if (ticket !== latest) { return; }
              var total = found.results.length;
              meta.textContent = total === 0 ? "No matching pages" :
                total === 1 ? "1 matching page" : total + " matching pages";
              render(query, exactFirst(query, loaded[1], loaded[0]).slice(0, count), count);
              if (total > count) {
                var more = element('<li><a class="md-search-result__more" href="#">Show more results</a></li>');
                more.firstChild.addEventListener("click", function (event) {
                  event.preventDefault();
                  search(query, count + SHOWN);
                });
                list.appendChild(more);
              }
            });
        });
      }).catch(function () { /* state and message set in load() */ });
    }

    input.addEventListener("focus", function () { toggle.checked = true; load(); });
    input.addEventListener("input", function () { search(input.value, SHOWN); });
    box.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a.md-search-result__link");
      if (first) { window.location.href = first.href; }
    });
    box.querySelector("form").addEventListener("reset", function () {
      window.setTimeout(function () { search("", SHOWN); input.focus(); }, 0);
    });
    toggle.addEventListener("change", function () {
      if (toggle.checked) { input.focus(); } else { input.blur(); }
    });
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((event.target && event.target.tagName) || "") ||
                   (event.target && event.target.isContentEditable);
      if (event.key === "Escape" && toggle.checked) {
        toggle.checked = false;
        input.blur();
      } else if (!typing && (event.key === "/" || event.key === "s" || event.key === "f") &&
                 !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        toggle.checked = true;
        input.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", install);
  } else {
    install();
  }
})();
