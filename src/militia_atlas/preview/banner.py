"""The live preview's error banner: while an edit leaves the entries invalid, every page the preview
serves opens with the errors (file:line:col, field, message, fix), as Hugo and Vite show theirs,
above the last valid version of the page. It is added to pages as they are served, never written
into a site (publish.modes.Preview installs it in MkDocs' live-reload server)."""

from __future__ import annotations

import html
import re

BODY_TAG = re.compile(rb"<body[^>]*>", re.IGNORECASE)
STYLE = ("position:sticky;top:0;z-index:10000;margin:0;padding:.8em 1.2em;background:#b00020;color:#fff;"
         "font:14px/1.5 system-ui,sans-serif;max-height:50vh;overflow:auto;box-shadow:0 2px 6px rgba(0,0,0,.4)")
LIST_STYLE = "margin:.4em 0 0;padding-left:1.2em;font-family:ui-monospace,monospace;white-space:pre-wrap"


def banner_html(problems: list) -> str:
    count = len(problems)
    items = "".join(f"<li>{html.escape(str(problem))}</li>" for problem in problems)
    return (f'<section id="militia-atlas-errors" role="alert" style="{STYLE}">'
            f"<strong>militia-atlas: {count} error{'s' if count != 1 else ''} in the entries.</strong> "
            "This preview shows the last valid version of the site until they are fixed; "
            "the page reloads by itself when you save the fix."
            f'<ol style="{LIST_STYLE}">{items}</ol></section>')


def with_banner(content: bytes, problems: list) -> bytes:
    """An HTML page with the banner first in its body; the page unchanged when there are no problems."""
    if not problems:
        return content
    banner = banner_html(problems).encode("utf-8")
    match = BODY_TAG.search(content)
    at = match.end() if match else 0
    return content[:at] + banner + content[at:]
