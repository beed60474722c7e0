"""The summary graph: calendars derived from the minutes, so paged questions stay fast.

Tens of thousands of events carry a ``schema:startDate``, each stated again in
every minutes that names it; a question such as "the next hundred events after
a date" would otherwise rank them all. The distinct start dates are few (a few
thousand over decades), so the summary graph holds one `cck:CalendarDay` per
date with the number of events that start on it (`cck:eventCount`) and on all
earlier dates (`cck:eventsBefore`). A catalogue question finds the first date
of its range, reads the dates whose events can fall on its page, and looks up
only their events (``queries/timeline.rq``, ``queries/forthcoming-events.rq``).

Likewise a busy organisation presented in thousands of minutes: its
`cck:PresenterCalendar` lists the days of those meetings (`cck:presentedOn`)
and the undated minutes (`cck:presentedInUndated`), so its presentations are
paged by ranking its days, not its presentations and their meetings
(``queries/organisation-presentations.rq``).

The positions are global, so the graph is rebuilt whole, by `refresh_summary`,
at the end of every ingest (a few seconds at 10,000 minutes) and travels with
the rest of the dataset in exports and pushes. `stale_summary` tells `check`
when a store's summary no longer matches its minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.backends.base import Backend, Triple
from kg.iris import Minter
from kg.namespaces import CCK, CCK_IRI, DCT, RDF, XSD
from kg.results import rows
from kg.sparql import code_only

__all__ = [
    "SUMMARY_CLASSES",
    "SUMMARY_LINKS",
    "SUMMARY_PROPERTIES",
    "CalendarDay",
    "calendar_days",
    "has_summary",
    "missing_calendar",
    "refresh_summary",
    "stale_summary",
    "summary_triples",
]

#: distinct events (and meetings) per start date, as the catalogue's date questions count them
_EVENTS_PER_DATE = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
PREFIX schema: <https://schema.org/>
SELECT ?start (COUNT(DISTINCT ?event) AS ?events) WHERE {
  ?event schema:startDate ?start .
  FILTER(EXISTS { ?event a cck:Event } || EXISTS { ?event a cck:Meeting })
}
GROUP BY ?start
"""

#: each presenter with the days of the minuted meetings it presented at
_PRESENTER_DAYS = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT DISTINCT ?presenter ?day WHERE {
  { SELECT DISTINCT ?presenter ?minutes WHERE { GRAPH ?minutes { ?p cck:presenter ?presenter } } }
  { SELECT ?minutes ?day WHERE { GRAPH ?minutes { ?meeting cck:heldOn ?day } } }
}
"""

#: each presenter with the minutes it presented in whose meeting has no date
_PRESENTER_UNDATED = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT DISTINCT ?presenter ?minutes WHERE {
  { SELECT DISTINCT ?presenter ?minutes WHERE { GRAPH ?minutes { ?p cck:presenter ?presenter } } }
  MINUS { SELECT ?minutes WHERE { GRAPH ?minutes { ?meeting cck:heldOn ?day } } }
}
"""

_SUMMARY = "SELECT ?s ?p ?o WHERE { GRAPH ?summary { ?s ?p ?o } }"
_HAS_GRAPH = "ASK { GRAPH ?g { ?s ?p ?o } }"

_DESCRIPTION = Literal(
    "Calendars derived from the minutes' graphs by customs-kg ingest and rebuilt "
    "after every run: one cck:CalendarDay per start date of events, with the events "
    "starting on it and before it, and one cck:PresenterCalendar per presenter, with "
    "the days it presented on.",
    lang="en",
)


@dataclass(frozen=True)
class CalendarDay:
    """One start date with its place in date order."""

    start: Literal  # as stated: xsd:date, or xsd:gYearMonth for a month
    first_day: dt.date
    events: int
    before: int

    @property
    def month_only(self) -> bool:
        return self.start.datatype == XSD.gYearMonth


def _first_day(start: Literal) -> dt.date | None:
    """The day a start value is ranked on, or None for a value that is no date."""
    try:
        if start.datatype == XSD.date:
            return dt.date.fromisoformat(str(start))
        if start.datatype == XSD.gYearMonth:
            year, month = (int(part) for part in str(start).split("-"))
            return dt.date(year, month, 1)
    except ValueError:
        return None
    return None


def calendar_days(counts: Iterable[tuple[Literal, int]]) -> list[CalendarDay]:
    """Start dates in date order, a month before the days of that month, each
    with the number of events on the dates before it."""
    keyed = []
    for start, events in counts:
        first_day = _first_day(start)
        if first_day is not None:
            keyed.append((first_day, start.datatype != XSD.gYearMonth, start, events))
    keyed.sort(key=lambda k: (k[0], k[1]))
    days = []
    before = 0
    for first_day, _, start, events in keyed:
        days.append(CalendarDay(start, first_day, events, before))
        before += events
    return days


