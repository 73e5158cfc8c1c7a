"""`militia-atlas diff BASE_REF`: what a pull request changes in the published site.

Compares the entries and content pages at a git ref (read with `git ls-tree` and
`git cat-file`) with the working tree: what was added, changed and removed, with
links to the preview's pages, and what a reviewer should look at twice (new
unclaimed attacks, entries without sources). Its markdown output is the pull
request comment the preview workflow posts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..publish.config import find_config, quick_settings
from .changes import (COMMENT_MARKER, KIND_LABELS, Change, DiffError, Report, compare, relative_to_repo,
                      repository_root, verify_ref, versions_at_ref, versions_in_tree)

# -- output ---------------------------------------------------------------------------

def absolute(url: str | None, preview_url: str | None) -> str | None:
    if url is None or not preview_url:
        return None
    return preview_url.rstrip("/") + "/" + url


def escape_markdown(text: str) -> str:
    special = "\\`*_[]<>|~@"
    return "".join("\\" + ch if ch in special else ch for ch in text.replace("\n", " "))


def markdown_line(change: Change, preview_url: str | None) -> str:
    label = escape_markdown(change.label)
    link = absolute(change.url, preview_url) if change.status != "removed" else None
    name = f"[{label}]({link})" if link else f"**{label}**"
    line = f"- {KIND_LABELS[change.kind]} {name} `{change.path}`"
    if change.fields:
        line += " — " + ", ".join(f"`{f}`" for f in change.fields)
    if change.draft:
        line += " _(draft: not published)_"
    return line


def as_markdown(report: Report, preview_url: str | None = None) -> str:
    lines = [COMMENT_MARKER, f"### Site changes against `{report.base_ref}`", ""]
    if not report.changes:
        lines.append("No entry or page changed.")
        return "\n".join(lines) + "\n"
    if preview_url:
        lines.append(f"Preview: {preview_url.rstrip('/')}/")
        lines.append("")
    lines.append(f"{report.count('added')} added, {report.count('changed')} changed, "
                 f"{report.count('removed')} removed.")
    for status in ("added", "changed", "removed"):
        group = [c for c in report.changes if c.status == status]
        if group:
            lines += ["", f"#### {status.capitalize()} ({len(group)})", ""]
            lines += [markdown_line(c, preview_url) for c in group]
    attention = attention_lines(report, preview_url)
    if attention:
        lines += ["", "#### Needs a second look", ""] + attention
    return "\n".join(lines) + "\n"


# GitHub refuses a comment over 65,536 characters; the workflow adds a line or two of its own.
COMMENT_LIMIT = 60_000
STATUSES = ("added", "changed", "removed")


def capped_markdown(report: Report, preview_url: str | None, max_chars: int, full_name: str | None = None,
                    full_url: str | None = None) -> str:
    """The comment as it is when it fits in max_chars; else counts per kind and the first rows of each list,
    as many as fit, and where the full list is."""
    whole = as_markdown(report, preview_url)
    if len(whole) <= max_chars:
        return whole
    low, high = 0, max(len(report.changes), 1)
    while low < high:  # the most rows per list that still fit
        middle = (low + high + 1) // 2
        if len(summary_markdown(report, preview_url, middle, len(whole), full_name, full_url)) <= max_chars:
            low = middle
        else:
            high = middle - 1
    return summary_markdown(report, preview_url, low, len(whole), full_name, full_url)


def summary_markdown(report: Report, preview_url: str | None, rows: int, whole_length: int,
                     full_name: str | None, full_url: str | None) -> str:
    lines = [COMMENT_MARKER, f"### Site changes against `{report.base_ref}`", ""]
    if preview_url:
        lines += [f"Preview: {preview_url.rstrip('/')}/", ""]
    lines.append(f"{report.count('added')} added, {report.count('changed')} changed, "
                 f"{report.count('removed')} removed.")
    lines += ["", "| | added | changed | removed |", "|---|---:|---:|---:|"]
    for kind, label in KIND_LABELS.items():
        counts = [sum(1 for c in report.changes if c.kind == kind and c.status == s) for s in STATUSES]
        if any(counts):
            lines.append(f"| {label} | " + " | ".join(map(str, counts)) + " |")
    where = f"`{full_name}`" if full_name else f"the output of `militia-atlas diff {report.base_ref}`"
    if full_name and full_url:
        where += f", uploaded with [this run]({full_url}) (Artifacts)"
    lines += ["", f"> The full list is too long for a comment ({whole_length:,} characters; GitHub takes at most "
                  f"65,536), so each list below shows its first {rows} rows. The full list is {where}."]
    for status in STATUSES:
        group = [c for c in report.changes if c.status == status]
        if group:
            lines += ["", f"#### {status.capitalize()} ({len(group)}{shown(rows, len(group))})", ""]
            lines += [markdown_line(c, preview_url) for c in group[:rows]]
    attention = attention_lines(report, preview_url)
    if attention:
        lines += ["", f"#### Needs a second look ({len(attention)}{shown(rows, len(attention))})", ""]
        lines += attention[:rows]
    return "\n".join(lines) + "\n"


def shown(rows: int, total: int) -> str:
    return "" if rows >= total else f"; the first {rows} here"


def attention_lines(report: Report, preview_url: str | None) -> list:
    def named(change: Change) -> str:
        link = absolute(change.url, preview_url)
        label = escape_markdown(change.label)
        return f"[{label}]({link})" if link else f"**{label}**"

    lines = [f"- :warning: Unclaimed attack: {named(c)} `{c.path}` has neither `claimed_by` nor "
             "`attributed_to`" for c in report.unclaimed]
    lines += [f"- :warning: No sources: {KIND_LABELS[c.kind]} {named(c)} `{c.path}`" for c in report.unsourced]
    lines += [f"- :x: Cannot be read: `{c.path}` (see the `validate` step for what is wrong)"
              for c in report.unreadable]
    return lines


def as_text(report: Report, preview_url: str | None = None) -> str:
    marks = {"added": "A", "changed": "M", "removed": "D"}
    lines = []
    for change in report.changes:
        line = f"{marks[change.status]} {change.path}"
        if change.status != "removed":
            line += "  " + (absolute(change.url, preview_url) or ("/" + change.url if change.url is not None
                                                                   else "(draft: not published)"))
        if change.fields:
            line += f"  [{', '.join(change.fields)}]"
        lines.append(line)
    lines += [f"warning: {c.path}: unclaimed attack (neither claimed_by nor attributed_to)" for c in report.unclaimed]
    lines += [f"warning: {c.path}: no sources" for c in report.unsourced]
    lines += [f"warning: {c.path}: cannot be read; run `militia-atlas validate`" for c in report.unreadable]
    lines.append(f"{report.count('added')} added, {report.count('changed')} changed, "
                 f"{report.count('removed')} removed against {report.base_ref}")
    return "\n".join(lines) + "\n"


def as_json(report: Report, preview_url: str | None = None) -> str:
    def item(change: Change) -> dict:
        return {"status": change.status, "kind": change.kind, "id": change.ident, "path": change.path,
                "label": change.label, "url": absolute(change.url, preview_url) or change.url,
                "fields": change.fields, "draft": change.draft}

    return json.dumps({
        "base_ref": report.base_ref,
        "changes": [item(c) for c in report.changes],
        "unclaimed_attacks": [c.path for c in report.unclaimed],
        "without_sources": [c.path for c in report.unsourced],
        "unreadable": [c.path for c in report.unreadable],
    }, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": as_text, "markdown": as_markdown, "json": as_json}


# -- command --------------------------------------------------------------------------

def diff_site(config_file: Path, base_ref: str) -> Report:
    settings = quick_settings(config_file)
    repo = repository_root(settings.root)
    verify_ref(base_ref, repo)
    entries_rel = relative_to_repo(settings.entries_dir, repo)
    docs_rel = relative_to_repo(settings.docs_dir, repo)
    base = versions_at_ref(base_ref, repo, entries_rel, docs_rel)
    head = versions_in_tree(repo, settings.entries_dir, settings.docs_dir)
    return compare(base, head, base_ref, settings.directory_urls)


def add_parser(sub) -> None:
    parser = sub.add_parser("diff", help="list the entries and pages added, changed and removed since a git ref")
    parser.add_argument("base_ref", metavar="BASE_REF", help="git ref to compare with, e.g. origin/main")
    parser.add_argument("--format", choices=tuple(FORMATS), default="text",
                        help="text (default), markdown (the pull request comment) or json")
    parser.add_argument("--preview-url", help="where the preview of this version is served; pages link there")
    parser.add_argument("--max-chars", type=int, default=COMMENT_LIMIT, metavar="N",
                        help=f"markdown: past N characters, print counts and the first rows of each list "
                             f"(default: {COMMENT_LIMIT:,}; GitHub refuses comments over 65,536)")
    parser.add_argument("--full", metavar="FILE", help="also write the whole output, never shortened, to FILE")
    parser.add_argument("--full-url", metavar="URL", help="markdown: where readers find FILE (e.g. the run's page)")
    parser.set_defaults(handler=cmd_diff)


def cmd_diff(args) -> int:
    try:
        report = diff_site(find_config(args.config_file), args.base_ref)
    except DiffError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    whole = FORMATS[args.format](report, args.preview_url)
    if args.full:
        Path(args.full).write_text(whole, encoding="utf-8", newline="\n")
    if args.format == "markdown":
        full_name = Path(args.full).name if args.full else None
        whole = capped_markdown(report, args.preview_url, args.max_chars, full_name, args.full_url)
    sys.stdout.write(whole)
    return 0
