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

The positions are global: `refresh_summary` rebuilds the graph from every
minutes at the end of an ingest that loads many, which at 10,000 minutes takes
15 to 25 s on one core, two thirds in the questions that count and the rest in
comparing the new graph with the stored one so that only what changed is
written. Minutes added to a store whose summary is current only add to what it
counts (every count is of rows or distinct neighbours, and adding statements
only adds those), so a small ingest counts what its own graphs contribute,
reads back the calendars and neighbourhoods they touch, and writes the
difference: 5 s for ten minutes added to 10,000 and 9 s for a hundred, against
15 to 25 s for a rebuild, most of it in the positions that move (the cost grows
with the minutes added: `kg.ingest.GROW_SUMMARY_UP_TO`). Each counting question
says ``#restrict`` where the values it is asked of go when it counts the added
graphs alone. The summary travels
with the rest of the dataset in exports and pushes. `stale_summary` tells
`check` when a store's summary no longer matches its minutes.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.backends.base import Backend
from kg.backends.oxterms import (
    AnyTriple,
    OxNamespace,
    OxTerm,
    data_changes,
    integer,
    named,
    ntriples_lines,
    rdflib_triple,
    to_ox,
)
from kg.iris import Minter, slug
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
    "mark_summary_current",
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
  #restrict
  ?event schema:startDate ?start .
  FILTER EXISTS { ?event a ?class FILTER(?class IN (cck:Event, cck:Meeting)) }
}
GROUP BY ?start
"""

#: the start dates of the events to which added minutes give a type or a start date
_ADDED_STARTS = """
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?start WHERE {
  #restrict
  { GRAPH ?graph { ?event a ?class } } UNION { GRAPH ?graph { ?event schema:startDate ?stated } }
  ?event schema:startDate ?start .
}
"""

#: a presenter's presentations in one minutes, one row per meeting and numbered
#: item each is linked to, as queries/organisation-presentations.rq lists them
_PRESENTATION_ROWS = """
  GRAPH ?minutes { ?presentation cck:presenter ?presenter }
  OPTIONAL {
    #restrict
    GRAPH ?minutes { ?presentation cck:presentedIn ?meeting }
  }
  OPTIONAL {
    #restrict
    GRAPH ?minutes { ?presentation cck:presentedAt ?item . ?item cck:itemNumber ?number }
  }
