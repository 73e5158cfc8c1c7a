"""Search: Pagefind over the built site finds entities by name, short name, alias and native name."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from militia_atlas.publish import search
from militia_atlas.commands.synth import write_site

from conftest import copy_example, run_cli, run_mkdocs

KH_URL = "/groups/kataib-hezbollah/"


def fragments(site: Path) -> dict:
    """url -> Pagefind's stored record of the page (title, content), read from the built bundle."""
    out = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        record = json.loads(raw[len(b"pagefind_dcd"):])
        out[record["url"]] = record
    return out


# -- units ---------------------------------------------------------------------------------

def test_plugin_and_plain_builders_skip_the_same_parts_of_pages():
    command = search.pagefind_command(Path("site"))
    skipped = [command[i + 1] for i, part in enumerate(command) if part == "--exclude-selectors"]
    config = yaml.safe_load(search.pagefind_config_text())
    assert skipped == config["exclude_selectors"] == search.IGNORED_SELECTORS
    assert {".headerlink", ".ma-item", ".ma-search-skip", ".ma-chart"} <= set(skipped)
    assert config["site"] == "site"


# -- the example site, built with `militia-atlas build` ----------------------------------------

def test_the_build_writes_a_pagefind_bundle_and_every_page_loads_the_search_box(example_site):
    assert (example_site / "pagefind" / "pagefind.js").is_file()
    pages = [p for p in example_site.rglob("index.html") if "pagefind" not in p.parts]
    assert pages and all(search.SCRIPT in p.read_text(encoding="utf-8") for p in pages)
    assert not (example_site / "search" / "search_index.json").exists(), "Material's lunr index is replaced"


def test_group_pages_carry_every_name_hidden_for_the_index(example_site):
    html = (example_site / "groups" / "kataib-hezbollah" / "index.html").read_text(encoding="utf-8")
    assert ('<p class="ma-search-terms" hidden data-pagefind-weight="10" data-pagefind-meta="names">'
            "Kata&#x27;ib Hezbollah · KH · Hezbollah Brigades · Kata&#x27;ib Hizballah · Kataib Hezbollah"
            " · كتائب حزب الله</p>") in html


def test_the_index_holds_every_name_of_a_group_and_no_permalink_marks(example_site):
    records = fragments(example_site)
    assert records[KH_URL]["meta"]["names"].split(" · ")[:2] == ["Kata'ib Hezbollah", "KH"]
    kh = records[KH_URL]
    assert kh["meta"]["title"] == "Kata'ib Hezbollah"
    for name in ("KH", "Hezbollah Brigades", "Kata'ib Hizballah", "كتائب حزب الله"):
        assert name in kh["content"]
    assert not [url for url, record in records.items() if "¶" in record["content"] + record["meta"]["title"]]


