"""The workspace mapping editors read: which JSON Schema checks which entry files.

VS Code's YAML extension (and any editor running yaml-language-server with VS Code's settings)
reads `yaml.schemas` in `.vscode/settings.json`: schema path -> file globs, relative to the site's
root. With it every existing entry gets completion and checks, not only the scaffolds that carry a
`$schema` line. `militia-atlas schema` and `new` keep it right; the editor's other settings stay
as they were. A settings file that is not plain JSON (VS Code allows comments) is left untouched,
and the command says what to add.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..core.load import ENTRY_SUFFIXES, KINDS

SETTINGS_PATH = Path(".vscode") / "settings.json"


def schema_globs(root: Path, entries_dir: Path) -> dict:
    """{kind: [glob, ...]} for the entry files of each kind, relative to root."""
    entries = _relative(entries_dir, root)
    return {kind: [f"{entries}/{folder}/*{suffix}" for suffix in ENTRY_SUFFIXES] for folder, kind in KINDS.items()}


def wanted_mapping(root: Path, entries_dir: Path, schemas: str) -> dict:
    """`yaml.schemas` for the site: `schemas` is a folder (made relative to root) or a published URL."""
    if not schemas.startswith(("http://", "https://")):
        schemas = _relative(Path(schemas), root)
    return {f"{schemas.rstrip('/')}/{kind}.schema.json": globs for kind, globs in schema_globs(root, entries_dir).items()}


def _relative(path: Path, root: Path) -> str:
    return os.path.relpath(path.resolve(), root.resolve()).replace(os.sep, "/")


def merged(current: dict, mapping: dict) -> dict:
    """The settings with our mapping in `yaml.schemas`; an older mapping of the same globs is dropped."""
    settings = dict(current)
    ours = {glob for globs in mapping.values() for glob in globs}
    schemas = {}
    for schema, globs in (settings.get("yaml.schemas") or {}).items():
        kept = [g for g in globs if g not in ours] if isinstance(globs, list) else ([] if globs in ours else globs)
        if kept:
            schemas[schema] = kept
    schemas.update(mapping)
    settings["yaml.schemas"] = schemas
    return settings


def update_settings(root: Path, entries_dir: Path, schemas: str) -> str:
    """Write the mapping into root/.vscode/settings.json; returns what to say ('' when nothing changed)."""
    path = root / SETTINGS_PATH
    mapping = wanted_mapping(root, entries_dir, schemas)
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else "{}"
        current = json.loads(text)
        if not isinstance(current, dict):
            raise ValueError("it is not a JSON object")
    except (ValueError, OSError) as error:
        wanted = json.dumps({"yaml.schemas": mapping}, indent=2)
        return (f"note: {SETTINGS_PATH} was left as it is ({_reason(error)}); for completion and checks in "
                f"every entry, add to it: {wanted}")
    updated = merged(current, mapping)
    if updated == current:
        return ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(updated, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    return f"wrote the editor's schema mapping (yaml.schemas) to {SETTINGS_PATH}"


def _reason(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"not plain JSON: {error.msg} at line {error.lineno}"
    return str(error)
