"""The minuted meeting: which body met, and when.

The body is named in the ``To:`` field ("Customs Cooperation Working Party
(Experts)") or in the subject ("Outcome of proceedings of the Law Enforcement
Working Party on 14 March 2017"); the date in ``On:`` or the subject.
"""

from __future__ import annotations

import re

from loaders.dates import find_dates
from loaders.gazetteer import Gazetteer, GazetteerEntry
from loaders.records import EntityRef, Minutes

__all__ = ["extract_meeting", "resolve_body"]

_BODY_WORDS = re.compile(
    r"Working Party|Committee|COSI|Council|Group|CATS|Meeting of", re.I
)
_NOT_BODY = re.compile(r"^\s*(?:Delegations?|Permanent Representatives?)\b", re.I)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w()]+", " ", text.casefold()).split())


_LABELS: dict[int, tuple[Gazetteer, list[tuple[str, GazetteerEntry]]]] = {}


def _body_labels(gazetteer: Gazetteer) -> list[tuple[str, GazetteerEntry]]:
    """Normalised labels of the bodies, longest first; computed once per gazetteer."""
    cached = _LABELS.get(id(gazetteer))
    if cached is None or cached[0] is not gazetteer:
        labels = [
            (_norm(label), entry)
            for entry in gazetteer.of_kind(["CouncilBody", "Institution", "Agency"])
            for label in entry.surface_forms()
            if len(_norm(label)) > 3
        ]
        labels.sort(key=lambda pair: -len(pair[0]))
        if len(_LABELS) > 16:
            _LABELS.clear()
        cached = _LABELS[id(gazetteer)] = (gazetteer, labels)
    return cached[1]


def resolve_body(text: str, gazetteer: Gazetteer) -> EntityRef:
    """The Council body named in ``text``: the longest gazetteer label it contains, else new."""
    wanted = f" {_norm(text)} "
    best: tuple[int, GazetteerEntry] | None = None
    for norm, entry in _body_labels(gazetteer):
        if f" {norm} " in wanted or (
            f" {norm}" in wanted and wanted.split(f" {norm}", 1)[1][:1] in " ()"
        ):
            best = (len(norm), entry)
            break
    if best is not None:
        return EntityRef(kind=best[1].kind, label=text.strip(), ref=best[1].iri)
    return EntityRef(
        kind="CouncilBody", label=text.strip(), key=text.strip(), confidence=0.6
    )


#: "on" and a date, which ends a body's name ("… Working Party on 14 March 2017")
_ON_DATE = (
    r"(?!\s+(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
)
#: a body's name: capitalised words and linking words before "Working Party",
#: "Committee" or "Group", then any number of "on" and capitalised words ("Standing
#: Committee on Operational Cooperation on Internal Security"), then its acronym
_BODY_PHRASE = re.compile(
    r"((?:the\s+)?(?:[A-Z][\w-]*\s+|of\s+|on\s+|and\s+|for\s+)*(?:Working Party|Committee|Group)"
    rf"(?:\s+on{_ON_DATE}(?:\s+[A-Z][\w-]*)+)*(?:\s*\([^)]*\))?|COSI|CATS)"
)


def _body_phrase(text: str) -> str | None:
    m = _BODY_PHRASE.search(text)
    return m.group(1).removeprefix("the ").strip() if m else None


def extract_meeting(minutes: Minutes, gazetteer: Gazetteer) -> None:
    """The body and date of the meeting the minutes record.

    The sender counts only when it is itself a working party or committee: the
    General Secretariat "of the Council" and the Presidency send minutes of
    other bodies' meetings. Failing the header, only the text before the first
    agenda item may name the body; a body named inside an item is most often
    another meeting reported on, and a wrong body would merge two meetings of a
    day into one, so the meeting then stays unnamed (keyed by its document).
    The date follows the same rule.
    """
    header = minutes.header
    # what precedes the first agenda item: the only text the fallbacks may read
    preamble = minutes.text[: minutes.items[0].start if minutes.items else 4000]
    body_text = None
    for field in (header.recipient, header.subject):
        if field and not _NOT_BODY.match(field) and _BODY_WORDS.search(field):
            body_text = _body_phrase(field) or field
            break
    if body_text is None and header.sender:
        body_text = _body_phrase(header.sender)
    if body_text is None:
        body_text = _body_phrase(preamble)
    if body_text:
        minutes.meeting.body = resolve_body(body_text, gazetteer)
    year = header.date.year if header.date else None
    for field in (header.on, header.subject):
        if field:
            spans = find_dates(field, year)
            if spans:
                minutes.meeting.date = spans[0].start
                minutes.meeting.end_date = spans[0].end
                return
    # the same rule as for the body: items report on other meetings ("approval of
    # the outcome of proceedings of the meeting held on 11 March")
    m = re.search(r"meeting (?:held )?on\s+(?P<d>[^.,;]+)", preamble)
    if m:
        spans = find_dates(m.group("d"), year)
        if spans:
            minutes.meeting.date = spans[0].start
