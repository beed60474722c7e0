"""The cover block of a Council document: number, date and place, language,
subject codes, distribution marking, type and the From/On/To/Subject fields."""

from __future__ import annotations

import re

from loaders.dates import parse_date
from loaders.docnumbers import NUMBER, parse_number
from loaders.records import Header

__all__ = ["parse_header"]

_PLACE_DATE = re.compile(
    r"^(?P<place>[A-Z][A-Za-zé' -]{2,30}),\s+(?P<date>\d{1,2}\s+\w+\s+\d{4})\s*$"
)
_LANGUAGE = re.compile(r"\(\s*OR\.\s*(?P<lang>[a-z]{2})(?:\s*,\s*[a-z]{2})*\s*\)", re.I)
_FIELD = re.compile(
    r"^(?P<name>From|On|To|Subject|Date|Meeting|No\. prev\. doc\.|Prev\. doc\.|Cion doc\.)\s*:\s*(?P<value>.*)$",
    re.I,
)
_CODE = re.compile(r"\b(?P<code>[A-Z][A-Z-]{1,14}(?:\s[A-Z]{2,6})?)\s(?P<n>\d{1,4})\b")
_DISTRIBUTION = re.compile(
    r"\b(LIMITE|RESTREINT UE(?:/EU RESTRICTED)?|CONFIDENTIEL UE|PUBLIC|SENSITIVE)\b"
)
_NOT_CODES = {"OR", "REV", "ADD", "COR", "ST", "CM", "WK", "DG", "EN", "FR", "PAGE"}


def parse_header(lines: list[str]) -> Header:
    """Read the header fields from the lines before the first agenda item."""
    header = Header()
    field: str | None = None
    for line in lines:
        text = _untable(line.strip())
        if not text:
            continue
        m = _FIELD.match(text)
        if m:
            field = m.group("name").casefold()
            _set_field(header, field, m.group("value").strip())
            continue
        if field == "subject" and text and not _DISTRIBUTION.fullmatch(text):
            header.subject = (
                f"{header.subject} {text}".strip() if header.subject else text
            )
            continue
        field = None
        if header.date is None and (pd := _PLACE_DATE.match(text)):
            header.place = pd.group("place").strip()
            header.date = parse_date(pd.group("date"))
            continue
        if header.language is None and (lang := _LANGUAGE.search(text)):
            header.language = lang.group("lang").lower()
            continue
        if dist := _DISTRIBUTION.search(text):
            header.distribution = header.distribution or dist.group(1)
            rest = _DISTRIBUTION.sub("", text).strip()
            if not rest:
                continue
            text = rest
        if header.number is None and (num := NUMBER.fullmatch(text)):
            parsed = parse_number(num)
            if parsed:
                header.number, header.number_malformed = parsed.text, parsed.malformed
                continue
        codes = [
            f"{c.group('code')} {c.group('n')}"
            for c in _CODE.finditer(text)
            if c.group("code") not in _NOT_CODES
        ]
        if codes and len(" ".join(codes)) >= len(text) - 4:
            header.subject_codes.extend(
                c for c in codes if c not in header.subject_codes
            )
            continue
        if header.doc_type is None and re.fullmatch(r"[A-Z][A-Z ,/&'-]{2,}", text):
            header.doc_type = text
    return header


def _untable(text: str) -> str:
    """A markdown table row ("| On: | 14 March 2017 |") as plain text ("On: 14 March 2017")."""
    if not text.startswith("|"):
        return text
    cells = [c.strip() for c in text.strip("|").split("|")]
    if all(re.fullmatch(r":?-*:?", c) for c in cells):
        return ""
    return " ".join(c for c in cells if c)


def _set_field(header: Header, name: str, value: str) -> None:
    if name == "from":
        header.sender = value or None
    elif name in ("on", "date", "meeting"):
        header.on = value or None
    elif name == "to":
        header.recipient = value or None
    elif name == "subject":
        header.subject = value or None
