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
from itertools import combinations

import networkx as nx
from rdflib import URIRef

from kg.backends.base import Backend
from viz.index import PREFIX, Evidence, Index, load_index, select
from viz.style import ORGANISATION_CLASSES

__all__ = [
    "CITATIONS",
    "COOPERATION_LINKS",
    "DOCUMENTS",
    "EVENT_CONTEXT",
    "MEETING_CITES",
    "MEETING_MENTIONS",
    "NEIGHBOURS_IN",
    "NEIGHBOURS_OUT",
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
    + """SELECT ?p ?org ?about ?doc WHERE {
  GRAPH ?doc { ?p a cck:Presentation ; cck:presenter ?org . OPTIONAL { ?p cck:about ?about } }
}"""
)

#: leads (organisation → operation), targets, partOf; ``?carrier`` holds the sentence
COOPERATION_LINKS = (
    PREFIX
    + """SELECT ?s ?kind ?o ?carrier ?g WHERE {
  { GRAPH ?g { ?o cck:ledBy ?s } BIND("leads" AS ?kind) BIND(?o AS ?carrier) }
  UNION { GRAPH ?g { ?s cck:targets ?o } BIND("targets" AS ?kind) BIND(?s AS ?carrier) }
  UNION { GRAPH ?g { ?s cck:partOf ?o } BIND("partOf" AS ?kind) BIND(?s AS ?carrier) }
}"""
)

#: meetings and events that have a date
TIMELINE_DATES = (
    PREFIX
    + """SELECT ?e ?start ?end ?status WHERE {
  ?e schema:startDate ?start .
  OPTIONAL { ?e schema:endDate ?end }
  OPTIONAL { ?e cck:status ?status }
}"""
)

#: the date of the document an event was read from (to tell past from forthcoming)
EVENT_CONTEXT = (
    PREFIX
    + """SELECT ?e ?docdate WHERE {
  { ?e prov:wasDerivedFrom ?doc } UNION { ?e cck:recordedIn ?doc }
  ?doc dct:date ?docdate .
}"""
)

