"""`militia-atlas import acled FILE.csv` (acled.py): all or nothing, idempotent, keeps editors' changes,
imports only the event types asked for, and keeps ACLED's meaning. Every row here is invented."""

from __future__ import annotations

import csv
import re

import pytest
import yaml

from conftest import copy_fixture, run_cli
from militia_atlas.commands.acled import normalize
from militia_atlas.core.schema import ATTACK, LOCATION

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "country", "admin1",
           "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"]
EXPLOSION = {"event_type": "Explosions/Remote violence", "disorder_type": "Political violence"}
ROWS = [
    # an alias of Brigade One, at an alias of North Base; ACLED's 0 fatalities is not a known zero
    {**EXPLOSION, "event_id_cnty": "IRQ1001", "event_date": "2024-02-10", "time_precision": "1",
     "sub_event_type": "Air/drone strike", "actor1": "First Brigade", "assoc_actor_1": "Unknown Militia X",
     "inter1": "3", "country": "Iraq", "admin1": "Erbil", "location": "Northern Airfield", "latitude": "36.2",
     "longitude": "44.0", "geo_precision": "1", "source": "Reuters", "notes": "A drone struck the airfield.",
     "fatalities": "0"},
    # 1.4 km from East Base, but neither the place nor the notes name it: a location, not the base
    {**EXPLOSION, "event_id_cnty": "SYR2002", "event_date": "12 February 2024", "time_precision": "1",
     "sub_event_type": "Shelling/artillery/missile attack", "actor1": "Unidentified Armed Group (Syria)",
     "inter1": "3", "country": "Syria", "admin1": "Deir ez-Zor", "location": "Some Village", "latitude": "35.01",
     "longitude": "40.51", "geo_precision": "2", "source": "SOHR", "notes": "Rockets hit the village.",
     "fatalities": "2"},
    # a curly apostrophe in the alias; no base here: recorded as a location
    {**EXPLOSION, "event_id_cnty": "IRQ1003", "event_date": "2024-02-14", "time_precision": "2",
     "sub_event_type": "Shelling/artillery/missile attack", "actor1": "Kata’ib Wahid", "inter1": "3",
     "country": "Iraq", "admin1": "Baghdad", "location": "Baghdad", "latitude": "33.3", "longitude": "44.4",
     "geo_precision": "1", "source": "AFP", "notes": "Mortar rounds landed near the airport.", "fatalities": "1"},
    {**EXPLOSION, "event_id_cnty": "IRQ1005", "event_date": "2024-02-14", "time_precision": "1",
     "sub_event_type": "Remote explosive/landmine/IED", "actor1": "Brigade One", "inter1": "3",
     "country": "Iraq", "location": "Baghdad", "notes": "A second event the same day.", "fatalities": ""},
]
NARNIA = {**EXPLOSION, "event_id_cnty": "XXX9", "event_date": "2024-02-15", "actor1": "Someone",
          "country": "Narnia", "location": "Cair Paravel", "notes": "Not a real place."}


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


def imported(site) -> dict:
    """event id -> the parsed fields of the file the import wrote for it."""
    found = {}
    for text in attack_files(site).values():
        if "# acled-event: " in text:
            event = text.split("# acled-event: ", 1)[1].split("\n", 1)[0]
            found[event] = yaml.safe_load(text)
    return found


# `kind`, `target_groups` and `location.coordinates_precision` are the target format (ENTRY_FORMAT.md); other
# branches of issue 14 add them to the schema. Until the schema has them, `validate` may refuse those keys
# and nothing else; once it has them (after the merge), it must pass outright.
PENDING_KEYS = ({"kind", "target_groups"} - {f.name for f in ATTACK.fields}) | (
    {"coordinates_precision"} - {f.name for f in LOCATION.fields})


def assert_valid(site):
    result = run_cli("validate", cwd=site)
    if not PENDING_KEYS:
        assert result.returncode == 0, result.stdout + result.stderr
        return
    errors = [line for line in (result.stdout + result.stderr).splitlines() if ": " in line and ".yml:" in line]
    assert errors or result.returncode == 0, result.stdout + result.stderr
    refused = {re.search(r"unknown field '([a-z_]+)'", line).group(1) if "unknown field" in line else line
               for line in errors}
    assert refused <= PENDING_KEYS, result.stdout + result.stderr


