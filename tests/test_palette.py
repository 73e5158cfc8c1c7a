"""One palette (core/palette.py): a chart category has the same colour on every page and every site."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from conftest import run_cli
from militia_atlas.core import palette

BAR = re.compile(r'<path class="ma-bars" data-category="([^"]+)" fill="([^"]+)"')
SWATCH = re.compile(r'<li><span class="ma-swatch" style="background:([^"]+)"></span>([^<]+)</li>')


@pytest.fixture(scope="module")
def synth_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("palette")
    run_cli("synth", "--attacks", "300", "--out", str(root / "synth"), cwd=root, check=True)
    run_cli("build", cwd=root / "synth", check=True)
    return root / "synth" / "site"


def chart_colours(site) -> dict:
    """{(chart kind, category): {colour: [pages]}} over every chart and legend of a built site."""
    found = defaultdict(lambda: defaultdict(list))
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'<div class="ma-chart" id="chart-(?:strike-)?(\w+?)(?:-monthly)?"(.*?)</figure>', text, re.S):
            by, body = match.group(1), match.group(2)
            for category, fill in BAR.findall(body):
                found[(by, category)][fill].append(str(path.relative_to(site)))
            for fill, category in SWATCH.findall(body):
                found[(by, category)][fill].append(str(path.relative_to(site)))
    return found


def test_a_category_has_one_colour_on_every_page_of_both_sites(example_site, synth_site):
    example, synth = chart_colours(example_site), chart_colours(synth_site)
    assert ("country", "Syria") in example and ("weapon", "Drone") in synth
    joined = defaultdict(lambda: defaultdict(list))
    for found in (example, synth):
        for key, colours in found.items():
            for fill, pages in colours.items():
                joined[key][fill] += pages
    differing = {key: {fill: pages[:2] for fill, pages in colours.items()}
                 for key, colours in joined.items() if len(colours) > 1}
    assert not differing, differing
    allowed = set(palette.PALETTE) | set(palette.LUMPED.values())
    assert {fill for colours in joined.values() for fill in colours} <= allowed


def test_known_values_have_fixed_colours_and_others_a_stable_hash():
    assert palette.colour("country", "Syria") == palette.BLUE
    assert palette.colour("weapon", "Drone") == palette.BLUE
    assert palette.colour("country", "Other") == palette.colour("weapon", "Unknown") == palette.GREY
    # any other name: a hash of the name alone (not Python's hash(), which changes from run to run)
    names = [f"Wadi {n}" for n in range(40)]
    assert len({palette.colour("country", name) for name in names}) == len(palette.PALETTE)
    assert palette.colour("country", "Wadi 7") == palette.colour("weapon", "Wadi 7") == palette.ORANGE
