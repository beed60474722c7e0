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
`cck:PresenterCalendar` has a `cck:PresenterDay` per day of those meetings
(`cck:presentedOn`) and per undated minutes (`cck:presentedInUndated`), grouped
by `cck:PresenterMonth`, each with the number of its presentations there and
before, so a page of its presentations reads only the months and days that
reach the page
(``queries/organisation-presentations.rq``). The calendar also names each
meeting the presenter presented at, once (`cck:meetingPresentedAt`): pairs of
organisations that presented at the same meetings are counted over those tens
of thousands of statements rather than over every presentation and its meeting
(``queries/co-presenters.rq``).

And an agency such as Europol is linked from tens of thousands of statements,
one per minutes that names it. Each entity of the reference data and the
ontology has a `cck:Neighbourhood` with one `cck:NeighbourGroup` per direction
and property, stating how many distinct neighbours the group has and how many
come before it, so a page of its neighbours reads only the groups that reach the
page (``queries/entity-neighbourhood.rq``); any other entity's groups are few
and small enough to count on the spot.

The positions are global, so the graph is rebuilt whole, by `refresh_summary`,
at the end of every ingest, and travels with the rest of the dataset in exports
and pushes. At 10,000 minutes that takes 15 to 20 s on one core, however few
minutes the ingest added: two thirds in the questions that count, the rest in
comparing the new graph with the stored one so that only what changed is
written. `stale_summary` tells `check` when a store's summary no longer matches
its minutes.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Literal, URIRef

from kg.backends.base import Backend
from kg.backends.oxterms import (
    AnyTriple,
    OxNamespace,
    OxTerm,
    integer,
    named,
    rdflib_triple,
    to_ox,
)
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
  VALUES ?class { cck:Event cck:Meeting }
  ?event a ?class ; schema:startDate ?start .
}
GROUP BY ?start
"""

#: a presenter's presentations in one minutes, one row per meeting and numbered
#: item each is linked to, as queries/organisation-presentations.rq lists them
_PRESENTATION_ROWS = """
  GRAPH ?minutes { ?presentation cck:presenter ?presenter }
  OPTIONAL { GRAPH ?minutes { ?presentation cck:presentedIn ?meeting } }
  OPTIONAL { GRAPH ?minutes { ?presentation cck:presentedAt ?item . ?item cck:itemNumber ?number } }
"""

#: each presenter's presentations per day of the minuted meetings it presented
#: at (minutes whose meetings were held on two days count on each)
_PRESENTER_DAYS = f"""
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT ?presenter ?day (COUNT(*) AS ?rows) WHERE {{
  {{ SELECT DISTINCT ?minutes ?day WHERE {{ GRAPH ?minutes {{ ?meeting cck:heldOn ?day }} }} }}
  {_PRESENTATION_ROWS}
}}
GROUP BY ?presenter ?day
"""

#: each presenter's presentations per minutes whose meeting has no date
_PRESENTER_UNDATED = f"""
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT ?presenter ?minutes (COUNT(*) AS ?rows) WHERE {{
  {{
    SELECT DISTINCT ?minutes WHERE {{
      GRAPH ?minutes {{ ?any cck:presenter ?someone }}
      MINUS {{ SELECT ?minutes WHERE {{ GRAPH ?minutes {{ ?held cck:heldOn ?day }} }} }}
    }}
  }}
  {_PRESENTATION_ROWS}
}}
GROUP BY ?presenter ?minutes
"""

#: each presenter's meetings, once each, as queries/co-presenters.rq pairs them
_PRESENTER_MEETINGS = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT DISTINCT ?presenter ?meeting WHERE {
  { SELECT ?presentation ?presenter WHERE { ?presentation cck:presenter ?presenter } }
  { SELECT ?presentation ?meeting WHERE { ?presentation cck:presentedIn ?meeting } }
}
"""

#: outgoing statements that are not links to a neighbour: the text of the
#: minutes and the offsets of a sentence (incoming, the summary's own links,
#: SUMMARY_LINKS, are not either)
_SOURCE_TEXT = (CCK.text, CCK.evidence, CCK.evidenceStart, CCK.evidenceEnd)

