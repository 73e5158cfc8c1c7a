"""`militia-atlas new`: a new entry file with every required field, never overwriting.

The file starts with a `# yaml-language-server: $schema=...` line, so an editor's IDE
completes and checks fields as they are typed. Required fields nobody gave on the command
line are left as empty placeholders (`name: ""`): until they are filled in, `validate`
says exactly which are missing, rather than publishing a made-up value.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from ..core.countries import load_countries
from ..core.dates import build_date
from ..core.settings import Settings
from ..core.load import ENTRY_SUFFIXES, ID_PATTERN, KINDS, RESERVED_IDS
from ..core.yaml_reader import YamlShapeError, parse_yaml
from ..core.problems import Problems, did_you_mean
from ..core.fields import INVALID, SUMMARY_PLACEHOLDER, Checker, Coordinates, ListOf, Record, Ref
from ..core.research_fields import Casualties, IdOrRecord
from ..core.schema import KIND_RECORDS
from ..core.text import slugify, yaml_string

FOLDERS = {kind: folder for folder, kind in KINDS.items()}
PLAIN = re.compile(r"^[a-z0-9][a-z0-9.-]*$")  # ids, dates, numbers, words: safe to write unquoted
COMMENTS = {
    "name": "full name, e.g. Kata'ib Hezbollah",
    "type": "militia, umbrella, front, state-force or other",
    "country": "country slug: iraq, syria, jordan...",
    "date": "YYYY-MM-DD, or YYYY-MM / YYYY when only that is known",
    "base": "a base id; or vessel: <vessel id>; or location: {name: ..., country: ...} (sea: ... at sea)",
    "kind": "merchant or naval",
}
SOURCE_LINES = (
    '  - publisher: ""   # who published it, e.g. Reuters',
    '    title: ""       # the title of the article or report',
    '    url: ""         # https://... ; for a source with no web address, write citation: "..." instead',
)


def parse_words(words: list) -> tuple:
    """`[id] [field=value ...]` from the command line: (id or None, {field: value})."""
    ident, fields = None, {}
    for word in words:
        if "=" in word:
            key, value = word.split("=", 1)
            if key.strip() in fields:
                raise ValueError(f"{key.strip()} is given twice")
            fields[key.strip()] = value.strip()
        elif ident is None:
            ident = word
        else:
            raise ValueError(f"'{word}': give one id, then fields as field=value")
    return ident, fields


def write_scaffold(settings: Settings, kind: str, ident: str | None, name: str | None, fields: dict | None = None):
    """Write entries/<kind>s/<id>.yml; returns its path. Raises ValueError or FileExistsError."""
    fields = dict(fields or {})
    if name and kind != "attack":
        fields.setdefault("name", name)
    checked = check_fields(settings, kind, fields)
    ident = ident or default_id(kind, fields, name)
    if not re.match(ID_PATTERN, ident) or ident in RESERVED_IDS:
        suggestion = slugify(ident)
        raise ValueError(f"'{ident}' is not a valid id: use lowercase letters, digits and hyphens "
                         f"(not {', '.join(sorted(RESERVED_IDS))})"
                         + (f"; did you mean '{suggestion}'?" if suggestion and suggestion != ident else ""))
    refuse_existing_id(settings.entries_dir, ident)
    folder = settings.entries_dir / FOLDERS[kind]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ident}.yml"
    text = scaffold_text(kind, checked, schema_location(settings, kind, folder))
    with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return path


def as_strike(kind: str, fields: dict) -> dict:
    """`new attack --strike`: the fields with `kind: strike`."""
    if kind != "attack" or fields.get("kind", "strike") != "strike":
        raise ValueError("--strike makes an attack a strike: use it with `new attack` and no other kind=")
    return {"kind": "strike", **fields}


def default_id(kind: str, fields: dict, name: str | None) -> str:
    if kind == "attack":
        day = fields.get("date") or build_date().isoformat()
        return f"{day}-{slugify(name) if name else 'place'}"
    if fields.get("name"):
        return slugify(fields["name"])
    raise ValueError(f"give the new {kind} an id or a --name")


def refuse_existing_id(entries_dir: Path, ident: str) -> None:
    """Ids are one namespace across kinds, extensions and case."""
    for folder in KINDS:
        base = entries_dir / folder
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            if path.suffix in ENTRY_SUFFIXES and path.stem.lower() == ident.lower():
                raise FileExistsError(path)


def check_fields(settings: Settings, kind: str, fields: dict) -> dict:
    """The given fields, checked like `validate` would; raises ValueError listing every problem."""
    record = KIND_RECORDS[kind]
    known = record.by_name
    problems = Problems()
    countries = load_countries(settings.entries_dir, settings.root, problems)
    checker = Checker("", problems, countries)
    values = {}
    for key, text in fields.items():
        spec = known.get(key)
        if spec is None:
            hint = did_you_mean(key, known) or "fields: " + ", ".join(known)
            problems.add("", f"unknown field '{key}'", hint, (key,))
            continue
        inner = spec.type.item if isinstance(spec.type, ListOf) else spec.type
        inner = inner.ref if isinstance(inner, IdOrRecord) else inner  # attributed_to=a,b: plain ids
        if isinstance(inner, Record):
            problems.add("", f"'{key}' has fields of its own", "fill it in in the file", (key,))
            continue
        raw = _split(text) if isinstance(spec.type, (ListOf, Coordinates)) or (
            isinstance(spec.type, Casualties) and "," in text) else text
        if spec.type.check(raw, (key,), checker) is not INVALID:
            values[key] = raw
            if isinstance(inner, Ref) and inner.kind in FOLDERS:
                check_references(settings.entries_dir, key, inner.kind, raw, problems)
    if problems:
        raise ValueError("; ".join(f"{p.field}: {p.message}" + (f" ({p.hint})" if p.hint else "")
                                   for p in problems))
    return values


def check_references(entries_dir: Path, key: str, kind: str, value, problems: Problems) -> None:
    """Every id given for a reference field names an entry that exists: a typo is caught here, not at build."""
    existing = existing_ids(entries_dir, kind)
    for index, ident in enumerate(value if isinstance(value, list) else [value]):
        if ident in existing or is_old_id(entries_dir, kind, ident):
            continue
        where = (key, index) if isinstance(value, list) else (key,)
        hint = did_you_mean(ident, existing) or f"add it first with `militia-atlas new {kind} {ident}`, or check the id"
        problems.add("", f"no {kind} '{ident}' in entries/{FOLDERS[kind]}/", hint, where)


def existing_ids(entries_dir: Path, kind: str) -> set:
    folder = entries_dir / FOLDERS[kind]
    if not folder.is_dir():
        return set()
    return {path.stem for path in folder.rglob("*") if path.suffix in ENTRY_SUFFIXES}


def is_old_id(entries_dir: Path, kind: str, ident: str) -> bool:
    """An id an entry of this kind lists in `redirect_from`: validate accepts a reference to it."""
    for path in sorted((entries_dir / FOLDERS[kind]).rglob("*")):
        if path.suffix not in ENTRY_SUFFIXES:
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
            data = parse_yaml(text) if ident in text else None
        except (OSError, UnicodeDecodeError, yaml.YAMLError, YamlShapeError):
            continue  # a broken file is validate's to report, with its line
        if isinstance(data, dict) and ident in (data.get("redirect_from") or []):
            return True
    return False


def filled_in_date(kind: str, fields: dict) -> str | None:
    """The date `new` wrote for the editor (today), to be said aloud; None when they gave one."""
    return build_date().isoformat() if kind == "attack" and not fields.get("date") else None


def _split(text: str) -> list:
    return [part.strip() for part in text.split(",") if part.strip()]


def schema_location(settings: Settings, kind: str, folder: Path) -> str:
    """Where the IDE finds the schema: the site's own schemas/ folder, else the published copy."""
    local = settings.root / "schemas" / f"{kind}.schema.json"
    site_url = getattr(settings, "site_url", "") or ""
    if not local.is_file() and site_url:
        return f"{site_url.rstrip('/')}/schemas/{kind}.schema.json"
    return os.path.relpath(local, folder).replace(os.sep, "/")


