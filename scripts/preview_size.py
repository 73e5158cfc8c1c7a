"""Does the built site fit in one Cloudflare Pages deployment? (The preview workflow asks before uploading.)

Cloudflare Pages takes at most 20,000 files per deployment on its free plan; a site of 10,000 attacks
has about 13,000 pages and 10,000 search fragments. Over the limit the upload would fail, so the
workflow skips it and points to the site artifact instead. Prints a line for the log and, in GitHub
Actions, writes `files`, `limit` and `fits` (true/false) to $GITHUB_OUTPUT.

    python3 scripts/preview_size.py site [--limit 20000]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

CLOUDFLARE_PAGES_MAX_FILES = 20_000


def count_files(site: Path) -> int:
    return sum(1 for path in site.rglob("*") if path.is_file())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="count a built site's files against a host's limit")
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("--limit", type=int, default=CLOUDFLARE_PAGES_MAX_FILES,
                        help=f"most files one deployment takes (default: {CLOUDFLARE_PAGES_MAX_FILES}, Cloudflare Pages)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"error: {args.site} holds no built site (no index.html); build it first", file=sys.stderr)
        return 2
    files = count_files(args.site)
    fits = files <= args.limit
    if fits:
        print(f"{args.site}: {files} files, within the limit of {args.limit}")
    else:
        print(f"{args.site}: {files} files, more than the {args.limit} one preview deployment takes: "
              "no preview is uploaded; the site artifact is the preview")
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
            out.write(f"files={files}\nlimit={args.limit}\nfits={'true' if fits else 'false'}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