#: per entity of the reference data and the ontology, its neighbours per
#: direction and property, counted as queries/entity-neighbourhood.rq counts them
_NEIGHBOUR_GROUPS = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT ?entity ?direction ?property (COUNT(DISTINCT ?neighbour) AS ?neighbours) WHERE {{
  {{
    SELECT DISTINCT ?entity WHERE {{
      {{ GRAPH <{reference}> {{ ?entity ?p ?o }} }} UNION {{ GRAPH <{ontology}> {{ ?entity ?p ?o }} }}
      FILTER(isIRI(?entity) && ?entity NOT IN ({classes}))
    }}
  }}
  {{
    GRAPH ?graph {{ ?entity ?property ?neighbour }}
    FILTER(?property NOT IN ({source_text}))
    BIND("out" AS ?direction)
  }} UNION {{
    GRAPH ?graph {{ ?neighbour ?property ?entity }}
    FILTER(?property NOT IN ({links}))
    BIND("in" AS ?direction)
  }}
}}
GROUP BY ?entity ?direction ?property
"""

_SUMMARY = "SELECT ?s ?p ?o WHERE { GRAPH ?summary { ?s ?p ?o } }"
_HAS_SUMMARY = (
    "ASK { GRAPH ?g { ?g <http://purl.org/dc/terms/description> ?description } }"
)

#: the summary graph's description, which names what it holds: change it with
#: the summary's shape, so that a store built by an earlier version is told apart
_DESCRIPTION = Literal(
    "Calendars and neighbourhoods derived from the minutes' graphs by customs-kg "
    "ingest and rebuilt after every run: one cck:CalendarDay per start date of events, "
    "with the events starting on it and before it; one cck:PresenterCalendar per "
    "presenter, with its presentations counted per day and the meetings at which it "
    "presented; and one cck:Neighbourhood per entity "
    "of the reference data and the ontology, with its neighbours counted per "
    "direction and property.",
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


def _date_rank(start: Literal) -> tuple[dt.date, bool] | None:
    """Where a date goes on a calendar: by its first day, a month before the
    days of that month; None for a value that is no date."""
    first_day = _first_day(start)
    if first_day is None:
        return None
    return first_day, start.datatype != XSD.gYearMonth


def calendar_days(counts: Iterable[tuple[Literal, int]]) -> list[CalendarDay]:
    """Start dates in date order, a month before the days of that month, each
    with the number of events on the dates before it."""
    keyed = []
    for start, events in counts:
        rank = _date_rank(start)
        if rank is not None:
            keyed.append((rank, start, events))
    keyed.sort(key=lambda k: k[0])
    days = []
    before = 0
    for (first_day, _), start, events in keyed:
        days.append(CalendarDay(start, first_day, events, before))
        before += events
    return days


def _counts(backend: Backend) -> list[tuple[Literal, int]]:
    return [
        (start, int(str(events)))
        for start, events in rows(backend, _EVENTS_PER_DATE)
        if isinstance(start, Literal)
    ]


#: the summary's hundreds of thousands of statements are made of pyoxigraph
#: terms, which the embedded store takes as they are: as rdflib terms, making
#: them and converting them cost more than the questions that count them
_CCK, _DCT, _RDF = map(OxNamespace, (CCK, DCT, RDF))
_XSD_DATE = named(str(XSD.date))
_XSD_YEAR_MONTH = named(str(XSD.gYearMonth))


def _node(iri: str) -> ox.NamedNode:
    # not named(): most of the summary's nodes occur in one place only
    return ox.NamedNode(iri)


def summary_triples(backend: Backend, minter: Minter) -> list[AnyTriple]:
    """The summary graph for what ``backend`` holds now."""
    graph = minter.summary_graph
    triples: list[AnyTriple] = [(named(graph), _DCT.description, to_ox(_DESCRIPTION))]
    for day in calendar_days(_counts(backend)):
        node = _node(minter.calendar_day(str(day.start)))
        triples += [
            (node, _RDF.type, _CCK.CalendarDay),
            (node, _CCK.startValue, to_ox(day.start)),
            (
                node,
                _CCK.firstDay,
                ox.Literal(day.first_day.isoformat(), datatype=_XSD_DATE),
            ),
            (node, _CCK.eventCount, integer(day.events)),
            (node, _CCK.eventsBefore, integer(day.before)),
        ]
    return (
        triples
        + _presenter_calendars(backend, minter)
        + _neighbourhoods(backend, minter)
    )


#: a presenter's day: where it ranks (dates first, as on the event calendar,
#: then values that are no date, then the undated minutes, by IRI), the
#: property and value that say which day it is, and its presentations
_Day = tuple[tuple[int, dt.date, bool, str], ox.NamedNode, OxTerm, int]


def _presenter_calendars(backend: Backend, minter: Minter) -> list[AnyTriple]:
    found: dict[URIRef, list[_Day]] = {}
    for presenter, day, count in rows(backend, _PRESENTER_DAYS):
        if isinstance(presenter, URIRef) and isinstance(day, Literal):
            first_day, is_day = _date_rank(day) or (dt.date.max, True)
            found.setdefault(presenter, []).append(
                (
                    (0, first_day, is_day, str(day)),
                    _CCK.presentedOn,
                    to_ox(day),
                    int(str(count)),
                )
            )
    for presenter, minutes, count in rows(backend, _PRESENTER_UNDATED):
        if isinstance(presenter, URIRef) and isinstance(minutes, URIRef):
            found.setdefault(presenter, []).append(
                (
                    (1, dt.date.max, True, str(minutes)),
                    _CCK.presentedInUndated,
                    named(minutes),
                    int(str(count)),
                )
            )
    # each presenter with meetings has days too: every minutes dates its meeting or not
    meetings: dict[URIRef, list[ox.NamedNode]] = {}
    for presenter, meeting in rows(backend, _PRESENTER_MEETINGS):
        if isinstance(presenter, URIRef) and isinstance(meeting, URIRef):
            meetings.setdefault(presenter, []).append(_node(meeting))
    triples: list[AnyTriple] = []
    for presenter, days in sorted(found.items()):
        calendar = minter.presenter_calendar(str(presenter))
        node = _node(calendar)
        triples += [
            (node, _RDF.type, _CCK.PresenterCalendar),
            (node, _CCK.summarises, named(presenter)),
        ]
        triples += [
            (node, _CCK.meetingPresentedAt, m) for m in meetings.get(presenter, ())
        ]
        triples += _presenter_months(minter, calendar, sorted(days))
    return triples


def _month(day: _Day) -> tuple[int, ...]:
    """The group a day goes in: its month, or one group for the values that are
    no date and one for the undated minutes."""
    side, first_day, _, _ = day[0]
    return (
        (side,) if first_day == dt.date.max else (side, first_day.year, first_day.month)
    )


def _presenter_months(
    minter: Minter, calendar: URIRef, days: list[_Day]
) -> list[AnyTriple]:
    """The days of one calendar in order, grouped by month, every day and month
    with its presentations and those before it: a page finds its months among a
    few hundred, then its days among a month's."""
    triples: list[AnyTriple] = []
    node = named(calendar)
    before = position = 0
    for index, (key, group) in enumerate(itertools.groupby(days, key=_month)):
        members = list(group)
        month = _node(minter.presenter_month(calendar, index))
        triples += [
            (node, _CCK.presenterMonth, month),
            (month, _RDF.type, _CCK.PresenterMonth),
            (month, _CCK.presentationCount, integer(sum(d[3] for d in members))),
            (month, _CCK.presentationsBefore, integer(before)),
        ]
        if len(key) == 3:
            year_month = f"{key[1]:04d}-{key[2]:02d}"
            triples.append(
                (month, _CCK.inMonth, ox.Literal(year_month, datatype=_XSD_YEAR_MONTH))
            )
        for _, on, value, count in members:
            day = _node(minter.presenter_day(calendar, position))
            triples += [
                (month, _CCK.presenterDay, day),
                (day, _RDF.type, _CCK.PresenterDay),
                (day, on, value),
                (day, _CCK.presentationCount, integer(count)),
                (day, _CCK.presentationsBefore, integer(before)),
            ]
            before += count
            position += 1
    return triples


