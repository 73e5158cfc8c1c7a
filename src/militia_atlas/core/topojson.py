"""The npm front-end packages (vendor/npm/) and world-atlas' TopoJSON: where they are, and its
arcs decoded. The maps draw the outlines (views/maps.py); validate checks points against them
(core/outlines.py)."""

from __future__ import annotations

import os
from pathlib import Path


def vendor_dirs(root) -> list:
    """Where vendor/npm may be: $MILITIA_ATLAS_VENDOR alone when set, else the site's folder (`root`),
    then this project's checkout (where `make setup` puts it)."""
    if os.environ.get("MILITIA_ATLAS_VENDOR"):
        return [Path(os.environ["MILITIA_ATLAS_VENDOR"])]
    candidates = [Path(root) / "vendor" / "npm"] if root else []
    return candidates + [Path(__file__).resolve().parents[3] / "vendor" / "npm"]


def find_vendor_file(root, package: str, relative: str) -> Path | None:
    """The installed file of an npm package, or None."""
    return next((folder / package / relative for folder in vendor_dirs(root)
                 if (folder / package / relative).is_file()), None)


def decode_arcs(topology: dict, digits: int | None = None) -> list:
    """The topology's arcs as lists of [lon, lat] points, rounded to `digits` when given."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            lon, lat = x * scale[0] + translate[0], y * scale[1] + translate[1]
            points.append([round(lon, digits), round(lat, digits)] if digits is not None else [lon, lat])
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list) -> list:
    """A polygon ring joined from its arcs (a negative index is an arc reversed)."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points
