"""Oxigraph queries in a worker process, so that a slow one can be stopped.

A query runs inside pyoxigraph's native code, where no Python signal reaches
it: the only way to hold a per-query time limit is to run it in another
process and kill that process when the limit passes. The worker opens the
store read-only and times each query itself, so the pipe adds nothing to the
measured time.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.harness.common import Timeout, consume, fingerprint

if TYPE_CHECKING:
    from bench.harness.queries import BenchQuery


def _serve(store: str, conn: Connection) -> None:
    from kg.backends.embedded import EmbeddedBackend
    from kg.catalogue import run_query
    from kg.namespaces import PREFIXES

    backend = EmbeddedBackend(Path(store), read_only=True)
    native = backend.ox_store
    conn.send("ready")
    while True:
        msg = conn.recv()
        if msg is None:
            break
        seq, mode, text, asked = msg
        t0 = time.perf_counter()
        rows: Any
        try:
            if mode == "backend" and asked is not None:
                # as the command line and the server ask a catalogue question:
                # by name, with the user's parameters, answered as rdflib's Result
                name, params = asked
                rows = consume(run_query(backend, name, params=params))
            elif mode == "backend":  # ad-hoc SPARQL, as the CLI and server see it
                rows = consume(backend.query(text))
            elif mode == "answer":  # what the rows say, to compare with other engines
                rows = fingerprint(backend.query(text))  # type: ignore[arg-type]
            else:  # pyoxigraph's own solutions, no term conversion
                rows = consume(
                    native.query(
                        text, use_default_graph_as_union=True, prefixes=PREFIXES
                    )
                )
            conn.send((seq, "ok", rows, time.perf_counter() - t0))
        except Exception as err:  # noqa: BLE001 - the error is the answer
            conn.send(
                (
                    seq,
                    "error",
                    f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}",
                    0.0,
                )
            )
    backend.close()


class OxWorker:
    """One read-only Oxigraph store in a child process; `run` raises `Timeout` and restarts it."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self._ctx = mp.get_context("spawn")
        self._seq = 0
        self._start()

    def _start(self) -> None:
        self.conn, child = self._ctx.Pipe()
        self.proc = self._ctx.Process(
            target=_serve, args=(str(self.store), child), daemon=True
        )
        self.proc.start()
        child.close()
        if not self.conn.poll(120) or self.conn.recv() != "ready":
            raise RuntimeError("the Oxigraph worker did not start")

    def run(self, mode: str, query: BenchQuery, limit: float) -> tuple[int, float]:
        """(rows, seconds measured in the worker)."""
        value, seconds = self._ask(mode, query, limit)
        return int(value), float(seconds)

    def answer(self, query: BenchQuery, limit: float) -> dict[str, str]:
        """The answer's `fingerprint`, as the CLI and server would see it."""
        value, _ = self._ask("answer", query, limit)
        return dict(value)

    def _ask(self, mode: str, query: BenchQuery, limit: float) -> tuple[Any, float]:
        self._seq += 1
        self.conn.send((self._seq, mode, query.text, query.asked))
        deadline = time.monotonic() + limit
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not self.conn.poll(left):
                self._kill()
                self._start()
                raise Timeout(f"over {limit:g}s")
            seq, status, value, seconds = self.conn.recv()
            if seq == self._seq:  # anything else is a stale answer
                break
        if status != "ok":
            raise RuntimeError(value)
        return value, seconds

    def _kill(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()

    def close(self) -> None:
        try:
            self.conn.send(None)
            self.proc.join(10)
        except (OSError, BrokenPipeError):
            pass
        if self.proc.is_alive():
            self._kill()
