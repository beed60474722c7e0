"""Running queries with a time limit and a row cap.

pyoxigraph cannot interrupt a query it is evaluating, and a Python thread cannot be
killed, so a thread left behind by a timeout would burn a core until the query ends,
which for a cross product may be never. Queries on the embedded store therefore run
in a small pool of worker processes (`kg.server.worker`), each holding the store open
read-only (`pyoxigraph.Store.read_only`). A query that outlives the timeout has its
process killed and replaced; the other workers keep answering meanwhile.

Remote backends need no such care: the server at the other end does the work and
the HTTP client's own timeout ends the wait, so they run in a thread.

Writes (SPARQL Update, when allowed) go through the main backend while no worker is
reading: `ProcessExecutor.exclusive` takes every worker out of the pool, and on
leaving restarts them so they see the new data. Oxigraph documents reading a store
read-only while another process writes it as undefined, so the two never overlap.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from multiprocessing.context import SpawnProcess
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.query import Result

from kg.backends.base import Backend, BackendError
from kg.backends.oxterms import to_ox, to_ox_triples
from kg.namespaces import PREFIXES
from kg.server import worker
from kg.server.worker import UNION, ProtocolDataset, Reply, Request

__all__ = [
    "Executor",
    "ProcessExecutor",
    "QueryTimeout",
    "ThreadExecutor",
    "serialise_result",
]


class QueryTimeout(Exception):
    """The query ran longer than the server allows (or no worker became free in time)."""


class Executor:
    """Runs a bound query and returns its serialised answer; blocking, call it in a thread."""

    def __init__(self, timeout: float, max_rows: int) -> None:
        self.timeout = timeout
        self.max_rows = max_rows

    def run(
        self, query: str, media_type: str, graphs: ProtocolDataset = UNION
    ) -> Reply:
        raise NotImplementedError

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold off every query while the store is written."""
        yield

    def close(self) -> None:
        """Stop whatever runs queries."""


class _Worker:
    def __init__(self, ctx: multiprocessing.context.SpawnContext, path: str) -> None:
        self.conn, child = ctx.Pipe()
        self.process: SpawnProcess = ctx.Process(
            target=worker.serve,
            args=(child, path, dict(PREFIXES)),
            daemon=True,
            name="customs-kg-query",
        )
        self.process.start()
        child.close()

    def ask(self, request: Request, timeout: float) -> Reply:
        self.conn.send(request)
        if not self.conn.poll(timeout):
            raise QueryTimeout(
                f"the query ran longer than {timeout:g} s and was stopped"
            )
        try:
            reply = self.conn.recv()
        except (EOFError, OSError) as err:
            raise BackendError(
                "the query worker ended unexpectedly; the query was not answered"
            ) from err
        assert isinstance(reply, Reply)
        return reply

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class ProcessExecutor(Executor):
    """A pool of killable worker processes over a store directory."""

    def __init__(
        self, path: Path, *, timeout: float, max_rows: int, workers: int = 2
    ) -> None:
        super().__init__(timeout, max_rows)
        self.path = str(path)
        self.size = max(1, workers)
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        for _ in range(self.size):
            self._idle.put(_Worker(self._ctx, self.path))

    def run(
        self, query: str, media_type: str, graphs: ProtocolDataset = UNION
    ) -> Reply:
        try:
            w = self._idle.get(timeout=self.timeout)
        except queue.Empty as err:
            raise QueryTimeout(
                f"every query worker stayed busy for {self.timeout:g} s; try again"
            ) from err
        try:
            request = Request(
                query,
                media_type,
                self.max_rows,
                graphs.default_graphs,
                graphs.named_graphs,
            )
            return w.ask(request, self.timeout)
        except (QueryTimeout, BackendError):
            w.stop()
            w = _Worker(self._ctx, self.path)
            raise
        finally:
            self._idle.put(w)

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._lock:
            held = [self._idle.get() for _ in range(self.size)]
            try:
                for w in held:
                    w.stop()
                yield
            finally:
                for _ in held:
                    self._idle.put(_Worker(self._ctx, self.path))

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return


class ThreadExecutor(Executor):
    """For backends that do their work elsewhere (a remote SPARQL server) or in memory.

    The caller abandons the wait after the timeout; the thread ends when the
    backend's own client timeout does.
    """

    def __init__(self, backend: Backend, *, timeout: float, max_rows: int) -> None:
        super().__init__(timeout, max_rows)
        self.backend = backend

    def run(
        self, query: str, media_type: str, graphs: ProtocolDataset = UNION
    ) -> Reply:
        if graphs.default_graphs or graphs.named_graphs:
            return Reply(
                error="default-graph-uri and named-graph-uri are not passed on to a remote store; "
                "use FROM and FROM NAMED in the query",
                user_error=True,
            )
        try:
            result = self.backend.query(query)
        except BackendError as err:
            return Reply(error=str(err), user_error="syntax" in str(err).lower())
        return serialise_result(result, media_type, self.max_rows)


def serialise_result(result: Result, media_type: str, max_rows: int) -> Reply:
    """An rdflib result written by Oxigraph's serialisers, so every backend answers alike."""
    if result.type == "ASK":
        fmt = ox.QueryResultsFormat.from_media_type(media_type)
        body = ox.parse_query_results(
            '{"head":{},"boolean":%s}' % ("true" if result.askAnswer else "false"),
            ox.QueryResultsFormat.JSON,
        ).serialize(format=fmt)
        return Reply(body or b"", media_type, 1)
    if result.type == "SELECT":
        names = [str(v) for v in result.vars or []]
        bindings = list(result.bindings)
        rows = [
            [_ox_or_none(b.get(v)) for v in (result.vars or [])]
            for b in bindings[:max_rows]
        ]
        body = worker.capped_solutions(names, rows).serialize(
            format=ox.QueryResultsFormat.from_media_type(media_type)
        )
        return Reply(body or b"", media_type, len(rows), len(bindings) > max_rows)
    graph = result.graph if result.graph is not None else Graph()
    triples = list(islice(to_ox_triples(graph), max_rows + 1))
    truncated = len(triples) > max_rows
    body = ox.serialize(
        triples[:max_rows], format=ox.RdfFormat.from_media_type(media_type)
    )
    return Reply(body or b"", media_type, min(len(triples), max_rows), truncated)


def _ox_or_none(term: object) -> object:
    return None if term is None else to_ox(term)  # type: ignore[arg-type]
