"""Dates as the minutes write them: ``5 October 2016``, ``11 – 12 October 2016``,
``30 May – 1 June 2018``, ``September and October 2016``, ``June 2016``, and
``3 December`` (the year then comes from the document)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.records import DateValue

__all__ = ["DATE_SPAN", "DateSpan", "find_dates", "parse_date"]

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DASH = r"\s*(?:-|–|—|to|until)\s*"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"

# The alternatives run from the most specific to the least, so a range wins over its parts.
DATE_SPAN = re.compile(
    rf"""(?x)
    (?P<d1>{_DAY})\s+(?P<m1>{_MONTH})(?:\s+(?P<y1>{_YEAR}))?{_DASH}(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:\s+(?P<y2>{_YEAR}))?
  | (?P<rd1>{_DAY}){_DASH}(?P<rd2>{_DAY})\s+(?P<rm>{_MONTH})(?:\s+(?P<ry>{_YEAR}))?
  | (?P<sd>{_DAY})\s+(?:of\s+)?(?P<sm>{_MONTH})(?:,?\s+(?P<sy>{_YEAR}))?
  | (?P<mm1>{_MONTH})\s+(?:and|to|-|–)\s+(?P<mm2>{_MONTH})\s+(?P<my>{_YEAR})
  | (?P<om>{_MONTH})\s+(?P<oy>{_YEAR})
    """
)


@dataclass(frozen=True)
class DateSpan:
    start: DateValue
    end: DateValue | None
    text: str
    offset: int
    end_offset: int


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").casefold()]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _value(year: int | None, month: int, day: int | None) -> DateValue | None:
    if year is None:
        return None
    try:
        value = DateValue(year, month, day)
        value.as_date()
    except ValueError:
        return None
    return value


def _span(m: re.Match[str], default_year: int | None) -> DateSpan | None:
    g = m.groupdict()
    start: DateValue | None
    end: DateValue | None = None
    if g["d1"]:
        y2 = int(g["y2"]) if g["y2"] else (int(g["y1"]) if g["y1"] else default_year)
        y1 = int(g["y1"]) if g["y1"] else y2
        start = _value(y1, _month(g["m1"]), _day(g["d1"]))
        end = _value(y2, _month(g["m2"]), _day(g["d2"]))
    elif g["rd1"]:
        y = int(g["ry"]) if g["ry"] else default_year
        start = _value(y, _month(g["rm"]), _day(g["rd1"]))
        end = _value(y, _month(g["rm"]), _day(g["rd2"]))
    elif g["sd"]:
        y = int(g["sy"]) if g["sy"] else default_year
        start = _value(y, _month(g["sm"]), _day(g["sd"]))
    elif g["mm1"]:
        y = int(g["my"])
        start, end = (
            _value(y, _month(g["mm1"]), None),
            _value(y, _month(g["mm2"]), None),
        )
    else:
        start = _value(int(g["oy"]), _month(g["om"]), None)
    if start is None:
        return None
    return DateSpan(start, end, m.group(0), m.start(), m.end())


def find_dates(text: str, default_year: int | None = None) -> list[DateSpan]:
    """Every date or date range in ``text``, in order; a date with no year takes ``default_year``."""
    spans = []
    for m in DATE_SPAN.finditer(text):
        span = _span(m, default_year)
        if span is not None:
            spans.append(span)
    return spans


def parse_date(text: str, default_year: int | None = None) -> DateValue | None:
    """The first date in ``text``."""
    spans = find_dates(text, default_year)
    return spans[0].start if spans else None
