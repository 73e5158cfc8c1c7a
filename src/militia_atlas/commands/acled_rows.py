"""Reading and checking an ACLED CSV export, for `militia-atlas import acled` (acled.py).

The whole file is read and every row checked before anything is written: a problem in one row
stops the import, and each is reported as `file:line: message`. Every cell is flattened to one
line of text on the way in (line breaks of every kind and control characters become spaces), so
nothing a cell holds can start a line of the YAML files the import writes. Also here: what a
row says beyond its columns (weapons, who struck), and the report of an import.
"""

from __future__ import annotations

import codecs
import collections
import csv
import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.text import yaml_string

EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
               "Strategic developments")
DEFAULT_EVENT_TYPES = ("Explosions/Remote violence", "Battles")
IMPORT_REQUIRED = ("event_id_cnty", "event_date", "event_type", "actor1", "country", "location")
EVENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
# C0 and C1 controls (U+0085 among them) and the Unicode line and paragraph separators
LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
BRACKET_TAG = re.compile(r"\s*\[[^\[\]]*\]")  # ACLED's `[size=no report]`, `[disrupted weapons use]`
ACTOR_DATES = re.compile(r"\s*\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)\s*")  # `(1989-)`, `(2017-2021)`
NAMED_MONTH_FORMS = ("%d %B %Y", "%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%d-%B-%Y", "%d-%B-%y", "%d %b %y",
                     "%d %B %y", "%B %d, %Y", "%b %d, %Y", "%Y-%m-%d", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S")
MIDNIGHT = re.compile(r"\s+0?0:00(?::00)?$")  # a spreadsheet's date saved with its time: `09/05/2020 00:00`
NUMERIC_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
SHOWN = 80
STATE_FORCES = {"1", "8", "state forces", "external/other forces"}  # ACLED's inter1, as codes or words
STRIKES_FROM_AFAR = {"air/drone strike", "shelling/artillery/missile attack"}  # ACLED's sub-event types
WEAPON_WORDS = [
    ("drone", re.compile(r"\b(drones?|uavs?|unmanned aerial)\b", re.I)),
    ("rocket", re.compile(r"\brockets?\b", re.I)),
    ("mortar", re.compile(r"\bmortars?\b", re.I)),
    ("ballistic-missile", re.compile(r"\bballistic missiles?\b", re.I)),
    ("cruise-missile", re.compile(r"\bcruise missiles?\b", re.I)),
    ("ied", re.compile(r"\b(ieds?|improvised explosive|roadside bombs?)\b", re.I)),
]


@dataclass
class Row:
    line: int  # the line the row starts on
    cells: dict

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column) or ""


class Problems:
    """What is wrong, as `file:line: message` lines, and the rows that have problems."""

    def __init__(self, display: str | None):
        self.display = display
        self.lines: list = []
        self.rows: set = set()

    def add(self, line: int | None, message: str) -> None:
        where = ":".join(str(part) for part in (self.display, line) if part)
        self.lines.append(f"{where}: {message}" if where else message)
        if line:
            self.rows.add(line)


class Refused(Exception):
    """The file cannot be imported; `problems` says why."""

    def __init__(self, problems: Problems):
        super().__init__("\n".join(problems.lines))
        self.problems = problems


class FileRefused(Refused):
    """The file, or the command, as a whole cannot be imported (rather than some of its rows)."""


def flat(value) -> str:
    """A cell as one line of text."""
    return " ".join(LINE_BREAKING.sub(" ", value if isinstance(value, str) else "").split())


def shown(text: str) -> str:
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


# -- the file ---------------------------------------------------------------------------------

def read_rows(path: Path, display: str) -> list:
    """Every row of the file, cells flattened; raises Refused when the file cannot be read as a whole."""
    problems = Problems(display)
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.add(None, f"cannot read the file: {error.strerror}; check its permissions")
        raise FileRefused(problems) from None
    text = decoded(data, problems)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=column_separator(text))
    rows, last_line = [], 0
    try:
        missing = [c for c in IMPORT_REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            problems.add(1, f"missing column(s) {', '.join(missing)}; an ACLED export has "
                            f"{', '.join(IMPORT_REQUIRED)} (export from ACLED with all columns)")
            raise FileRefused(problems)
        last_line = reader.line_num
        for cells in reader:
            rows.append(Row(last_line + 1, {k: flat(v) for k, v in cells.items() if isinstance(k, str)}))
            last_line = reader.line_num
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            problems.add(last_line + 1, f"a cell is longer than {csv.field_size_limit():,} characters; ACLED's "
                                        "cells are far shorter: check that this is the file ACLED exported")
        else:
            problems.add(last_line + 1, f"the file cannot be read as CSV: {error}; save it again as CSV")
        raise FileRefused(problems) from None
    return rows


def column_separator(text: str) -> str:
    """`,` as ACLED writes it, or the `;` or tab a spreadsheet may re-save it with."""
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=lambda sep: sum(c.strip(' "') in IMPORT_REQUIRED for c in first.split(sep)))


