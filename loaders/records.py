"""Plain records that a loader produces from one minutes document.

The records are the contract between the reading side (`loaders`) and the graph
side (`kg`): they hold text, offsets and keys, never RDF. Entity references are
either the IRI of a reference-data entry (``ref``, an opaque string to the
loaders) or a ``key`` from which `kg.iris` mints a stable IRI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "AgendaItem",
    "Citation",
    "DateValue",
    "EntityRef",
    "Event",
    "Header",
    "Meeting",
    "Minutes",
    "Operation",
    "Presentation",
    "Relation",
    "Sentence",
]


@dataclass(frozen=True)
class Sentence:
    """A sentence of the normalised text; ``start``/``end`` are offsets into `Minutes.text`."""

    index: int
    text: str
    start: int
    end: int
    item: int | None = (
        None  # number of the agenda item it belongs to, None in the header
    )


@dataclass(frozen=True)
class DateValue:
    """A calendar date at the precision the minutes give (``day`` or ``month``)."""

    year: int
    month: int
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month"

    def as_date(self) -> dt.date:
        """The first day covered, for ordering and comparisons."""
        return dt.date(self.year, self.month, self.day or 1)

    def isoformat(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class EntityRef:
    """A named entity as found in the text.

    ``kind`` is the local name of a `cck:` class (``Agency``, ``MemberState``,
    ``Operation``, ``Threat`` …). ``ref`` is the IRI of the reference-data entry
    when the gazetteer resolved it; otherwise ``key`` is a normalised name from
    which a stable IRI is minted and ``confidence`` says how sure the guess is.
    """

    kind: str
    label: str
    ref: str | None = None
    key: str | None = None
    confidence: float = 1.0

    @property
    def identity(self) -> tuple[str, str]:
        """What makes two references the same entity."""
        return (self.kind, self.ref or self.key or self.label.casefold())


@dataclass
class Header:
    """The cover block of a Council document."""

    number: str | None = None
    date: DateValue | None = None
    place: str | None = None
    language: str | None = None  # "en" from "(OR. en)"
    subject_codes: list[str] = field(
        default_factory=list
    )  # ["JAI 781", "ENFOCUSTOM 139"]
    distribution: str | None = None  # "LIMITE"
    doc_type: str | None = None  # "OUTCOME OF PROCEEDINGS"
    sender: str | None = None  # From:
    on: str | None = None  # On: (raw text of the meeting date)
    recipient: str | None = None  # To:
    subject: str | None = None  # Subject:
    number_malformed: bool = False


@dataclass
class Meeting:
    """The meeting that the minutes record."""

    body: EntityRef | None
    date: DateValue | None
    end_date: DateValue | None = None


@dataclass
class AgendaItem:
    number: int
    title: str
    text: str
    start: int  # offset of the heading in Minutes.text
    end: int
    mentions: list[EntityRef] = field(default_factory=list)


@dataclass
class Presentation:
    """Someone presenting, briefing or informing at an agenda item."""

    presenter: EntityRef
    item: int
    sentence: int  # Sentence.index
    verb: str  # the verb as written: "presented", "briefed", "informed"
    about: list[EntityRef] = field(default_factory=list)
    topic: str | None = None  # the object phrase as written


@dataclass
class Operation:
    name: str
    sentence: int
    item: int | None
    kind: str = "Operation"  # or "JointCustomsOperation"
    leader: EntityRef | None = None
    targets: list[EntityRef] = field(default_factory=list)
    systems: list[EntityRef] = field(default_factory=list)

    @property
    def ref(self) -> EntityRef:
        return EntityRef(kind=self.kind, label=self.name, key=self.name)


@dataclass
class Citation:
    """A reference to a Council document, kept as written."""

    number: str  # as written: "5300/1/16 REV 1"
    key: str  # normalised for identity: "5300/1/16 REV 1" -> "5300-1-16-rev-1"
    sentence: int
    item: int | None
    malformed: bool = False
    title: str | None = None


@dataclass
class Event:
    """A meeting, conference, seminar or convention mentioned in the minutes."""

    label: str
    sentence: int
    item: int | None
    kind: str = "Event"  # "Meeting", "Conference", "Seminar", "Convention" …
    start: DateValue | None = None
    end: DateValue | None = None
    place: EntityRef | None = None
    organiser: EntityRef | None = None
    status: str | None = None  # "past" or "forthcoming" relative to the minuted meeting


@dataclass
class Relation:
    """A binary fact between two entities, named by a `cck:` property local name.

    Used for ``partOf``, ``targets``, ``usesSystem``, ``ledBy``, ``heldIn`` and the like
    when they are not already carried by a dedicated record.
    """

    subject: EntityRef
    predicate: str
    object: EntityRef
    sentence: int


@dataclass
class Minutes:
    """Everything read out of one document."""

    source: str  # file name as given
    text: str  # normalised text; all offsets point into it
    header: Header
    meeting: Meeting
    digest: str | None = None  # of the file's bytes (`loaders.read.file_digest`)
    items: list[AgendaItem] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[tuple[EntityRef, int]] = field(
        default_factory=list
    )  # (entity, sentence)
    presentations: list[Presentation] = field(default_factory=list)
    operations: list[Operation] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def sentence(self, index: int) -> Sentence:
        return self.sentences[index]