def test_import_creates_valid_entries_and_reports_what_it_could_not_match(site, tmp_path):
    source = write_csv(tmp_path / "acled.csv", ROWS)
    result = run_cli("import", "acled", str(source), cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    assert "4 created, 0 updated, 0 unchanged" in report
    assert "Unknown Militia X (1 event: IRQ1001)" in report
    assert "Baghdad, Iraq (2 events: IRQ1003, IRQ1005)" in report
    files = attack_files(site)
    first = files["2024-02-10-northern-airfield.yml"]
    assert "# acled-event: IRQ1001\n" in first
    assert "base: north-base\n" in first and "attributed_to:\n- brigade-one\n" in first
    assert "weapons:\n- drone\n" in first and "killed" not in first
    third = files["2024-02-14-baghdad.yml"]
    assert "date: 2024-02-14\napproximate: true\n" in third and "attributed_to:\n- brigade-one\n" in third
    assert ("location:\n  name: Baghdad\n  country: iraq\n  province: Baghdad\n  coordinates:\n  - 33.3\n  - 44.4\n"
            "  coordinates_precision: exact\n") in third
    assert "2024-02-14-baghdad-2.yml" in files  # same day and place: a new id, not a clash
    assert_valid(site)


def test_a_base_is_linked_only_when_the_place_or_the_notes_name_it(site, tmp_path):
    named = {**ROWS[1], "event_id_cnty": "SYR2003", "location": "Shaddadi Town",
             "notes": "Rockets were fired at East Base from the town."}
    run_cli("import", "acled", str(write_csv(tmp_path / "a.csv", [ROWS[1], named])), cwd=site, check=True)
    entries = imported(site)
    near = entries["SYR2002"]  # 1.4 km from East Base: the old import made it an attack on the base
    assert "base" not in near
    assert near["location"]["name"] == "Some Village" and near["location"]["coordinates"] == [35.01, 40.51]
    assert entries["SYR2003"]["base"] == "east-base" and "location" not in entries["SYR2003"]


def test_acleds_geo_precision_becomes_the_locations_coordinates_precision(site, tmp_path):
    region = {**ROWS[1], "event_id_cnty": "SYR2004", "location": "Far Village", "geo_precision": "3"}
    unplaced = {**ROWS[1], "event_id_cnty": "SYR2005", "location": "No Map Village", "latitude": "",
                "longitude": ""}
    run_cli("import", "acled", str(write_csv(tmp_path / "a.csv", ROWS[1:3] + [region, unplaced])), cwd=site,
            check=True)
    entries = imported(site)
    assert entries["IRQ1003"]["location"]["coordinates_precision"] == "exact"  # geo_precision 1
    assert entries["SYR2002"]["location"]["coordinates_precision"] == "approximate"  # 2: near the place
    assert entries["SYR2004"]["location"]["coordinates_precision"] == "approximate"  # 3: only the region
    assert "coordinates_precision" not in entries["SYR2005"]["location"]  # no coordinates, no precision
    text = attack_files(site)["2024-02-12-some-village.yml"]
    assert "  coordinates:\n  - 35.01\n  - 40.51\n  coordinates_precision: approximate\n" in text
    assert_valid(site)


def test_fatalities_are_kept_as_acleds_count_of_all_sides(site, tmp_path):
    run_cli("import", "acled", str(write_csv(tmp_path / "a.csv", ROWS)), cwd=site, check=True)
    entry = imported(site)["SYR2002"]
    assert entry["killed"] == 2 and entry["casualty_note"] == "ACLED's count of fatalities on all sides."
    assert "casualty_note" not in imported(site)["IRQ1001"]  # 0: none reported, no note either


def test_importing_again_changes_nothing(site, tmp_path):
    source = write_csv(tmp_path / "acled.csv", ROWS)
    assert run_cli("import", "acled", str(source), cwd=site).returncode == 0
    before = attack_files(site)
    again = run_cli("import", "acled", str(source), cwd=site)
    assert again.returncode == 0
    assert "0 created, 0 updated, 4 unchanged" in again.stdout
    assert attack_files(site) == before


def test_an_edited_entry_is_never_overwritten(site, tmp_path):
    run_cli("import", "acled", str(write_csv(tmp_path / "first.csv", ROWS)), cwd=site, check=True)
    edited = site / "entries/attacks/2024-02-10-northern-airfield.yml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("A drone struck the airfield.",
                                                                 "An editor's better summary."), encoding="utf-8")
    kept = edited.read_bytes()
    revised = [dict(r, fatalities="5") if r["event_id_cnty"] in ("IRQ1001", "SYR2002") else r for r in ROWS]
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
    assert ("other.csv:1: missing column(s) event_id_cnty, event_date, event_type, actor1, country, location"
            in result.stderr)
    assert "Traceback" not in result.stderr
    missing = run_cli("import", "acled", str(tmp_path / "nope.csv"), cwd=site)
    assert missing.returncode == 2 and "cannot find" in missing.stderr