def _counts(backend: Backend) -> list[tuple[Literal, int]]:
    return [
        (start, int(str(events)))
        for start, events in rows(backend, _EVENTS_PER_DATE)
        if isinstance(start, Literal)
    ]


def summary_triples(backend: Backend, minter: Minter) -> list[Triple]:
    """The summary graph for what ``backend`` holds now."""
    graph = minter.summary_graph
    triples: list[Triple] = [(graph, DCT.description, _DESCRIPTION)]
    for day in calendar_days(_counts(backend)):
        node = minter.calendar_day(str(day.start))
        triples += [
            (node, RDF.type, CCK.CalendarDay),
            (node, CCK.startValue, day.start),
            (node, CCK.firstDay, Literal(day.first_day.isoformat(), datatype=XSD.date)),
            (node, CCK.eventCount, Literal(day.events)),
            (node, CCK.eventsBefore, Literal(day.before)),
        ]
    return triples + _presenter_calendars(backend, minter)


def _presenter_calendars(backend: Backend, minter: Minter) -> list[Triple]:
    triples: list[Triple] = []
    calendars: dict[URIRef, URIRef] = {}

    def calendar_of(presenter: URIRef) -> URIRef:
        if presenter not in calendars:
            node = calendars[presenter] = minter.presenter_calendar(str(presenter))
            triples.extend(
                [
                    (node, RDF.type, CCK.PresenterCalendar),
                    (node, CCK.summarises, presenter),
                ]
            )
        return calendars[presenter]

    for presenter, day in rows(backend, _PRESENTER_DAYS):
        if isinstance(presenter, URIRef) and isinstance(day, Literal):
            triples.append((calendar_of(presenter), CCK.presentedOn, day))
    for presenter, minutes in rows(backend, _PRESENTER_UNDATED):
        if isinstance(presenter, URIRef) and isinstance(minutes, URIRef):
            triples.append((calendar_of(presenter), CCK.presentedInUndated, minutes))
    return triples


def refresh_summary(backend: Backend, minter: Minter) -> int:
    """Rebuild the summary graph from the minutes' graphs; returns its calendar days."""
    triples = summary_triples(backend, minter)
    backend.replace_graphs({minter.summary_graph: triples})
    return sum(1 for _, p, _ in triples if p == CCK.startValue)


def has_summary(backend: Backend, minter: Minter) -> bool:
    return bool(backend.query(_HAS_GRAPH, {"g": minter.summary_graph}).askAnswer)


#: the properties only the summary graph states: a query naming one reads it
SUMMARY_PROPERTIES = (CCK.eventsBefore, CCK.firstDay, CCK.summarises, CCK.presentedOn)
#: the summary's classes and its links to what the minutes speak of: views and
#: pages of the graph leave them out, as they are an index, not a fact
SUMMARY_CLASSES = (CCK.CalendarDay, CCK.PresenterCalendar)
SUMMARY_LINKS = (CCK.summarises, CCK.presentedInUndated)


def missing_calendar(backend: Backend, minter: Minter, sparql: str) -> str | None:
    """Why a query that reads the summary's calendars can answer nothing here, or None.

    A store loaded before the calendars existed has none until its next ingest;
    an empty timeline would otherwise look like a quiet year."""
    code = code_only(sparql)
    if not any(
        f"cck:{p[len(CCK_IRI) :]}" in code or str(p) in sparql
        for p in SUMMARY_PROPERTIES
    ):
        return None
    if has_summary(backend, minter):
        return None
    return (
        f"the store has no calendars (the summary graph <{minter.summary_graph}>), "
        "so date and presentation questions answer nothing: ingest any minutes again to build them"
    )


def stale_summary(backend: Backend, minter: Minter) -> str | None:
    """Why the stored summary does not match the minutes, or None when it does."""
    wanted = set(summary_triples(backend, minter))
    stored = {
        (s, p, o)
        for s, p, o in rows(backend, _SUMMARY, {"summary": minter.summary_graph})
    }
    if stored == wanted:
        return None
    if not stored:
        return f"the store has no summary graph <{minter.summary_graph}>"
    missing = {t[0] for t in wanted - stored} | {t[0] for t in stored - wanted}
    example = sorted(str(s) for s in missing if isinstance(s, URIRef))[:1]
    return (
        f"the summary graph <{minter.summary_graph}> differs from the minutes "
        f"on {len(missing)} calendars and days (e.g. <{example[0] if example else '?'}>)"
    )
