"""rdflib ↔ pyoxigraph term conversion for the bulk paths that bypass rdflib's store API."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

__all__ = ["from_ox", "to_ox", "to_ox_quads", "to_rdflib_result"]


@lru_cache(maxsize=65536)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} in Oxigraph")


def to_ox_quads(triples: Iterable[tuple[Node, Node, Node]], graph: URIRef) -> list[ox.Quad]:
    g = _named(str(graph))
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in triples]  # type: ignore[arg-type]


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


def to_rdflib_result(native: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Result:
    """An Oxigraph answer as rdflib's `Result`, so callers see one result type for every store."""
    if isinstance(native, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(native)
    elif isinstance(native, ox.QuerySolutions):
        out = Result("SELECT")
        names = [v.value for v in native.variables]
        out.vars = [Variable(n) for n in names]
        out.bindings = [
            {Variable(n): from_ox(sol[i]) for i, n in enumerate(names) if sol[i] is not None}  # type: ignore[misc]
            for sol in native
        ]
    else:
        out = Result("CONSTRUCT")
        graph = Graph()
        for t in native:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))  # type: ignore[arg-type]
        out.graph = graph
    return out