def mapped_schemas(settings: Settings) -> str:
    """The schemas the editor's workspace mapping points to: the local folder, else the published ones."""
    local = settings.root / "schemas"
    if all((local / f"{kind}.schema.json").is_file() for kind in KIND_RECORDS):
        return str(local)
    site_url = getattr(settings, "site_url", "") or ""
    return f"{site_url.rstrip('/')}/schemas" if site_url else ""


def scaffold_text(kind: str, values: dict, schema: str) -> str:
    record = KIND_RECORDS[kind]
    lines = [f"# yaml-language-server: $schema={schema}",
             f"# A new {kind}. Every field is described in the editing guide: editing/fields/ on the site."]
    for spec in record.fields:
        if spec.name in ("summary", "sources"):
            continue
        if spec.name in values:
            lines.append(f"{spec.name}: {yaml_value(values[spec.name])}")
        elif spec.required or (kind == "attack" and spec.name == "base"):
            placeholder = build_date().isoformat() if spec.name == "date" else '""'
            lines.append(_with_comment(f"{spec.name}: {placeholder}", COMMENTS.get(spec.name, "")))
    summary = values.get("summary") or SUMMARY_PLACEHOLDER
    lines.append("summary: |")
    lines += [f"  {line}" if line.strip() else "" for line in summary.splitlines()]
    lines.append("sources:")
    lines += SOURCE_LINES
    lines.append(f"    accessed: {build_date().isoformat()}")
    return "\n".join(lines) + "\n"


def _with_comment(line: str, comment: str) -> str:
    return f"{line:<18}  # {comment}" if comment else line


def yaml_value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(item) for item in value) + "]"
    return value if PLAIN.match(value) else yaml_string(value)
