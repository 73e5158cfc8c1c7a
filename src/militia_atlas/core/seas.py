"""The register of sea areas: the IHO's seas and oceans (data/seas.json, written by
scripts/make_seas.py), plus a site's own additions and renamings in entries/seas.yml."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .countries import SLUG_RE, read_additions
from .load import RESERVED_IDS
from .problems import Problems
from .text import slugify

SEA_FILES = ("seas.yml", "seas.yaml")


@lru_cache(maxsize=1)
def _register_text() -> str:
    return resources.files("militia_atlas").joinpath("data/seas.json").read_text(encoding="utf-8")


def builtin_seas() -> dict:
    """slug -> {name, point: [lat, lon]} (and `kind: strait` for a strait the IHO gives no area)."""
    return json.loads(_register_text())["seas"]


def load_seas(entries_dir: Path, display_root: Path, problems: Problems) -> dict:
    """The built-in register updated by entries/seas.yml (slug: {name})."""
    seas = builtin_seas()
    for additions in read_additions(entries_dir, display_root, problems, SEA_FILES, _check_additions):
        for slug, value in additions.items():
            seas[slug] = {**seas.get(slug, {}), **value}
    return seas


def _check_additions(data: dict, display: str, problems: Problems) -> dict:
    additions = {}
    for slug, value in data.items():
        if not SLUG_RE.match(str(slug)):
            fixed = slugify(str(slug))
            problems.add(display, f"'{slug}' is not a valid sea slug",
                         "use 1 to 80 lowercase letters, digits and hyphens, starting with a letter or digit"
                         + (f": {fixed}" if fixed else ", like red-sea"), (slug,))
        elif slug in RESERVED_IDS:
            problems.add(display, f"'{slug}' is a reserved sea slug",
                         "reserved: " + ", ".join(sorted(RESERVED_IDS)) + "; choose another slug", (slug,))
        elif not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value.get("name"):
            example = value if isinstance(value, str) and value else "Lantern Deep"
            problems.add(display, "expected {name} with a name", f"write `{slug}: {{name: {example}}}`", (slug,))
        elif set(value) - {"name"}:
            unknown = sorted(set(value) - {"name"})[0]
            problems.add(display, f"unknown field '{unknown}'", "a sea area has only a `name`", (slug, unknown))
        else:
            additions[slug] = {"name": value["name"]}
    return additions
