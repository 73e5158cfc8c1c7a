"""`militia-atlas new`: a new entry file with every required field, never overwriting."""

from __future__ import annotations

import os
import re

from .dates import build_date
from .engine import Settings
from .load import ID_PATTERN, RESERVED_IDS

FOLDERS = {"group": "groups", "base": "bases", "attack": "attacks"}
SOURCE = """sources:
  - publisher: ""   # who published it
    title: ""       # title of the article or report
    url: ""         # https://... (or replace with citation: "...")
"""
BODIES = {
    "group": """name: {name}
type: militia       # militia, umbrella, front, state-force or other
summary: |
  Who they are, in your own words. Link other entries with [[their-id]].
{source}""",
    "base": """name: {name}
country: iraq       # country slug: iraq, syria, jordan...
summary: |
  What this site is and who is based there, in your own words.
{source}""",
    "attack": """date: {today}
base: ""            # a base id; or replace with location: {{name: ..., country: ...}}
summary: |
  What happened, in your own words.
{source}""",
}


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def write_scaffold(settings: Settings, kind: str, ident: str | None, name: str | None):
    today = build_date().isoformat()
    if not ident:
        if kind == "attack":
            ident = today + (f"-{slugify(name)}" if name else "-place")
        elif name:
            ident = slugify(name)
        else:
            raise ValueError(f"give the new {kind} an id or a --name")
    if not re.match(ID_PATTERN, ident) or ident in RESERVED_IDS:
        raise ValueError(f"'{ident}' is not a valid id: use lowercase letters, digits and hyphens "
                         f"(not {', '.join(sorted(RESERVED_IDS))})")
    folder = settings.entries_dir / FOLDERS[kind]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ident}.yml"
    for existing in (path, path.with_suffix(".yaml")):
        if existing.exists():
            raise FileExistsError(existing)
    schema = os.path.relpath(settings.root / "schemas" / f"{kind}.schema.json", folder)
    body = BODIES[kind].format(name=_quote(name or "New " + kind), today=today, source=SOURCE)
    text = f"# yaml-language-server: $schema={schema}\n{body}"
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return path


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
