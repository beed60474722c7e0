"""RDF → networkx: one projection per view, each from named SPARQL queries.

Nodes are IRIs (strings, so GraphML/GEXF keep them); every node carries
``label``, ``cls`` (its display class, `viz.style.CLASS_ORDER`) and
``evidence`` (the sentences of the minutes it came from, with their document);
every edge carries ``kind`` and the ``evidence`` sentence that states it.
Which statements count is the contract of `kg.build`: presentations
(``cck:presenter``/``cck:presentedAt``/``cck:about``), operations
(``cck:ledBy``/``cck:targets``), ``cck:partOf``, ``cck:cites``, and events
with ``schema:startDate``/``cck:status``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import combinations

import networkx as nx

from kg.backends.base import Backend
from kg.summary import SUMMARY_LINKS
from viz.index import BATCH, PREFIX, Evidence, Index, iri_values, load_index, texts
from viz.style import ORGANISATION_CLASSES

__all__ = [
    "CITATIONS",
    "COOPERATION_LINKS",
    "DOCUMENTS",
    "DOCUMENT_NAMES",
    "EVENT_CONTEXT",
    "MEETING_CITES",
    "MEETING_MENTIONS",
    "NEIGHBOURS_IN",
    "NEIGHBOURS_OUT",
    "OPERATIONS",
    "ORGANISERS",
    "PRESENTATIONS",
    "PRESENTERS_AT_MEETINGS",
    "TIMELINE_DATES",
    "citations",
    "cooperation",
    "copresentation",
    "neighbourhood",
    "timeline",
]

#: who presented what, in which document
PRESENTATIONS = (
    PREFIX
    + """SELECT DISTINCT ?p ?org ?about ?doc WHERE {
  GRAPH ?doc { ?p a cck:Presentation ; cck:presenter ?org . OPTIONAL { ?p cck:about ?about } }
}"""
)

#: leads (organisation → operation), targets, partOf; ``?carrier`` holds the sentence
COOPERATION_LINKS = (
    PREFIX
    + """SELECT DISTINCT ?s ?kind ?o ?carrier ?g WHERE {
  { GRAPH ?g { ?o cck:ledBy ?s } BIND("leads" AS ?kind) BIND(?o AS ?carrier) }
  UNION { GRAPH ?g { ?s cck:targets ?o } BIND("targets" AS ?kind) BIND(?s AS ?carrier) }
  UNION { GRAPH ?g { ?s cck:partOf ?o } BIND("partOf" AS ?kind) BIND(?s AS ?carrier) }
}"""
)

#: every operation (the minutes' ones are drawn even when nothing links them)
OPERATIONS = (
    PREFIX
    + """SELECT DISTINCT ?x WHERE {
  VALUES ?c { cck:Operation cck:JointCustomsOperation }
  ?x a ?c .
  FILTER(isIRI(?x))
}"""
)

#: meetings and events that have a date
TIMELINE_DATES = (
    PREFIX
    + """SELECT DISTINCT ?e ?start ?end ?status WHERE {
  ?e schema:startDate ?start .
  OPTIONAL { ?e schema:endDate ?end }
  OPTIONAL { ?e cck:status ?status }
}"""
)

#: the date of the documents a dated node was read from (to tell past from forthcoming)
EVENT_CONTEXT = (
    PREFIX
    + """SELECT ?e (MIN(STR(?docdate)) AS ?date) WHERE {
  { SELECT DISTINCT ?e ?doc WHERE {
      { ?e prov:wasDerivedFrom ?doc } UNION { ?e cck:recordedIn ?doc }
      FILTER EXISTS { ?e schema:startDate ?start }
  } }
  ?doc dct:date ?docdate .
} GROUP BY ?e"""
)

#: organisations that presented at a meeting, with the presentation
PRESENTERS_AT_MEETINGS = (
    PREFIX
    + """SELECT DISTINCT ?org ?m ?p WHERE {
  ?p cck:presenter ?org ; cck:presentedIn ?m .
}"""
)

#: documents cited in the minutes of a meeting
MEETING_CITES = (
    PREFIX
    + """SELECT DISTINCT ?m ?cited ?doc WHERE {
  { ?doc cck:recordsMeeting ?m } UNION { ?m cck:recordedIn ?doc }
  ?doc cck:cites ?cited .
}"""
)

#: dated events mentioned at a meeting (date and mention in the same document's graph)
MEETING_MENTIONS = (
    PREFIX
    + """SELECT DISTINCT ?m ?e WHERE {
  GRAPH ?g {
    ?e schema:startDate ?start .
    ?item cck:mentions ?e .
    { ?item cck:agendaItemOf ?m } UNION { ?m cck:hasAgendaItem ?item }
  }
  FILTER(?e != ?m)
}"""
)

ORGANISERS = PREFIX + """SELECT DISTINCT ?e ?org WHERE { ?e cck:organisedBy ?org }"""

#: document → document references, in the graph of the citing document
CITATIONS = (
    PREFIX
    + """SELECT DISTINCT ?a ?b ?g WHERE {
  GRAPH ?g { ?a cck:cites ?b }
  FILTER EXISTS { ?a a cck:Document }
}"""
)

#: each document once, in the store's order
DOCUMENTS = PREFIX + """SELECT DISTINCT ?d WHERE { ?d a cck:Document }"""

#: each document's number and title, its own graph's title first (cited documents
#: carry a number and title in every graph that cites them)
DOCUMENT_NAMES = (
    PREFIX
    + """SELECT ?d (MIN(?n) AS ?number) (COALESCE(MIN(?own), MIN(?t)) AS ?title) WHERE {
  { SELECT DISTINCT ?d WHERE { ?d a cck:Document } }
  OPTIONAL { ?d dct:identifier ?n }
  OPTIONAL { ?d dct:title ?t }
  OPTIONAL { GRAPH ?d { ?d dct:title ?own } }
} GROUP BY ?d"""
)

#: links from and to some nodes, except those in `_NEIGHBOURHOOD_SKIP`
NEIGHBOURS_OUT = (
    PREFIX
    + """SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?s { %s }
  ?s ?p ?o .
  FILTER(isIRI(?o) && ?p NOT IN (%s))
}"""
)
NEIGHBOURS_IN = (
    PREFIX
    + """SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?o { %s }
  ?s ?p ?o .
  FILTER(isIRI(?s) && ?p NOT IN (%s))
}"""
)

#: links that would join everything to everything at depth 2
_NEIGHBOURHOOD_SKIP = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    *map(str, SUMMARY_LINKS),
    "http://www.w3.org/ns/prov#wasDerivedFrom",
    "http://www.w3.org/2002/07/owl#sameAs",
    "http://www.w3.org/2004/02/skos/core#inScheme",
    "http://www.w3.org/2004/02/skos/core#topConceptOf",
    "http://www.w3.org/2004/02/skos/core#hasTopConcept",
}
_SKIP_LIST = ", ".join(f"<{p}>" for p in sorted(_NEIGHBOURHOOD_SKIP))
#: a neighbourhood stops growing here, so a hub (the Council) stays readable
NEIGHBOURHOOD_LIMIT = 400
#: sentences kept per node and per edge: the page shows a few, the weight counts them all
NODE_EVIDENCE = 5
EDGE_EVIDENCE = 10


def _evidence(
    items: list[Evidence], limit: int = NODE_EVIDENCE
) -> list[dict[str, str]]:
    return [e.as_dict() for e in items[:limit]]


def _node(
    g: nx.Graph, index: Index, iri: str, cls: str | None = None, **extra: object
) -> None:
    if iri not in g:
        g.add_node(
            iri,
            label=index.label(iri),
            cls=cls or index.cls(iri),
            evidence=_evidence(index.sentences(iri)),
        )
    if extra:
        g.nodes[iri].update(extra)


def _edge(
    g: nx.Graph, s: str, o: str, kind: str, evidence: list[dict[str, str]]
) -> None:
    """Add or merge an edge; a second statement between the same nodes adds its kind
    and (up to `EDGE_EVIDENCE`) its sentences."""
    if g.has_edge(s, o):
        data = g.edges[s, o]
        if kind not in data["kind"].split(", "):
            data["kind"] += ", " + kind
        kept = data["evidence"]
        for e in evidence:
            if len(kept) >= EDGE_EVIDENCE:
                break
            if e not in kept:
                kept.append(e)
        data["weight"] += 1
    else:
        g.add_edge(s, o, kind=kind, evidence=list(evidence[:EDGE_EVIDENCE]), weight=1)


def _rows(backend: Backend, sparql: str) -> list[tuple[str | None, ...]]:
    return list(texts(backend, sparql))


def cooperation(backend: Backend, index: Index | None = None) -> nx.DiGraph:
    """Organisations ↔ operations ↔ threats and commodities.

    Edges: *presented* (presenter → what the presentation was ``cck:about``),
    *leads* (organisation → operation, from ``cck:ledBy``), *targets*, *partOf*.
    Reference data (EMPACT targets excise fraud) is kept only for nodes the
    minutes speak of, so the map shows the minutes, not the gazetteer.
    """
    index = index or load_index(backend)
    presentations = [
        (str(p), str(org), about, str(doc))
        for p, org, about, doc in _rows(backend, PRESENTATIONS)
    ]
    links = [
        (str(s), str(kind), str(o), str(carrier), str(graph))
        for s, kind, o, carrier, graph in _rows(backend, COOPERATION_LINKS)
    ]
    operations = [str(x) for (x,) in _rows(backend, OPERATIONS)]
    index.describe({graph for *_, graph in links})
    documents = {graph for *_, graph in links if index.cls(graph) == "Document"}
    in_minutes = index.in_minutes(
        [carrier for _, _, _, carrier, graph in links if graph not in documents]
        + operations
    )
    links = [link for link in links if link[4] in documents or link[3] in in_minutes]
    operations = [x for x in operations if x in in_minutes]
    nodes = [org for _, org, _, _ in presentations]
    nodes += [about for _, _, about, _ in presentations if about is not None]
    nodes += [x for s, _, o, _, _ in links for x in (s, o)] + operations
    index.describe(nodes)
    index.fetch(
        nodes
        + [p for p, _, about, _ in presentations if about is not None]
        + [carrier for _, _, _, carrier, _ in links]
    )
    g = nx.DiGraph(view="cooperation")
    for p, org, about, doc in presentations:
        _node(g, index, org)
        if about is not None:
            _node(g, index, about)
            _edge(
                g,
                org,
                about,
                "presented",
                _evidence(index.sentences(p, doc, index.label(about))),
            )
    for s, kind, o, carrier, _ in links:
        other = o if carrier == s else s
        _node(g, index, s)
        _node(g, index, o)
        _edge(
            g,
            s,
            o,
            kind,
            _evidence(index.sentences(carrier, None, index.label(other))),
        )
    for iri in sorted(operations):
        _node(g, index, iri)
    return g


def _date_of(literal: str) -> str:
    """ISO date of an ``xsd:date`` or ``xsd:gYearMonth`` (first of the month)."""
    text = literal[:10]
    return text if len(text) == 10 else (text[:7] + "-01")


def _overlaps(
    start: str, end: str | None, since: date | None, until: date | None
) -> bool:
    """Whether a date span (ISO ``xsd:date`` or ``xsd:gYearMonth`` texts) meets
    the window; a month-only date spans its month, as the window compares text."""
    first = start[:10]
    last = (end or start)[:10]
    if len(last) == 7:
        last += "-31"  # compared as text: no day of the month sorts after it
    return (until is None or first <= until.isoformat()) and (
        since is None or last >= since.isoformat()
    )


def timeline_years(index: Index) -> dict[int, int]:
    """How many meetings and events start in each year: a site splits a long
    timeline by year, since one page of years of minutes cannot be read."""
    years: dict[int, int] = defaultdict(int)
    for row in index.rows(TIMELINE_DATES):
        text = str(row[1])
        if text[:4].isdigit():
            years[int(text[:4])] += 1
    return dict(sorted(years.items()))


def timeline(
    backend: Backend,
    index: Index | None = None,
    since: date | None = None,
    until: date | None = None,
) -> nx.DiGraph:
    """Meetings and events by date, with who presented at them and what they cited.

    Each dated node has ``date`` (ISO) and ``when`` (``past``/``forthcoming``):
    ``cck:status`` when the minutes say; else a meeting we hold minutes of is
    past, and an event is forthcoming when it starts after the date of the
    (earliest) document that announced it. Years of minutes make a timeline of
    tens of thousands of nodes: ``since``/``until`` keep the meetings and events
    that overlap that window (a month-only date covers its whole month).
    """
    index = index or load_index(backend)
    context = {str(e): _date_of(str(d)) for e, d in index.rows(EVENT_CONTEXT) if d}
    dates = [
        row
        for row in index.rows(TIMELINE_DATES)
        if _overlaps(str(row[1]), None if row[2] is None else str(row[2]), since, until)
    ]
    dated = {str(row[0]) for row in dates}
    presenters = [
        (str(org), str(m), str(p))
        for org, m, p in index.rows(PRESENTERS_AT_MEETINGS)
        if m in dated
    ]
    organisers = [(str(e), str(org)) for e, org in index.rows(ORGANISERS) if e in dated]
    cites = [
        (str(m), str(cited), str(doc))
        for m, cited, doc in index.rows(MEETING_CITES)
        if m in dated
    ]
    mentions = [
        (str(m), str(e))
        for m, e in index.rows(MEETING_MENTIONS)
        if m in dated and e in dated
    ]
    nodes = [
        *dated,
        *(org for org, _, _ in presenters),
        *(org for _, org in organisers),
        *(cited for _, cited, _ in cites),
    ]
    index.describe(nodes)
    index.fetch(nodes + [p for _, _, p in presenters])
    g = nx.DiGraph(view="timeline")
    if since or until:
        g.graph["window"] = (
            f"{since.isoformat() if since else '…'} – {until.isoformat() if until else '…'}"
        )
    for e, start_, end, status_ in dates:
        e = str(e)
        start = _date_of(str(start_))
        cls = index.cls(e)
        status = str(status_ or "").casefold()
        if status not in ("past", "forthcoming"):
            if cls == "Meeting":
                status = "past"
            else:
                status = (
                    "forthcoming" if e in context and start > context[e] else "past"
                )
        display = cls if cls == "Meeting" else f"Event ({status})"
        _node(g, index, e, display, date=start, when=status)
        if end is not None:
            g.nodes[e]["end"] = _date_of(end)
    for org, m, p in presenters:
        _node(g, index, org)
        _edge(g, org, m, "presented at", _evidence(index.sentences(p)))
    for e, org in organisers:
        _node(g, index, org)
        _edge(
            g,
            org,
            e,
            "organised",
            _evidence(index.sentences(e, None, index.label(org))),
        )
    for m, cited, doc in cites:
        _node(g, index, cited, "Document")
        _edge(g, m, cited, "cites", _evidence(index.sentences(cited, doc)))
    for m, e in mentions:
        _edge(g, m, e, "mentions", _evidence(index.sentences(e)))
    return g


def citations(backend: Backend, index: Index | None = None) -> nx.DiGraph:
    """Documents citing documents; ``cited`` counts how often each is cited (its size)."""
    index = index or load_index(backend)
    names = {str(d): (n, t) for d, n, t in _rows(backend, DOCUMENT_NAMES)}
    documents = [
        (str(d), *names.get(str(d), (None, None))) for (d,) in _rows(backend, DOCUMENTS)
    ]
    cites = [
        (str(a), str(b), str(doc)) for a, b, doc in _rows(backend, CITATIONS) if a != b
    ]
    nodes = [str(d) for d, _, _ in documents] + [x for a, b, _ in cites for x in (a, b)]
    index.describe(nodes)
    index.fetch(nodes)
    g = nx.DiGraph(view="citations")
    for d_, number_, title in documents:
        d = str(d_)
        number = number_ or index.label(d)
        _node(g, index, d, "Document", number=number)
        g.nodes[d]["label"] = number
        if title is not None:
            g.nodes[d]["title"] = title
    for a, b, doc in cites:
        for d in (a, b):
            _node(g, index, d, "Document")
        _edge(g, a, b, "cites", _evidence(index.sentences(b, doc)))
    for d in g:
        g.nodes[d]["cited"] = g.in_degree(d)
    return g


def copresentation(backend: Backend, index: Index | None = None) -> nx.Graph:
    """Organisations linked by the meetings at which both presented; ``weight`` counts them.

    Each edge keeps the sentences of its first few meetings (up to `EDGE_EVIDENCE`)."""
    index = index or load_index(backend)
    at: dict[str, dict[str, list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )  # meeting → org → presentations
    for org, m, p in _rows(backend, PRESENTERS_AT_MEETINGS):
        at[str(m)][str(org)].append(str(p))
    pairs = {m: list(combinations(sorted(orgs), 2)) for m, orgs in at.items()}
    index.describe([*at, *(org for orgs in at.values() for org in orgs)])
    # sentences only for the meetings whose sentences an edge keeps
    wanted: set[str] = set()
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for m, orgs in sorted(at.items()):
        for pair in pairs[m]:
            seen[pair] += 1
            if seen[pair] * 3 <= EDGE_EVIDENCE:
                wanted.update(p for org in pair for p in orgs[org])
    index.fetch([*(org for orgs in at.values() for org in orgs), *sorted(wanted)])
    g = nx.Graph(view="copresentation")
    for m, orgs in sorted(at.items()):
        for org in orgs:
            _node(g, index, org)
        for a, b in pairs[m]:
            if g.has_edge(a, b):
                data = g.edges[a, b]
                data["weight"] += 1
                data["meetings"].append(index.label(m))
                if len(data["evidence"]) >= EDGE_EVIDENCE:
                    continue
            header = {"text": f"Both presented at {index.label(m)}", "doc": ""}
            sentences = [
                e
                for org in (a, b)
                for p in orgs[org]
                for e in _evidence(index.sentences(p), 2)
            ]
            if g.has_edge(a, b):
                g.edges[a, b]["evidence"].extend([header, *sentences])
            else:
                g.add_edge(
                    a,
                    b,
                    kind="copresented",
                    weight=1,
                    meetings=[index.label(m)],
                    evidence=[header, *sentences],
                )
    return g


def neighbourhood(
    backend: Backend, iri: str, depth: int = 1, index: Index | None = None
) -> nx.DiGraph:
    """Everything within ``depth`` links of one entity (1–3), up to `NEIGHBOURHOOD_LIMIT` nodes.

    Follows every link between typed nodes of the graph except those that
    would tie all facts of a document together (``prov:wasDerivedFrom``,
    ``rdf:type``) or leave it (``owl:sameAs``). Each level is two queries,
    whatever its size.
    """
    if not 1 <= depth <= 3:
        raise ValueError(f"depth must be 1, 2 or 3, not {depth}")
    index = index or load_index(backend)
    iri = str(iri)  # a URIRef would miss every look-up by string
    index.describe([iri])
    index.fetch([iri])
    g = nx.DiGraph(view="neighbourhood", centre=iri)
    _node(g, index, iri)
    frontier = [iri]
    for _ in range(depth):
        if not frontier:
            break
        by_node: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for batch in range(0, len(frontier), BATCH):
            values = iri_values(frontier[batch : batch + BATCH])
            for s, p, o in texts(backend, NEIGHBOURS_OUT % (values, _SKIP_LIST)):
                by_node[str(s)].append((str(s), str(p), str(o)))
            ins: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
            for s, p, o in texts(backend, NEIGHBOURS_IN % (values, _SKIP_LIST)):
                ins[str(o)].append((str(s), str(p), str(o)))
            for node, links in ins.items():
                by_node[node].extend(links)
        index.describe(
            s if o == node else o
            for node, links in by_node.items()
            for s, _, o in links
        )
        found: list[str] = []
        members = set(g)
        kept: list[tuple[str, str, str]] = []
        for node in frontier:
            for s, p, o in by_node.get(node, []):
                other = o if s == node else s
                if not index.typed(other) or other == node:
                    continue
                if other not in members:
                    if len(members) >= NEIGHBOURHOOD_LIMIT:
                        continue
                    found.append(other)
                    members.add(other)
                kept.append((s, p, o))
        index.fetch([*found, *(s for s, _, _ in kept)])
        for s, p, o in kept:
            for x in (s, o):
                _node(g, index, x)
            kind = p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            _edge(
                g,
                s,
                o,
                kind,
                _evidence(index.sentences(s, None, index.label(o)), 2),
            )
        frontier = found
    return g


def organisations(g: nx.Graph) -> list[str]:
    return [n for n, cls in g.nodes(data="cls") if cls in ORGANISATION_CLASSES]
