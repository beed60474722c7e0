"""The interface every store implements."""

from __future__ import annotations

import abc
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.query import Result
from rdflib.term import Node

from kg.backends.oxterms import AnyTriple

__all__ = ["BATCH_STATEMENTS", "Backend", "BackendError", "Triple"]

Triple = tuple[Node, Node, Node]

#: statements held before they are written, where a store takes graphs in
#: batches: enough that each write is worth its round trip or its transaction,
#: few enough that a failure loses little and memory stays flat
BATCH_STATEMENTS = 500_000


class BackendError(Exception):
    """A store could not do what was asked; the message is one line a user can act on."""


class Backend(abc.ABC):
    """A dataset of named graphs that can be replaced atomically and queried in SPARQL 1.1.

    Queries see the union of all named graphs as their default graph, so that a
    question need not know which document a fact came from.
    """

    #: short name for messages and benchmarks
    name: str = "backend"

    @abc.abstractmethod
    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[AnyTriple]]) -> None:
        """Make each named graph hold exactly the given triples, all or nothing.

        Re-ingesting a document replaces its graph, so the same input never adds
        duplicates; a failure part-way leaves every graph as it was.
        """

    def load_graphs(
        self,
        graphs: Iterable[tuple[URIRef, Sequence[AnyTriple]]],
        stored: Callable[[list[URIRef]], None],
        *,
        batch_statements: int = BATCH_STATEMENTS,
    ) -> None:
        """Write graphs as they come, each as `replace_graphs` would.

        For an ingest, whose graphs are read one file at a time: ``stored`` is
        called with the graphs written each time some are, a graph once for
        each time it was given, so a caller knows which made it when a
        `BackendError` stops the rest. A graph given twice is written as given
        last. Here the graphs are written in batches of about ``batch_statements``.
        """
        batch: dict[URIRef, Sequence[AnyTriple]] = {}
        size = 0
        for graph, triples in graphs:
            if graph in batch or size >= batch_statements:
                self.replace_graphs(batch)
                stored(list(batch))
                batch, size = {}, 0
            batch[graph] = triples
            size += len(triples)
        if batch:
            self.replace_graphs(batch)
            stored(list(batch))

    @abc.abstractmethod
    def drop_graphs(self, graphs: Iterable[URIRef]) -> None:
        """Remove these named graphs (missing ones are ignored)."""

    @abc.abstractmethod
    def named_graphs(self) -> list[URIRef]:
        """The named graphs held."""

    @abc.abstractmethod
    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query.

        ``bindings`` are substituted for variables by the engine (never pasted
        into the text), so a user-supplied value cannot change the query.
        """

    @abc.abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update."""

    @abc.abstractmethod
    def count(self, graph: URIRef | None = None) -> int:
        """Number of quads in one named graph, or in the whole dataset."""

    @abc.abstractmethod
    def dump(self, out: BinaryIO, fmt: str, graph: URIRef | None = None) -> None:
        """Serialise the dataset (``nq``, ``trig``) or one graph or the union
        (``ttl``, ``nt``, ``xml``) to a binary stream."""

    def ox_quads(self) -> Iterator[ox.Quad]:
        """Every quad, as pyoxigraph terms, for the fast serialisers of `kg.export`."""
        buf = io.BytesIO()
        self.dump(buf, "nq")
        return iter(ox.parse(buf.getvalue(), ox.RdfFormat.N_QUADS))

    def ox_distinct_triples(self) -> Iterator[ox.Triple]:
        """The union of all graphs, each triple once (an RDF merge, as triple syntaxes need)."""
        merged = ox.Store()
        merged.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object) for q in self.ox_quads()
        )
        return (ox.Triple(q.subject, q.predicate, q.object) for q in merged)

    def compact(self) -> None:  # noqa: B027 - only stores with local files have anything to do
        """Reorganise the store's files after a large load, so that look-ups stay fast."""

    @abc.abstractmethod
    def dataset(self) -> Dataset:
        """An rdflib view of the store, for code that wants rdflib's API."""

    def close(self) -> None:  # noqa: B027 - optional for backends that hold nothing open
        """Release files and connections."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
