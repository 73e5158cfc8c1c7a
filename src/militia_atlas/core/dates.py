"""Dates as editors write them: YYYY, YYYY-MM or YYYY-MM-DD, with their precision."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass

DATE_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> dt.date:
        if self.day:
            return self.start
        if self.month:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def human(self) -> str:
        if self.day:
            return f"{MONTHS[self.month - 1]} {self.day}, {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def newest_first_key(self):
        """Newest first; a less precise date comes after the precise dates of its period."""
        return (-self.start.toordinal(), PRECISION_RANK[self.precision])

    def __str__(self) -> str:
        return self.iso()


def parse_date(text: str) -> PartialDate:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD. Raises ValueError with an editor-facing message."""
    match = DATE_PATTERN.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a date")
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{text}' has no month {month}")
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"'{text}' does not exist ({MONTHS[month - 1]} {year} has "
                             f"{calendar.monthrange(year, month)[1]} days)") from None
    if year < 1000:  # 0999 is a typing mistake here, never a year of this history
        raise ValueError(f"'{text}' is not a date")
    return PartialDate(year, month, day)


def build_date() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()
