"""Stage 2, validate: raw values become typed entries, or precise problems.

Checks here need only the file itself (types, vocabularies, dates, ids); checks that
need every entry at once (references, cycles, drafts) belong to the index stage.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .load import ID_PATTERN, RESERVED_IDS
from .problems import Problems
from .research_rules import DERIVED_FIELDS, check_research_rules, split_attributions
from .fields import INVALID, SUMMARY_PLACEHOLDER, Checker
from .schema import KIND_RECORDS
from .text import slugify

ID_RE = re.compile(ID_PATTERN)
CONTEXT = object()  # the validate cache's key for what every entry was checked against


@dataclass
class Entry:
    """A valid entry. Field values are reachable as attributes; absent fields are None."""

    kind: str
    id: str
    path: Path
    file: str
    values: dict = field(default_factory=dict)

    def __post_init__(self):
        # Present fields become plain attributes: they are read ~450,000 times a build at 10,000 attacks,
        # and __getattr__ is slow. A field named like an attribute of the Entry (a base's `kind`)
        # stays reachable through `values` only, as before.
        own = self.__dict__
        for name, value in self.values.items():
            if name not in own and name != "draft":
                own[name] = value

    def __getattr__(self, name: str):  # absent fields
        if name.startswith("__"):
            raise AttributeError(name)
        return self.values.get(name)

    @property
    def draft(self) -> bool:
        return bool(self.values.get("draft"))


def suggest_id(stem: str) -> str:
    return slugify(stem) or "my-entry"


def check_ids(raw_entries: list, problems: Problems) -> None:
    """File stems are ids: the right shape, not reserved, unique across kinds, extensions and case."""
    seen = {}
    for raw in raw_entries:
        if not ID_RE.match(raw.id):
            problems.add(raw.display_path, f"file name '{raw.id}' is not a valid id",
                         f"ids are 1 to 80 lowercase letters, digits and hyphens, starting with a letter or "
                         f"digit; rename the file to {suggest_id(raw.id)}{raw.path.suffix}", line=1, col=1)
        elif raw.id in RESERVED_IDS:
            problems.add(raw.display_path, f"'{raw.id}' is a reserved id",
                         "reserved: " + ", ".join(sorted(RESERVED_IDS)) + "; choose another file name", line=1, col=1)
        key = raw.id.lower()
        if key in seen:
            problems.add(raw.display_path, f"id '{raw.id}' is already used by {seen[key]}",
                         "ids are unique across groups, bases and attacks, whatever the extension or case; "
                         "rename one of the two files", line=1, col=1)
        else:
            seen[key] = raw.display_path


def validate_entries(raw_entries: list, countries: dict, today: dt.date, problems: Problems,
                     cache: dict | None = None, seas: dict | None = None, partial: list | None = None) -> list:
    """Typed entries for every file that passed its own checks; with `partial`, the valid parts of the
    others are added to it (for their references: see validate_entry).

    With a `cache` (the live preview's, next to its load cache), a file whose parsed data is the
    very object validated last time gives back the same Entry: unchanged entries keep their
    identity between rebuilds, which is how the preview tells what an edit changed."""
    check_ids(raw_entries, problems)
    if cache is not None and cache.get(CONTEXT) != (countries, today, seas):
        cache.clear()  # countries.yml, seas.yml or the date changed: every file is checked again
        cache[CONTEXT] = (countries, today, seas)
    entries = []
    for raw in raw_entries:
        if raw.data is None:
            continue
        if cache is None:
            entry, whole = validate_entry(raw, countries, today, problems, seas)
        else:
            entry, whole = _validate_cached(raw, countries, today, problems, cache, seas)
        if whole:
            entries.append(entry)
        elif entry is not None and partial is not None:
            partial.append(entry)
    return entries


def validate_entry(raw, countries: dict, today: dt.date, problems: Problems, seas: dict | None = None) -> tuple:
    """(entry, whole): the typed entry and whether it passed every check. An entry that did not
    holds the fields that passed (None if the file is not a mapping): the index stage checks its
    references too, so an editor sees every error of a file in one run."""
    before = len(problems)
    checker = Checker(raw.display_path, problems, countries, seas)
    values = KIND_RECORDS[raw.kind].check(raw.data, (), checker)
    if values is INVALID:
        return None, False
    split_attributions(values)
    entry = Entry(raw.kind, raw.id, raw.path, raw.display_path, values)
    check_entry_rules(entry, raw.data, today, checker)
    check_research_rules(entry, raw.data, checker)
    if len(problems) == before:
        return entry, True
    return valid_part(entry, problems.items[before:]), False


def valid_part(entry: Entry, found: list) -> Entry:
    """The entry without the fields its problems are about: what is left is as the editor meant it
    (a list with a bad item would shift the positions of the others)."""
    wrong = {problem.where[0] for problem in found if problem.where}
    wrong |= {made for made, written in DERIVED_FIELDS.items() if written in wrong}
    if any(not problem.where for problem in found):  # a rule about the whole entry: keep no list fields
        wrong |= {name for name, value in entry.values.items() if isinstance(value, list)}
    return Entry(entry.kind, entry.id, entry.path, entry.file,
                 {name: value for name, value in entry.values.items() if name not in wrong})


def _validate_cached(raw, countries: dict, today: dt.date, problems: Problems, cache: dict,
                     seas: dict | None = None) -> tuple:
    hit = cache.get(str(raw.path))
    if hit is not None and hit[0] is raw.data and hit[1] == (raw.kind, raw.id, raw.display_path):
        problems.items.extend(hit[3])
        return hit[2]
    found = Problems()
    checked = validate_entry(raw, countries, today, found, seas)
    problems.extend(found)
    cache[str(raw.path)] = (raw.data, (raw.kind, raw.id, raw.display_path), checked, list(found.items))
    return checked


def check_entry_rules(entry: Entry, raw: dict, today: dt.date, checker: Checker) -> None:
    """Rules that tie fields of one entry together."""
    if (entry.summary or "").strip() == SUMMARY_PLACEHOLDER:
        checker.error(("summary",), "the summary is still the placeholder written by `militia-atlas new`",
                      "replace it with a summary in your own words")
    for position, source in enumerate(_raw_list(raw, "sources")):
        if isinstance(source, dict) and not source.get("url") and not source.get("citation"):
            checker.error(("sources", position), "a source needs a `url` or a `citation`",
                          "add the web address, or a full citation for printed or offline sources")
    for position, old in enumerate(entry.redirect_from or []):
        if old in RESERVED_IDS:
            checker.error(("redirect_from", position), f"'{old}' is a reserved id",
                          "reserved: " + ", ".join(sorted(RESERVED_IDS)) + "; remove it from redirect_from")
    if entry.kind == "group":
        for relation in ("member_of", "front_for", "backed_by"):
            if entry.id in _raw_list(raw, relation):
                position = _raw_list(raw, relation).index(entry.id)
                checker.error((relation, position), f"a group cannot be in its own {relation}",
                              f"remove '{entry.id}' from {relation}")
        _check_order(entry.values, "founded", "dissolved", checker)
        if len(entry.leaders or []) == len(_raw_list(raw, "leaders")):  # else positions would not match
            for position, leader in enumerate(entry.leaders or []):
                _check_order(leader, "since", "until", checker, ("leaders", position))
    if entry.kind == "base":
        _check_order(entry.values, "opened", "closed_on", checker)
    if entry.kind == "attack":
        _check_attack(entry, raw, today, checker)


def _check_target(raw: dict, checker: Checker) -> None:
    """Exactly one of base, vessel or location names the target; a vessel may come with its location."""
    has_base, has_vessel, has_location = (key in raw and raw[key] != "" for key in ("base", "vessel", "location"))
    if has_base and has_vessel:
        checker.error(("vessel",), "an attack has either `base` or `vessel`, not both",
                      "keep `vessel` when the target is a ship (with `location` to say where it was), else keep `base`")
    elif has_base and has_location:
        checker.error(("location",), "an attack has either `base` or `location`, not both",
                      "keep `base` when the target is a base entry, else keep `location`")
    elif not (has_base or has_vessel or has_location):
        checker.error((), "an attack needs a target: `base`, `vessel` or `location`",
                      "add `base: <base id>`, `vessel: <vessel id>`, or `location: {name: ..., country: ...}` "
                      "(at sea, `sea:` instead of `country:`)")
    location = raw.get("location")
    if isinstance(location, dict):
        has_country, has_sea = (location.get(key) not in (None, "") for key in ("country", "sea"))
        if has_country and has_sea:
            checker.error(("location", "sea"), "a location has either `country` or `sea`, not both",
                          "keep `sea` for a place at sea, else keep `country`")
        elif not has_country and not has_sea:
            checker.error(("location",), "a location needs `country` or `sea`",
                          "add `country: <country slug>`, or `sea: <sea area slug>` for a place at sea")


def _raw_list(raw: dict, key: str) -> list:
    value = raw.get(key)
    return value if isinstance(value, list) else []


def _check_order(values: dict, first: str, second: str, checker: Checker, where: tuple = ()) -> None:
    start, end = values.get(first), values.get(second)
    if start and end and end.end < start.start:
        checker.error(where + (second,), f"{second} {end} is before {first} {start}", "check both dates")


def _check_attack(entry: Entry, raw: dict, today: dt.date, checker: Checker) -> None:
    _check_target(raw, checker)
    claimed = set(entry.claimed_by or [])
    for position, group in enumerate(entry.target_groups or []):
        if group in claimed:
            checker.error(("target_groups", position), f"'{group}' is also in claimed_by: a group does not claim "
                          "an attack on itself", "remove it from target_groups or from claimed_by")
    date, end = entry.date, entry.end_date
    if date and date.start > today:
        checker.error(("date",), f"date {date} is in the future (build date {today.isoformat()})",
                      "check the year; attacks are recorded after they happen")
    if date and end and end.end < date.start:
        checker.error(("end_date",), f"end_date {end} is before date {date}", "swap the two dates, or fix one")
