"""Copy the whole graph into an external SPARQL store, graph by graph.

Pushing is idempotent: each named graph of the source replaces the graph of the
same IRI on the server, so pushing twice leaves the same triples. With
``replace`` the project's graphs that the source no longer holds are dropped
first; only graphs under the project's base IRI are ever touched, whatever else
the server holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import URIRef

from kg.backends.base import Backend, Triple
from kg.backends.embedded import EmbeddedBackend
from kg.backends.oxterms import from_ox
from kg.backends.remote import RemoteBackend
from kg.iris import Minter

__all__ = ["PushReport", "project_graphs", "push"]


@dataclass
class PushReport:
    """What was sent, and what the server says it holds afterwards."""

    graphs: list[URIRef] = field(default_factory=list)
    triples: int = 0
    dropped: list[URIRef] = field(default_factory=list)
    #: triples in the pushed graphs, counted by the server after the push
    server_triples: int = 0


def _owned(graph: URIRef, minter: Minter) -> bool:
    own = {
        minter.ontology_graph,
        minter.reference_graph,
        minter.inferred_graph,
        minter.dataset,
    }
    return graph in own or str(graph).startswith(minter.base)


def project_graphs(graphs: list[URIRef], minter: Minter) -> list[URIRef]:
    """The graphs among ``graphs`` that belong to this project (under its base IRI)."""
    return [g for g in graphs if _owned(g, minter)]


def push(
    source: Backend,
    target: Backend,
    *,
    replace: bool,
    minter: Minter | None = None,
    progress: Callable[[URIRef, int], None] | None = None,
) -> PushReport:
    """Load every named graph of ``source`` into ``target``; ``progress(graph, triples)``
    is called after each graph is on the server."""
    minter = minter or Minter()
    report = PushReport()
    graphs = source.named_graphs()
    if replace:
        stale = [
            g
            for g in project_graphs(target.named_graphs(), minter)
            if g not in set(graphs)
        ]
        if stale:
            target.drop_graphs(stale)
        report.dropped = stale
    for graph in graphs:
        triples = _triples(source, graph)
        target.replace_graphs({graph: triples})
        report.graphs.append(graph)
        report.triples += len(triples)
        if progress is not None:
            progress(graph, len(triples))
    report.server_triples = _server_count(target, report.graphs)
    return report


def _triples(source: Backend, graph: URIRef) -> list[Triple]:
    """A graph's triples; straight from Oxigraph when the source is the embedded store,
    without rdflib's per-triple store calls."""
    if not isinstance(source, EmbeddedBackend):
        return list(source.dataset().graph(graph))
    named = ox.NamedNode(str(graph))
    return [
        (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))  # type: ignore[arg-type,misc]
        for q in source.ox_store.quads_for_pattern(None, None, None, named)
    ]


def _server_count(target: Backend, graphs: list[URIRef]) -> int:
    """What the server holds in the pushed graphs: one grouped count where it can."""
    if (
        isinstance(target, RemoteBackend)
        and target.scope
        and all(str(g).startswith(target.scope) for g in graphs)
    ):
        by_graph = target.graph_counts()
        return sum(by_graph.get(g, 0) for g in graphs)
    return sum(target.count(g) for g in graphs)
