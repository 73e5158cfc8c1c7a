"""Static files the generated pages rely on (styles), shipped inside the package."""

from __future__ import annotations

from importlib import resources

STYLESHEET = "assets/militia-atlas/militia-atlas.css"


def static_files() -> dict:
    """src path in the docs tree -> text."""
    root = resources.files("militia_atlas").joinpath("static")
    return {STYLESHEET: root.joinpath("militia-atlas.css").read_text(encoding="utf-8")}
