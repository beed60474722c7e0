"""The embedded store: Oxigraph on disk, seen through rdflib by oxrdflib."""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, URIRef
from rdflib.query import Result
from rdflib.term import Node

from kg.backends.base import BATCH_STATEMENTS, Backend, BackendError
from kg.backends.oxterms import (
    AnyTriple,
    data_changes,
    named,
    ntriples_lines,
    to_ox_quads,
    to_rdflib_result,
)
from kg.namespaces import PREFIXES
from kg.sparql import bind

__all__ = ["BULK_STATEMENTS", "EmbeddedBackend", "RDF_FORMATS"]

#: new statements streamed through one bulk load: a failure drops at most this
#: many (about 10,000 minutes), and fewer loads leave RocksDB less to merge
BULK_STATEMENTS = 4_000_000

#: our format names → Oxigraph's serialisers
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}
_DATASET_FORMATS = {"nq", "trig"}


def _blank(line: str) -> bool:
    """Whether an N-Triples statement may name a blank node (a literal holding
    " _:" counts too: it only costs a whole rewrite)."""
    return line.startswith("_:") or " _:" in line


def _open_read_only(path: Path, attempts: int = 8) -> ox.Store:
    """Open a store that another process may be writing (an ingest, a server).

    RocksDB opens read-only from the list of files its manifest names; a writer
    compacting meanwhile deletes some of them, and the open fails. Each attempt
    reads the manifest again, and compactions end within a second or two.
    """
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except RuntimeError as err:
            if "No such file" not in str(err):
                raise OSError(str(err)) from err
            if attempt == attempts - 1:
                raise BackendError(
                    f"cannot read the store at {path}: another customs-kg is writing it;"
                    " try again when its ingest ends, or query its server"
                ) from err
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