"""

#: each presenter's presentations per day of the minuted meetings it presented
#: at (minutes whose meetings were held on two days count on each)
_PRESENTER_DAYS = f"""
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT ?presenter ?day (COUNT(*) AS ?rows) WHERE {{
  #restrict
  {{ SELECT DISTINCT ?minutes ?day WHERE {{ GRAPH ?minutes {{ ?meeting cck:heldOn ?day }} }} }}
  {_PRESENTATION_ROWS}
}}
GROUP BY ?presenter ?day
"""

#: each presenter's presentations per minutes whose meeting has no date
_PRESENTER_UNDATED = f"""
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT ?presenter ?minutes (COUNT(*) AS ?rows) WHERE {{
  #restrict
  {{
    SELECT DISTINCT ?minutes WHERE {{
      #restrict
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

#: the meetings of the presentations that added minutes state a presenter or a meeting of
_ADDED_PRESENTER_MEETINGS = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT DISTINCT ?presenter ?meeting WHERE {
  #restrict
  { GRAPH ?graph { ?presentation cck:presenter ?anyone } }
  UNION { GRAPH ?graph { ?presentation cck:presentedIn ?any } }
  ?presentation cck:presenter ?presenter ; cck:presentedIn ?meeting .
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
  #restrict
  {{
    GRAPH ?graph {{ ?entity ?property ?neighbour }}
    FILTER(?property NOT IN ({source_text}))
    {out_elsewhere}
    BIND("out" AS ?direction)
  }} UNION {{
    GRAPH ?graph {{ ?neighbour ?property ?entity }}
    FILTER(?property NOT IN ({links}))
    {in_elsewhere}
    BIND("in" AS ?direction)
  }}
}}
GROUP BY ?entity ?direction ?property
"""

#: what the stored summary counts, read back when minutes are added to it
_STORED_STARTS = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT ?start ?events WHERE { GRAPH ?summary { ?day cck:startValue ?start ; cck:eventCount ?events } }
"""
_STORED_DAYS = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT ?presenter ?on ?value ?count WHERE {
  #restrict
  GRAPH ?summary {
    ?calendar cck:summarises ?presenter ; cck:presenterMonth ?month .
    ?month cck:presenterDay ?day .
    ?day ?on ?value ; cck:presentationCount ?count .
    FILTER(?on IN (cck:presentedOn, cck:presentedInUndated))
  }
}
"""
_STORED_GROUPS = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT ?entity ?link ?property ?count WHERE {
  #restrict
  GRAPH ?summary {
    ?neighbourhood a cck:Neighbourhood ; cck:summarises ?entity ; cck:neighbourGroup ?group .
    ?group ?link ?property ; cck:neighbourCount ?count .
    FILTER(?link IN (cck:incomingProperty, cck:outgoingProperty))
  }
}
"""

_SUMMARY = "SELECT ?s ?p ?o WHERE { GRAPH ?summary { ?s ?p ?o } }"
_HAS_SUMMARY = (
    "ASK { GRAPH ?g { ?g <http://purl.org/dc/terms/description> ?description } }"
)

#: the summary graph's description, which names what it holds: change it with
#: the summary's shape, so that a store built by an earlier version is told apart
_DESCRIPTION = Literal(
    "Calendars and neighbourhoods derived from the minutes' graphs by customs-kg "
    "ingest and brought up to date after every run: one cck:CalendarDay per start date of events, "
    "with the events starting on it and before it; one cck:PresenterCalendar per "
    "presenter, with its presentations counted per day and month (each named by its date) "
    "and the meetings at which it presented; and one cck:Neighbourhood per entity "
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


def _restricted(query: str, var: str, values: Iterable[Node]) -> str:
    """``query`` asked of these values of ``?var`` alone, where its text says ``#restrict``."""
    listed = " ".join(str(to_ox(v)) for v in values)
    return query.replace("#restrict", f"VALUES ?{var} {{ {listed} }}")


def _counts(
    backend: Backend, starts: Iterable[Literal] | None = None
) -> list[tuple[Literal, int]]:
    query = _EVENTS_PER_DATE
    if starts is not None:
        query = _restricted(query, "start", starts)
    return [
        (start, int(str(events)))
        for start, events in rows(backend, query)
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
    triples += _calendar_triples(minter, calendar_days(_counts(backend)))
    # each presenter with meetings has days too: every minutes dates its meeting or not
    meetings = _presenter_meetings(backend, _PRESENTER_MEETINGS)
    for presenter, days in sorted(_presenter_days(backend).items()):
        triples += _presenter_calendar(
            minter, presenter, days, meetings.get(presenter, ())
        )
    for entity, groups in sorted(_neighbour_groups(backend, minter).items()):
        triples += _neighbourhood(minter, entity, groups)
    return triples


def _calendar_triples(minter: Minter, days: list[CalendarDay]) -> list[AnyTriple]:
    triples: list[AnyTriple] = []
    for day in days:
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
    return triples


#: a presenter's day: where it ranks (dates first, as on the event calendar,
#: then values that are no date, then the undated minutes, by IRI), the
#: property and value that say which day it is, and its presentations
_Day = tuple[tuple[int, dt.date, bool, str], ox.NamedNode, OxTerm, int]
#: a presenter's days by where they rank
_Days = dict[tuple[int, dt.date, bool, str], _Day]


def _day(on: Node | None, value: Node | None, count: int) -> _Day | None:
    """A presenter's day of a meeting (``cck:presentedOn``) or undated minutes
    (``cck:presentedInUndated``); None for a value of neither kind."""
    if on == CCK.presentedOn and isinstance(value, Literal):
        first_day, is_day = _date_rank(value) or (dt.date.max, True)
        return (
            (0, first_day, is_day, str(value)),
            _CCK.presentedOn,
            to_ox(value),
            count,
        )
    if on == CCK.presentedInUndated and isinstance(value, URIRef):
        rank = (1, dt.date.max, True, str(value))
        return rank, _CCK.presentedInUndated, named(value), count
    return None


def _presenter_days(
    backend: Backend, graphs: Sequence[URIRef] | None = None
) -> dict[URIRef, _Days]:
    """Each presenter's days, counted in ``graphs`` or in every minutes."""
    found: dict[URIRef, _Days] = {}
    for on, query in (
        (CCK.presentedOn, _PRESENTER_DAYS),
        (CCK.presentedInUndated, _PRESENTER_UNDATED),
    ):
        if graphs is not None:
            query = _restricted(query, "minutes", graphs)
        for presenter, value, count in rows(backend, query):
            day = _day(on, value, int(str(count)))
            if isinstance(presenter, URIRef) and day is not None:
                found.setdefault(presenter, {})[day[0]] = day
    return found


def _presenter_meetings(
    backend: Backend, query: str
) -> dict[URIRef, list[ox.NamedNode]]:
    meetings: dict[URIRef, list[ox.NamedNode]] = {}
    for presenter, meeting in rows(backend, query):
        if isinstance(presenter, URIRef) and isinstance(meeting, URIRef):
            meetings.setdefault(presenter, []).append(_node(meeting))
    return meetings


def _presenter_calendar(
    minter: Minter,
    presenter: URIRef,
    days: _Days,
    meetings: Iterable[ox.NamedNode],
) -> list[AnyTriple]:
    calendar = minter.presenter_calendar(str(presenter))
    node = _node(calendar)
    triples: list[AnyTriple] = [
        (node, _RDF.type, _CCK.PresenterCalendar),
        (node, _CCK.summarises, named(presenter)),
    ]
    triples += [(node, _CCK.meetingPresentedAt, m) for m in meetings]
    return triples + _presenter_months(minter, calendar, sorted(days.values()))


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
    before = 0
    for key, group in itertools.groupby(days, key=_month):
        members = list(group)
        month = _node(minter.presenter_month(calendar, _month_name(key)))
        triples += [
            (node, _CCK.presenterMonth, month),
            (month, _RDF.type, _CCK.PresenterMonth),
            (month, _CCK.presentationCount, integer(sum(d[3] for d in members))),
            (month, _CCK.presentationsBefore, integer(before)),
        ]
        if len(key) == 3:
            triples.append(
                (
                    month,
                    _CCK.inMonth,
                    ox.Literal(_month_name(key), datatype=_XSD_YEAR_MONTH),
                )
            )
        for rank, on, value, count in members:
            day = _node(minter.presenter_day(calendar, _day_name(rank)))
            triples += [
                (month, _CCK.presenterDay, day),
                (day, _RDF.type, _CCK.PresenterDay),
                (day, on, value),
                (day, _CCK.presentationCount, integer(count)),
                (day, _CCK.presentationsBefore, integer(before)),
            ]
            before += count
    return triples


def _month_name(key: tuple[int, ...]) -> str:
    if len(key) == 3:
        return f"{key[1]:04d}-{key[2]:02d}"
    return "undated" if key[0] else "other"


def _day_name(rank: tuple[int, dt.date, bool, str]) -> str:
    side, first_day, _, value = rank
    if side:
        return f"undated-{slug(value.rsplit('/', 1)[-1])}"
    return value if first_day != dt.date.max else f"value-{slug(value)}"


def _iris(terms: Iterable[URIRef]) -> str:
    return ", ".join(f"<{t}>" for t in terms)


#: a neighbourhood's groups: neighbours per direction ("in", "out") and property IRI
_Groups = dict[tuple[str, str], int]


def _neighbour_groups(
    backend: Backend, minter: Minter, graphs: Sequence[URIRef] | None = None
) -> dict[URIRef, _Groups]:
    """Each entity's groups; with ``graphs``, only the neighbours that those
    graphs link it to and no other graph does, by which its counts grow."""

    def elsewhere(link: str) -> str:
        if graphs is None:
            return ""
        return (
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ {link} }} "
            f"FILTER(?other NOT IN ({_iris(graphs)})) }}"
        )

    # the graphs are written into the text: bound as values, they were joined
    # after reading every statement of the store
    query = _NEIGHBOUR_GROUPS.format(
        reference=minter.reference_graph,
        ontology=minter.ontology_graph,
        classes=_iris(SUMMARY_CLASSES),
        source_text=_iris(_SOURCE_TEXT),
        links=_iris(SUMMARY_LINKS),
        out_elsewhere=elsewhere("?entity ?property ?neighbour"),
        in_elsewhere=elsewhere("?neighbour ?property ?entity"),
    )
    if graphs is not None:
        query = _restricted(query, "graph", graphs)
    groups: dict[URIRef, _Groups] = {}
    for entity, direction, prop, neighbours in rows(backend, query):
        if isinstance(entity, URIRef) and isinstance(prop, URIRef):
            groups.setdefault(entity, {})[(str(direction), str(prop))] = int(
                str(neighbours)
            )
    return groups


def _neighbourhood(minter: Minter, entity: URIRef, groups: _Groups) -> list[AnyTriple]:
    neighbourhood = minter.neighbourhood(str(entity))
    node = _node(neighbourhood)
    triples: list[AnyTriple] = [
        (node, _RDF.type, _CCK.Neighbourhood),
        (node, _CCK.summarises, named(entity)),
    ]
    before = 0
    # the order of the question's pages: incoming before outgoing, then by IRI
    for position, ((side, linked_by), count) in enumerate(sorted(groups.items())):
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


def refresh_summary(
    backend: Backend, minter: Minter, added: Sequence[URIRef] | None = None
) -> int:
    """Bring the summary graph up to date with the minutes' graphs; returns its calendar days.

    Without ``added`` the graph is rebuilt from every minutes. With ``added``,
    the graphs an ingest has just created in a store whose summary was current
    (none replaced, the reference data unchanged), only what they change is
    rewritten: every count the summary holds grows by what those graphs
    contribute, as adding statements can only add rows to be counted, so the
    calendars and neighbourhoods they touch are read back, grown and written
    as the difference. At 10,000 minutes the whole rebuild reads every
    presentation and every link of the reference data, however few minutes
    came.
    """
    if added is None:
        triples = summary_triples(backend, minter)
        backend.replace_graphs({minter.summary_graph: triples})
        return _calendar_day_count(triples)
    summary = {"summary": URIRef(minter.summary_graph)}
    old: list[AnyTriple] = []
    new: list[AnyTriple] = []
    for stored, grown in (
        _grown_event_calendar(backend, minter, added, summary),
        _grown_presenter_calendars(backend, minter, added, summary),
        _grown_neighbourhoods(backend, minter, added, summary),
    ):
        old += stored
        new += grown
    # stated again: the ingest withdrew it while it wrote the minutes
    new.append((named(minter.summary_graph), _DCT.description, to_ox(_DESCRIPTION)))
    # the meetings a presenter presented at are only ever added to
    meetings = [
        (_node(minter.presenter_calendar(str(presenter))), _CCK.meetingPresentedAt, m)
        for presenter, found in _presenter_meetings(
            backend, _restricted(_ADDED_PRESENTER_MEETINGS, "graph", added)
        ).items()
        for m in found
    ]
    before, after = ntriples_lines(old), ntriples_lines(new)
    changes = data_changes(
        f"<{minter.summary_graph}>",
        before - after,
        (after - before) | ntriples_lines(meetings),
    )
    if changes:
        backend.update(" ; ".join(changes))
    return _calendar_day_count(new)


def _calendar_day_count(triples: Iterable[AnyTriple]) -> int:
    return sum(1 for _, p, _ in triples if p == _CCK.startValue)


#: a part of the summary as stored and as grown by added minutes
_Growth = tuple[list[AnyTriple], list[AnyTriple]]
_Key = TypeVar("_Key", bound=URIRef)
_Rank = TypeVar("_Rank")
_Count = TypeVar("_Count")


def _growth(
    more: Mapping[_Key, Mapping[_Rank, _Count]],
    stored: Mapping[_Key, Mapping[_Rank, _Count]],
    add: Callable[[_Count, _Count], _Count],
    build: Callable[[_Key, dict[_Rank, _Count]], list[AnyTriple]],
) -> _Growth:
    """The triples of each calendar or neighbourhood the added minutes touch,
    as stored and with their counts (``more``) added to the stored ones."""
    old: list[AnyTriple] = []
    new: list[AnyTriple] = []
    for key, counted in sorted(more.items()):
        before = dict(stored.get(key, {}))
        after = dict(before)
        for rank, count in counted.items():
            after[rank] = add(after[rank], count) if rank in after else count
        if before:
            old += build(key, before)
        new += build(key, after)
    return old, new


def _grown_event_calendar(
    backend: Backend,
    minter: Minter,
    added: Sequence[URIRef],
    summary: Mapping[str, Node],
) -> _Growth:
    """The start dates added minutes speak of, counted again over every minutes."""
    stored = {
        start: int(str(events))
        for start, events in rows(backend, _STORED_STARTS, summary)
        if isinstance(start, Literal)
    }
    starts = [
        start
        for (start,) in rows(backend, _restricted(_ADDED_STARTS, "graph", added))
        if isinstance(start, Literal)
    ]
    grown = {**stored, **dict(_counts(backend, starts))} if starts else stored
    return (
        _calendar_triples(minter, calendar_days(stored.items())),
        _calendar_triples(minter, calendar_days(grown.items())),
    )


def _added_presentations(had: _Day, more: _Day) -> _Day:
    return (more[0], more[1], more[2], had[3] + more[3])


def _grown_presenter_calendars(
    backend: Backend,
    minter: Minter,
    added: Sequence[URIRef],
    summary: Mapping[str, Node],
) -> _Growth:
    """A day's presentations are counted within one minutes, so the added
    minutes' counts add to the stored ones."""
    more = _presenter_days(backend, added)
    stored: dict[URIRef, _Days] = {}
    if more:
        query = _restricted(_STORED_DAYS, "presenter", more)
        for presenter, on, value, count in rows(backend, query, summary):
            day = _day(on, value, int(str(count)))
            if isinstance(presenter, URIRef) and day is not None:
                stored.setdefault(presenter, {})[day[0]] = day
    return _growth(
        more,
        stored,
        _added_presentations,
        lambda presenter, days: _presenter_calendar(minter, presenter, days, ()),
    )


def _grown_neighbourhoods(
    backend: Backend,
    minter: Minter,
    added: Sequence[URIRef],
    summary: Mapping[str, Node],
) -> _Growth:
    """Each group grows by the neighbours that no graph but the added ones links."""
    more = _neighbour_groups(backend, minter, added)
    stored: dict[URIRef, _Groups] = {}
    if more:
        query = _restricted(_STORED_GROUPS, "entity", more)
        for entity, link, prop, count in rows(backend, query, summary):
            if isinstance(entity, URIRef) and isinstance(prop, URIRef):
                side = "out" if link == CCK.outgoingProperty else "in"
                stored.setdefault(entity, {})[(side, str(prop))] = int(str(count))
    return _growth(
        more, stored, operator.add, functools.partial(_neighbourhood, minter)
    )


def mark_summary_current(backend: Backend, minter: Minter, current: bool) -> None:
    """State, or stop stating, that the summary graph is current (its description).

    An ingest withdraws it before it writes minutes and the summary's update
    states it again: a run cut short in between leaves a summary that no
    longer counts every minutes, which the next ingest must then rebuild
    rather than grow, and which the questions warn about meanwhile."""
    lines = ntriples_lines(
        [(URIRef(minter.summary_graph), DCT.description, _DESCRIPTION)]
    )
    removed, added = (set(), lines) if current else (lines, set())
    graph = f"<{minter.summary_graph}>"
    backend.update(" ; ".join(data_changes(graph, removed, added)))


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
