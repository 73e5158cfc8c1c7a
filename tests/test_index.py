from pathlib import Path

import pytest

from militia_atlas.core.settings import Settings
from militia_atlas.core.engine import check

FIXTURE = Path(__file__).parent / "fixtures" / "basic"


@pytest.fixture(scope="module")
def site():
    settings = Settings(root=FIXTURE, entries_dir=FIXTURE / "entries", docs_dir=FIXTURE / "content")
    site, problems = check(settings)
    assert problems == []
    return site


def ids(items):
    return [item.id for item in items]


def test_inverse_relations_are_derived(site):
    assert [g.id for g in site.members["umbrella-front"]] == ["member-militia"]
    assert sorted(g.id for g in site.sponsored["sponsor-corps"]) == ["member-militia", "umbrella-front"]


def test_group_listing_holds_claimed_attacks_and_articles_newest_first(site):
    assert ids(site.listings[("group", "umbrella-front")]) == ["articles/analysis.md", "2023-10-27-river-base"]


def test_members_attacks_are_not_rolled_up_but_counted(site):
    assert "2023-10-river-base" not in ids(site.listings[("group", "umbrella-front")])
    assert site.umbrella_member_attacks("umbrella-front") == 1


def test_base_listing_puts_the_month_only_date_after_precise_days(site):
    assert ids(site.attack_items("base", "river-base")) == ["2023-10-27-river-base", "2023-10-river-base"]


def test_country_listing_uses_the_location_country(site):
    assert ids(site.attack_items("country", "iraq")) == ["2023-10-29-desert-road"]
    assert ids(site.attack_items("country", "syria")) == ["2023-10-27-river-base", "2023-10-river-base"]


def test_tags_with_equal_slugs_are_one_tag(site):
    assert site.tags == {"analysis": "Analysis", "drones": "Drones", "umbrellas": "Umbrellas"}


def test_old_ids_resolve(site):
    assert site.resolve("old-militia").id == "member-militia"


def test_previous_and_next_attack_in_time(site):
    older, newer = site.neighbours["2023-10-27-river-base"]
    assert older.id == "2023-10-river-base"
    assert newer.id == "2023-10-29-desert-road"


def test_article_excerpt_stops_at_more_and_resolves_links(site):
    item = site.listings[("group", "member-militia")][0]
    assert item.kind == "article"
    assert item.excerpt == "The Umbrella Front claims; the member acts."
    assert item.byline == "Test Author"


def test_a_tag_named_index_does_not_replace_the_list_of_tags():
    from militia_atlas.core.names import tag_slug

    assert tag_slug("Index") == "index-tag"
    assert tag_slug("Index of attacks") == "index-of-attacks"
    assert tag_slug("Oil fields") == "oil-fields"


def test_tag_slugs_keep_letters_and_digits_of_any_script():
    from militia_atlas.core.names import tag_slug

    assert tag_slug("إيران") == "إيران"
    assert tag_slug("العراق") == "العراق"
    assert tag_slug("إيران") != tag_slug("العراق")
    assert tag_slug("Ελλάδα 2024") == "ελλάδα-2024"
    assert tag_slug("Kata'ib Ḥezbollah") == "kata-ib-ḥezbollah"
    assert tag_slug("  drone -- strikes!! ") == "drone-strikes"
    assert tag_slug("إِيرَان") == "إِيرَان"  # vowel marks belong to their letters: no '-' inside the word
