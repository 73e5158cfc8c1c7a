"""Issue 14's research fields (attributions with who says so and how sure, "at least" counts, accounts that
differ, `[^N]` markers, group histories, new weapons and outcomes): tests/fixtures/accounts built with
`mkdocs build --strict`, read in the HTML and in the downloads."""

from __future__ import annotations

import csv
import html
import io
import json
import sqlite3

import pytest
from conftest import copy_fixture, run_mkdocs

from views_html import page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_fixture("accounts", tmp_path_factory.mktemp("accounts"))
    built = run_mkdocs("build", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr
    return root / "site"


def rows_of(table) -> list:
    return [[" ".join(cell.text().split()) for cell in row.children if cell.tag in ("td", "th")]
            for row in table.find_all("tr")]


def infobox_row(html, label: str) -> str:
    for table in html.find_all("table"):
        for row in table.find_all("tr"):
            cells = row.find_all("td")
            if cells and cells[0].text().strip() == label:
                return " ".join(cells[1].text().split())
    raise AssertionError(f"no row {label!r}")


def ids_of(html) -> set:
    return {element.attrs["id"] for element in html.iter() if "id" in element.attrs}


def markers(html) -> list:
    return [link for link in html.find_all("a") if link.attrs.get("href", "").startswith("#source-")]


ATTACK = "attacks/2024-01-10-harbor-base/"


def test_attribution_reads_who_says_so_how_sure_and_links_its_source(site):
    html = page(site, ATTACK)
    row = infobox_row(html, "Attributed to")
    assert row.startswith("Kata'ib Hezbollah by the U.S. Department of Defense (suspected) [2]")
    assert "Alpha Front" in row
    sources = html.find("ol", class_="ma-sources")
    assert sources.find_all("li")[1].attrs["id"] == "source-2"


def test_at_least_counts_show_as_at_least(site):
    html = page(site, ATTACK)
    assert infobox_row(html, "Killed") == "at least 40"
    assert infobox_row(html, "Wounded") == "2–5"


def test_new_weapons_and_outcomes_read_right(site):
    html = page(site, ATTACK)
    assert infobox_row(html, "Weapons") == "Anti-ship missile, Uncrewed surface vessel"
    assert infobox_row(html, "Outcome") == "Missed"
    assert html.find("h1").text().strip() == "Anti-ship missile and uncrewed surface vessel attack on Harbor Base"
    boarding = page(site, "attacks/2024-02-01-gulf-boarding/")
    assert boarding.find("h1").text().strip() == "Boarding of Off the coast near Harbor Base"
    assert infobox_row(boarding, "Outcome") == "Seized"


def test_sources_differ_table_shows_the_editors_reading_and_each_account(site):
    html = page(site, ATTACK)
    table = html.find("table", class_="ma-accounts")
    rows = rows_of(table)
    assert rows[0] == ["Source", "Date", "Outcome", "Killed", "Claim"]  # only columns some account gives
    assert rows[1] == ["Editors' reading", "January 10, 2024", "Missed", "at least 40", ""]
    assert rows[2] == ["[1] Example Wire", "", "", "3", "two direct hits"]
    assert rows[3] == ["[2] Example Monitor", "January 11, 2024", "Impact", "", ""]
    links = [link.attrs["href"] for link in table.find_all("a")]
    assert links == ["#source-1", "#source-2"]


def test_footnote_markers_link_to_numbered_sources_on_the_page(site):
    for url in (ATTACK, "groups/alpha-front/"):
        html = page(site, url)
        found = markers(html)
        assert found, url
        ids = ids_of(html)
        for link in found:
            assert link.attrs["href"][1:] in ids, (url, link.attrs["href"])
            assert link.attrs.get("aria-label", "").startswith("Source ")
            assert link.parent.tag == "sup" or link.parent.tag == "th"  # th: a row of "Sources differ"
            if link.parent.tag == "sup":  # search results read without the markers
                assert "data-pagefind-ignore" in link.parent.attrs
    summary = page(site, "groups/alpha-front/").find("div", class_="ma-summary")
    assert "[^" not in summary.text().replace("`[^7]`", "").replace("[^7]", "")
    assert "[^7]" in summary.find("code").text()  # code shows the marker as written


def test_history_is_a_dated_list_oldest_first_with_source_markers(site):
    html = page(site, "groups/alpha-front/")
    history = html.find("ol", class_="ma-history")
    items = [" ".join(item.text().split()) for item in history.find_all("li")]
    assert [item.split(":")[0] for item in items] == ["2020", "June 1, 2021", "November 2023"]
    assert items[0] == "2020: Announced in a statement[1] as a new umbrella. [1]"
    assert items[2] == "November 2023: Claimed its first attack on Harbor Base. [2]"
    hrefs = [link.attrs["href"] for link in history.find_all("a")]
    assert hrefs.count("#source-1") == 2 and "#source-2" in hrefs


def test_each_source_is_printed_once(site):
    html = page(site, "groups/alpha-front/")
    second = " ".join(html.find("ol", class_="ma-sources").find_all("li")[1].text().split())
    assert second.count("Who is Alpha Front?") == 1


def test_plain_text_outputs_drop_the_markers(site):
    attacks = json.loads((site / "downloads/attacks.json").read_text(encoding="utf-8"))
    record = {r["id"]: r for r in attacks}["2024-01-10-harbor-base"]
    assert record["summary"].startswith("Alpha Front said it fired two missiles at the harbor. U.S. officials")
    description = (site / ATTACK / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="January 10, 2024: Alpha Front said it fired two missiles at the harbor. U.S.' in description
    listing = page(site, "groups/alpha-front/")
    assert "[^" not in listing.text() .replace("[^7]", "")
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "[^1]" not in feed  # in the feed a marker links to the source on the attack's page
    assert ('href="https://example.org/atlas/attacks/2024-01-10-harbor-base/#source-1" aria-label="Source 1"'
            in html.unescape(feed))


def test_downloads_flag_disputed_and_carry_attributions_and_at_least(site):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / "downloads/attacks.csv").read_text(encoding="utf-8"),
                                                           newline=""))}
    harbor = rows["2024-01-10-harbor-base"]
    assert (harbor["killed_min"], harbor["killed_max"]) == ("40", "")
    assert harbor["disputed"] == "true" and rows["2024-02-01-gulf-boarding"]["disputed"] == "false"
    assert harbor["attributed_to"] == "kataib-hezbollah; alpha-front"
    assert harbor["attributions"] == "kataib-hezbollah by U.S. Department of Defense (suspected, source 2); alpha-front"
    header = list(harbor)
    assert header[-3:] == ["attributions", "disputed", "accounts"]
    records = {r["id"]: r for r in json.loads((site / "downloads/attacks.json").read_text(encoding="utf-8"))}
    record = records["2024-01-10-harbor-base"]
    assert (record["killed_min"], record["killed_max"]) == (40, None)
    assert record["attributions"][0] == {"group": "kataib-hezbollah", "by": "U.S. Department of Defense",
                                         "certainty": "suspected", "source": 2}
    assert record["attributions"][1] == {"group": "alpha-front", "by": None, "certainty": None, "source": None}
    assert record["disputed"] is True
    assert record["accounts"][0]["source"] == 1 and record["accounts"][0]["killed_min"] == 3
    assert record["accounts"][0]["claim"] == "two direct hits"
    assert record["accounts"][1]["date"] == "2024-01-11" and record["accounts"][1]["outcome"] == "impact"
    acled = {r["event_date"]: r for r in csv.DictReader(io.StringIO(
        (site / "downloads/attacks-acled.csv").read_text(encoding="utf-8"), newline=""))}
    assert acled["2024-01-10"]["fatalities"] == "40"
    database = sqlite3.connect(site / "downloads/militia-atlas.db")
    try:
        assert database.execute("SELECT killed_min, killed_max, disputed FROM attacks WHERE id = ?",
                                ("2024-01-10-harbor-base",)).fetchone() == (40, None, 1)
    finally:
        database.close()
    groups = {r["id"]: r for r in json.loads((site / "downloads/groups.json").read_text(encoding="utf-8"))}
    assert [h["date"] for h in groups["alpha-front"]["history"]] == ["2020", "2021-06-01", "2023-11"]


