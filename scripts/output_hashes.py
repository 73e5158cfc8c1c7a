#!/usr/bin/env python3
"""Hashes of everything the generator makes, to prove a refactoring changed no output byte.

Four outputs: the example site built as `make site` builds it, a `synth --attacks 1000 --seed 1`
site built with the plugin, and the `generate` tree of each. Record them before a change,
compare after it:

    .venv/bin/python scripts/output_hashes.py record before.json
    ... refactor ...
    .venv/bin/python scripts/output_hashes.py compare before.json   # exit 1, with the differing files, if any

`--keep DIR` builds in DIR and leaves the trees there, to diff a changed file (`diff -r old/ new/`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "MILITIA_ATLAS_DRAFTS": ""}


def run(*command, cwd: Path) -> None:
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(map(str, command))}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def tree_hashes(folder: Path) -> dict:
    """{relative path: sha256} of every file under folder (symlinks followed)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def outputs(work: Path) -> dict:
    cli = BIN / "militia-atlas"
    example = work / "example"
    run(cli, "build", "--site-dir", example, cwd=ROOT)
    run(cli, "generate", "--out", work / "example-generated", cwd=ROOT)
    synthetic = work / "synthetic"
    run(cli, "synth", "--attacks", "1000", "--seed", "1", "--out", synthetic, cwd=work)
    run(cli, "build", cwd=synthetic)
    run(cli, "generate", "--out", work / "synthetic-generated", cwd=synthetic)
    return {
        "example site": tree_hashes(example),
        "example generate": tree_hashes(work / "example-generated" / "docs"),
        "synthetic site": tree_hashes(synthetic / "site"),
        "synthetic generate": tree_hashes(work / "synthetic-generated" / "docs"),
    }


def differences(before: dict, after: dict) -> list:
    lines = []
    for name in before:
        old, new = before[name], after.get(name, {})
        for path in sorted(old.keys() | new.keys()):
            if old.get(path) != new.get(path):
                state = "added" if path not in old else "removed" if path not in new else "changed"
                lines.append(f"{name}: {path} {state}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and keep the trees, to diff them")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True)
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="militia-atlas-hashes-"))
    try:
        found = outputs(work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.action == "record":
        args.file.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded {sum(map(len, found.values()))} files in {args.file}")
        return 0
    lines = differences(json.loads(args.file.read_text(encoding="utf-8")), found)
    print("\n".join(lines[:200]) if lines else f"identical: {sum(map(len, found.values()))} files")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