def decoded(data: bytes, problems: Problems) -> str:
    if data.startswith(b"PK\x03\x04"):
        problems.add(1, "this is a spreadsheet (.xlsx), not CSV; save it as CSV UTF-8, or export CSV from ACLED")
        raise FileRefused(problems)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.add(1, "the file is saved as UTF-16; save it as UTF-8 (in Excel: \"CSV UTF-8\")")
        raise FileRefused(problems)
    body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body.count(b"\n", 0, error.start) + 1
        problems.add(line, f"the file is not UTF-8 (byte 0x{body[error.start]:02x}), probably Latin-1 or "
                           "Windows-1252: save it as UTF-8 (in Excel: \"CSV UTF-8\"; in LibreOffice: "
                           "character set \"Unicode (UTF-8)\") and import again")
        raise FileRefused(problems) from None


# -- what to import ---------------------------------------------------------------------------

def chosen_event_types(text: str | None) -> tuple:
    """The event types `--event-types` names (comma-separated, any case); ACLED's spelling back."""
    if text is None:
        return DEFAULT_EVENT_TYPES
    by_lower = {t.lower(): t for t in EVENT_TYPES}
    problems, chosen = Problems(None), []
    for name in (flat(part) for part in text.split(",")):
        if name and name.lower() in by_lower:
            chosen.append(by_lower[name.lower()])
        elif name:
            close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
            hint = f" (did you mean '{by_lower[close[0]]}'?)" if close else ""
            problems.add(None, f"'{shown(name)}' is not an ACLED event type{hint}; the types are "
                               f"{', '.join(EVENT_TYPES)}")
    if not chosen and not problems.lines:
        problems.add(None, "--event-types names no event type; give one or more, separated by commas")
    if problems.lines:
        raise FileRefused(problems)
    return tuple(dict.fromkeys(chosen))


def split_by_event_type(rows: list, chosen: tuple):
    """(rows of the chosen types, {event type: Counter of sub-event types} of the rest)."""
    kept, skipped = [], {}
    chosen_lower = {t.lower() for t in chosen}
    for row in rows:
        if row["event_type"].lower() in chosen_lower:
            kept.append(row)
        else:
            kind = row["event_type"] or "(no event type)"
            skipped.setdefault(kind, collections.Counter())[row["sub_event_type"] or "no sub-event type"] += 1
    return kept, skipped


def check_event_ids(rows: list, problems: Problems) -> None:
    """Each row has an ACLED event id, and no two rows the same."""
    lines = collections.defaultdict(list)
    for row in rows:
        event = row["event_id_cnty"]
        if not event:
            problems.add(row.line, "no event_id_cnty: every row of an ACLED export has one (such as IRQ1234)")
        elif not EVENT_ID.fullmatch(event):
            problems.add(row.line, f"event_id_cnty '{shown(event)}' is not an ACLED event id (letters and "
                                   "digits, such as IRQ1234); check that the column holds ACLED's ids")
        else:
            lines[event].append(row.line)
    for event, found in lines.items():
        if len(found) > 1:
            places = ", ".join(f"{problems.display}:{line}" for line in found)
            problems.add(found[0], f"event_id_cnty '{event}' is on more than one row: {places}; keep one row "
                                   "per event")
            problems.rows.update(found)


# -- dates ------------------------------------------------------------------------------------

def named_month_date(text: str) -> dt.date | None:
    for form in NAMED_MONTH_FORMS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def date_text(row: Row) -> str:
    return MIDNIGHT.sub("", row["event_date"])


def numeric_date(text: str, day_first: bool) -> dt.date | None:
    first, _, second, year = NUMERIC_DATE.fullmatch(text).groups()
    day, month = (int(first), int(second)) if day_first else (int(second), int(first))
    year = int(year) if len(year) == 4 else int(year) + (1900 if int(year) >= 69 else 2000)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def read_dates(rows: list, problems: Problems) -> dict:
    """{line: date} for every row whose date can be read. A column in a form that cannot be read is
    reported once, not once a row; numbers alone (09/05/2020) are read only when some row shows
    which is the day and which the month."""
    dates, numeric, unreadable = {}, [], []
    for row in rows:
        found = named_month_date(date_text(row))
        if found:
            dates[row.line] = found
        else:
            (numeric if NUMERIC_DATE.fullmatch(date_text(row)) else unreadable).append(row)
    no_date = {r.line for r in numeric if not any(numeric_date(date_text(r), first) for first in (True, False))}
    unreadable += [r for r in numeric if r.line in no_date]
    numeric = [r for r in numeric if r.line not in no_date]
    readings = [{r.line: numeric_date(date_text(r), day_first) for r in numeric} for day_first in (True, False)]
    readings = [reading for reading in readings if numeric and all(reading.values())]
    if len(readings) == 1:
        dates.update(readings[0])
    elif readings:
        problems.add(numeric[0].line, f"event_date: the column is written as {numeric[0]['event_date']}, "
                                      "which reads as day/month or as month/day; save the column as "
                                      "YYYY-MM-DD, or as ACLED writes dates ('09 May 2020'), and import again")
        problems.rows.update(r.line for r in numeric)
    else:
        unreadable += numeric  # some rows are day/month, others month/day
    if unreadable:
        unreadable.sort(key=lambda r: r.line)
        count = f"{len(unreadable)} rows hold" if len(unreadable) > 1 else "1 row holds"
        lines = ", ".join(str(r.line) for r in unreadable[:5]) + (", ..." if len(unreadable) > 5 else "")
        problems.add(unreadable[0].line, f"event_date: {count} no date in a form the import reads (such as "
                                         f"'{shown(unreadable[0]['event_date'])}' on lines {lines}); ACLED "
                                         "writes '09 May 2020' or 2020-05-09: re-export the file, or save the "
                                         "column in one of these forms")
        problems.rows.update(r.line for r in unreadable)
    return dates