def _iris(terms: Iterable[URIRef]) -> str:
    return ", ".join(f"<{t}>" for t in terms)


def _neighbourhoods(backend: Backend, minter: Minter) -> list[AnyTriple]:
    groups: dict[URIRef, list[tuple[str, str, int]]] = {}
    # the graphs are written into the text: bound as values, they were joined
    # after reading every statement of the store
    query = _NEIGHBOUR_GROUPS.format(
        reference=minter.reference_graph,
        ontology=minter.ontology_graph,
        classes=_iris(SUMMARY_CLASSES),
        source_text=_iris(_SOURCE_TEXT),
        links=_iris(SUMMARY_LINKS),
    )
    for entity, direction, prop, neighbours in rows(backend, query):
        if isinstance(entity, URIRef) and isinstance(prop, URIRef):
            groups.setdefault(entity, []).append(
                (str(direction), str(prop), int(str(neighbours)))
            )
    triples: list[AnyTriple] = []
    for entity, found in sorted(groups.items()):
        neighbourhood = minter.neighbourhood(str(entity))
        node = _node(neighbourhood)
        triples += [
            (node, _RDF.type, _CCK.Neighbourhood),
            (node, _CCK.summarises, named(entity)),
        ]
        before = 0
        # the order of the question's pages: incoming before outgoing, then by IRI
        for position, (side, linked_by, count) in enumerate(sorted(found)):
            group = _node(minter.neighbour_group(neighbourhood, position))
            link = _CCK.outgoingProperty if side == "out" else _CCK.incomingProperty
            triples += [
                (node, _CCK.neighbourGroup, group),
                (group, _RDF.type, _CCK.NeighbourGroup),
                (group, link, named(linked_by)),
                (group, _CCK.neighbourCount, integer(count)),
                (group, _CCK.neighboursBefore, integer(before)),
            ]
            before += count
    return triples