#: organisations that presented at a meeting, with the presentation
PRESENTERS_AT_MEETINGS = (
    PREFIX
    + """SELECT DISTINCT ?org ?m ?p WHERE {
  ?p cck:presenter ?org ; cck:presentedAt ?item .
  { ?item cck:agendaItemOf ?m } UNION { ?m cck:hasAgendaItem ?item }
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

#: dated events mentioned at a meeting
MEETING_MENTIONS = (
    PREFIX
    + """SELECT DISTINCT ?m ?e WHERE {
  { ?item cck:agendaItemOf ?m } UNION { ?m cck:hasAgendaItem ?item }
  ?item cck:mentions ?e .
  ?e schema:startDate ?start .
  FILTER(?e != ?m)
}"""
)

ORGANISERS = PREFIX + """SELECT DISTINCT ?e ?org WHERE { ?e cck:organisedBy ?org }"""

#: document → document references, in the graph of the citing document
CITATIONS = (
    PREFIX
    + """SELECT DISTINCT ?a ?b ?g WHERE {
  GRAPH ?g { ?a cck:cites ?b }
  ?a a cck:Document .
}"""
)

DOCUMENTS = (
    PREFIX
    + """SELECT ?d ?number ?title WHERE {
  ?d a cck:Document .
  OPTIONAL { ?d dct:identifier ?number }
  OPTIONAL { ?d dct:title ?title }
}"""
)

NEIGHBOURS_OUT = (
    PREFIX + """SELECT DISTINCT ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) }"""
)
NEIGHBOURS_IN = PREFIX + """SELECT DISTINCT ?p ?s WHERE { ?s ?p ?o }"""

#: links that would join everything to everything at depth 2
_NEIGHBOURHOOD_SKIP = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/ns/prov#wasDerivedFrom",
    "http://www.w3.org/2002/07/owl#sameAs",
    "http://www.w3.org/2004/02/skos/core#inScheme",
    "http://www.w3.org/2004/02/skos/core#topConceptOf",
    "http://www.w3.org/2004/02/skos/core#hasTopConcept",
}
#: a neighbourhood stops growing here, so a hub (the Council) stays readable
NEIGHBOURHOOD_LIMIT = 400


def _evidence(items: list[Evidence], limit: int = 5) -> list[dict[str, str]]:
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
    """Add or merge an edge; a second statement between the same nodes adds its kind and sentence."""
    if g.has_edge(s, o):
        data = g.edges[s, o]
        if kind not in data["kind"].split(", "):
            data["kind"] += ", " + kind
        data["evidence"].extend(e for e in evidence if e not in data["evidence"])
        data["weight"] += 1
    else:
        g.add_edge(s, o, kind=kind, evidence=list(evidence), weight=1)


def _is_document_graph(index: Index, g: str) -> bool:
    return index.cls(g) == "Document"


def cooperation(backend: Backend, index: Index | None = None) -> nx.DiGraph:
    """Organisations ↔ operations ↔ threats and commodities.

    Edges: *presented* (presenter → what the presentation was ``cck:about``),
    *leads* (organisation → operation, from ``cck:ledBy``), *targets*, *partOf*.
    Reference data (EMPACT targets excise fraud) is kept only for nodes the
    minutes speak of, so the map shows the minutes, not the gazetteer.
    """
    index = index or load_index(backend)
    g = nx.DiGraph(view="cooperation")
    for row in select(backend, PRESENTATIONS):
        org, p, doc = str(row["org"]), str(row["p"]), str(row["doc"])
        _node(g, index, org)
        if "about" in row:
            about = str(row["about"])
            _node(g, index, about)
            _edge(
                g,
                org,
                about,
                "presented",
                _evidence(index.sentences(p, doc, index.label(about))),
            )
    for row in select(backend, COOPERATION_LINKS):
        s, o, carrier, graph = (
            str(row["s"]),
            str(row["o"]),
            str(row["carrier"]),
            str(row["g"]),
        )
        if not (_is_document_graph(index, graph) or carrier in index.in_minutes):
            continue
        other = o if carrier == s else s
        _node(g, index, s)
        _node(g, index, o)
        _edge(
            g,
            s,
            o,
            str(row["kind"]),
            _evidence(index.sentences(carrier, None, index.label(other))),
        )
    for iri, cls in index.classes.items():
        if cls in ("Operation", "JointCustomsOperation") and iri in index.in_minutes:
            _node(g, index, iri)
    return g


def _date_of(literal: str) -> str:
    """ISO date of an ``xsd:date`` or ``xsd:gYearMonth`` (first of the month)."""
    text = literal[:10]
    return text if len(text) == 10 else (text[:7] + "-01")


def timeline(backend: Backend, index: Index | None = None) -> nx.DiGraph:
    """Meetings and events by date, with who presented at them and what they cited.

    Each dated node has ``date`` (ISO) and ``when`` (``past``/``forthcoming``):
    ``cck:status`` when the minutes say; else a meeting we hold minutes of is
    past, and an event is forthcoming when it starts after the date of the
    document that announced it.
    """
    index = index or load_index(backend)
    g = nx.DiGraph(view="timeline")
    context: dict[str, str] = {}
    for row in select(backend, EVENT_CONTEXT):
        context.setdefault(str(row["e"]), _date_of(str(row["docdate"])))
    for row in select(backend, TIMELINE_DATES):
        e = str(row["e"])
        start = _date_of(str(row["start"]))
        cls = index.cls(e)
        status = str(row.get("status", "")).casefold()
        if status not in ("past", "forthcoming"):
            if cls == "Meeting":
                status = "past"
            else:
                status = (
                    "forthcoming" if e in context and start > context[e] else "past"
                )
        display = cls if cls == "Meeting" else f"Event ({status})"
        _node(g, index, e, display, date=start, when=status)
        if "end" in row:
            g.nodes[e]["end"] = _date_of(str(row["end"]))
    dated = set(g.nodes)
    for row in select(backend, PRESENTERS_AT_MEETINGS):
        org, m, p = str(row["org"]), str(row["m"]), str(row["p"])
        if m in dated:
            _node(g, index, org)
            _edge(g, org, m, "presented at", _evidence(index.sentences(p)))
    for row in select(backend, ORGANISERS):
        e, org = str(row["e"]), str(row["org"])
        if e in dated:
            _node(g, index, org)
            _edge(
                g,
                org,
                e,
                "organised",
                _evidence(index.sentences(e, None, index.label(org))),
            )
    for row in select(backend, MEETING_CITES):
        m, cited, doc = str(row["m"]), str(row["cited"]), str(row["doc"])
        if m in dated:
            _node(g, index, cited, "Document")
            _edge(g, m, cited, "cites", _evidence(index.sentences(cited, doc)))
    for row in select(backend, MEETING_MENTIONS):
        m, e = str(row["m"]), str(row["e"])
        if m in dated and e in dated:
            _edge(g, m, e, "mentions", _evidence(index.sentences(e)))
    return g


def citations(backend: Backend, index: Index | None = None) -> nx.DiGraph:
    """Documents citing documents; ``cited`` counts how often each is cited (its size)."""
    index = index or load_index(backend)
    g = nx.DiGraph(view="citations")
    for row in select(backend, DOCUMENTS):
        d = str(row["d"])
        number = str(row.get("number", "")) or index.label(d)
        _node(g, index, d, "Document", number=number)
        g.nodes[d]["label"] = number
        if "title" in row:
            g.nodes[d]["title"] = str(row["title"])
    for row in select(backend, CITATIONS):
        a, b, doc = str(row["a"]), str(row["b"]), str(row["g"])
        if a == b:
            continue
        for d in (a, b):
            _node(g, index, d, "Document")
        _edge(g, a, b, "cites", _evidence(index.sentences(b, doc)))
    for d in g:
        g.nodes[d]["cited"] = g.in_degree(d)
    return g


def copresentation(backend: Backend, index: Index | None = None) -> nx.Graph:
    """Organisations linked by the meetings at which both presented; ``weight`` counts them."""
    index = index or load_index(backend)
    g = nx.Graph(view="copresentation")
    at: dict[str, dict[str, list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )  # meeting → org → presentations
    for row in select(backend, PRESENTERS_AT_MEETINGS):
        at[str(row["m"])][str(row["org"])].append(str(row["p"]))
    for m, orgs in sorted(at.items()):
        for org in orgs:
            _node(g, index, org)
        for a, b in combinations(sorted(orgs), 2):
            sentences = [
                e
                for org in (a, b)
                for p in orgs[org]
                for e in _evidence(index.sentences(p), 2)
            ]
            header = {"text": f"Both presented at {index.label(m)}", "doc": ""}
            if g.has_edge(a, b):
                g.edges[a, b]["weight"] += 1
                g.edges[a, b]["meetings"].append(index.label(m))
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
    ``rdf:type``) or leave it (``owl:sameAs``).
    """
    if not 1 <= depth <= 3:
        raise ValueError(f"depth must be 1, 2 or 3, not {depth}")
    index = index or load_index(backend)
    g = nx.DiGraph(view="neighbourhood", centre=iri)
    _node(g, index, iri)
    frontier = [iri]
    for _ in range(depth):
        found: list[str] = []
        for node in frontier:
            term = URIRef(node)
            links = [
                (node, str(r["p"]), str(r["o"]))
                for r in select(backend, NEIGHBOURS_OUT, {"s": term})
            ]
            links += [
                (str(r["s"]), str(r["p"]), node)
                for r in select(backend, NEIGHBOURS_IN, {"o": term})
            ]
            for s, p, o in links:
                other = o if s == node else s
                if (
                    p in _NEIGHBOURHOOD_SKIP
                    or other not in index.classes
                    or other == node
                ):
                    continue
                if other not in g:
                    if g.number_of_nodes() >= NEIGHBOURHOOD_LIMIT:
                        continue
                    found.append(other)
                    _node(g, index, other)
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
