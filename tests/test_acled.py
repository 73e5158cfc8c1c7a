"""`militia-atlas import acled FILE.csv` (acled.py): idempotent, keeps editors' changes, matches names."""

from __future__ import annotations

import csv

import pytest

from conftest import copy_fixture, run_cli
from militia_atlas.commands.acled import normalize, parse_acled_date

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "country", "admin1", "location",
           "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"]
ROWS = [
    # an alias of Brigade One, at an alias of North Base; ACLED's 0 fatalities is not a known zero
    {"event_id_cnty": "IRQ1001", "event_date": "2024-02-10", "time_precision": "1", "sub_event_type":
     "Air/drone strike", "actor1": "First Brigade", "assoc_actor_1": "Unknown Militia X", "country": "Iraq",
     "admin1": "Erbil", "location": "Northern Airfield", "latitude": "36.2", "longitude": "44.0",
     "source": "Reuters", "notes": "A drone struck the airfield.", "fatalities": "0"},
    # no name match: East Base is 1.4 km from the given point
    {"event_id_cnty": "SYR2002", "event_date": "12 February 2024", "time_precision": "1",
     "actor1": "Unidentified Armed Group (Syria)", "country": "Syria", "admin1": "Deir ez-Zor",
     "location": "Some Village", "latitude": "35.01", "longitude": "40.51", "source": "SOHR",
     "notes": "Rockets hit the base.", "fatalities": "2"},
    # a curly apostrophe in the alias; no base here: recorded as a location
    {"event_id_cnty": "IRQ1003", "event_date": "2024-02-14", "time_precision": "2", "actor1": "Kata’ib Wahid",
     "country": "Iraq", "admin1": "Baghdad", "location": "Baghdad", "latitude": "33.3", "longitude": "44.4",
     "source": "AFP", "notes": "Mortar rounds landed near the airport.", "fatalities": "1"},
    {"event_id_cnty": "XXX9", "event_date": "2024-02-15", "actor1": "Someone", "country": "Narnia",
     "location": "Cair Paravel", "notes": "Not a real place."},
    {"event_id_cnty": "IRQ1005", "event_date": "2024-02-14", "time_precision": "1", "actor1": "Brigade One",
     "country": "Iraq", "location": "Baghdad", "notes": "A second event the same day.", "fatalities": ""},
]


def write_csv(path, rows, columns=COLUMNS):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


@pytest.fixture
def site(tmp_path):
    return copy_fixture("views", tmp_path / "site")


def attack_files(site) -> dict:
    return {p.name: p.read_text(encoding="utf-8") for p in (site / "entries/attacks").glob("*.yml")}


def test_import_creates_valid_entries_and_reports_what_it_could_not_match(site, tmp_path):
    source = write_csv(tmp_path / "acled.csv", ROWS)
    result = run_cli("import", "acled", str(source), cwd=site)
    assert result.returncode == 1, result.stderr  # one row was skipped
    report = result.stdout
    assert "4 created, 0 updated, 0 unchanged" in report
    assert "Unknown Militia X (1 event: IRQ1001)" in report
    assert "Baghdad, Iraq (2 events: IRQ1003, IRQ1005)" in report
    assert "acled.csv:5: country 'Narnia' is not in the country register" in report
    files = attack_files(site)
    first = files["2024-02-10-northern-airfield.yml"]
    assert "# acled-event: IRQ1001\n" in first
    assert "base: north-base\n" in first and "attributed_to:\n- brigade-one\n" in first
    assert "weapons:\n- drone\n" in first and "killed" not in first
    second = files["2024-02-12-some-village.yml"]
    assert "base: east-base\n" in second and "attributed_to" not in second and "killed: 2\n" in second
    third = files["2024-02-14-baghdad.yml"]
    assert "date: 2024-02-14\napproximate: true\n" in third and "attributed_to:\n- brigade-one\n" in third
    assert "location:\n  name: Baghdad\n  country: iraq\n  province: Baghdad\n  coordinates:\n  - 33.3\n" in third
    assert "2024-02-14-baghdad-2.yml" in files  # same day and place: a new id, not a clash
    validated = run_cli("validate", cwd=site)
    assert validated.returncode == 0, validated.stdout + validated.stderr


def test_importing_again_changes_nothing(site, tmp_path):
    source = write_csv(tmp_path / "acled.csv", [r for r in ROWS if r["country"] != "Narnia"])
    assert run_cli("import", "acled", str(source), cwd=site).returncode == 0
    before = attack_files(site)
    again = run_cli("import", "acled", str(source), cwd=site)
    assert again.returncode == 0
    assert "0 created, 0 updated, 4 unchanged" in again.stdout
    assert attack_files(site) == before


def test_an_edited_entry_is_never_overwritten(site, tmp_path):
    rows = [r for r in ROWS if r["country"] != "Narnia"]
    run_cli("import", "acled", str(write_csv(tmp_path / "first.csv", rows)), cwd=site, check=False)
    edited = site / "entries/attacks/2024-02-10-northern-airfield.yml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("A drone struck the airfield.",
                                                                 "An editor's better summary."), encoding="utf-8")
    kept = edited.read_bytes()
    revised = [dict(r, fatalities="5") if r["event_id_cnty"] in ("IRQ1001", "SYR2002") else r for r in rows]
    result = run_cli("import", "acled", str(write_csv(tmp_path / "second.csv", revised)), cwd=site)
    assert "1 updated" in result.stdout and "1 kept as an editor changed them" in result.stdout
    assert "Kept as edited (delete the file to import it again): 2024-02-10-northern-airfield" in result.stdout
    assert edited.read_bytes() == kept
    assert "killed: 5\n" in (site / "entries/attacks/2024-02-12-some-village.yml").read_text(encoding="utf-8")


def test_dry_run_writes_nothing(site, tmp_path):
    before = attack_files(site)
    result = run_cli("import", "acled", str(write_csv(tmp_path / "a.csv", ROWS[:2])), "--dry-run", cwd=site)
    assert result.returncode == 0 and "dry run" in result.stdout and "2 created" in result.stdout
    assert attack_files(site) == before


def test_a_file_that_is_not_an_acled_export(site, tmp_path):
    source = write_csv(tmp_path / "other.csv", [{"date": "2024-01-01"}], columns=["date", "place"])
    result = run_cli("import", "acled", str(source), cwd=site)
    assert result.returncode == 2
    assert "other.csv:1: missing column(s) event_id_cnty, event_date, actor1, country, location" in result.stderr
    assert "Traceback" not in result.stderr
    missing = run_cli("import", "acled", str(tmp_path / "nope.csv"), cwd=site)
    assert missing.returncode == 2 and "cannot find" in missing.stderr


def test_names_and_dates_are_normalised():
    assert normalize("Kata’ib Hizballah (Iraq)") == normalize("kataib hizballah") == "kataib hizballah"
    assert normalize("Ḥarakat al-Nujabāʼ") == "harakat al nujaba"
    assert parse_acled_date("27 October 2023").isoformat() == "2023-10-27"
    with pytest.raises(ValueError, match="not a date"):
        parse_acled_date("yesterday")
