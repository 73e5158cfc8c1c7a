"""`militia-atlas synth`: a realistic synthetic site for benchmarks and scale tests.

Groups are N/30, bases N/40, attacks N. Every field kind of the entry format is used,
names carry Arabic script and awkward strings, dates come in day, month and year
precision, casualties as numbers and ranges. The same seed always writes the same bytes.
The first group is always Kata'ib Hezbollah with its real aliases and native name, so a
search for "KH" or "كتائب حزب الله" has a known answer at any size.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from .synthetic import LAST_DAY, VESSEL_ID, VESSEL_YAML, Synth, article

MKDOCS_YML = """\
# Written by `militia-atlas synth`: a synthetic site for benchmarks.
site_name: Synthetic atlas
site_url: https://example.org/synthetic/
docs_dir: content
site_dir: site
theme:
  name: material
  font: false  # system fonts: no page requests anything from elsewhere
nav:
  - Home: index.md
  - Attacks: attacks/index.md
  - Groups: groups/index.md
  - Bases: bases/index.md
  - Countries: countries/index.md
  - Tags: tags/index.md
  - About: about.md
plugins:
  - militia-atlas-search
  - militia-atlas:
      map_tiles: false  # maps draw country outlines only: no request to a tile server
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
"""


def write_site(out: Path, attacks: int, seed: int = 1, force: bool = False) -> dict:
    """Write out/entries (and, when absent, out/mkdocs.yml and out/content). Returns counts."""
    entries = out / "entries"
    if entries.exists() and any(entries.iterdir()):
        if not force:
            raise FileExistsError(entries)
        shutil.rmtree(entries)
    synth = Synth(attacks, seed)
    groups = synth.groups()
    bases = synth.bases()
    group_texts = [(g.id, synth.group_yaml(g, bases, full=position == 1)) for position, g in enumerate(groups)]
    base_texts = [(b.id, synth.base_yaml(b, full=position == 0)) for position, b in enumerate(bases)]
    attack_rows = synth.attacks(groups, bases)
    for folder, rows in (("groups", group_texts), ("bases", base_texts), ("attacks", [(a[0], a[4]) for a in attack_rows])):
        (entries / folder).mkdir(parents=True, exist_ok=True)
        for ident, text in rows:
            (entries / folder / f"{ident}.yml").write_text(text, encoding="utf-8", newline="\n")
    (entries / "vessels").mkdir(parents=True, exist_ok=True)
    (entries / "vessels" / f"{VESSEL_ID}.yml").write_text(VESSEL_YAML, encoding="utf-8", newline="\n")
    if not (out / "mkdocs.yml").exists():
        (out / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    content = out / "content"
    articles = max(1, attacks // 500)
    if not content.exists():
        (content / "articles").mkdir(parents=True)
        (content / "about.md").write_text("# About\n\nA synthetic site, written by `militia-atlas synth`.\n",
                                          encoding="utf-8")
        for number in range(1, articles + 1):
            day = synth.date(dt.date(2020, 1, 1), LAST_DAY)
            text = article(number, day, groups, bases, attack_rows, synth.rng)
            (content / "articles" / f"analysis-{number}.md").write_text(text, encoding="utf-8")
    return {"groups": len(groups), "bases": len(bases), "attacks": len(attack_rows), "articles": articles}


# -- the `militia-atlas synth` command ---------------------------------------------------

def add_parser(sub) -> None:
    parser = sub.add_parser("synth", help="write a synthetic site (entries, content, mkdocs.yml) for benchmarks")
    parser.add_argument("--attacks", type=int, required=True, metavar="N",
                        help="number of attacks; groups are N/30, bases N/40")
    parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed writes the same files")
    parser.add_argument("--out", default="synthetic", help="folder to write into (default: ./synthetic)")
    parser.add_argument("--force", action="store_true", help="replace an existing OUT/entries folder")
    parser.set_defaults(handler=cmd_synth)


def cmd_synth(args) -> int:
    import sys

    if args.attacks < 1:
        print("error: --attacks must be 1 or more", file=sys.stderr)
        return 2
    out = Path(args.out)
    try:
        counts = write_site(out, args.attacks, args.seed, args.force)
    except FileExistsError as error:
        print(f"error: {error} already holds entries; pass --force to replace them, or choose another --out",
              file=sys.stderr)
        return 1
    print(f"wrote {counts['groups']} groups, {counts['bases']} bases, {counts['attacks']} attacks and "
          f"{counts['articles']} articles to {out}; build with: militia-atlas -f {out / 'mkdocs.yml'} build",
          file=sys.stderr)
    return 0