def test_the_json_schema_allows_null_only_as_the_second_casualty_figure():
    import jsonschema

    from militia_atlas.core.schema import json_schema

    killed = json_schema("attack")["properties"]["killed"]
    validator = jsonschema.Draft202012Validator(killed)
    assert validator.is_valid([40, None]) and validator.is_valid([2, 5]) and validator.is_valid(3)
    assert not validator.is_valid([None, 5]) and not validator.is_valid([None, None])
    assert not validator.is_valid([1, 2, 3])


def test_the_json_schema_takes_plain_ids_and_attribution_items_mixed():
    import jsonschema

    from militia_atlas.core.schema import json_schema

    schema = json_schema("attack")
    attributed = jsonschema.Draft202012Validator(schema["properties"]["attributed_to"])
    assert attributed.is_valid(["kataib-hezbollah", {"group": "alpha-front", "by": "Analysts",
                                                     "certainty": "suspected", "source": 2}])
    assert not attributed.is_valid([{"group": "alpha-front", "certainty": "sure"}])
    accounts = jsonschema.Draft202012Validator(schema["properties"]["accounts"])
    assert accounts.is_valid([{"source": 1, "claim": "two direct hits"}])
    assert not accounts.is_valid([{"source": 1}])  # an account says something besides its source


def test_new_checks_attributed_groups_and_writes_an_at_least_count(tmp_path):
    from conftest import run_cli

    root = copy_fixture("accounts", tmp_path / "site")
    typo = run_cli("new", "attack", "2024-03-01-harbor", "base=harbor-base", "attributed_to=kataib-hezbolah",
                   cwd=root)
    assert typo.returncode != 0 and "did you mean 'kataib-hezbollah'?" in typo.stdout + typo.stderr
    made = run_cli("new", "attack", "2024-03-01-harbor", "base=harbor-base", "attributed_to=kataib-hezbollah",
                   "killed=40,null", cwd=root, check=True)
    text = (root / "entries/attacks/2024-03-01-harbor.yml").read_text(encoding="utf-8")
    assert "attributed_to: [kataib-hezbollah]" in text and "killed: [40, null]" in text, made.stdout
