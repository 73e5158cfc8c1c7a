"""Charts (charts.py): attacks per week, stacked, as accessible SVG with the numbers as a table."""

from __future__ import annotations

import datetime as dt

from militia_atlas.views.charts import nice_top, week_of
from views_html import page, parse


def figures(root) -> dict:
    return {f.attrs["id"]: f for f in root.find_all("div", class_="ma-chart")}


def table_rows(figure) -> dict:
    """{week: [category counts..., total]} from the chart's data table."""
    rows = {}
    for tr in figure.find("tbody").find_all("tr"):
        rows[tr.find("th").text()] = [int(td.text()) for td in tr.find_all("td")]
    return rows


def test_home_page_has_both_stacks_with_title_description_and_table(views_site):
    charts = figures(page(views_site, "index.html"))
    assert set(charts) == {"chart-country", "chart-weapon"}
    for chart_id, figure in charts.items():
        svg = figure.find("svg")
        assert svg.attrs["role"] == "img"
        assert svg.attrs["aria-labelledby"] == f"{chart_id}-title {chart_id}-desc"
        assert figure.find("title", id=f"{chart_id}-title").text().startswith("Attacks per week")
        assert "busiest week" in figure.find("desc", id=f"{chart_id}-desc").text()
        rows = table_rows(figure)
        # 14 published attacks, 2 of them known only to the month or year
        assert sum(row[-1] for row in rows.values()) == 12
        assert "2 attacks known only to the month or year" in figure.text()


def test_stack_categories_are_exact(views_site):
    charts = figures(page(views_site, "index.html"))
    weapon_rows = table_rows(charts["chart-weapon"])
    header = [th.text() for th in charts["chart-weapon"].find("thead").find_all("th")]
    assert "Several weapons" in header  # the drone-and-rocket attack counts once
    week = week_of(dt.date(2023, 10, 11)).isoformat()
    assert weapon_rows[week][header.index("Several weapons") - 1] == 1
    country_header = [th.text() for th in charts["chart-country"].find("thead").find_all("th")]
    assert country_header[1:3] == ["Iraq", "Syria"] or country_header[1:3] == ["Syria", "Iraq"]


def test_bars_match_the_table(views_site):
    figure = figures(page(views_site, "index.html"))["chart-country"]
    paths = figure.find("svg").find_all("path", class_="ma-bars")
    assert [p.attrs["data-category"] for p in paths] == ["Iraq", "Syria"]
    bars = [p.attrs["d"].count("z") for p in paths]
    totals = [int(p.find("title").text().split(": ")[1].split()[0]) for p in paths]
    assert sum(totals) == 12 and bars[0] <= totals[0]
    rows = table_rows(figure)
    assert [sum(row[i] for row in rows.values()) for i in range(2)] == totals


def test_a_long_record_shows_its_latest_two_years():
    from militia_atlas.views.charts import MAX_WEEKS, WeeklyChart
    from militia_atlas.core.dates import PartialDate

    class Attack:
        def __init__(self, date):
            self.date = date

    attacks = [Attack(PartialDate(2020, 1, 6))] + [Attack(PartialDate(2024, 1, d)) for d in (1, 2, 15)]
    attacks.append(Attack(PartialDate(2024, 2)))
    chart = WeeklyChart(attacks, lambda a: "All")
    assert (chart.earlier, chart.undated, chart.total) == (1, 1, 3)
    assert len(chart.weeks) == MAX_WEEKS and chart.weeks[-1] == dt.date(2024, 1, 15)
    near = WeeklyChart(attacks[1:], lambda a: "All")
    assert (len(near.weeks), near.earlier, near.weeks[0]) == (3, 0, dt.date(2024, 1, 1))


def test_group_and_base_pages_have_charts(views_site):
    group = figures(page(views_site, "groups/brigade-one/"))
    assert set(group) == {"chart-country", "chart-weapon"}
    assert sum(r[-1] for r in table_rows(group["chart-weapon"]).values()) == 7  # 8 attacks, 1 month-only
    base = figures(page(views_site, "bases/north-base/"))
    assert set(base) == {"chart-weapon"}
    assert "on North Base" in base["chart-weapon"].find("title").text()


def test_weeks_start_on_monday_and_axis_tops_are_round():
    assert week_of(dt.date(2023, 10, 29)) == dt.date(2023, 10, 23)
    assert [nice_top(n) for n in (1, 3, 7, 13, 95)] == [1, 3, 8, 15, 100]


class Dated:
    def __init__(self, date, weapons=("drone",)):
        self.date, self.weapons = date, list(weapons)


def test_a_long_record_gets_a_monthly_chart_of_its_whole_span():
    from militia_atlas.core.dates import PartialDate
    from militia_atlas.views.charts import figure

    attacks = [Dated(PartialDate(2020, 1, 6)), Dated(PartialDate(2021, 5), ["rocket"]), Dated(PartialDate(2022)),
               Dated(PartialDate(2024, 1, 1)), Dated(PartialDate(2024, 1, 2), ["rocket"]), Dated(PartialDate(2024, 1, 15))]
    html = figure(attacks, "weapon", {}, {}, "chart-weapon")
    charts = figures(parse(html))
    assert set(charts) == {"chart-weapon", "chart-weapon-monthly"}
    monthly = charts["chart-weapon-monthly"]
    assert monthly.find("title").text() == "Attacks per month, by weapon"
    rows = table_rows(monthly)
    assert rows == {"2020-01": [1, 0, 1], "2021-05": [0, 1, 1], "2024-01": [2, 1, 3]}
    assert "1 attack known only to the year" in monthly.text()
    assert "before the latest 104 weeks (the monthly chart counts them)" in charts["chart-weapon"].text()
    svg = monthly.find("svg")
    assert len(svg.find_all("text", class_="ma-axis")) > 3  # year labels under 49 months of bars
    short = figures(parse(figure(attacks[3:], "weapon", {}, {}, "chart-weapon")))
    assert set(short) == {"chart-weapon"}


def test_a_strikes_chart_calls_its_bars_strikes():
    from militia_atlas.views.charts import WeeklyChart, svg
    from militia_atlas.core.dates import PartialDate

    class Strike:
        def __init__(self, date):
            self.date = date

    chart = WeeklyChart([Strike(PartialDate(2024, 1, 2)), Strike(PartialDate(2024, 1, 9))], lambda a: "Syria")
    drawn = svg(chart, "chart-strike-country", "Strikes", noun="strike", family="country")
    assert "<title>Syria: 2 strikes</title>" in drawn and "attack" not in drawn