def refresh_summary(backend: Backend, minter: Minter) -> int:
    """Rebuild the summary graph from the minutes' graphs; returns its calendar days."""
    triples = summary_triples(backend, minter)
    backend.replace_graphs({minter.summary_graph: triples})
    return sum(1 for _, p, _ in triples if p == _CCK.startValue)


def has_summary(backend: Backend, minter: Minter) -> bool:
    """Whether the store holds the summary this version builds. One built by an
    earlier version has other calendars, which the questions do not read: they
    would answer nothing rather than fail."""
    bindings = {"g": minter.summary_graph, "description": _DESCRIPTION}
    return bool(backend.query(_HAS_SUMMARY, bindings).askAnswer)


#: the calendars' properties: a query naming one answers nothing without them
SUMMARY_PROPERTIES = (
    CCK.meetingPresentedAt,
    CCK.eventsBefore,
    CCK.firstDay,
    CCK.presentationsBefore,
    CCK.neighboursBefore,
)
#: the summary's classes and its links to what the minutes speak of: views and
#: pages of the graph leave them out, as they are an index, not a fact
SUMMARY_CLASSES = (
    CCK.CalendarDay,
    CCK.PresenterCalendar,
    CCK.PresenterMonth,
    CCK.PresenterDay,
    CCK.Neighbourhood,
    CCK.NeighbourGroup,
)
SUMMARY_LINKS = (
    CCK.summarises,
    CCK.presentedInUndated,
    CCK.meetingPresentedAt,
    CCK.incomingProperty,
    CCK.outgoingProperty,
)


def missing_calendar(backend: Backend, minter: Minter, sparql: str) -> str | None:
    """Why a query that reads the summary's calendars can answer nothing here, or None.

    A store loaded before the calendars existed, or by a version that built
    others, has none the questions read until its next ingest; an empty
    timeline would otherwise look like a quiet year."""
    code = code_only(sparql)
    if not any(
        f"cck:{p[len(CCK_IRI) :]}" in code or str(p) in sparql
        for p in SUMMARY_PROPERTIES
    ):
        return None
    if has_summary(backend, minter):
        return None
    return (
        f"the store has no calendars of this version (the summary graph <{minter.summary_graph}>), "
        "so date, presentation and neighbourhood questions answer nothing or miss rows: "
        "ingest any minutes again to build them"
    )


def stale_summary(backend: Backend, minter: Minter) -> str | None:
    """Why the stored summary does not match the minutes, or None when it does."""
    wanted = {rdflib_triple(t) for t in summary_triples(backend, minter)}
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
        f"on {len(missing)} calendars, days and neighbourhoods (e.g. <{example[0] if example else '?'}>)"
    )
