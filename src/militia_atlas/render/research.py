"""The research parts of entry pages that are HTML rather than Markdown: an attack's "Sources differ"
table, a group's dated history, source markers and attributions. Every editor's value is escaped
here (text.attribute) or converted as Markdown (Renderer.markdown_html)."""

from __future__ import annotations

from markupsafe import Markup

from ..core.footnotes import marker_html, source_anchor
from ..core.names import casualties, definite_name, humanize
from ..core.schema import ACCOUNT_FIELDS
from ..core.text import attribute, html_text, inline
from . import fragments

ACCOUNT_COLUMNS = (("date", "Date"), ("outcome", "Outcome"), ("killed", "Killed"), ("wounded", "Wounded"),
                   ("claim", "Claim"))


def source_marker(number) -> str:
    return marker_html(number, f"#{source_anchor(number)}") if number else ""


def attribution_html(renderer, item) -> str:
    """`Kata'ib Hezbollah by the U.S. Department of Defense (suspected) [2]` as Markdown (or HTML while an
    HTML template draws): the group linked, the source's marker linked to it in the page's list of sources."""
    out = str(renderer.entity_link(item["group"]))
    if item.get("by"):  # a Markdown table's cell, or HTML text
        out += " by " + (html_text if renderer.html else inline)(definite_name(item["by"]))
    if item.get("certainty"):
        out += f" ({item['certainty']})"
    if item.get("source"):
        out += " " + source_marker(item["source"])
    return out


def attributions_html(renderer, attack) -> str:
    items = attack.attributions or [{"group": ident} for ident in attack.attributed_to or []]
    return drawn(renderer, "; ".join(attribution_html(renderer, item) for item in items))


def drawn(renderer, html: str) -> str:
    """HTML for the page: Markup while an HTML template draws (autoescape leaves it as it is)."""
    return Markup(html) if renderer.html else html


def _date_text(date, approximate) -> str:
    return ("about " if approximate else "") + date.human() if date else ""


def _cell(field: str, values, editors: bool = False) -> str:
    if field == "date":
        return attribute(_date_text(values.get("date"), values.get("approximate")))
    if field == "outcome":
        return attribute(humanize(values.get("outcome") or ("unknown" if editors else "")))
    if field in ("killed", "wounded"):
        value = values.get(field)
        return attribute(casualties(value)) if value is not None or editors else ""
    return attribute(values.get(field) or "")


def accounts_table(renderer, attack) -> str:
    """The editors' reading and each source's differing account, in the columns some account gives."""
    accounts = attack.accounts or []
    if not accounts:
        return ""
    given = {field for account in accounts for field in account if field in ACCOUNT_FIELDS}
    if "approximate" in given:
        given.add("date")
    columns = [(field, label) for field, label in ACCOUNT_COLUMNS if field in given]
    head = "".join(f'<th scope="col">{label}</th>' for _, label in columns)
    rows = ['<tr><th scope="row">Editors\' reading</th>'
            + "".join(f"<td>{_cell(field, attack.values, editors=True) if field != 'claim' else ''}</td>"
                      for field, _ in columns) + "</tr>"]
    for account in accounts:
        number = account["source"]
        source = attack.sources[number - 1]
        label = (f'<a href="#{source_anchor(number)}" aria-label="Source {number}">[{number}]</a> '
                 f"{attribute(source['publisher'])}")
        rows.append(f'<tr><th scope="row">{label}</th>'
                    + "".join(f"<td>{_cell(field, account)}</td>" for field, _ in columns) + "</tr>")
    return drawn(renderer, '<table class="ma-accounts">\n<caption>Sources differ</caption>\n'
            f'<thead><tr><th scope="col">Source</th>{head}</tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table>\n")


def history_list(renderer, group) -> str:
    """A group's history, oldest first, each event with its date and its source's marker."""
    events = sorted(group.history or [], key=lambda event: (event["date"].start, event["date"].end))
    if not events:
        return ""
    items = []
    for event in events:
        text = _inline_html(renderer.markdown_html(event["text"]))
        marker = (" " + source_marker(event["source"])) if event.get("source") else ""
        items.append(f'<li><time datetime="{event["date"].iso()}">{event["date"].human()}</time>: '
                     f"{text}{marker}</li>")
    return drawn(renderer, '<ol class="ma-history">\n' + "\n".join(items) + "\n</ol>\n")


def _inline_html(html: str) -> str:
    """One paragraph's HTML without its <p>, to sit inside a list item."""
    html = html.strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def template_globals(renderer) -> dict:
    return {"attributions_html": lambda attack: attributions_html(renderer, attack),
            "accounts_table": lambda attack: accounts_table(renderer, attack),
            "history_list": lambda group: history_list(renderer, group),
            "source_marker": lambda number: drawn(renderer, source_marker(number)),
            **fragments.template_globals(renderer)}
