"""Council document numbers in all the forms the minutes write them.

``12164/16``, ``CM 3817/16``, ``5300/1/16 REV 1``, ``ST 12345/17 INIT``,
``WK 1234/2018``, ``12345/17 ADD 1 COR 1`` — and malformed ones such as
``5109/2/1 REV 2``, which are kept as written and flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DocNumber", "find_numbers", "parse_number"]

_PREFIX = r"(?:(?P<series>ST|CM|WK|SN|DS|PE-CONS|COSI)\s+)?"
_CORE = r"(?P<core>\d{1,5}(?:/\d{1,2})?/\d{1,4})"
_SUFFIX = r"(?P<suffix>(?:\s+(?:REV|ADD|COR|AMD)\s*\d{1,2})*(?:\s+(?:INIT|EXT\s*\d{1,2}|DCL\s*\d))?)"
NUMBER = re.compile(rf"(?<![\w/]){_PREFIX}{_CORE}{_SUFFIX}(?![\w/])")
_WELL_FORMED_CORE = re.compile(r"^\d{1,5}(?:/\d{1,2})?/(?:\d{2}|\d{4})$")
_DATE_LIKE = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}$")


@dataclass(frozen=True)
class DocNumber:
    text: str  # as written, whitespace normalised
    key: str  # identity: series, core and suffixes, upper case, single spaces
    start: int
    end: int
    malformed: bool


def parse_number(match: re.Match[str], offset: int = 0) -> DocNumber | None:
    core = match.group("core")
    series = match.group("series")
    suffix = match.group("suffix") or ""
    if _DATE_LIKE.match(core) and not series and not suffix.strip():
        return None  # 12/09/2016 is a date, not a document
    text = " ".join(match.group(0).split())
    parts = core.split("/")
    malformed = not _WELL_FORMED_CORE.match(core) or (
        len(parts) == 3 and len(parts[2]) not in (2, 4)
    )
    if len(parts) == 2 and len(parts[0]) < 3 and not series:
        return None  # "1/2" is a fraction or a page reference, not a document
    suffix_key = " ".join(re.sub(r"([A-Z]+)\s*(\d+)", r"\1 \2", suffix.upper()).split())
    # "ST 12345/17 INIT" and "12345/17" name one document: ST is the default series
    # and INIT the first version, so neither takes part in its identity.
    series_key = (series or "").upper()
    series_key = "" if series_key == "ST" else series_key
    suffix_key = " ".join(w for w in suffix_key.split() if w != "INIT")
    key = " ".join(p for p in (series_key, core, suffix_key) if p)
    return DocNumber(text, key, offset + match.start(), offset + match.end(), malformed)


def find_numbers(text: str, offset: int = 0) -> list[DocNumber]:
    """Every document number in ``text``; offsets are shifted by ``offset``."""
    found: list[DocNumber] = []
    if "/" not in text:
        return found  # every number has a slash: most sentences need no scan
    for match in NUMBER.finditer(text):
        number = parse_number(match, offset)
        if number is not None:
            found.append(number)
    return found
