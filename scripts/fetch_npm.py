"""Fetch the front-end packages the site ships (pinned, checked by sha512) from the npm registry.

Uses only the Python standard library, so set-up needs no Node.js. Packages land in
vendor/npm/<name>/ (not committed); the build copies what it needs into the site.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "npm-packages.json"
DEST = ROOT / "vendor" / "npm"


def fetch(name: str, spec: dict) -> None:
    target = DEST / name
    marker = target / ".version"
    if marker.is_file() and marker.read_text() == spec["version"]:
        return
    data = urllib.request.urlopen(spec["tarball"], timeout=120).read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != spec["integrity"]:
        sys.exit(f"{name}: downloaded tarball does not match the pinned sha512; refusing to use it")
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            relative = Path(*Path(member.name).parts[1:])  # strip the leading "package/"
            out = (target / relative).resolve()
            if not out.is_relative_to(target.resolve()):
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(archive.extractfile(member).read())
    marker.write_text(spec["version"])


def main() -> None:
    packages = json.loads(LOCK.read_text()) if LOCK.is_file() else {}
    for name, spec in sorted(packages.items()):
        fetch(name, spec)


if __name__ == "__main__":
    main()