# -- text -------------------------------------------------------------------------------------

def without_tags(notes: str) -> str:
    """ACLED's notes without its bracketed tags (`[size=no report]`)."""
    return " ".join(BRACKET_TAG.sub(" ", notes).split())


def actor_names(name: str) -> list:
    """The names an ACLED actor may be known by: the name without ACLED's dates in parentheses, then,
    for `Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps`, the unit after them."""
    parts = [part.strip() for part in ACTOR_DATES.split(name)]
    names = [" ".join(part for part in parts if part)]
    if len(parts) > 1 and parts[-1]:
        names.append(parts[-1])
    return [n for n in dict.fromkeys(names) if n]


# -- what a row says ---------------------------------------------------------------------------

def split_actors(text: str) -> list:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


@dataclass
class EventClass:
    """What an ACLED row says happened, beyond its columns."""
    weapons: list
    by_state_forces: bool  # a state's own or external forces (ACLED inter1 1 or 8), not a militia
    strike: bool = False  # a state's forces striking from afar (air, drone, artillery, missile): `kind: strike`


def classify(row: Row) -> EventClass:
    """Weapons from the sub-event type and the notes. ACLED's `Air/drone strike` is a drone for an
    armed group, an airstrike for a state's forces unless the notes say drone. A state's forces striking
    from afar make a strike (a drone's too); their clashes stay battles."""
    by_state = row["inter1"].lower() in STATE_FORCES
    sub_event = row["sub_event_type"].lower()
    air = sub_event == "air/drone strike"
    text = row["notes"] if air else f"{row['notes']} {row['sub_event_type']}"
    weapons = [w for w, pattern in WEAPON_WORDS if pattern.search(text)]
    if air and "drone" not in weapons:
        weapons.insert(0, "airstrike" if by_state else "drone")
    return EventClass(weapons, by_state, by_state and sub_event in STRIKES_FROM_AFAR)


def location_precision(geo_precision: str) -> str | None:
    """ACLED's geo_precision (1: the place itself; 2: near it; 3: only the region) in the base words."""
    return {"1": "exact", "2": "approximate", "3": "approximate"}.get(geo_precision)


# -- the report --------------------------------------------------------------------------------

@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # edited by an editor since the import: left alone
    skipped_types: dict = field(default_factory=dict)  # event type -> Counter of sub-event types
    unmatched_actors: dict = field(default_factory=dict)  # name -> [event ids]
    unmatched_places: dict = field(default_factory=dict)  # "place, country" -> [event ids]

    def text(self) -> str:
        lines = [f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                 f"{len(self.kept)} kept as an editor changed them"]
        if self.skipped_types:
            total = sum(sum(c.values()) for c in self.skipped_types.values())
            lines.append(f"Skipped by event type (choose with --event-types): {total} row{'s' * (total != 1)}")
            for kind, subs in sorted(self.skipped_types.items()):
                detail = ", ".join(f"{sub}: {n}" for sub, n in sorted(subs.items()))
                lines.append(f"  {kind}: {sum(subs.values())} ({detail})")
        for title, found in (("Actors not matched to a group (add the group, or the line below to a group's "
                              "aliases):", self.unmatched_actors),
                             ("Places not matched to a base (recorded as a location):", self.unmatched_places)):
            if found:
                lines.append(title)
                for name, events in sorted(found.items()):
                    lines.append(f"  {name} ({len(events)} event{'s' if len(events) != 1 else ''}: "
                                 f"{', '.join(events[:5])}{', ...' if len(events) > 5 else ''})")
                    if found is self.unmatched_actors:
                        lines.append(f"    aliases: [{yaml_string(actor_names(name)[-1])}]")
        if self.kept:
            lines.append("Kept as edited (delete the file to import it again): " + ", ".join(self.kept))
        return "\n".join(lines)
