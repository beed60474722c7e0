"""A throw-away Virtuoso server for the tests that push to, and query, a real SPARQL store.

Each test session starts its own ``virtuoso-t`` on free loopback ports, with its
database in a temporary directory, so no run sees another's data; the server is
stopped when the session ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.harness.virtuoso import Virtuoso
from support.env import need_executable

__all__ = ["VirtuosoServer", "running_virtuoso", "virtuoso"]

STARTUP_TIMEOUT = 60.0

# The anonymous "SPARQL" account needs these for SPARQL Update on /sparql (without
# them: "SR186: No permission to execute procedure DB.DBA.SPARQL_INSERT_DICT_CONTENT").
# SPARQL_UPDATE alone also opens /sparql-graph-crud to PUT and DELETE, long literals
# included; DB.DBA.L_O_LOOK is not needed.
GRANTS = (
    'grant SPARQL_UPDATE to "SPARQL";'
    ' grant execute on DB.DBA.SPARQL_INSERT_DICT_CONTENT to "SPARQL";'
    ' grant execute on DB.DBA.SPARQL_DELETE_DICT_CONTENT to "SPARQL";'
)


@dataclass(frozen=True)
class VirtuosoServer:
    """Where the session's server answers. The administrator is ``dba``/``dba``."""

    launcher: Virtuoso
    user: str = "dba"
    password: str = "dba"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.launcher.http_port}"

    @property
    def sparql(self) -> str:
        """Anonymous query and update endpoint (updates need the grants above)."""
        return f"{self.base}/sparql"

    @property
    def sparql_auth(self) -> str:
        """The same, behind HTTP digest authentication."""
        return f"{self.base}/sparql-auth"

    @property
    def graph_store(self) -> str:
        """SPARQL 1.1 Graph Store HTTP Protocol, anonymous."""
        return f"{self.base}/sparql-graph-crud"

    @property
    def graph_store_auth(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    def isql(self, sql: str) -> str:
        """Run SQL as the administrator; the output, or a test failure with it."""
        try:
            return self.launcher.sql(sql)
        except RuntimeError as err:
            pytest.fail(f"{sql!r}: {err}")

    def bulk_load(self, nquads: Path) -> None:
        """Load an N-Quads file with Virtuoso's bulk loader, as an administrator
        loads a large export."""
        try:
            self.launcher.bulk_load(nquads)
        except RuntimeError as err:
            pytest.fail(str(err))


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """A running Virtuoso with SPARQL Update and the Graph Store Protocol open to anonymous users."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        server.isql(GRANTS)
        yield server


@contextmanager
def running_virtuoso(directory: Path) -> Iterator[VirtuosoServer]:
    """A Virtuoso with its database in ``directory``, stopped on leaving."""
    for name in ("virtuoso-t", "isql-vt"):
        need_executable(
            name, "Debian package virtuoso-opensource-7-bin, for the remote-store tests"
        )
    # a test's data is small: 80 MiB of buffers, answers up to 100,000 rows
    launcher = Virtuoso(directory=directory, buffers=10_000, result_rows=100_000)
    try:
        launcher.start(timeout=STARTUP_TIMEOUT)
    except RuntimeError as err:
        pytest.fail(f"Virtuoso did not start: {err}")
    try:
        yield VirtuosoServer(launcher)
    finally:
        launcher.stop()
