"""Rules of the research fields that tie one entry's fields together: source numbers (`source:` of an
attribution, account or history event, and `[^N]` markers) within the entry's sources, accounts that say
something, and attributions kept both as items and as the plain list of ids every reader knows."""

from __future__ import annotations

from .footnotes import find_markers, source_number
from .locate import Locator
from .names import plural
from .research_fields import _count
from .schema import ACCOUNT_FIELDS

NUMBERED = ("attributed_to", "accounts", "history")  # lists whose items may name a source by number
# Fields validate makes from another one (split_attributions): made field -> the field the editor wrote.
# An entry with errors keeps neither when the written one is wrong (validate.valid_part).
DERIVED_FIELDS = {"attributions": "attributed_to"}


def split_attributions(values: dict) -> None:
    """`attributions`: every item of `attributed_to` (a plain id is an item with only `group`);
    `attributed_to`: the groups' ids, each once, in order."""
    items = values.get("attributed_to")
    if items:
        values["attributions"] = items
        values["attributed_to"] = list(dict.fromkeys(item["group"] for item in items if item.get("group")))


def check_research_rules(entry, raw: dict, checker) -> None:
    count = len(raw.get("sources")) if isinstance(raw.get("sources"), list) else 0
    for key in NUMBERED:
        for position, item in enumerate(_list(raw, key)):
            number = _count(item.get("source")) if isinstance(item, dict) else None
            if number is not None and not 1 <= number <= count:
                checker.error((key, position, "source"),
                              f"source {number} is out of range: this entry has {plural(count, 'source')}",
                              in_range_hint(count))
    for position, account in enumerate(_list(raw, "accounts")):
        if isinstance(account, dict) and {key for key, value in account.items() if value != ""} == {"source"}:
            checker.error(("accounts", position), "an account needs more than its source: "
                          + ", ".join(ACCOUNT_FIELDS) + " (any of them)",
                          "add what this source says differently, like `killed: 3` or `claim: two direct hits`, "
                          "or remove the account")
    texts = [(("summary",), raw.get("summary"))]
    texts += [(("history", position, "text"), event.get("text"))
              for position, event in enumerate(_list(raw, "history")) if isinstance(event, dict)]
    for where, text in texts:
        if isinstance(text, str):
            check_markers(entry, where, text, count, checker)


def check_markers(entry, where: tuple, text: str, count: int, checker) -> None:
    seen = {}
    locator = None
    for label, _ in find_markers(text):
        needle = f"[^{label}]"
        occurrence, seen[needle] = seen.get(needle, 0), seen.get(needle, 0) + 1
        number = source_number(label)
        if number is not None and number <= count:
            continue
        locator = locator or Locator()
        line, col = locator.locate_in_value(entry.path, where, needle, occurrence)
        if number is not None:
            checker.problems.add(checker.file, f"[^{label}] cites source {number}, but this entry has "
                                 f"{plural(count, 'source')}", in_range_hint(count), where, line, col)
        elif label and label.strip("0") == "":
            checker.problems.add(checker.file, f"[^{label}] is not a source number",
                                 "sources count from 1: [^1] cites the first of `sources`", where, line, col)
        else:
            checker.problems.add(checker.file, f"[^{label}] is not a source number",
                                 "write the number of a source, like [^1]; to show the brackets as text, put them "
                                 "in backticks", where, line, col)


def in_range_hint(count: int) -> str:
    if count == 1:
        return "use 1: sources are numbered from 1 in the order of `sources`"
    return f"use a number from 1 to {count}: sources are numbered from 1 in the order of `sources`"


def _list(raw: dict, key: str) -> list:
    value = raw.get(key)
    return value if isinstance(value, list) else []
