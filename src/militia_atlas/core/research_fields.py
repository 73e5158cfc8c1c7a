"""Field types of the research model: casualty counts (with "at least"), source numbers, and items that are
a plain id or a record about it (an attribution). The entry format (core/schema.py) uses them like the
types of core/fields.py."""

from __future__ import annotations

import re

from .fields import INVALID, MAX_COUNT, FieldType, Record, Ref, Values, describe, flow


def _count(text: str):
    return int(text) if isinstance(text, str) and re.fullmatch(r"[0-9]{1,9}", text) else None


NULL_WORDS = ("null", "~")  # YAML's null, kept as text by the reader


class Casualties(FieldType):
    label = "whole number >= 0, `[min, max]`, or `[min, null]` for \"at least min\""

    def check(self, value, where, ctx):
        if isinstance(value, list):
            return self._check_range(value, where, ctx)
        if isinstance(value, str) and value.lstrip().startswith("-") and _count(value.lstrip()[1:]) is not None:
            return ctx.error(where, f"casualty figures cannot be negative, got {value}",
                             "use 0 or more; leave the field out when unknown")
        number = _count(value)
        if number is None:
            return ctx.error(where, f"expected a whole number or [min, max], got {describe(value)}",
                             "write 3, or [2, 5] for a range, or [2, null] for \"at least 2\"; "
                             "leave the field out when unknown")
        return number

    def _check_range(self, value, where, ctx):
        if len(value) == 2 and value[0] in NULL_WORDS:
            if value[1] in NULL_WORDS:
                return ctx.error(where, "[null, null] gives no figure at all",
                                 "leave the field out when the number is unknown")
            return ctx.error(where, f"a range cannot start with null, got {flow(value)}",
                             f"write [{value[1]}, null] for \"at least {value[1]}\", or [0, {value[1]}] "
                             f"for \"at most {value[1]}\"")
        if len(value) == 2 and _count(value[0]) is not None and value[1] in NULL_WORDS:
            return (_count(value[0]), None)
        if len(value) != 2 or any(_count(v) is None for v in value):
            if any(isinstance(v, str) and v.startswith("-") for v in value):
                return ctx.error(where, "casualty figures cannot be negative", "use 0 or more")
            return ctx.error(where, f"expected [min, max] with two whole numbers, got {flow(value)}",
                             "write a range as [2, 5], or [2, null] for \"at least 2\"")
        low, high = (_count(v) for v in value)
        if low > high:
            return ctx.error(where, f"range [{low}, {high}] has min greater than max", f"write [{high}, {low}]")
        return (low, high) if low != high else low

    def json_schema(self):
        count = {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}
        at_most = {"anyOf": [count, {"type": "null"}]}
        return {"oneOf": [count, {"type": "array", "prefixItems": [count, at_most], "items": False,
                                  "minItems": 2, "maxItems": 2}]}


class SourceNumber(FieldType):
    """The number of one of the entry's sources, counting from 1. Whether it is in range is checked
    with the entry's sources (validate.check_source_numbers)."""

    label = "the number of one of the entry's sources (1 for the first)"

    def check(self, value, where, ctx):
        number = _count(value)
        if number is None:
            return ctx.error(where, f"expected the number of a source, got {describe(value)}",
                             "write 1 for the first source in `sources`, 2 for the second...")
        return number

    def json_schema(self):
        return {"type": "integer", "minimum": 1, "maximum": MAX_COUNT}


class IdOrRecord(FieldType):
    """A plain id, or a record naming that id in `key` with more about it (an attribution)."""

    def __init__(self, ref: "Ref", record: "Record", key: str):
        self.ref, self.record, self.key = ref, record, key
        self.label = f"{ref.label}, or {record.label}"

    def check(self, value, where, ctx):
        if isinstance(value, dict):
            return self.record.check(value, where, ctx)
        checked = self.ref.check(value, where, ctx)
        return INVALID if checked is INVALID else Values({self.key: checked})

    def json_schema(self):
        return {"anyOf": [self.ref.json_schema(), self.record.json_schema()]}
