"""What every extraction rule reads: the document tokenised once, and every name in it.

The whole normalised text is tokenised a single time and run through the
gazetteer's phrase matchers (`loaders.matcher`); names the gazetteer does not
know but whose form says "organisation" ("National Security and Analytical
Centre", "Task Group Cigarette") are added with a kind guessed from their head
word and a confidence below 1. Each name is resolved here, once, to one
`EntityRef`, with the context deciding between readings of an ambiguous name
(Poland the Member State after "presented", Poland the place after "in").
Rules then ask for the names inside a sentence or a character range.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc

from loaders.gazetteer import Gazetteer, GazetteerEntry
from loaders.matcher import Mention, entity_matcher
from loaders.nlp import pipeline
from loaders.records import EntityRef, Minutes, Sentence
from loaders.sentences import body_doc

__all__ = ["ORGANISATION_KINDS", "Context", "Name", "new_key"]

ORGANISATION_KINDS = frozenset(
    {"Agency", "MemberState", "Institution", "CouncilBody", "Unit"}
)
NEW_CONFIDENCE = 0.6

_CAP = r"[A-Z][\w'’-]*"
# "National Security and Analytical Centre", "Joint Terrorism Centre", "Task Group Cigarette"
_NEW_ORG = re.compile(
    rf"""(?<![\w-])(?P<name>
        (?:{_CAP}\s+(?:(?:and|of|for|on|against|the)\s+)*)+
        (?P<head>Centre|Center|Unit|Office|Agency|Authority|Service|Working\ Party|Committee|Task\ Force|Bureau|Directorate)
      | Task\ Group(?:\s+{_CAP})+
    )(?![\w-])""",
    re.VERBOSE,
)
# every match of _NEW_ORG holds one of its head words: sentences without any are skipped
_NEW_ORG_HINT = re.compile(
    "Centre|Center|Unit|Office|Agency|Authority|Service|Working Party|Committee|Task Force|Bureau|Directorate|Task Group"
)
_HEAD_KIND = {
    "centre": "Unit",
    "center": "Unit",
    "unit": "Unit",
    "office": "Unit",
    "task group": "Unit",
    "task force": "Unit",
    "bureau": "Unit",
    "directorate": "Unit",
    "working party": "CouncilBody",
    "committee": "CouncilBody",
}
_LEADING_NOISE = {
    "The", "Its", "Their", "His", "Her", "A", "An", "This", "That", "These", "Under", "In",
    "Regarding", "Finally", "Both", "Also", "Then", "As", "On", "Of", "For", "And", "With",
}  # fmt: skip
# The Council's country codes ("Several delegations (BE, CZ, PT) stressed …"): part of
# the Council's own style guide, not of the reference data, so they are a table here.
_COUNTRY_CODES = {
    "BE": "Belgium", "BG": "Bulgaria", "CZ": "Czech Republic", "DK": "Denmark", "DE": "Germany",
    "EE": "Estonia", "IE": "Ireland", "EL": "Greece", "ES": "Spain", "FR": "France", "HR": "Croatia",
    "IT": "Italy", "CY": "Cyprus", "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg", "HU": "Hungary",
    "MT": "Malta", "NL": "Netherlands", "AT": "Austria", "PL": "Poland", "PT": "Portugal", "RO": "Romania",
    "SI": "Slovenia", "SK": "Slovakia", "FI": "Finland", "SE": "Sweden", "UK": "United Kingdom",
}  # fmt: skip
_CODE = re.compile(r"(?<![\w/-])(?P<code>" + "|".join(_COUNTRY_CODES) + r")(?![\w/-])")
# the codes alone, a cheap test that lets sentences without any skip _CODE
_CODE_HINT = re.compile("|".join(_COUNTRY_CODES))
_PRESIDENCY_AFTER = re.compile(r"\s*Presidency\b")
_CITY_BEFORE = re.compile(r"[A-Z][\w-]+,\s*(?:the\s+)?$")
_ACTING_AFTER = re.compile(
    r"\s+(?:delegation|also\s+)?(?:presented|informed|briefed|reported|stressed|supported|explained)"
)
_PLACE_CUE = {
    "in",
    "from",
    "via",
    "to",
    "through",
    "at",
    "towards",
    "into",
    "across",
    "near",
}


def new_key(name: str) -> str:
    """Identity of a name outside the gazetteer: case, spacing and a plural ending do not count."""
    words = re.sub(r"[^\w]+", " ", name.casefold()).split()
    if (
        words
        and len(words[-1]) > 4
        and words[-1].endswith("s")
        and not words[-1].endswith(("ss", "us", "is"))
    ):
        words[-1] = words[-1][:-1]
    return " ".join(words)


@dataclass(frozen=True)
class Name:
    """A name in the text resolved to one reading; offsets point into `Minutes.text`."""

    start: int
    end: int
    text: str
    ref: EntityRef
    entry: GazetteerEntry | None = None  # None for a name the gazetteer does not know
    readings: tuple[
        GazetteerEntry, ...
    ] = ()  # every gazetteer entry of that name, best first

    @property
    def kind(self) -> str:
        return self.ref.kind


@dataclass
class Context:
    minutes: Minutes
    gazetteer: Gazetteer
    doc: Doc
    names: list[Name] = field(default_factory=list)
    year: int | None = None
    _starts: list[int] = field(default_factory=list)
    _refs: dict[int, EntityRef] = field(default_factory=dict)  # by id() of the entry

    @classmethod
    def of(cls, minutes: Minutes, gazetteer: Gazetteer) -> Context:
        matcher = entity_matcher(gazetteer)
        cached = body_doc(minutes.text)
        if cached is not None:
            # the body as the sentence splitter tokenised it; the header on its own
            doc, offset = cached
            head = pipeline().make_doc(minutes.text[:offset])
            mentions = matcher.find(head, 0, minutes.text) + matcher.find(
                doc, offset, minutes.text
            )
        else:
            doc = pipeline().make_doc(minutes.text)
            mentions = matcher.find(doc, 0, minutes.text)
        date = minutes.meeting.date or minutes.header.date
        ctx = cls(minutes, gazetteer, doc, year=date.year if date else None)
        new = ctx._new_organisations(mentions)
        # a known name inside a new organisation's name ("Cigarette" in "Task Group
        # Cigarette") is a word of that name, not a mention of its own
        mentions = [
            m
            for m in mentions
            if not any(n.start <= m.start and m.end <= n.end for n in new)
        ]
        names: list[Name] = []
        for mention in mentions:
            name = ctx._resolve(mention, names[-1] if names else None)
            if name is not None:
                names.append(name)
        names.extend(new)
        names.extend(ctx._country_codes(names))
        names.sort(key=lambda n: n.start)
        ctx.names = names
        ctx._starts = [n.start for n in names]
        return ctx

    # -- reading names -----------------------------------------------------
    def ref(self, entry: GazetteerEntry) -> EntityRef:
        # one (immutable) record per entry and document: most names recur
        ref = self._refs.get(id(entry))
        if ref is None:
            ref = EntityRef(kind=entry.kind, label=entry.pref_label, ref=entry.iri)
            self._refs[id(entry)] = ref
        return ref

    def _resolve(self, mention: Mention, previous: Name | None) -> Name | None:
        text = self.minutes.text
        entry = mention.entry
        place = next((e for e in mention.entries if e.kind == "Place"), None)
        state = next((e for e in mention.entries if e.kind == "MemberState"), None)
        if place is not None and entry.kind != "Place":
            before = text[max(0, mention.start - 40) : mention.start]
            words = [w.casefold() for w in before.split()]
            if words and words[-1] == "the":
                words.pop()
            prev = words[-1] if words else ""
            city_before = _CITY_BEFORE.search(before) is not None
            # "North Africa and Belarus": a place joined to a place
            joined = (
                prev in ("and", "or")
                and previous is not None
                and previous.kind == "Place"
                and mention.start - previous.end < 8
            )
            if prev in _PLACE_CUE or city_before or joined:
                entry = place
        if (
            state is not None
            and entry is state
            and _PRESIDENCY_AFTER.match(text, mention.end, mention.end + 30)
        ):
            return None  # "the Slovak Presidency" names the Presidency, read on its own
        return Name(
            mention.start,
            mention.end,
            mention.text,
            self.ref(entry),
            entry,
            mention.entries,
        )

    def _new_organisations(self, mentions: list[Mention]) -> list[Name]:
        text = self.minutes.text
        out: list[Name] = []
        for sentence in self.minutes.sentences:
            if not _NEW_ORG_HINT.search(sentence.text):
                continue
            for m in _NEW_ORG.finditer(sentence.text):
                start = sentence.start + m.start("name")
                end = sentence.start + m.end("name")
                # a known name inside (or at the head of) the phrase: the new name starts after it
                overlapping = [
                    x
                    for x in mentions
                    if x.start < end
                    and x.end > start
                    and x.entry.kind in ORGANISATION_KINDS | {"Programme"}
                ]
                if any(x.end >= end for x in overlapping):
                    continue
                if overlapping:
                    start = max(x.end for x in overlapping)
                words = text[start:end].split()
                while words and (
                    words[0] in _LEADING_NOISE
                    or words[0].islower()
                    or words[0] in ("'s", "’s")
                ):
                    words.pop(0)
                if len(words) < 2:
                    continue
                name = " ".join(words)
                start = end - len(name) if text[start:end].endswith(name) else start
                head = (m.group("head") or "Task Group").casefold()
                kind = _HEAD_KIND.get(head, "Agency")
                ref = EntityRef(
                    kind=kind, label=name, key=new_key(name), confidence=NEW_CONFIDENCE
                )
                out.append(Name(start, end, name, ref))
        return out

    def _country_codes(self, known: list[Name]) -> list[Name]:
        """Country codes read as Member States where they are listed ("(BE, CZ, PT)") or act
        ("NL presented"), so that "IT systems" or "the EE" never become delegations."""
        states: dict[str, GazetteerEntry] | None = None
        out: list[Name] = []
        for sentence in self.minutes.sentences:
            if not _CODE_HINT.search(sentence.text):
                continue
            codes = list(_CODE.finditer(sentence.text))
            for m in codes:
                after = sentence.text[m.end() : m.end() + 30]
                listed = any(
                    abs(o.start() - m.end()) < 8 or abs(m.start() - o.end()) < 8
                    for o in codes
                    if o is not m
                )
                acting = _ACTING_AFTER.match(after)
                if states is None:
                    states = {
                        e.pref_label: e for e in self.gazetteer.of_kind(["MemberState"])
                    }
                entry = states.get(_COUNTRY_CODES[m.group("code")])
                if entry is None or not (listed or acting):
                    continue
                start, end = sentence.start + m.start(), sentence.start + m.end()
                if any(n.start < end and start < n.end for n in known):
                    continue
                out.append(Name(start, end, m.group("code"), self.ref(entry), entry))
        return out

    def names_in(self, start: int, end: int) -> list[Name]:
        """Names lying wholly within ``[start, end)``, in text order."""
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self.names) and self.names[i].start < end:
            if self.names[i].end <= end:
                out.append(self.names[i])
            i += 1
        return out

    def names_of(self, sentence: Sentence) -> list[Name]:
        return self.names_in(sentence.start, sentence.end)

    def item_sentences(self, item: int | None) -> list[Sentence]:
        return [s for s in self.minutes.sentences if s.item == item]
