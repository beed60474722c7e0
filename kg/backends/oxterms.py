"""rdflib ↔ pyoxigraph term conversion for the bulk paths that bypass rdflib's store API."""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef, Variable
from rdflib.namespace import DefinedNamespace
from rdflib.query import Result
from rdflib.term import Node

__all__ = [
    "AnyTriple",
    "OxNamespace",
    "OxTerm",
    "data_changes",
    "from_ox",
    "integer",
    "named",
    "ntriples_lines",
    "rdflib_triple",
    "to_ox",
    "to_ox_quads",
    "to_ox_triples",
    "to_rdflib_result",
]

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
#: a triple of rdflib terms or of pyoxigraph terms: the stores take either
AnyTriple = tuple[Node | OxTerm, Node | OxTerm, Node | OxTerm]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_OX_TERMS = frozenset((ox.NamedNode, ox.BlankNode, ox.Literal))


@functools.lru_cache(maxsize=8192)
def named(iri: str) -> ox.NamedNode:
    """The pyoxigraph node of an IRI. Predicates, classes and well-known entities
    recur in every document and are made once; the many IRIs that occur in one
    document only (its items, its presentations) pass through a bounded cache
    rather than pile up in memory over a long load."""
    return ox.NamedNode(iri)


class OxNamespace:
    """A namespace's terms as pyoxigraph nodes, each made once on first use; a
    closed namespace still refuses a name the ontology does not define.

    Code that writes many statements (a document's graph, the summary) names
    its properties this way: an rdflib namespace resolves each use anew."""

    def __init__(self, namespace: type[DefinedNamespace] | Namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> ox.NamedNode:
        node = named(str(self._namespace[name]))
        setattr(self, name, node)
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:
        node: ox.NamedNode = getattr(self, name)
        return node


_INTEGER = named("http://www.w3.org/2001/XMLSchema#integer")


def integer(n: int) -> ox.Literal:
    """An ``xsd:integer`` literal."""
    return ox.Literal(str(n), datatype=_INTEGER)


def to_ox(term: Node | OxTerm) -> OxTerm:
    cls = term.__class__
    if cls in _OX_TERMS:  # already native: the graph builder's terms
        return term  # type: ignore[return-value]
    if cls is URIRef:
        return named(term)
    if cls is Literal:
        assert isinstance(term, Literal)
        lexical = str(term)
        if term.language:
            return ox.Literal(lexical, language=term.language)
        datatype = term.datatype
        if datatype is None or datatype == _XSD_STRING:
            return ox.Literal(lexical)
        return ox.Literal(lexical, datatype=named(datatype))
    if isinstance(term, URIRef):
        return named(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        return to_ox(Literal(str(term), lang=term.language, datatype=term.datatype))
    raise TypeError(f"cannot store {term!r} in Oxigraph")


def ntriples_lines(triples: Iterable[AnyTriple]) -> set[str]:
    """The triples as N-Triples lines, the form in which graphs are compared and
    written by SPARQL Update (a term's text is the same from either side)."""
    convert = to_ox
    return {f"{convert(s)} {convert(p)} {convert(o)} ." for s, p, o in triples}


def data_changes(
    graph: str, removed: Collection[str], added: Collection[str]
) -> list[str]:
    """The SPARQL Update operations that take the N-Triples lines ``removed`` out
    of ``graph`` (an IRI in angle brackets) and put ``added`` in; none for an
    empty side."""
    ops = []
    if removed:
        ops.append(f"DELETE DATA {{ GRAPH {graph} {{ {' '.join(removed)} }} }}")
    if added:
        ops.append(f"INSERT DATA {{ GRAPH {graph} {{ {' '.join(added)} }} }}")
    return ops


def to_ox_quads(triples: Iterable[AnyTriple], graph: URIRef) -> Iterator[ox.Quad]:
    """The triples as quads of ``graph``, made one at a time: a batch of documents
    streamed into the bulk loader is never held twice, as triples and as quads."""
    g = named(str(graph))
    quad, convert = ox.Quad, to_ox
    return (quad(convert(s), convert(p), convert(o), g) for s, p, o in triples)  # type: ignore[arg-type]


def to_ox_triples(triples: Iterable[AnyTriple]) -> Iterator[ox.Triple]:
    """The triples as pyoxigraph triples, made one at a time, for its writers."""
    convert = to_ox
    return (ox.Triple(convert(s), convert(p), convert(o)) for s, p, o in triples)  # type: ignore[arg-type]


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unexpected term {term!r}")


def rdflib_triple(triple: AnyTriple) -> tuple[Node, Node, Node]:
    """A triple in rdflib terms, whichever terms it came in."""
    s, p, o = triple
    if s.__class__ in _OX_TERMS or p.__class__ in _OX_TERMS or o.__class__ in _OX_TERMS:
        return (_rdflib(s), _rdflib(p), _rdflib(o))
    return triple  # type: ignore[return-value]


def _rdflib(term: Node | OxTerm) -> Node:
    return from_ox(term) if term.__class__ in _OX_TERMS else term  # type: ignore[arg-type,return-value]


def to_rdflib_result(
    native: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
) -> Result:
    """An Oxigraph answer as rdflib's `Result`, so callers see one result type for every store."""
    if isinstance(native, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(native)
    elif isinstance(native, ox.QuerySolutions):
        out = Result("SELECT")
        variables = [Variable(v.value) for v in native.variables]
        out.vars = variables
        # a value recurs down a column (a meeting's body, a date, a count), and
        # making rdflib terms (a typed literal parses its value) is most of the
        # cost of a long answer: each distinct value is converted once
        converted: dict[OxTerm, Any] = {}
        bindings: list[Mapping[Variable, Any]] = []
        for sol in native:
            row: dict[Variable, Any] = {}
            for i, var in enumerate(variables):
                value = sol[i]
                if value is None:
                    continue
                term = converted.get(value)
                if term is None:
                    term = converted[value] = from_ox(value)
                row[var] = term
            bindings.append(row)
        out.bindings = bindings
    else:
        out = Result("CONSTRUCT")
        graph = Graph()
        for t in native:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))  # type: ignore[arg-type]
        out.graph = graph
    return out
