"""Citations (citations.py, gitdates.py): numbered sources, "Cite this page" with URL and last update."""

from __future__ import annotations

from militia_atlas.views.citations import bibtex, bibtex_escape, chicago
from militia_atlas.core.dates import PartialDate
from militia_atlas.core.gitdates import GitDates
from views_html import page


def cite(site, url_path: str):
    return page(site, url_path).find("div", class_="ma-cite")


def test_entry_updated_wins_over_git(views_site):
    block = cite(views_site, "groups/brigade-one/")
    assert block.find("p", class_="ma-cite-chicago").text() == (
        "Views Atlas. “Brigade One.” Last modified May 6, 2024. https://example.org/atlas/groups/brigade-one/.")
    assert block.find("time").attrs["datetime"] == "2024-05-06"


def test_git_date_when_the_entry_has_no_updated(views_site):
    block = cite(views_site, "groups/cover-name/")
    assert "Last modified February 3, 2024." in block.find("p", class_="ma-cite-chicago").text()
    record = block.find("pre", class_="ma-cite-bibtex").text()
    assert record.startswith("@misc{views-atlas:cover-name,\n")
    assert "  url = {https://example.org/atlas/groups/cover-name/},\n" in record
    assert "  year = {2024},\n  month = feb,\n" in record and record.rstrip().endswith("}")


def test_attack_base_and_article_pages_can_be_cited(views_site):
    attack = cite(views_site, "attacks/2023-11-08-road/").find("p", class_="ma-cite-chicago").text()
    assert attack.startswith("Views Atlas. “=SUM(1+1) roadside bomb.”")
    assert cite(views_site, "bases/north-base/") is not None
    article = cite(views_site, "articles/analysis/").find("p", class_="ma-cite-chicago").text()
    assert article == ("Views Atlas. “Test analysis.” Last modified February 3, 2024. "  # its last commit
                       "https://example.org/atlas/articles/analysis/.")


def test_outside_git_there_is_no_invented_date(example_site):
    block = cite(example_site, "groups/kataib-hezbollah/")
    assert "Last modified" not in block.text()
    assert block.find("p", class_="ma-cite-chicago").text() == (
        "Militia Attack Monitor. “Kata'ib Hezbollah.” https://example.org/militia-atlas/groups/kataib-hezbollah/.")


def test_sources_are_numbered_references(views_site):
    sources = page(views_site, "groups/brigade-one/").find("h2", id="sources")
    assert sources is not None
    listed = sources.parent.find("ol", class_="ma-sources").find_all("li")
    assert len(listed) == 1 and "Test report" in listed[0].text()


def test_bibtex_escapes_and_chicago_without_date():
    assert bibtex_escape("R&D {100%} #1_a") == r"R\&D \{100\%\} \#1\_a"
    record = bibtex("Site", "x", "A & B", "https://e.org/x/", PartialDate(2024))
    assert "title = {A \\& B}" in record and "month" not in record and "year = {2024}" in record
    assert chicago("Site", "Title.", "https://e.org/", None) == "Site. “Title.” https://e.org/."


def test_git_dates_fall_back_outside_a_repository(tmp_path):
    (tmp_path / "entry.yml").write_text("x", encoding="utf-8")
    dates = GitDates(tmp_path)
    assert dates.dates == {}
    assert dates.last_updated(None, tmp_path / "entry.yml") is None
    assert dates.last_updated(PartialDate(2020, 1, 2), tmp_path / "entry.yml") == PartialDate(2020, 1, 2)