# -- real searches, with Pagefind's own code in Chromium ---------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def search_results(browser, site: Path, queries: list) -> dict:
    """Type each query into the header search box (#ma-search-input); the result paths, best first."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    out = {}
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/")
        for query in queries:
            page.fill("#ma-search-input", query)
            page.wait_for_function(
                "q => document.querySelector('[data-ma-search]').getAttribute('data-ma-search-state') === 'ready'"
                " && document.getElementById('ma-search-input').value === q"
                " && (document.querySelector('#ma-search-results li')"
                "     || /No matching/.test(document.getElementById('ma-search-meta').textContent))", arg=query)
            page.wait_for_timeout(200)  # a slower earlier query must not overwrite this one's results
            out[query] = page.eval_on_selector_all(
                "#ma-search-results a.md-search-result__link", "links => links.map(l => new URL(l.href).pathname)")
    finally:
        page.close()
        server.shutdown()
    return out


def test_a_group_is_found_first_by_short_name_alias_and_native_name(browser, example_site):
    results = search_results(browser, example_site,
                             ["KH", "Hezbollah Brigades", "كتائب حزب الله", "Kataib Hezbollah", "Kata'ib Hezbollah"])
    for query, urls in results.items():
        assert urls[:1] == [KH_URL], f"{query!r} gave {urls}"


def test_a_base_is_found_by_its_alias_and_nonsense_finds_nothing(browser, example_site):
    results = search_results(browser, example_site, ["Al Asad Airbase", "zzqxv"])
    assert results["Al Asad Airbase"][:1] == ["/bases/ain-al-asad-air-base/"]
    assert results["zzqxv"] == []


# -- listing pages, on a synthetic site with several of them -----------------------------------

@pytest.fixture(scope="module")
def paginated_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("search-synth")
    write_site(root, attacks=90, seed=3)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  - militia-atlas:\n",
                                                                       "  - militia-atlas:\n      per_page: 5\n")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    # Words starting with "kh", which Pagefind matches for the query "KH" by prefix.
    (root / "entries" / "groups" / "khorasani-khalid-brigade.yml").write_text(
        'name: Khorasani Khalid Brigade\nshort_name: KHKB\naliases: [Khalid Khorasani, Khorasan Khalid Khatib]\n'
        'type: militia\nsummary: Khorasani fighters of Khalid.\n'
        'sources: [{publisher: Test, title: Test, url: "https://example.org/"}]\n', encoding="utf-8")
    run_cli("build", cwd=root, check=True)
    return root / "site"


def test_listing_continuations_are_built_but_hold_no_searchable_words(paginated_site):
    continuation = paginated_site / "groups" / "kataib-hezbollah" / "page" / "2" / "index.html"
    assert 'class="ma-search-skip"' in continuation.read_text(encoding="utf-8")
    assert (paginated_site / "attacks" / "page" / "2" / "index.html").is_file()
    records = fragments(paginated_site)
    assert records[KH_URL]["word_count"] > 20 and records["/attacks/"]["word_count"] > 20
    continuations = {url: r["word_count"] for url, r in records.items() if "/page/" in url}
    assert set(continuations.values()) <= {0}, continuations


# -- `generate` output, built with plain MkDocs and `python -m pagefind` --------------------------

def test_generated_tree_is_searchable_with_plain_mkdocs_and_the_pagefind_command(tmp_path):
    root = copy_example(tmp_path / "example")
    out = tmp_path / "generated"
    run_cli("generate", "--out", str(out), cwd=root, check=True)
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert search.PLUGIN_NAME not in config and search.SCRIPT in config
    assert (out / "docs" / search.SCRIPT).is_file() and (out / "pagefind.yml").is_file()
    built = run_mkdocs("build", cwd=out)
    assert built.returncode == 0, built.stderr
    indexed = subprocess.run([sys.executable, "-m", "pagefind"], cwd=out, capture_output=True, text=True, timeout=300)
    assert indexed.returncode == 0, indexed.stderr + indexed.stdout
    kh = fragments(out / "site")[KH_URL]
    assert "Hezbollah Brigades" in kh["content"] and "كتائب حزب الله" in kh["content"]
    assert "¶" not in kh["content"], "pagefind.yml's exclude_selectors were applied"
    assert set(editor_words(fragments(out / "site")).values()) <= {0}, "the editors' pages hold no words"


def test_a_page_whose_name_is_the_query_goes_first_even_when_pagefind_ranks_it_lower(browser, paginated_site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(paginated_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/")
        raw = page.evaluate("""async () => {
            const pagefind = await import('/pagefind/pagefind.js');
            const found = await pagefind.search('KH');
            const pages = await Promise.all(found.results.slice(0, 10).map(r => r.data()));
            return pages.map(p => new URL(p.url, location.href).pathname); }""")
    finally:
        page.close()
        server.shutdown()
    assert raw[0] != KH_URL and KH_URL in raw, f"the fixture no longer makes Pagefind rank KH lower: {raw}"
    assert search_results(browser, paginated_site, ["KH"])["KH"][0] == KH_URL


# -- readers' search: readers' pages and their text, not the editors' guide or field labels ----------

EDITOR_PAGES = ("/editing/", "/contributing/")


def editor_words(records: dict) -> dict:
    """{url: words indexed} of the editors' pages."""
    return {url: record["word_count"] for url, record in records.items() if url.startswith(EDITOR_PAGES)}


def test_editor_pages_hold_no_words_in_the_index_and_readers_pages_theirs(example_site):
    records = fragments(example_site)
    assert (example_site / "editing" / "index.html").is_file()
    assert set(editor_words(records).values()) <= {0}, editor_words(records)  # Pagefind drops pages with none
    for url in ("/", "/about/", "/methodology/", KH_URL, "/articles/militias-keep-up-attacks/"):
        assert records[url]["word_count"] > 20, url


def test_a_groups_name_returns_no_editor_page(browser, example_site):
    results = search_results(browser, example_site, ["Kata'ib Hezbollah", "Islamic Resistance in Iraq", "claimed_by"])
    for query, urls in results.items():
        assert not [url for url in urls[:10] if url.startswith(EDITOR_PAGES)], f"{query!r} gave {urls}"
    assert results["Kata'ib Hezbollah"][:1] == [KH_URL]


def test_killed_finds_pages_that_say_it_not_pages_that_only_label_a_field_with_it(browser, example_site):
    # No example attack's text mentions anyone killed: their pages show "Killed" only as a fact's label.
    urls = search_results(browser, example_site, ["killed"])["killed"]
    assert KH_URL in urls, urls  # "Its founder ... was killed in a U.S. strike"
    assert not [url for url in urls if url.startswith("/attacks/")], urls
