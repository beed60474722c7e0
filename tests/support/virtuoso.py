"""A throw-away Virtuoso server for the tests that push to, and query, a real SPARQL store.

Each test session starts its own ``virtuoso-t`` on free loopback ports, with its
database in a temporary directory, so no run sees another's data; the server is
stopped when the session ends.
"""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.env import free_port, need_executable

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

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {sql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {dir}
SchedulerInterval = 10

[HTTPServer]
ServerPort = {http_port}
ServerRoot = {dir}
MaxClientConnections = 5
ServerThreads = 5

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@dataclass(frozen=True)
class VirtuosoServer:
    """Where the session's server answers. The administrator is ``dba``/``dba``."""

    http_port: int
    sql_port: int
    directory: Path
    isql_path: str
    user: str = "dba"
    password: str = "dba"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

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
        done = subprocess.run(
            [
                self.isql_path,
                str(self.sql_port),
                self.user,
                self.password,
                f"exec={sql}",
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            pytest.fail(f"isql {sql!r} failed: {done.stdout}{done.stderr}")
        return done.stdout

    def bulk_load(self, nquads: Path) -> None:
        """Load an N-Quads file in the server's directory with Virtuoso's bulk
        loader, as an administrator loads a large export."""
        self.isql(
            f"ld_dir('{nquads.parent}', '*.nq', 'urn:customs-kg:test:default');"
            " rdf_loader_run(); checkpoint;"
        )
        state = self.isql(
            f"SELECT ll_error FROM DB.DBA.LOAD_LIST WHERE ll_file = '{nquads}';"
        )
        if "NULL" not in state:
            pytest.fail(f"bulk load of {nquads.name} failed: {state}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """A running Virtuoso with SPARQL Update and the Graph Store Protocol open to anonymous users."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        server.isql(GRANTS)
        yield server


@contextmanager
def running_virtuoso(directory: Path) -> Iterator[VirtuosoServer]:
    """A Virtuoso with its database in ``directory``, stopped on leaving."""
    binary = need_executable(
        "virtuoso-t",
        "Debian package virtuoso-opensource-7-bin, for the remote-store tests",
    )
    isql = need_executable(
        "isql-vt",
        "Debian package virtuoso-opensource-7-bin, for the remote-store tests",
    )
    server = VirtuosoServer(
        http_port=free_port(), sql_port=free_port(), directory=directory, isql_path=isql
    )
    ini = directory / "virtuoso.ini"
    ini.write_text(
        INI.format(dir=directory, sql_port=server.sql_port, http_port=server.http_port),
        encoding="utf-8",
    )
    log = (directory / "stdout.log").open("wb")
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)],
        cwd=directory,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _answers(server.sparql):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (directory / "stdout.log").read_text(errors="replace")[-2000:]
                pytest.fail(
                    f"Virtuoso did not start on port {server.http_port}:\n{tail}"
                )
            time.sleep(0.25)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
