import datetime as dt

import pytest

from militia_atlas.core.dates import PartialDate, build_date, parse_date


def test_precision_follows_the_form():
    assert parse_date("2023").precision == "year"
    assert parse_date("2023-10").precision == "month"
    assert parse_date("2023-10-29").precision == "day"


@pytest.mark.parametrize("text", ["2023-02-30", "2023-13", "2023-1-5", "23-10-01", "yesterday", "2023-00"])
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_period_bounds():
    assert parse_date("2024-02").end == dt.date(2024, 2, 29)
    assert parse_date("2023").start == dt.date(2023, 1, 1)
    assert parse_date("2023").end == dt.date(2023, 12, 31)


def test_newest_first_puts_a_month_after_its_precise_days():
    dates = [parse_date(t) for t in ("2023-10", "2023-09-30", "2023-10-01", "2023-10-31", "2023")]
    ordered = sorted(dates, key=PartialDate.newest_first_key)
    assert [d.iso() for d in ordered] == ["2023-10-31", "2023-10-01", "2023-10", "2023-09-30", "2023"]


def test_human_form():
    assert parse_date("2023-10-07").human() == "October 7, 2023"
    assert parse_date("2023-10").human() == "October 2023"


def test_build_date_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_date() == dt.date(2023, 11, 14)
