"""A throwaway Virtuoso server: its own directory, free loopback ports.

The benchmark compares it with the embedded store, and the remote-store tests
push to and query it; both start it here (a generated ``virtuoso.ini``,
``virtuoso-t +foreground``), so neither depends on the other's framework.
Large data goes in through Virtuoso's bulk loader (``ld_dir`` +
``rdf_loader_run``), which is how a large graph is pushed into Virtuoso in
practice.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.harness.common import Timeout, free_port

_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 0
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = ., {d}
ServerThreads = 10

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = {rows}
MaxQueryExecutionTime = {limit}
MaxQueryCostEstimationTime = 0
"""


_JSON = "application/sparql-results+json"


class Virtuoso:
    """One server process; use as a context manager so it is always stopped.

    Without ``directory`` its database goes in a new temporary directory,
    removed when it stops. ``buffers`` are Virtuoso's 8 KiB pages in memory:
    the default, about 1.3 GiB, holds 10,000 minutes without paging.
    """

    def __init__(
        self,
        query_limit_s: int = 60,
        *,
        directory: Path | None = None,
        buffers: int = 170_000,
        result_rows: int = 10_000_000,
    ) -> None:
        self.exe = shutil.which("virtuoso-t")
        self.isql_path = shutil.which("isql-vt") or shutil.which("isql")
        self.limit = query_limit_s
        self.buffers = buffers
        self.result_rows = result_rows
        self.proc: subprocess.Popen[bytes] | None = None
        self.dir: Path | None = directory
        self._owns_dir = directory is None
        self._loads = 0
        self.sql_port = self.http_port = 0

    @property
    def available(self) -> str | None:
        """None when usable, else why not."""
        if not self.exe:
            return "virtuoso-t is not installed"
        if not self.isql_path:
            return "isql-vt (Virtuoso's SQL client, needed by the bulk loader) is not installed"
        return None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def __enter__(self) -> Virtuoso:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, timeout: float = 60.0) -> None:
        """Start the server and wait until it answers; `RuntimeError` if it does not."""
        assert self.exe
        if self.dir is None:
            self.dir = Path(tempfile.mkdtemp(prefix="customs-kg-virtuoso-"))
        (self.dir / "load").mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = free_port(), free_port()
        (self.dir / "virtuoso.ini").write_text(
            _INI.format(
                d=self.dir,
                sql=self.sql_port,
                http=self.http_port,
                buffers=self.buffers,
                dirty=self.buffers * 3 // 4,
                limit=self.limit,
                rows=self.result_rows,
            )
        )
        self._launch(timeout)

    def answers(self, within: float = 5.0) -> bool:
        """Whether the server answers a trivial question: after a query it had to cut
        short, Virtuoso 7.2 sometimes stays busy and answers nothing more."""
        try:
            r = httpx.get(
                self.endpoint,
                params={"query": "ASK {}"},
                headers={"Accept": "application/sparql-results+json"},
                timeout=within,
            )
        except httpx.HTTPError:
            return False
        return r.status_code == 200

    def restart(self, timeout: float = 120.0) -> None:
        """Stop the server and start it again on the same database (loaded and checkpointed)."""
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait()
        self._launch(timeout)

    def _launch(self, timeout: float) -> None:
        assert self.exe and self.dir
        self.proc = subprocess.Popen(
            [self.exe, "+foreground", "+configfile", str(self.dir / "virtuoso.ini")],
            cwd=self.dir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"virtuoso-t exited with {self.proc.returncode}: {self._log_tail()}"
                )
            if self.answers(within=2):
                return
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"virtuoso-t did not answer within {timeout:g}s")

    def _log_tail(self) -> str:
        try:
            assert self.dir
            return " | ".join(
                (self.dir / "virtuoso.log")
                .read_text(errors="replace")
                .splitlines()[-3:]
            )
        except (OSError, AssertionError):
            return ""

    def sql(self, script: str, timeout: float = 30) -> str:
        """Run SQL as the administrator (``dba``/``dba``); its output, or
        `RuntimeError` with the server's words."""
        assert self.isql_path
        proc = subprocess.run(
            [
                self.isql_path,
                f"127.0.0.1:{self.sql_port}",
                "dba",
                "dba",
                f"exec={script}",
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if proc.returncode != 0 or "*** Error" in proc.stdout + proc.stderr:
            raise RuntimeError(
                f"isql failed: {' | '.join((proc.stdout + proc.stderr).strip().splitlines()[-3:])}"
            )
        return proc.stdout

    def bulk_load(self, nquads: Path) -> float:
        """Load an N-Quads file with the bulk loader; seconds taken."""
        assert self.dir
        # a file the loader has listed once is not loaded again: each load its own folder
        self._loads += 1
        load = self.dir / "load" / str(self._loads)
        load.mkdir()
        target = load / "data.nq"
        shutil.copyfile(nquads, target)
        t0 = time.perf_counter()
        state = self.sql(
            f"ld_dir('{load}', '*.nq', 'urn:customs-kg:default'); "
            "rdf_loader_run(); checkpoint; "
            f"SELECT ll_error FROM DB.DBA.LOAD_LIST WHERE ll_file = '{target}';",
            timeout=3600,
        )
        target.unlink()
        seconds = time.perf_counter() - t0
        if "NULL" not in state:
            raise RuntimeError(f"bulk load of {nquads.name} failed: {state.strip()}")
        return seconds

    def _post(
        self, client: httpx.Client, text: str, timeout: float, accept: str
    ) -> httpx.Response:
        """The server's reply to a query; `Timeout` when either side's limit cut it short."""
        try:
            r = client.post(
                self.endpoint,
                data={"query": text},
                headers={"Accept": accept},
                timeout=timeout + 5,
            )
        except httpx.TimeoutException as err:
            raise Timeout(f"over {timeout:g}s") from err
        if "X-SQL-State" in r.headers:
            # the server's own limit (MaxQueryExecutionTime) cut the answer short
            raise Timeout(f"over {timeout:g}s")
        if r.status_code != 200 and "S1T00" in r.text:  # "Transaction timed out"
            raise Timeout(f"over {timeout:g}s")
        if r.status_code != 200:
            raise RuntimeError(
                f"HTTP {r.status_code}: {r.text.strip().splitlines()[0][:150] if r.text.strip() else ''}"
            )
        return r

    def query(self, client: httpx.Client, text: str, timeout: float) -> int:
        """Run a query and return the number of result rows (or triples, or 1 for ASK)."""
        form = _form(text)
        if form in {"CONSTRUCT", "DESCRIBE"}:
            r = self._post(client, text, timeout, "text/plain")
            return sum(1 for line in r.text.splitlines() if line.strip())
        body: dict[str, Any] = self._post(client, text, timeout, _JSON).json()
        if "boolean" in body:
            return 1
        return len(body["results"]["bindings"])

    def answer(
        self, client: httpx.Client, text: str, timeout: float
    ) -> list[list[str | None]]:
        """A SELECT's rows, each cell's text in the order of the answer's variables."""
        body: dict[str, Any] = self._post(client, text, timeout, _JSON).json()
        names = body["head"]["vars"]
        return [
            [b[n]["value"] if n in b else None for n in names]
            for b in body["results"]["bindings"]
        ]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if self.dir is not None and self._owns_dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


def _form(text: str) -> str:
    from kg.sparql import query_form

    return query_form(text)
