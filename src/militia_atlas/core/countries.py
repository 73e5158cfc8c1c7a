"""The country register: every ISO 3166-1 country, plus a site's own additions."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

from .load import ID_PATTERN, RESERVED_IDS
from .locate import Locator
from .yaml_reader import load_file
from .problems import Problems

SLUG_RE = re.compile(ID_PATTERN)  # country slugs follow the id rule: they name files and URLs


def builtin_countries() -> dict:
    text = resources.files("militia_atlas").joinpath("data/countries.json").read_text(encoding="utf-8")
    return json.loads(text)


def load_countries(entries_dir: Path, display_root: Path, problems: Problems) -> dict:
    """Built-in register updated by entries/countries.yml (slug: {name, iso})."""
    countries = builtin_countries()
    for additions in read_additions(entries_dir, display_root, problems, ("countries.yml", "countries.yaml"),
                                    _check_additions):
        countries.update(additions)
    return countries


def read_additions(entries_dir: Path, display_root: Path, problems: Problems, names: tuple, check) -> list:
    """A register's additions from each of its files in entries/ (`names`) that exists: `check(data,
    display path, problems)` gives the valid ones; its problems get their line and column."""
    found = []
    for name in names:
        path = entries_dir / name
        if path.is_file():
            display = path.relative_to(display_root).as_posix() if path.is_relative_to(display_root) else str(path)
            data = load_file(path, display, problems, entries_dir)
            if data is not None:
                before = len(problems)
                found.append(check(data, display, problems))
                _locate(problems, before, path)
    return found


def _locate(problems: Problems, start: int, path: Path) -> None:
    locator = Locator()
    for position in range(start, len(problems.items)):
        problem = problems.items[position]
        problems.items[position] = problem.located(*locator.locate(path, problem.where))


def _check_additions(data: dict, display: str, problems: Problems) -> dict:
    additions = {}
    for slug, value in data.items():
        if not SLUG_RE.match(str(slug)):
            problems.add(display, f"'{slug}' is not a valid country slug",
                         "use 1 to 80 lowercase letters, digits and hyphens, starting with a letter or digit, "
                         "like south-sudan", (slug,))
            continue
        if slug in RESERVED_IDS:
            problems.add(display, f"'{slug}' is a reserved country slug",
                         "reserved: " + ", ".join(sorted(RESERVED_IDS)) + "; choose another slug", (slug,))
            continue
        if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value.get("name"):
            problems.add(display, "expected {name, iso} with a name", "write `slug: {name: Kurdistan Region, iso: IQ-KR}`",
                         (slug,))
            continue
        unknown = sorted(set(value) - {"name", "iso"})
        if unknown:
            problems.add(display, f"unknown field '{unknown[0]}'", "allowed fields: name, iso", (slug, unknown[0]))
            continue
        additions[slug] = {"name": value["name"], "iso": value.get("iso", "")}
    return additions
