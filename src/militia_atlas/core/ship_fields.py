"""Field types of ships and seas: an IMO number, a sea area's slug (core/seas.py's register)."""

from __future__ import annotations

import re

from .fields import INVALID, ID_RE, FieldType
from .problems import did_you_mean

IMO_RE = re.compile(r"^[0-9]{7}$")


class Imo(FieldType):
    label = "IMO number (7 digits)"

    def check(self, value, where, ctx):
        if self.expect_text(value, where, ctx, "an IMO number") is INVALID:
            return INVALID
        if IMO_RE.fullmatch(value):  # fullmatch: `$` alone would let a final line break through
            return value
        digits = re.sub(r"\D", "", value)
        hint = (f"write the 7 digits only: {digits}" if len(digits) == 7 else
                "an IMO number is 7 digits, like 9123456; a warship's hull number goes in `aliases`")
        return ctx.error(where, f"'{value}' is not an IMO number", hint)

    def json_schema(self):
        return {"type": ["string", "integer"], "pattern": IMO_RE.pattern, "minimum": 0, "maximum": 9999999}


class Sea(FieldType):
    label = "sea area slug"

    def check(self, value, where, ctx):
        if self.expect_text(value, where, ctx, "a sea area") is INVALID:
            return INVALID
        seas = ctx.seas
        if value in seas:
            return value
        hint = did_you_mean(value, seas) or ("sea areas are slugs of IHO names, like red-sea or gulf-of-aden; "
                                             "add new ones in entries/seas.yml")
        return ctx.error(where, f"unknown sea area '{value}'", hint)

    def json_schema(self):
        return {"type": "string", "pattern": ID_RE.pattern}
