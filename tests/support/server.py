"""A live customs-kg server on a free loopback port, for tests that talk HTTP like real clients.

uvicorn runs in a thread of the test process; the app's query workers are child
processes. The store is a fresh ingest of the example minutes, not the session's
``example_store``, so the server can hold it open without sharing the handle.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from kg.backends.base import Backend
from kg.backends.embedded import EmbeddedBackend
from kg.ingest import ingest
from kg.iris import Minter
from kg.server import ServerSettings, create_app
from support.env import free_port

__all__ = ["LiveServer", "example_copy", "live_server", "served"]

#: short enough that a runaway query is stopped quickly in tests, long enough for every catalogue query
EXAMPLE = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "minutes"
    / "ccwp-experts-2016-09-23.txt"
)
TEST_TIMEOUT = 3.0
TEST_MAX_ROWS = 1000


@dataclass(frozen=True)
class LiveServer:
    url: str
    store: Path
    settings: ServerSettings

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


@contextmanager
def live_server(
    backend_factory: Callable[[], Backend], store: Path, settings: ServerSettings
) -> Iterator[LiveServer]:
    """Serve until the block ends; fails fast if the server does not come up."""
    port = free_port()
    config = uvicorn.Config(
        create_app(backend_factory, settings),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, daemon=True, name="customs-kg-test-server"
    )
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    # the first query also waits for the worker processes to open the store
    httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=30)
    try:
        yield LiveServer(url, store, settings)
    finally:
        server.should_exit = True
        thread.join(15)


def example_copy(folder: Path) -> Path:
    """A store holding the example minutes, written and closed so others may open it."""
    store = folder / "store"
    backend = EmbeddedBackend(store)
    report = ingest([EXAMPLE], backend, Minter())
    assert not report.failed, report.failed
    backend.close()
    return store


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The read-only server over the example minutes, as ``customs-kg serve`` runs it."""
    store = example_copy(tmp_path_factory.mktemp("served"))
    settings = ServerSettings(timeout=TEST_TIMEOUT, max_rows=TEST_MAX_ROWS)
    with live_server(
        lambda: EmbeddedBackend(store, read_only=True), store, settings
    ) as server:
        yield server
