"""Stage 2, validate: raw values become typed entries, or precise problems.

Checks here need only the file itself (types, vocabularies, dates, ids); checks that
need every entry at once (references, cycles, drafts) belong to the index stage.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .load import ID_PATTERN, RESERVED_IDS, RawEntry
from .problems import Problems
from .schema import INVALID, KIND_RECORDS, Checker

ID_RE = re.compile(ID_PATTERN)


@dataclass
class Entry:
    """A valid entry. Field values are reachable as attributes; absent fields are None."""

    kind: str
    id: str
    path: Path
    file: str
    values: dict = field(default_factory=dict)

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return self.values.get(name)

    @property
    def draft(self) -> bool:
        return bool(self.values.get("draft"))


def suggest_id(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug[:80] or "my-entry"


def check_ids(raw_entries: list, problems: Problems) -> None:
    """File stems are ids: the right shape, not reserved, unique across kinds, extensions and case."""
    seen = {}
    for raw in raw_entries:
        if not ID_RE.match(raw.id):
            problems.add(raw.display_path, f"file name '{raw.id}' is not a valid id",
                         f"ids use lowercase letters, digits and hyphens; rename the file to "
                         f"{suggest_id(raw.id)}{raw.path.suffix}", line=1, col=1)
        elif raw.id in RESERVED_IDS:
            problems.add(raw.display_path, f"'{raw.id}' is a reserved id",
                         "reserved: " + ", ".join(sorted(RESERVED_IDS)) + "; choose another file name", line=1, col=1)
        key = raw.id.lower()
        if key in seen:
            problems.add(raw.display_path, f"id '{raw.id}' is already used by {seen[key]}",
                         "ids are unique across groups, bases and attacks; rename one of the two files",
                         line=1, col=1)
        else:
            seen[key] = raw.display_path


def validate_entries(raw_entries: list, countries: dict, today: dt.date, problems: Problems) -> list:
    """Typed entries for every file that passed its own checks."""
    check_ids(raw_entries, problems)
    entries = []
    for raw in raw_entries:
        if raw.data is None:
            continue
        before = len(problems)
        checker = Checker(raw.display_path, problems, countries)
        values = KIND_RECORDS[raw.kind].check(raw.data, (), checker)
        if values is INVALID:
            continue
        entry = Entry(raw.kind, raw.id, raw.path, raw.display_path, values)
        check_entry_rules(entry, raw.data, today, checker)
        if len(problems) == before:
            entries.append(entry)
    return entries


def check_entry_rules(entry: Entry, raw: dict, today: dt.date, checker: Checker) -> None:
    """Rules that tie fields of one entry together."""
    for position, source in enumerate(entry.sources or []):
        if not source.get("url") and not source.get("citation"):
            checker.error(("sources", position), "a source needs a `url` or a `citation`",
                          "add the web address, or a full citation for printed or offline sources")
    if entry.kind == "group":
        for relation in ("member_of", "front_for", "backed_by"):
            if entry.id in (entry.values.get(relation) or []):
                position = entry.values[relation].index(entry.id)
                checker.error((relation, position), f"a group cannot be in its own {relation}",
                              f"remove '{entry.id}' from {relation}")
        _check_order(entry, "founded", "dissolved", checker)
    if entry.kind == "base":
        _check_order(entry, "opened", "closed_on", checker)
    if entry.kind == "attack":
        _check_attack(entry, raw, today, checker)


def _check_order(entry: Entry, first: str, second: str, checker: Checker) -> None:
    start, end = entry.values.get(first), entry.values.get(second)
    if start and end and end.end < start.start:
        checker.error((second,), f"{second} {end} is before {first} {start}", f"check both dates")


def _check_attack(entry: Entry, raw: dict, today: dt.date, checker: Checker) -> None:
    has_base, has_location = "base" in raw and raw["base"] != "", "location" in raw and raw["location"] != ""
    if has_base and has_location:
        checker.error(("location",), "an attack has either `base` or `location`, not both",
                      "keep `base` when the target is a base entry, else keep `location`")
    elif not has_base and not has_location:
        checker.error((), "an attack needs a target: `base` or `location`",
                      "add `base: <base id>`, or `location: {name: ..., country: ...}`")
    date, end = entry.date, entry.end_date
    if date and date.start > today:
        checker.error(("date",), f"date {date} is in the future (build date {today.isoformat()})",
                      "check the year; attacks are recorded after they happen")
    if date and end and end.end < date.start:
        checker.error(("end_date",), f"end_date {end} is before date {date}", "swap the two dates, or fix one")