class EmbeddedBackend(Backend):
    """Oxigraph persisted in a directory, or in memory when ``path`` is None."""

    name = "oxigraph"

    def __init__(
        self, path: str | Path | None = None, *, read_only: bool = False
    ) -> None:
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only and not Path(path).is_dir():
                raise BackendError(
                    f"no store at {path}; load minutes into it with 'customs-kg ingest' first"
                )
            elif read_only:
                self._store = _open_read_only(Path(path))
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as err:
            raise BackendError(
                f"cannot open the store at {path}: {err}; is another customs-kg using it?"
            ) from err
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._dataset: Dataset | None = None

    @property
    def ox_store(self) -> ox.Store:
        """The pyoxigraph store, for bulk paths and native serialisers."""
        return self._store

    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[AnyTriple]]) -> None:
        """Write each graph whole, or leave the store as it was.

        A graph the store does not hold yet (a document ingested for the first
        time, the common case) goes through Oxigraph's bulk loader, about three
        times faster than a transaction; if the write fails, the graphs this call
        created are dropped again. A graph being replaced is compared with what
        the store holds, and only the difference is written, by one SPARQL Update
        (one transaction), so its old version stays until the new one is
        complete. Writing the whole graph to a staging graph and moving it in
        costs a copy and two deletions of every statement: 21 s for the summary
        graph at 10,000 minutes, whose rebuild changes a few of its 240,000.
        """
        created: list[tuple[URIRef, Iterable[AnyTriple]]] = []
        changes: list[str] = []
        for graph, triples in graphs.items():
            name = named(str(graph))
            # one look-up per graph: listing every graph per batch grew with the store
            if self._store.contains_named_graph(name):
                changes += self._changes(name, triples)
            else:
                created.append((graph, triples))
        with self._dropped_on_failure([graph for graph, _ in created]):
            if created:
                self._store.bulk_extend(
                    quad
                    for graph, triples in created
                    for quad in to_ox_quads(triples, graph)
                )
            if changes:
                self._store.update(" ; ".join(changes))

    def load_graphs(
        self,
        graphs: Iterable[tuple[URIRef, Sequence[AnyTriple]]],
        stored: Callable[[list[URIRef]], None],
        *,
        batch_statements: int = BATCH_STATEMENTS,
    ) -> None:
        """Stream new graphs through one bulk load per `BULK_STATEMENTS`.

        Each bulk load leaves files that RocksDB merges into the store in the
        background, at a cost that grows with the number of loads and the size
        of the store: at 10,000 minutes, one stream took 155 s of CPU where
        loads of 500,000 statements took 180 s, and nothing is held in Python
        meanwhile. A graph the store holds already, or one given twice, is set
        aside and replaced (by difference, as `replace_graphs` does) once the
        load before it is in; ``batch_statements`` of them end a load early.
        If a load fails or is interrupted, the graphs it created are dropped
        again, so none is left half-written.
        """
        stream = iter(graphs)
        while True:
            created, replaced, given, ended = self._bulk_load(stream, batch_statements)
            if created:
                stored(created)
            if replaced:
                self.replace_graphs(replaced)
                stored(given)
            if ended:
                return

    def _bulk_load(
        self,
        stream: Iterator[tuple[URIRef, Sequence[AnyTriple]]],
        set_aside: int,
    ) -> tuple[list[URIRef], dict[URIRef, Sequence[AnyTriple]], list[URIRef], bool]:
        """One bulk load from ``stream``: the graphs it created, those set aside
        to be replaced (each as given last), every time one was set aside, and
        whether the stream ended."""
        created: list[URIRef] = []
        seen: set[URIRef] = set()
        replaced: dict[URIRef, Sequence[AnyTriple]] = {}
        given: list[URIRef] = []
        ended = True

        def quads() -> Iterator[ox.Quad]:
            nonlocal ended
            loaded = waiting = 0
            for graph, triples in stream:
                if graph in seen or self._store.contains_named_graph(named(str(graph))):
                    replaced[graph] = triples
                    given.append(graph)
                    waiting += len(triples)
                else:
                    seen.add(graph)
                    created.append(graph)
                    yield from to_ox_quads(triples, graph)
                    loaded += len(triples)
                if waiting >= set_aside or loaded >= BULK_STATEMENTS:
                    ended = False
                    return

        with self._dropped_on_failure(created):
            self._store.bulk_extend(quads())
        return created, replaced, given, ended

    def _changes(self, graph: ox.NamedNode, triples: Iterable[AnyTriple]) -> list[str]:
        """The SPARQL Update operations that make ``graph`` hold ``triples``.

        Both sides are compared as N-Triples lines, the form the store writes a
        graph in and the update is written in: Oxigraph dumps a graph as text
        faster than it hands out its statements as Python objects (2.0 s
        against 3.0 s for the summary of 10,000 minutes), and a term's text is
        the same either way.
        """
        wanted = ntriples_lines(triples)
        if not wanted:
            return [f"DROP SILENT GRAPH {graph}"]
        text = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        stored = set((text or b"").decode().splitlines())
        if any(map(_blank, stored)) or any(map(_blank, wanted)):
            # blank nodes cannot be matched by data: the graph is written again
            return [
                f"CLEAR SILENT GRAPH {graph}",
                *data_changes(str(graph), (), wanted),
            ]
        return data_changes(str(graph), stored - wanted, wanted - stored)

    @contextlib.contextmanager
    def _dropped_on_failure(self, created: list[URIRef]) -> Iterator[None]:
        """Drop the graphs ``created`` (the list as it stands then) if the write
        in the block fails or is interrupted, so none is left half-written; a
        refused write (a full disk) becomes one line to act on."""
        try:
            yield
        except BaseException as err:
            try:
                if created:
                    self._store.update(
                        " ; ".join(f"DROP SILENT GRAPH <{g}>" for g in created)
                    )
            except OSError as cleanup:
                raise BackendError(
                    f"the store at {self.path} failed ({err}) and could not be cleaned up ({cleanup}); "
                    f"re-ingest after freeing space, which replaces the partial graphs"
                ) from cleanup
            if isinstance(err, OSError):
                raise BackendError(
                    f"the store at {self.path} refused the write: {err}"
                ) from err
            raise

    def drop_graphs(self, graphs: Iterable[URIRef]) -> None:
        ops = [f"DROP SILENT GRAPH <{g}>" for g in graphs]
        if ops:
            self._store.update(" ; ".join(ops))

    def named_graphs(self) -> list[URIRef]:
        return sorted(
            URIRef(g.value)
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode)
        )

    def dataset(self) -> Dataset:
        if self._dataset is None:
            self._dataset = Dataset(
                store=OxigraphStore(store=self._store), default_union=True
            )
            for prefix, ns in PREFIXES.items():
                self._dataset.bind(prefix, ns, replace=True)
        return self._dataset

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        try:
            native = self._store.query(
                bind(sparql, bindings or {}),
                use_default_graph_as_union=True,
                prefixes=PREFIXES,
            )
        except SyntaxError as err:
            raise BackendError(f"SPARQL syntax error: {err}") from err
        except OSError as err:
            raise BackendError(
                f"the store at {self.path} could not answer: {err}"
            ) from err
        return to_rdflib_result(native)

    def query_native(
        self,
        sparql: str,
        bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Oxigraph's own result object, for callers that serialise results natively."""
        return self._store.query(
            sparql,
            use_default_graph_as_union=True,
            prefixes=PREFIXES,
            substitutions={ox.Variable(k): v for k, v in (bindings or {}).items()},
        )

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as err:
            raise BackendError(f"SPARQL syntax error: {err}") from err

    def count(self, graph: URIRef | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(
            1
            for _ in self._store.quads_for_pattern(
                None, None, None, ox.NamedNode(str(graph))
            )
        )

    def dump(self, out: BinaryIO, fmt: str, graph: URIRef | None = None) -> None:
        try:
            rdf_format = RDF_FORMATS[fmt]
        except KeyError as err:
            raise BackendError(
                f"unknown format {fmt!r}; use one of {', '.join(RDF_FORMATS)}"
            ) from err
        if fmt in _DATASET_FORMATS and graph is None:
            self._store.dump(
                out, rdf_format, prefixes=PREFIXES if fmt == "trig" else None
            )
        elif graph is not None:
            self._store.dump(
                out, rdf_format, from_graph=ox.NamedNode(str(graph)), **_prefixes(fmt)
            )
        else:
            # the union of all graphs, each triple once
            solutions = self._store.query(
                "SELECT DISTINCT ?s ?p ?o { ?s ?p ?o }", use_default_graph_as_union=True
            )
            assert isinstance(solutions, ox.QuerySolutions)
            tmp = ox.Store()
            tmp.bulk_extend(ox.Quad(row[0], row[1], row[2]) for row in solutions)
            tmp.dump(out, rdf_format, from_graph=ox.DefaultGraph(), **_prefixes(fmt))

    def ox_quads(self) -> Iterator[ox.Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, None))

    def ox_distinct_triples(self) -> Iterator[ox.Triple]:
        solutions = self._store.query(
            "SELECT DISTINCT ?s ?p ?o { ?s ?p ?o }", use_default_graph_as_union=True
        )
        assert isinstance(solutions, ox.QuerySolutions)
        return (ox.Triple(row[0], row[1], row[2]) for row in solutions)

    def flush(self) -> None:
        self._store.flush()

    def compact(self) -> None:
        """Merge the files that bulk loads left behind.

        Every bulk write adds its own sorted files to RocksDB, and a look-up
        consults each of them: after 10,000 documents in batches, joins that look
        up one row at a time ran three times slower than on the compacted store.
        Compaction rewrites what the last loads added (seconds for thousands of
        documents), so it is worth it after a large load, not after every file.
        """
        if self.path is None or self.read_only:
            return
        try:
            self._store.optimize()
        except OSError as err:
            raise BackendError(
                f"the store at {self.path} could not be compacted: {err}"
            ) from err

    def close(self) -> None:
        if self._dataset is not None:
            self._dataset = None
            gc.collect()  # oxrdflib's store holds the database open until collected
        if self.path is not None and not self.read_only:
            with contextlib.suppress(OSError):
                self._store.flush()
        del self._store


def _prefixes(fmt: str) -> dict[str, Any]:
    return {"prefixes": PREFIXES} if fmt in {"ttl", "trig", "xml"} else {}
