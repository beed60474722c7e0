"""What every view needs to know about a node: its class, its label, and the
sentences of the minutes it came from (``cck:evidence``, in the named graph of
its source document).

Read once per store, so building several views (the static site) costs three
queries, not three per node.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import Literal
from rdflib.term import Node

from kg.backends.base import Backend
from kg.namespaces import CCK_IRI
from viz.style import class_of

__all__ = [
    "EVIDENCE",
    "Evidence",
    "IN_MINUTES",
    "Index",
    "LABELS",
    "OFFSETS",
    "PREFIX",
    "TYPES",
    "load_index",
    "select",
]

PREFIX = """PREFIX cck: <https://w3id.org/customs-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
"""

#: every typed node of a ``cck:`` class
TYPES = (
    PREFIX
    + """SELECT ?x ?c WHERE {
  ?x a ?c .
  FILTER(isIRI(?x) && STRSTARTS(STR(?c), STR(cck:)))
}"""
)

#: names, best first: rdfs:label, then skos:prefLabel, then the document number
LABELS = (
    PREFIX
    + """SELECT ?x ?label ?rank WHERE {
  { ?x rdfs:label ?label BIND(1 AS ?rank) }
  UNION { ?x skos:prefLabel ?label BIND(2 AS ?rank) }
  UNION { ?x dct:identifier ?label BIND(3 AS ?rank) }
  FILTER(isIRI(?x))
}"""
)

#: each evidence sentence with the document (named graph) it was read from
EVIDENCE = (
    PREFIX
    + """SELECT ?x ?ev ?doc ?number WHERE {
  GRAPH ?doc { ?x cck:evidence ?ev }
  OPTIONAL { ?doc dct:identifier ?number }
}"""
)

#: where the sentences start in the document's normalised text
OFFSETS = (
    PREFIX
    + """SELECT ?x ?doc ?start WHERE {
  GRAPH ?doc { ?x cck:evidenceStart ?start }
}"""
)

#: nodes that occur in some document's graph (as subject or object): what the minutes speak of
IN_MINUTES = (
    PREFIX
    + """SELECT DISTINCT ?x WHERE {
  ?d a cck:Document .
  GRAPH ?d { { ?x ?p ?v } UNION { ?v ?p ?x } }
  FILTER(isIRI(?x))
}"""
)


@dataclass(frozen=True)
class Evidence:
    """One sentence of the minutes, and the document it is in."""

    text: str
    document: str
    number: str

    def as_dict(self) -> dict[str, str]:
        return {
            "text": self.text,
            "doc": self.number or self.document.rsplit("/", 1)[-1],
        }


@dataclass
class Index:
    classes: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    offsets: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    in_minutes: set[str] = field(default_factory=set)

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]

    def cls(self, iri: str) -> str:
        return self.classes.get(iri, "Thing")

    def sentences(
        self, iri: str, document: str | None = None, mention: str | None = None
    ) -> list[Evidence]:
        """Evidence of ``iri``, in one document if given; those naming ``mention``
        first when any do (an operation's sentence that names the threat it targets)."""
        found = [
            e
            for e in self.evidence.get(iri, [])
            if document is None or e.document == document
        ]
        if mention:
            naming = [e for e in found if mention.casefold() in e.text.casefold()]
            if naming:
                return naming
        return found


def select(
    backend: Backend, sparql: str, bindings: Mapping[str, Node] | None = None
) -> list[dict[str, Node]]:
    """A SELECT as a list of ``{variable: term}`` (unbound variables left out)."""
    result = backend.query(sparql, bindings)
    names = [str(v) for v in result.vars or []]
    out: list[dict[str, Node]] = []
    for row in result:
        if isinstance(row, tuple):
            out.append(
                {n: v for n, v in zip(names, row, strict=False) if v is not None}
            )
    return out


def load_index(backend: Backend) -> Index:
    index = Index()
    types: dict[str, set[str]] = defaultdict(set)
    for row in select(backend, TYPES):
        types[str(row["x"])].add(str(row["c"])[len(CCK_IRI) :])
    index.classes = {iri: class_of(names) for iri, names in types.items()}
    ranked: dict[str, tuple[int, int, str]] = {}
    for row in select(backend, LABELS):
        iri, label = str(row["x"]), row["label"]
        lang = label.language if isinstance(label, Literal) else None
        key = (int(str(row["rank"])), 0 if lang in (None, "en") else 1, str(label))
        if iri not in ranked or key < ranked[iri]:
            ranked[iri] = key
    index.labels = {iri: key[2] for iri, key in ranked.items()}
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for row in select(backend, EVIDENCE):
        ev = Evidence(str(row["ev"]), str(row["doc"]), str(row.get("number", "")))
        if ev not in evidence[str(row["x"])]:
            evidence[str(row["x"])].append(ev)
    index.evidence = dict(evidence)
    offsets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in select(backend, OFFSETS):
        offsets[(str(row["x"]), str(row["doc"]))].append(int(str(row["start"])))
    index.offsets = dict(offsets)
    index.in_minutes = {str(row["x"]) for row in select(backend, IN_MINUTES)}
    return index
