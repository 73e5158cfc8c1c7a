"""`militia-atlas import acled FILE.csv`: an ACLED export becomes attack entries.

Each row of an ACLED export becomes an attack entry. The import is
idempotent: every file it writes starts with the ACLED event id and a fingerprint
of what it wrote. Importing again rewrites a file only while its fingerprint still
matches (no editor has touched it); an edited file is kept as the editor left it.
Actors are matched to groups through names, short names, aliases and ids; places to
bases through names and aliases, then by distance. What cannot be matched is reported.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..core.dates import build_date

IMPORT_REQUIRED = ("event_id_cnty", "event_date", "actor1", "country", "location")
HEADER_EVENT = "# acled-event: "
HEADER_FINGERPRINT = "# acled-fingerprint: "
NEAR_KM = 3.0
WEAPON_WORDS = [
    ("drone", re.compile(r"\b(drones?|uavs?|unmanned aerial)\b", re.I)),
    ("rocket", re.compile(r"\brockets?\b", re.I)),
    ("mortar", re.compile(r"\bmortars?\b", re.I)),
    ("ballistic-missile", re.compile(r"\bballistic missiles?\b", re.I)),
    ("cruise-missile", re.compile(r"\bcruise missiles?\b", re.I)),
    ("ied", re.compile(r"\b(ieds?|improvised explosive|roadside bombs?)\b", re.I)),
]


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


def distance_km(a, b) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def split_actors(text: str) -> list:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def parse_acled_date(text: str) -> dt.date:
    text = (text or "").strip()
    for form in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(f"event_date '{text}' is not a date (expected YYYY-MM-DD or '27 October 2023')")


def slug(text: str) -> str:
    return re.sub(r"-+", "-", normalize(text).replace(" ", "-")).strip("-")[:50].strip("-") or "place"


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


# -- import -------------------------------------------------------------------------------

@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # edited by an editor since the import: left alone
    skipped: list = field(default_factory=list)  # "file:line: why"
    unmatched_actors: dict = field(default_factory=dict)  # name -> [event ids]
    unmatched_places: dict = field(default_factory=dict)  # "place, country" -> [event ids]

    def text(self) -> str:
        lines = [f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                 f"{len(self.kept)} kept as an editor changed them, {len(self.skipped)} rows skipped"]
        for title, found in (("Actors not matched to a group (add the group, or the name as an alias):",
                              self.unmatched_actors),
                             ("Places not matched to a base (recorded as a location):", self.unmatched_places)):
            if found:
                lines.append(title)
                lines += [f"  {name} ({len(events)} event{'s' if len(events) != 1 else ''}: "
                          f"{', '.join(events[:5])}{', ...' if len(events) > 5 else ''})"
                          for name, events in sorted(found.items())]
        if self.kept:
            lines.append("Kept as edited (delete the file to import it again): " + ", ".join(self.kept))
        if self.skipped:
            lines.append("Rows skipped:")
            lines += [f"  {reason}" for reason in self.skipped]
        return "\n".join(lines)


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

    def run(self, csv_path: Path, display: str, dry_run: bool = False) -> ImportReport:
        with open(csv_path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in IMPORT_REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise ValueError(f"{display}:1: missing column(s) {', '.join(missing)}; an ACLED export has "
                                 f"{', '.join(IMPORT_REQUIRED)} (export from ACLED with all columns)")
            for row in reader:
                self.import_row(row, f"{display}:{reader.line_num}", dry_run)
        return self.report

    def import_row(self, row: dict, where: str, dry_run: bool) -> None:
        event = (row.get("event_id_cnty") or "").strip()
        if not event:
            self.report.skipped.append(f"{where}: no event_id_cnty")
            return
        try:
            entry = self.entry_for(row, event)
        except ValueError as error:
            self.report.skipped.append(f"{where}: {error}")
            return
        body = yaml_text(entry)
        path = self.existing.get(event)
        if path is None:
            path = self.attacks_dir / f"{self.new_id(row, entry['date'])}.yml"
            self.report.created.append(path.stem)
            self.existing[event] = path
        else:
            written_body, recorded = read_imported(path)
            if recorded != fingerprint(written_body):
                self.report.kept.append(path.stem)
                return
            if written_body == body:
                self.report.unchanged.append(path.stem)
                return
            self.report.updated.append(path.stem)
        if not dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(header(event, body) + body, encoding="utf-8", newline="\n")

    def new_id(self, row: dict, date: str) -> str:
        stem = f"{date}-{slug(row.get('location') or 'place')}"
        candidate, n = stem, 2
        while candidate in self.taken:
            candidate, n = f"{stem}-{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def entry_for(self, row: dict, event: str) -> dict:
        date = parse_acled_date(row.get("event_date", ""))
        if date > self.today:
            raise ValueError(f"event_date {date.isoformat()} is after today")
        country = self.countries.get(normalize(row.get("country") or ""))
        if not country:
            raise ValueError(f"country '{row.get('country', '')}' is not in the country register; add it to "
                             "entries/countries.yml")
        entry = {"date": date.isoformat()}
        if (row.get("time_precision") or "").strip() == "2":
            entry["approximate"] = True
        entry.update(self.target(row, event, country))
        groups = self.actors(row, event)
        if groups:
            entry["attributed_to"] = groups
        weapons = [w for w, pattern in WEAPON_WORDS
                   if pattern.search(" ".join((row.get("notes") or "", row.get("sub_event_type") or "")))]
        if weapons:
            entry["weapons"] = weapons
        fatalities = (row.get("fatalities") or "").strip()
        if fatalities.isdigit() and int(fatalities) > 0:
            entry["killed"] = int(fatalities)  # ACLED's 0 means "none reported", which is not a known zero
        notes = " ".join((row.get("notes") or "").split())
        entry["summary"] = notes or f"{row.get('sub_event_type') or 'Event'} at {row.get('location')} (ACLED)."
        citation = f"Armed Conflict Location & Event Data Project (ACLED), event {event}, {date.isoformat()}."
        if (row.get("source") or "").strip():
            citation += f" ACLED's sources: {' '.join(row['source'].split())}."
        entry["sources"] = [{"publisher": "ACLED", "title": f"ACLED event {event}", "citation": citation}]
        return entry

    def target(self, row: dict, event: str, country: str) -> dict:
        place = (row.get("location") or "").strip()
        lat, lon = number(row.get("latitude")), number(row.get("longitude"))
        base_id = self.bases.get(normalize(place))
        if not base_id and lat is not None and lon is not None:
            near = [(distance_km((lat, lon), b.coordinates), b.id) for b in self.site.bases.values()
                    if b.coordinates and b.country == country]
            near = [pair for pair in near if pair[0] <= NEAR_KM]
            base_id = min(near)[1] if near else None
        if base_id:
            return {"base": base_id}
        self.report.unmatched_places.setdefault(f"{place}, {row.get('country', '')}", []).append(event)
        location = {"name": place or "Unknown place", "country": country}
        if (row.get("admin1") or "").strip():
            location["province"] = row["admin1"].strip()
        if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
            location["coordinates"] = [lat, lon]
        return {"location": location}

    def actors(self, row: dict, event: str) -> list:
        found = []
        for name in split_actors(row.get("actor1")) + split_actors(row.get("assoc_actor_1")):
            if normalize(name).startswith("unidentified"):
                continue  # ACLED's word for "no one claimed it": the entry stays unclaimed
            group = self.groups.get(normalize(name))
            if group and group not in found:
                found.append(group)
            elif not group:
                self.report.unmatched_actors.setdefault(name, []).append(event)
        return found


# -- the files it writes --------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    pass


DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _text_representer(dumper, value: str):
    if DATE_TEXT.match(value):  # written as editors write dates: 2024-02-14, not '2024-02-14'
        return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value)
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_representer)


def yaml_text(entry: dict) -> str:
    return yaml.dump(entry, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=100)


def fingerprint(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def header(event: str, body: str) -> str:
    return (f"# Imported from ACLED by `militia-atlas import acled`. Edit freely: once this file changes,\n"
            f"# later imports leave it alone.\n{HEADER_EVENT}{event}\n{HEADER_FINGERPRINT}{fingerprint(body)}\n")


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


def import_acled(settings, csv_path: Path, dry_run: bool = False) -> ImportReport:
    """Import one ACLED CSV export into settings.entries_dir/attacks/."""
    from ..core.engine import check

    site, _ = check(settings)  # matching needs names only: import even while other entries have errors
    display = csv_path.as_posix()
    return AcledImporter(site, settings.entries_dir).run(csv_path, display, dry_run)


# -- the command ------------------------------------------------------------------------

def add_parser(sub) -> None:
    parser = sub.add_parser("import", help="turn an export from another data set (ACLED) into attack entries")
    parser.add_argument("source", choices=("acled",), help="the data set the file comes from")
    parser.add_argument("file", metavar="FILE.csv", help="the exported CSV file")
    parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
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
        report = import_acled(settings, path, args.dry_run)
    except (ValueError, UnicodeDecodeError, csv.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    prefix = "dry run (nothing written): " if args.dry_run else ""
    print(f"{prefix}ACLED import from {args.file} into {settings.entries_dir / 'attacks'}: {report.text()}")
    return 1 if report.skipped else 0
