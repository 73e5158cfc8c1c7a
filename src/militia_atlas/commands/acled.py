"""`militia-atlas import acled FILE.csv`: an ACLED export becomes attack entries.

Each row of an ACLED export becomes an attack entry. The import is
idempotent: every file it writes starts with the ACLED event id and a fingerprint
of what it wrote. Importing again rewrites a file only while its fingerprint still
matches (no editor has touched it); an edited file is kept as the editor left it.
Actors are matched to groups through names, short names, aliases and ids (ACLED's dates in
parentheses left out), ACLED's second actor becoming `target_groups`; a state's forces striking from afar
make `kind: strike`; a base is the target only when the place or the notes name it, else a `location`
keeps ACLED's geo precision. What cannot be matched is reported. Only the event types asked for are imported. The file is read and checked
whole first (acled_rows.py): one bad row, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from pathlib import Path

import yaml

from ..core.dates import build_date
from .acled_rows import (DEFAULT_EVENT_TYPES, LINE_BREAKING, FileRefused, ImportReport, Problems, Refused, Row,
                         actor_names, check_event_ids, chosen_event_types, classify, flat, location_precision,
                         number, read_dates, read_rows, shown, split_actors, split_by_event_type, without_tags)

HEADER_EVENT = "# acled-event: "
HEADER_FINGERPRINT = "# acled-fingerprint: "
ALL_SIDES = "ACLED's count of fatalities on all sides."
# ACLED's actors that are no armed group: never matched, never reported ("Unidentified" leaves it unclaimed)
NO_GROUP = ("unidentified", "civilians", "protesters", "rioters")


# -- matching ---------------------------------------------------------------------------

def normalize(name: str) -> str:
    """Lowercase ASCII words: diacritics, apostrophes, brackets and punctuation dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\([^)]*\)", " ", text.lower())
    text = re.sub(r"['\u2018\u2019\u02bc\u02bb`\u00b4]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def name_table(entries) -> dict:
    """normalized name -> entry id; names shared by two entries map to None (ambiguous)."""
    table = {}
    for entry in entries:
        names = [entry.name, entry.values.get("short_name"), entry.id.replace("-", " ")]
        names += entry.values.get("aliases") or []
        for name in names:
            key = normalize(name or "")
            if not key:
                continue
            if key in table and table[key] != entry.id:
                table[key] = None
            else:
                table[key] = entry.id
    return table


def slug(text: str) -> str:
    return re.sub(r"-+", "-", normalize(text).replace(" ", "-")).strip("-")[:50].strip("-") or "place"


# -- import -------------------------------------------------------------------------------

class AcledImporter:
    def __init__(self, site, entries_dir: Path, today: dt.date | None = None):
        self.site = site
        self.attacks_dir = entries_dir / "attacks"
        self.today = today or build_date()
        self.groups = name_table(site.groups.values())
        self.bases = name_table(site.bases.values())
        self.countries = {}
        for slug_, country in site.countries.items():
            self.countries[normalize(country.get("name", ""))] = slug_
            self.countries.setdefault(normalize(slug_.replace("-", " ")), slug_)
        self.taken = {p.stem for p in entries_dir.glob("*/**/*.y*ml")} | set(site.entities) | set(site.redirects)
        self.existing = self._imported_files()
        self.report = ImportReport()
        self.actor_spellings = {}  # normalized actor name -> the spelling the report shows

    def _imported_files(self) -> dict:
        """ACLED event id -> file, for every file an earlier import wrote."""
        found = {}
        if not self.attacks_dir.is_dir():
            return found
        for path in sorted(self.attacks_dir.rglob("*.y*ml")):
            with open(path, encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    if not line.startswith("#"):
                        break
                    if line.startswith(HEADER_EVENT):
                        found[line[len(HEADER_EVENT):].strip()] = path
        return found

    def run(self, csv_path: Path, display: str, event_types: tuple = DEFAULT_EVENT_TYPES,
            dry_run: bool = False) -> ImportReport:
        """Check every row, then write every file, or write nothing and raise Refused."""
        rows, self.report.skipped_types = split_by_event_type(read_rows(csv_path, display), event_types)
        problems = Problems(display)
        check_event_ids(rows, problems)
        dates = read_dates(rows, problems)
        entries = [(row, self.entry_for(row, dates[row.line], problems)) for row in rows
                   if row.line not in problems.rows]
        if problems.lines:
            raise Refused(problems)
        files = [planned for row, entry in entries if (planned := self.plan(row, entry))]
        if not dry_run:
            write_all(files)
        return self.report

    def plan(self, row: Row, entry: dict):
        """(path, text) of the file to write for this row, or None when it stays as it is."""
        event, body = row["event_id_cnty"], yaml_text(entry)
        path = self.existing.get(event)
        if path is None:
            path = self.attacks_dir / f"{self.new_id(row, entry['date'])}.yml"
            self.report.created.append(path.stem)
        else:
            written_body, recorded = read_imported(path)
            if recorded != fingerprint(written_body):
                self.report.kept.append(path.stem)
                return None
            if written_body == body:
                self.report.unchanged.append(path.stem)
                return None
            self.report.updated.append(path.stem)
        return path, header(event, body) + body

    def new_id(self, row: Row, date: dt.date) -> str:
        stem = f"{date}-{slug(row['location'] or 'place')}"
        candidate, n = stem, 2
        while candidate in self.taken:
            candidate, n = f"{stem}-{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def entry_for(self, row: Row, date: dt.date, problems: Problems) -> dict | None:
        if date > self.today:
            problems.add(row.line, f"event_date {date.isoformat()} is after today; check the date")
        country = self.countries.get(normalize(row["country"]))
        if not country:
            problems.add(row.line, f"country '{shown(row['country'])}' is not in the country register; add it to "
                                   "entries/countries.yml")
        if row.line in problems.rows:
            return None
        event, found = row["event_id_cnty"], classify(row)
        entry = {"kind": "strike"} if found.strike else {}
        entry["date"] = date  # a date, written as editors write one: 2024-02-14
        if row["time_precision"] == "2":
            entry["approximate"] = True
        entry.update(self.target(row, event, country))
        groups = self.match_groups(split_actors(row["actor1"]) + split_actors(row["assoc_actor_1"]), event)
        if groups:
            entry["attributed_to"] = groups
        targets = self.match_groups(split_actors(row["actor2"]) + split_actors(row["assoc_actor_2"]), event)
        targets = [group for group in targets if group not in groups]
        if targets:
            entry["target_groups"] = targets
        if found.weapons:
            entry["weapons"] = found.weapons
        fatalities = row["fatalities"]
        if fatalities.isdigit() and int(fatalities) > 0:
            entry["killed"] = int(fatalities)  # ACLED's 0 means "none reported", which is not a known zero
            entry["casualty_note"] = ALL_SIDES
        notes = without_tags(row["notes"])
        entry["summary"] = notes or f"{row['sub_event_type'] or 'Event'} at {row['location']} (ACLED)."
        citation = f"Armed Conflict Location & Event Data Project (ACLED), event {event}, {date.isoformat()}."
        if row["source"]:
            citation += f" ACLED's sources: {row['source']}."
        entry["sources"] = [{"publisher": "ACLED", "title": f"ACLED event {event}", "citation": citation}]
        return entry

    def target(self, row: Row, event: str, country: str) -> dict:
        base_id = self.named_base(row, country)
        if base_id:
            return {"base": base_id}
        place = row["location"]
        self.report.unmatched_places.setdefault(f"{place}, {row['country']}", []).append(event)
        location = {"name": place or "Unknown place", "country": country}
        if row["admin1"]:
            location["province"] = row["admin1"]
        lat, lon = number(row["latitude"]), number(row["longitude"])
        if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
            location["coordinates"] = [lat, lon]
            precision = location_precision(row["geo_precision"])
            if precision:
                location["coordinates_precision"] = precision
        return {"location": location}

    def named_base(self, row: Row, country: str) -> str | None:
        """The base of this country that the place or the notes name (never one that is merely near)."""
        def of_country(base_id):
            return base_id if base_id and self.site.bases[base_id].country == country else None

        by_place = of_country(self.bases.get(normalize(row["location"])))
        if by_place:
            return by_place
        notes = f" {normalize(row['notes'])} "
        named = {of_country(base_id) for key, base_id in self.bases.items() if f" {key} " in notes} - {None}
        return named.pop() if len(named) == 1 else None

    def match_groups(self, names: list, event: str) -> list:
        """Group ids for ACLED actor names; names that match no group are reported."""
        found = []
        for name in names:
            if normalize(name).startswith(NO_GROUP):
                continue
            group = next((self.groups[key] for key in map(normalize, actor_names(name)) if self.groups.get(key)),
                         None)
            if group and group not in found:
                found.append(group)
            elif not group:
                self.report_unmatched(name, event)
        return found

    def report_unmatched(self, name: str, event: str) -> None:
        """Once per actor: spellings that differ only in ACLED's dates, case or accents are one line."""
        shown_as = self.actor_spellings.setdefault(normalize(actor_names(name)[0]), name)
        events = self.report.unmatched_actors.setdefault(shown_as, [])
        if event not in events:
            events.append(event)


# -- the files it writes --------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    pass


def _text_representer(dumper, value: str):
    style = '"' if LINE_BREAKING.search(value) else None  # cells are flattened; this is a second guard
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_representer)


def yaml_text(entry: dict) -> str:
    return yaml.dump(entry, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=100)


def fingerprint(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def header(event: str, body: str) -> str:
    return (f"# Imported from ACLED by `militia-atlas import acled`. Edit freely: once this file changes,\n"
            f"# later imports leave it alone.\n{HEADER_EVENT}{flat(event)}\n{HEADER_FINGERPRINT}{fingerprint(body)}\n")


def read_imported(path: Path):
    """(body after the header comments, recorded fingerprint or None)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = text.splitlines(keepends=True)
    recorded, start = None, 0
    for start, line in enumerate(lines):
        if not line.startswith("#"):
            break
        if line.startswith(HEADER_FINGERPRINT):
            recorded = line[len(HEADER_FINGERPRINT):].strip()
    else:
        start = len(lines)
    return "".join(lines[start:]), recorded


def write_all(files: list) -> None:
    """Every file staged beside its place first, then each moved into place: a failed write leaves
    nothing half-imported."""
    staged = []
    try:
        for path, text in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.importing")
            staged.append((temporary, path))
            temporary.write_text(text, encoding="utf-8", newline="\n")
    except OSError:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in staged:
        os.replace(temporary, path)


def import_acled(settings, csv_path: Path, event_types: tuple = DEFAULT_EVENT_TYPES,
                 dry_run: bool = False) -> ImportReport:
    """Import one ACLED CSV export into settings.entries_dir/attacks/."""
    from ..core.engine import check

    site, _ = check(settings)  # matching needs names only: import even while other entries have errors
    display = csv_path.as_posix()
    return AcledImporter(site, settings.entries_dir).run(csv_path, display, event_types, dry_run)


# -- the command ------------------------------------------------------------------------

def add_parser(sub) -> None:
    parser = sub.add_parser("import", help="turn an export from another data set (ACLED) into attack entries")
    parser.add_argument("source", choices=("acled",), help="the data set the file comes from")
    parser.add_argument("file", metavar="FILE.csv", help="the exported CSV file")
    parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    parser.add_argument("--event-types", metavar="TYPES",
                        help="ACLED event types to import, separated by commas (default: "
                             f"{','.join(DEFAULT_EVENT_TYPES)})")
    parser.set_defaults(handler=cmd_import)


def cmd_import(args) -> int:
    import sys

    from ..publish.config import find_config, quick_settings

    settings = quick_settings(find_config(args.config_file), drafts=True)  # drafts' names match too
    path = Path(args.file)
    if not path.is_file():
        print(f"error: cannot find {args.file}; give the path of the CSV file ACLED exported", file=sys.stderr)
        return 2
    try:
        report = import_acled(settings, path, chosen_event_types(args.event_types), args.dry_run)
    except Refused as refused:
        for line in refused.problems.lines:
            print(f"error: {line}", file=sys.stderr)
        if isinstance(refused, FileRefused):
            return 2
        rows = len(refused.problems.rows)
        print(f"nothing was written: {rows} row{'s have' if rows != 1 else ' has'} problems; fix them and "
              "import again", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: cannot write {error.filename}: {error.strerror}; check the folder's permissions and "
              "free space, then import again", file=sys.stderr)
        return 2
    prefix = "dry run (nothing written): " if args.dry_run else ""
    print(f"{prefix}ACLED import from {args.file} into {settings.entries_dir / 'attacks'}: {report.text()}")
    return 0