def test_names_are_normalised():
    assert normalize("Kata’ib Hizballah (Iraq)") == normalize("kataib hizballah") == "kataib hizballah"
    assert normalize("Ḥarakat al-Nujabāʼ") == "harakat al nujaba"


# -- nothing a cell holds can add a key or a comment line (issue 11, item 1) ----------------------------

BREAKS = ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029"]


def test_a_crafted_event_id_adds_no_claim(site, tmp_path):
    before = attack_files(site)
    for n, brk in enumerate(BREAKS):
        crafted = {**ROWS[0], "event_id_cnty": f"X{n}{brk}claimed_by: [brigade-one]{brk}# acled-fingerprint: 0"}
        result = run_cli("import", "acled", str(write_csv(tmp_path / f"c{n}.csv", [crafted])), cwd=site)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "c%d.csv:2: event_id_cnty 'X%d claimed_by: [brigade-one] # acled-fingerprint: 0' is not an " \
               "ACLED event id" % (n, n) in result.stderr
        assert attack_files(site) == before
    assert "claimed" not in run_cli("validate", cwd=site).stdout


def test_crafted_cells_land_as_plain_values(site, tmp_path):
    rows = []
    for n, brk in enumerate(BREAKS):
        attack = f"X{brk}claimed_by: [brigade-one]{brk}# acled-fingerprint: 0"
        rows.append({**ROWS[2], "event_id_cnty": f"IRQ70{n}", "location": f"- ? ! & * '\"{attack}",
                     "admin1": f"#{attack}", "notes": f"Said: {attack}", "source": f"&a{attack}",
                     "actor1": f"Kata’ib Wahid{brk}claimed_by: [brigade-one]"})
    result = run_cli("import", "acled", str(write_csv(tmp_path / "crafted.csv", rows)), cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    for event, entry in imported(site).items():
        assert set(entry) == {"date", "approximate", "location", "killed", "casualty_note", "summary",
                              "sources"}, event
        flat = "X claimed_by: [brigade-one] # acled-fingerprint: 0"
        assert entry["location"]["name"] == "- ? ! & * '\"" + flat
        assert entry["location"]["province"] == "#" + flat
        assert entry["summary"] == "Said: X claimed_by: # acled-fingerprint: 0"  # [tags] stripped, see below
        assert entry["sources"][0]["citation"].endswith(f"ACLED's sources: &a{flat}.")
    for text in attack_files(site).values():
        comments = [line for line in text.splitlines() if line.startswith("#")]
        assert len(comments) in (0, 4)
    assert_valid(site)
    assert "Kata’ib Wahid claimed_by: [brigade-one]" in result.stdout  # reported as an unmatched actor
    again = run_cli("import", "acled", str(tmp_path / "crafted.csv"), cwd=site)
    assert "0 created, 0 updated, 6 unchanged" in again.stdout


# -- all or nothing (issue 11, items 7 and 8) --------------------------------------------------------------

def test_duplicate_event_ids_are_an_error_and_nothing_is_written(site, tmp_path):
    before = attack_files(site)
    source = write_csv(tmp_path / "dup.csv", ROWS + [dict(ROWS[0], notes="Again.")])
    for extra in ([], ["--dry-run"]):
        result = run_cli("import", "acled", str(source), *extra, cwd=site)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert (f"dup.csv:2: event_id_cnty 'IRQ1001' is on more than one row: {source}:2, {source}:6"
                in result.stderr)
        assert "nothing was written" in result.stderr
        assert attack_files(site) == before


def test_one_bad_row_stops_the_whole_import(site, tmp_path):
    before = attack_files(site)
    future = {**ROWS[0], "event_id_cnty": "IRQ1009", "event_date": "2030-01-01"}
    result = run_cli("import", "acled", str(write_csv(tmp_path / "acled.csv", ROWS + [NARNIA, future])),
                     cwd=site)
    assert result.returncode == 1
    assert "acled.csv:6: country 'Narnia' is not in the country register" in result.stderr
    assert "acled.csv:7: event_date 2030-01-01 is after today" in result.stderr
    assert "nothing was written: 2 rows have problems" in result.stderr
    assert attack_files(site) == before


def test_a_huge_field_is_named_by_line(site, tmp_path):
    before = attack_files(site)
    source = write_csv(tmp_path / "big.csv", ROWS[:2] + [{**ROWS[2], "notes": "x" * 300_000}])
    result = run_cli("import", "acled", str(source), cwd=site)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "big.csv:4: a cell is longer than 131,072 characters" in result.stderr
    assert attack_files(site) == before


def test_a_latin1_file_says_to_save_as_utf8(site, tmp_path):
    before = attack_files(site)
    source = tmp_path / "latin.csv"
    write_csv(source, ROWS[:2] + [{**ROWS[2], "location": "Qā'im"}])
    text = source.read_bytes().decode("utf-8").replace("Qā'im", "Qaïm").replace("’", "'")
    source.write_bytes(text.encode("latin-1"))
    result = run_cli("import", "acled", str(source), cwd=site)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "latin.csv:4: the file is not UTF-8 (byte 0xef)" in result.stderr
    assert "save it as UTF-8" in result.stderr
    assert attack_files(site) == before


def test_a_file_that_cannot_be_written_leaves_none_written(site, tmp_path):
    before = attack_files(site)
    blocker = site / "entries/attacks/.2024-02-12-some-village.yml.importing"
    blocker.mkdir()  # the second file cannot be staged, after the first was
    result = run_cli("import", "acled", str(write_csv(tmp_path / "a.csv", ROWS)), cwd=site)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"error: cannot write {blocker}: Is a directory" in result.stderr
    assert attack_files(site) == before
    assert sorted(p.name for p in (site / "entries/attacks").iterdir() if p.name.startswith(".")) == [blocker.name]


# -- meaning (issue 14) ---------------------------------------------------------------------------------

MIXED = [
    {"event_id_cnty": "SYR3001", "event_date": "9-May-20", "event_type": "Protests",
     "sub_event_type": "Peaceful protest", "actor1": "Protesters (Syria)", "inter1": "6", "country": "Syria",
     "location": "Some Village", "notes": "Residents protested against prices. [size=no report]",
     "fatalities": "0"},
    {"event_id_cnty": "SYR3002", "event_date": "10-May-20", "event_type": "Strategic developments",
     "sub_event_type": "Movement of forces", "actor1": "Military Forces of the United States (2017-2021)",
     "inter1": "8", "country": "Syria", "location": "East Base", "notes": "A convoy arrived at East Base.",
     "fatalities": "0"},
    {"event_id_cnty": "SYR3003", "event_date": "11-May-20", "event_type": "Strategic developments",
     "sub_event_type": "Change to group/activity", "actor1": "Lone Group", "inter1": "2", "country": "Syria",
     "location": "Some Village", "notes": "The group set up a checkpoint.", "fatalities": "0"},
    # a state's jets: an airstrike, not a drone
    {"event_id_cnty": "SYR3004", "event_date": "12-May-20", "event_type": "Explosions/Remote violence",
     "sub_event_type": "Air/drone strike", "actor1": "Military Forces of Iran (1989-) Sponsor Corps",
     "inter1": "1", "actor2": "Lone Group", "inter2": "2", "country": "Syria", "admin1": "Deir ez-Zor",
     "location": "Other Village", "latitude": "35.2", "longitude": "40.1", "geo_precision": "2",
     "notes": "Jets struck positions of the group. [size=no report]", "fatalities": "4"},
    # external forces' drone: the notes say drone
    {"event_id_cnty": "SYR3005", "event_date": "13-May-2020", "event_type": "Explosions/Remote violence",
     "sub_event_type": "Air/drone strike", "actor1": "Military Forces of Turkey (2016-)", "inter1": "8",
     "country": "Syria", "location": "Other Village", "notes": "A Turkish drone struck a car.",
     "fatalities": "1"},
    # a militia's Air/drone strike: a drone, as before
    {"event_id_cnty": "SYR3006", "event_date": "14 May 2020", "event_type": "Explosions/Remote violence",
     "sub_event_type": "Air/drone strike", "actor1": "Lone Group", "inter1": "2", "country": "Syria",
     "location": "East Base", "notes": "An attack on the base. [disrupted weapons use]", "fatalities": ""},
    {"event_id_cnty": "SYR3007", "event_date": "2020-05-15", "event_type": "Battles",
     "sub_event_type": "Armed clash", "actor1": "Lone Group", "inter1": "2", "actor2": "Brigade One",
     "country": "Syria", "location": "Other Village", "notes": "Clashes between the two groups.",
     "fatalities": "3"},
    # a state's artillery on two groups, the second named in capitals and with diacritics
    {"event_id_cnty": "SYR3008", "event_date": "16-May-20", "event_type": "Explosions/Remote violence",
     "sub_event_type": "Shelling/artillery/missile attack", "actor1": "Military Forces of Syria (2000-)",
     "inter1": "State forces", "actor2": "LONE GROUP", "assoc_actor_2": "Kātaʼib Wāhid", "inter2": "3",
     "country": "Syria", "location": "Other Village",
     "notes": "Artillery shelled positions of the two groups. [women targeted: none]", "fatalities": "2"},
    # a state's forces in a clash: a battle, not a strike; its actor2 is no group of the site
    {"event_id_cnty": "SYR3009", "event_date": "17 May 2020", "event_type": "Battles",
     "sub_event_type": "Armed clash", "actor1": "Military Forces of Syria (2000-2024)", "inter1": "1",
     "actor2": "Unknown Target Militia", "inter2": "3", "country": "Syria", "location": "Other Village",
     "notes": "Soldiers clashed with gunmen.", "fatalities": "1"},
    # police (ACLED's dates in the name) against civilians, who are no group to match or report
    {"event_id_cnty": "SYR3010", "event_date": "18-May-20", "event_type": "Explosions/Remote violence",
     "sub_event_type": "Air/drone strike", "actor1": "Police Forces of Syria (2000-)", "inter1": "1",
     "actor2": "Civilians (Syria)", "inter2": "7", "country": "Syria", "location": "Other Village",
     "notes": "A police helicopter fired on a car.", "fatalities": "0"},
]


def test_only_the_event_types_asked_for_are_imported_and_the_rest_reported(site, tmp_path):
    result = run_cli("import", "acled", str(write_csv(tmp_path / "mixed.csv", MIXED)), cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert set(imported(site)) == {"SYR3004", "SYR3005", "SYR3006", "SYR3007", "SYR3008", "SYR3009", "SYR3010"}
    assert "Skipped by event type (choose with --event-types): 3 rows" in result.stdout
    assert "  Protests: 1 (Peaceful protest: 1)" in result.stdout
    assert "  Strategic developments: 2 (Change to group/activity: 1, Movement of forces: 1)" in result.stdout
    again = run_cli("import", "acled", str(tmp_path / "mixed.csv"), "--event-types", "protests,Battles", cwd=site)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "1 created" in again.stdout and "SYR3001" in imported(site)
    wrong = run_cli("import", "acled", str(tmp_path / "mixed.csv"), "--event-types", "Battle", cwd=site)
    assert wrong.returncode == 2 and "'Battle' is not an ACLED event type (did you mean 'Battles'?)" in wrong.stderr


def test_state_forces_strikes_actor_names_tags_and_resaved_dates(site, tmp_path):
    result = run_cli("import", "acled", str(write_csv(tmp_path / "mixed.csv", MIXED)), cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    entries = imported(site)
    jets, turkish_drone, militia = entries["SYR3004"], entries["SYR3005"], entries["SYR3006"]
    assert jets["weapons"] == ["airstrike"] and jets["attributed_to"] == ["sponsor-corps"]
    assert jets["kind"] == "strike" and jets["target_groups"] == ["lone-group"]
    assert jets["summary"] == "Jets struck positions of the group."
    assert jets["date"].isoformat() == "2020-05-12" and turkish_drone["date"].isoformat() == "2020-05-13"
    assert turkish_drone["weapons"] == ["drone"] and turkish_drone["kind"] == "strike"  # a state's drone
    assert militia["weapons"] == ["drone"] and "kind" not in militia  # a militia's: an attack
    assert militia["summary"] == "An attack on the base." and militia["base"] == "east-base"
    clash, artillery, battle = entries["SYR3007"], entries["SYR3008"], entries["SYR3009"]
    assert clash["target_groups"] == ["brigade-one"] and "kind" not in clash
    assert artillery["kind"] == "strike" and artillery["target_groups"] == ["lone-group", "brigade-one"]
    assert artillery["summary"] == "Artillery shelled positions of the two groups."
    assert artillery["date"].isoformat() == "2020-05-16" and "attributed_to" not in artillery
    assert "kind" not in battle and "target_groups" not in battle
    police = entries["SYR3010"]
    assert police["kind"] == "strike" and police["weapons"] == ["airstrike"] and "target_groups" not in police
    files = attack_files(site)
    assert files["2020-05-12-other-village.yml"].split("\n")[4:6] == ["kind: strike", "date: 2020-05-12"]
    assert "\ntarget_groups:\n- lone-group\n- brigade-one\n" in files["2020-05-16-other-village.yml"]
    assert "Actors not matched to a group" in result.stdout
    assert ('  Military Forces of Turkey (2016-) (1 event: SYR3005)\n    aliases: ["Military Forces of Turkey"]\n'
            in result.stdout)
    assert ('  Military Forces of Syria (2000-) (2 events: SYR3008, SYR3009)\n'
            '    aliases: ["Military Forces of Syria"]\n') in result.stdout
    assert '  Police Forces of Syria (2000-) (1 event: SYR3010)\n    aliases: ["Police Forces of Syria"]' \
        in result.stdout
    assert "  Unknown Target Militia (1 event: SYR3009)\n" in result.stdout  # actor2 is reported too
    assert "Civilians" not in result.stdout and result.stdout.count("Military Forces of Syria") == 2  # once
    assert_valid(site)


def test_the_reported_aliases_line_pasted_into_a_group_matches_on_the_next_import(site, tmp_path):
    source = write_csv(tmp_path / "mixed.csv", MIXED)
    first = run_cli("import", "acled", str(source), cwd=site, check=True)
    line = first.stdout.split("Police Forces of Syria (2000-) (1 event: SYR3010)\n", 1)[1].split("\n", 1)[0]
    (site / "entries/groups/syrian-police.yml").write_text(
        f"name: Syrian Police\n{line.strip()}\ntype: state-force\ncountries: [syria]\nsummary: Police.\n"
        "sources:\n  - publisher: Test Wire\n    title: Test report\n    url: https://example.com/report\n",
        encoding="utf-8")
    again = run_cli("import", "acled", str(source), cwd=site, check=True)
    assert "0 created, 1 updated, 6 unchanged" in again.stdout
    assert imported(site)["SYR3010"]["attributed_to"] == ["syrian-police"]
    assert "Police Forces of Syria" not in again.stdout
    assert_valid(site)


def test_a_town_beside_a_base_stays_a_town_and_notes_naming_an_alias_link_the_base(site, tmp_path):
    town = {**EXPLOSION, "event_id_cnty": "IRQ4001", "event_date": "2020-05-09", "country": "Iraq",
            "admin1": "Erbil", "location": "Airfield Town", "latitude": "36.192", "longitude": "44.013",
            "geo_precision": "1", "sub_event_type": "Shelling/artillery/missile attack", "actor1": "Brigade One",
            "inter1": "3", "notes": "Rockets hit a market in the town, 300 metres from the base gate."}
    aimed = {**town, "event_id_cnty": "IRQ4002", "event_date": "2020-05-10",
             "notes": "Two rockets landed inside the NORTHERN AIRFIELD; no damage. [size=no report]"}
    run_cli("import", "acled", str(write_csv(tmp_path / "a.csv", [town, aimed])), cwd=site, check=True)
    entries = imported(site)
    assert "base" not in entries["IRQ4001"] and entries["IRQ4001"]["location"]["name"] == "Airfield Town"
    assert entries["IRQ4002"]["base"] == "north-base" and "location" not in entries["IRQ4002"]
    assert entries["IRQ4002"]["summary"] == "Two rockets landed inside the NORTHERN AIRFIELD; no damage."
    assert_valid(site)


def test_a_date_column_in_an_unknown_form_is_reported_once(site, tmp_path):
    rows = [{**ROWS[2], "event_id_cnty": f"IRQ5{n:02}", "event_date": f"May {n + 1}th"} for n in range(20)]
    result = run_cli("import", "acled", str(write_csv(tmp_path / "d.csv", rows)), cwd=site)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "event_date" in line]
    assert len(lines) == 1, result.stderr
    assert "d.csv:2: event_date: 20 rows hold no date in a form the import reads (such as 'May 1th' on " \
           "lines 2, 3, 4, 5, 6, ...)" in lines[0]
    slashes = [{**ROWS[2], "event_id_cnty": f"IRQ6{n:02}", "event_date": f"0{n + 1}/05/2020"} for n in range(5)]
    ambiguous = run_cli("import", "acled", str(write_csv(tmp_path / "s.csv", slashes)), cwd=site)
    lines = [line for line in ambiguous.stderr.splitlines() if "event_date" in line]
    assert len(lines) == 1 and "s.csv:2: event_date: the column is written as 01/05/2020" in lines[0], \
        ambiguous.stderr
