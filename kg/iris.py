"""The one place that mints instance IRIs.

IRIs are built from stable keys (a document number, a meeting's body and date,
an entity's normalised name), so that ingesting the same minutes twice, or two
minutes naming the same entity, yields the same IRI and no duplicate triples.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

from kg.namespaces import DEFAULT_BASE

__all__ = ["KIND_SEGMENTS", "Minter", "slug"]

# The path segment for each class; organisation kinds share one so that a
# misjudged kind never splits one organisation into two IRIs.
KIND_SEGMENTS: dict[str, str] = {
    "Document": "doc",
    "Meeting": "meeting",
    "Event": "event",
    "Organisation": "org",
    "Agency": "org",
    "MemberState": "org",
    "Institution": "org",
    "CouncilBody": "org",
    "Unit": "unit",
    "Operation": "operation",
    "JointCustomsOperation": "operation",
    "Threat": "threat",
    "Commodity": "commodity",
    "InformationSystem": "system",
    "Programme": "programme",
    "Place": "place",
}

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A lower-case ASCII path segment: ``"Chess Knight IV"`` → ``"chess-knight-iv"``."""
    folded = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    return _NON_WORD.sub("-", folded.casefold()).strip("-") or "x"


class Minter:
    """Mints IRIs under one base (``--base``); reference data written against the
    default base is moved to the chosen base by `rebase`."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    def rebase(self, iri: str) -> URIRef:
        if self.base != DEFAULT_BASE and iri.startswith(DEFAULT_BASE):
            return URIRef(self.base + iri[len(DEFAULT_BASE) :])
        return URIRef(iri)

    def document(self, number_key: str) -> URIRef:
        return self._iri("doc", slug(number_key))

    def meeting(self, body_key: str, date_iso: str) -> URIRef:
        return self._iri("meeting", slug(body_key), date_iso)

    def item(self, meeting: URIRef, number: int) -> URIRef:
        return URIRef(f"{meeting}/item/{number}")

    def presentation(self, item: URIRef, presenter_key: str, ordinal: int) -> URIRef:
        return URIRef(f"{item}/presentation/{slug(presenter_key)}-{ordinal}")

    def event(self, label: str, date_iso: str | None) -> URIRef:
        return self._iri("event", slug(label) + (f"-{date_iso}" if date_iso else ""))

    def entity(self, kind: str, key: str) -> URIRef:
        return self._iri(KIND_SEGMENTS.get(kind, "thing"), slug(key))

    def graph_of(self, document: URIRef) -> URIRef:
        """The named graph of a source document is the document's own IRI."""
        return document

    @property
    def ontology_graph(self) -> URIRef:
        return self._iri("graph", "ontology")

    @property
    def reference_graph(self) -> URIRef:
        return self._iri("graph", "reference")

    @property
    def inferred_graph(self) -> URIRef:
        """Where OWL 2 RL entailments go, apart from what the minutes say."""
        return self._iri("graph", "inferred")

    @property
    def summary_graph(self) -> URIRef:
        """Where the calendar derived from the minutes goes (`kg.summary`)."""
        return self._iri("graph", "summary")

    def calendar_day(self, start: str) -> URIRef:
        """A start date as written: ``2016-09-23``, or ``2016-09`` for a month."""
        return self._iri("calendar", start)

    def presenter_calendar(self, presenter: str) -> URIRef:
        """``…/calendar/org/europol`` for ``…/org/europol``: the presenter's days."""
        return self._about("calendar", presenter)

    def neighbourhood(self, entity: str) -> URIRef:
        """``…/neighbourhood/org/europol`` for ``…/org/europol``: its neighbours counted."""
        return self._about("neighbourhood", entity)

    def neighbour_group(self, neighbourhood: URIRef, position: int) -> URIRef:
        """The ``position``-th (direction, property) group of a neighbourhood."""
        return self._part(neighbourhood, "group", position)

    def presenter_month(self, calendar: URIRef, month: str) -> URIRef:
        """A month of a presenter calendar (``2016-09``), or its group of values
        that are no date (``other``) or of undated minutes (``undated``)."""
        return self._part(calendar, "month", month)

    def presenter_day(self, calendar: URIRef, day: str) -> URIRef:
        """A day of a presenter calendar as written (``2016-09-23``, ``2016-09``), or
        one undated minutes (``undated-`` and its document key, ``undated-12582-16``).

        Named by what it is, not where it ranks: minutes added on an earlier day
        then change the later days' counts before them, not every day's name."""
        return self._part(calendar, "day", day)

    @staticmethod
    def _part(node: URIRef, kind: str, key: str | int) -> URIRef:
        """A part of a summary node, named within it."""
        return URIRef(f"{node}#{kind}-{key}")

    def _about(self, kind: str, iri: str) -> URIRef:
        """A summary node about ``iri``: its path under the base, or a slug of an
        IRI from elsewhere (an ontology term)."""
        if iri.startswith(self.base):
            return self._iri(kind, iri[len(self.base) :])
        return self._iri(kind, "other", slug(iri))

    @property
    def dataset(self) -> URIRef:
        return self._iri("dataset")
