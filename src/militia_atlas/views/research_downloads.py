"""The research fields in the downloads: attributions with who says so and how sure, accounts that differ
(the attack is then `disputed`), and a group's history. JSON gets each item as a record; CSV a readable
text of each, as `Readable.text` says it."""

from __future__ import annotations

from ..core.names import casualties, lowest_count
from .helpers import plain_summary

ATTRIBUTION_ITEM = {"type": "object", "additionalProperties": False, "required": ["group", "by", "certainty", "source"],
                    "properties": {"group": {"type": "string"}, "by": {"type": ["string", "null"]},
                                   "certainty": {"enum": ["stated", "suspected", None]},
                                   "source": {"type": ["integer", "null"], "minimum": 1}}}
_COUNT = {"type": ["integer", "null"], "minimum": 0}
ACCOUNT_ITEM = {"type": "object", "additionalProperties": False,
                "required": ["source", "date", "approximate", "outcome", "killed_min", "killed_max", "wounded_min",
                             "wounded_max", "claim"],
                "properties": {"source": {"type": "integer", "minimum": 1}, "date": {"type": ["string", "null"]},
                               "approximate": {"type": ["boolean", "null"]}, "outcome": {"type": ["string", "null"]},
                               "killed_min": _COUNT, "killed_max": _COUNT, "wounded_min": _COUNT,
                               "wounded_max": _COUNT, "claim": {"type": ["string", "null"]}}}
HISTORY_ITEM = {"type": "object", "additionalProperties": False, "required": ["date", "text", "source"],
                "properties": {"date": {"type": "string"}, "text": {"type": "string"},
                               "source": {"type": ["integer", "null"], "minimum": 1}}}


class Readable(dict):
    """A record for JSON (a dict), read as one line of text in a CSV cell (str)."""

    def __init__(self, values: dict, text: str):
        super().__init__(values)
        self.text = text

    def __str__(self) -> str:
        return self.text


def _high(value):
    return value[1] if isinstance(value, tuple) else value


def attributions(attack) -> list:
    items = attack.attributions or [{"group": ident} for ident in attack.attributed_to or []]
    out = []
    for item in items:
        values = {"group": item["group"], "by": item.get("by"), "certainty": item.get("certainty"),
                  "source": item.get("source")}
        details = [part for part in (item.get("certainty"),
                                     f"source {item['source']}" if item.get("source") else None) if part]
        text = item["group"] + (f" by {item['by']}" if item.get("by") else "")
        out.append(Readable(values, text + (f" ({', '.join(details)})" if details else "")))
    return out


def accounts(attack) -> list:
    out = []
    for account in attack.accounts or []:
        date = account.get("date")
        values = {"source": account["source"], "date": date.iso() if date else None,
                  "approximate": account.get("approximate"), "outcome": account.get("outcome"),
                  "killed_min": lowest_count(account.get("killed")), "killed_max": _high(account.get("killed")),
                  "wounded_min": lowest_count(account.get("wounded")), "wounded_max": _high(account.get("wounded")),
                  "claim": account.get("claim")}
        parts = []
        if date:
            parts.append(f"date {date.iso()}" + (" (approximate)" if account.get("approximate") else ""))
        for key in ("outcome", "killed", "wounded"):
            if account.get(key) is not None:
                value = account[key]
                parts.append(f"{key} {casualties(value) if key != 'outcome' else value}")
        if account.get("claim"):
            parts.append(f"claim: {account['claim']}")
        out.append(Readable(values, f"source {account['source']}: " + ", ".join(parts)))
    return out


def history(site, group) -> list:
    out = []
    for event in sorted(group.history or [], key=lambda e: (e["date"].start, e["date"].end)):
        text = plain_summary(site, event["text"])
        values = {"date": event["date"].iso(), "text": text, "source": event.get("source")}
        source = f" (source {event['source']})" if event.get("source") else ""
        out.append(Readable(values, f"{event['date'].iso()}: {text}{source}"))
    return out
