"""Reading an ACLED export (acled_rows.py): cells flattened, dates read by column, actor names, tags."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from hypothesis import given, settings
from hypothesis import strategies as st

from militia_atlas.commands.acled import header, yaml_text
from militia_atlas.commands.acled_rows import (FileRefused, Problems, Row, actor_names, chosen_event_types, classify, flat,
                                      read_dates, read_rows, without_tags)


def rows_of(*dates):
    return [Row(n + 2, {"event_date": text}) for n, text in enumerate(dates)]


@pytest.mark.parametrize("text", ["09 May 2020", "9 May 2020", "2020-05-09", "9-May-20", "9-May-2020",
                                  "09-May-2020", "May 9, 2020", "2020-05-09 00:00:00"])
def test_acleds_own_date_forms_and_spreadsheet_resaves_are_read(text):
    problems = Problems("a.csv")
    assert read_dates(rows_of(text), problems) == {2: dt.date(2020, 5, 9)} and problems.lines == []


def test_numbers_alone_are_read_when_one_row_shows_the_order():
    problems = Problems("a.csv")
    day_first = read_dates(rows_of("09/05/2020", "25/05/2020"), problems)
    month_first = read_dates(rows_of("05/09/20", "05/25/20"), problems)
    assert day_first == {2: dt.date(2020, 5, 9), 3: dt.date(2020, 5, 25)}
    assert month_first == {2: dt.date(2020, 5, 9), 3: dt.date(2020, 5, 25)}
    assert problems.lines == []


def test_a_spreadsheets_midnight_after_the_date_is_ignored():
    problems = Problems("a.csv")
    assert read_dates(rows_of("09/05/2020 00:00", "25/05/2020 0:00:00"), problems) == {
        2: dt.date(2020, 5, 9), 3: dt.date(2020, 5, 25)}
    assert read_dates(rows_of("09-May-20 00:00"), problems) == {2: dt.date(2020, 5, 9)}
    assert problems.lines == []


def test_an_unreadable_or_ambiguous_column_is_one_problem():
    problems = Problems("a.csv")
    assert read_dates(rows_of("09/05/2020", "10/05/2020", "yesterday", "31/31/2020"), problems) == {}
    assert len(problems.lines) == 2 and problems.rows == {2, 3, 4, 5}
    assert problems.lines[0].startswith("a.csv:2: event_date: the column is written as 09/05/2020, which reads "
                                        "as day/month or as month/day")
    assert "2 rows hold no date in a form the import reads (such as 'yesterday' on lines 4, 5)" in problems.lines[1]


def test_every_line_breaking_character_becomes_a_space():
    for brk in ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x00", "\x1b"]:
        assert flat(f" a{brk}# b:{brk}{brk}c ") == "a # b: c"


@pytest.mark.parametrize("value", ["- a", "? a", "! a", "& a", "* a", "#a", "a: b", "a #b", "'a", '"a', "%a", "@a",
                                   "`a", "|a", ">a", "[a]", "{a}", "a,b", "yes", "null", "1.5", "2024-01-01",
                                   "2024-01-01x", "\ufeffa", "a\u2028b", "a\x85b"])
def test_the_yaml_written_reads_back_as_exactly_the_value(value):
    entry = {"summary": value, "location": {"name": value}}
    assert yaml.safe_load(yaml_text(entry)) == entry


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text())
def test_no_cell_can_add_a_line_or_a_key(cell, event):
    value = flat(cell)
    entry = {"summary": value, "location": {"name": value, "country": "iraq"}, "sources": [{"title": value}]}
    body = yaml_text(entry)
    text = header(event, body) + body
    assert [line.startswith("#") for line in text.splitlines()[:4]] == [True] * 4
    assert not any(line.startswith("#") for line in body.splitlines())
    assert yaml.safe_load(text) == entry


def test_bracketed_tags_are_stripped():
    assert without_tags("Jets struck. [size=no report]") == "Jets struck."
    assert without_tags("[women targeted: candidates] A raid [disrupted weapons use] ended.") == "A raid ended."


def test_actor_names_lose_acleds_dates_and_offer_the_unit():
    assert actor_names("Police Forces of Iraq (2020-)") == ["Police Forces of Iraq"]
    assert actor_names("Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps") == [
        "Military Forces of Iran Islamic Revolutionary Guard Corps", "Islamic Revolutionary Guard Corps"]
    assert actor_names("Military Forces of the United States (2017-2021)") == ["Military Forces of the United States"]
    assert actor_names("Kata'ib Hizballah") == ["Kata'ib Hizballah"]


@pytest.mark.parametrize("inter1, notes, weapons", [
    ("1", "Jets struck positions.", ["airstrike"]),
    ("State forces", "Jets struck positions.", ["airstrike"]),
    ("8", "A drone struck a car.", ["drone"]),
    ("External/Other forces", "Aircraft fired cruise missiles.", ["airstrike", "cruise-missile"]),
    ("2", "An attack on the base.", ["drone"]),
    ("3", "Rockets and a drone.", ["drone", "rocket"]),
])
def test_air_and_drone_strikes_by_whom(inter1, notes, weapons):
    found = classify(Row(2, {"inter1": inter1, "notes": notes, "sub_event_type": "Air/drone strike"}))
    by_state = inter1 in ("1", "8") or "forces" in inter1
    assert found.weapons == weapons and found.by_state_forces == by_state and found.strike == by_state


@pytest.mark.parametrize("inter1, sub_event_type, strike", [
    ("1", "Shelling/artillery/missile attack", True),
    ("8", "Air/drone strike", True),
    ("1", "Armed clash", False),  # a battle, not a strike
    ("1", "Remote explosive/landmine/IED", False),
    ("3", "Shelling/artillery/missile attack", False),  # an armed group's: an attack
    ("", "Air/drone strike", False),
])
def test_only_a_states_strikes_from_afar_are_strikes(inter1, sub_event_type, strike):
    assert classify(Row(2, {"inter1": inter1, "sub_event_type": sub_event_type})).strike is strike


def test_event_types_are_chosen_in_any_case_and_misspellings_refused():
    assert chosen_event_types(None) == ("Explosions/Remote violence", "Battles")
    assert chosen_event_types("protests, battles") == ("Protests", "Battles")
    with pytest.raises(FileRefused, match="'Battle' is not an ACLED event type \\(did you mean 'Battles'\\?\\)"):
        chosen_event_types("Battle")
    with pytest.raises(FileRefused, match="names no event type"):
        chosen_event_types(" , ")


def test_a_utf16_file_or_a_spreadsheet_is_named_as_such(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("event_id_cnty,event_date\n", encoding="utf-16")
    with pytest.raises(FileRefused, match="a.csv:1: the file is saved as UTF-16; save it as UTF-8"):
        read_rows(path, "a.csv")
    import zipfile

    with zipfile.ZipFile(path, "w") as book:
        book.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(FileRefused, match="a.csv:1: this is a spreadsheet \\(.xlsx\\), not CSV"):
        read_rows(path, "a.csv")


def test_a_spreadsheet_resave_with_semicolons_or_tabs_is_read(tmp_path):
    path = tmp_path / "a.csv"
    for delimiter in (";", "\t"):
        columns = ["event_id_cnty", "event_date", "event_type", "actor1", "country", "location", "notes"]
        values = ["IRQ1", "9-May-20", "Battles", "Brigade One", "Iraq", "Baghdad", "A, b"]
        path.write_text(f"{delimiter.join(columns)}\n{delimiter.join(values)}\n", encoding="utf-8")
        assert [row.cells for row in read_rows(path, "a.csv")] == [dict(zip(columns, values))]
