"""A throwaway Virtuoso server for the benchmark: temp dir, free loopback ports.

The ini and the launcher are the ones the remote-store tests use
(``bench.harness.virtuoso_server``); what is the benchmark's own is the memory
for a large graph, no automatic checkpoint while timing, and the loading and
querying. Data goes in through Virtuoso's bulk loader
(``ld_dir`` + ``rdf_loader_run``), which is how a large graph is pushed into
Virtuoso in practice.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.harness import virtuoso_server
from bench.harness.common import Timeout


class Virtuoso:
    """One server process; use as a context manager so it is always stopped."""

    def __init__(self, query_limit_s: int = 60) -> None:
        self.exe = shutil.which("virtuoso-t")
        self.isql = shutil.which("isql-vt") or shutil.which("isql")
        self.limit = query_limit_s
        self.proc: subprocess.Popen[bytes] | None = None
        self.dir: Path | None = None
        self.sql_port = self.http_port = 0

    @property
    def available(self) -> str | None:
        """None when usable, else why not."""
        if not self.exe:
            return "virtuoso-t is not installed"
        if not self.isql:
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
        assert self.exe
        self.dir = Path(tempfile.mkdtemp(prefix="bench-virtuoso-"))
        (self.dir / "load").mkdir()
        self.sql_port = virtuoso_server.free_port()
        self.http_port = virtuoso_server.free_port()
        # ~1.3 GiB of buffers: enough for 10,000 documents without paging
        ini = virtuoso_server.write_ini(
            self.dir,
            sql_port=self.sql_port,
            http_port=self.http_port,
            tuning=virtuoso_server.Tuning(
                buffers=170000,
                dirty_buffers=130000,
                checkpoint_minutes=0,
                query_limit_s=self.limit,
            ),
        )
        try:
            self.proc = virtuoso_server.start(
                self.exe, ini, http_port=self.http_port, timeout=timeout
            )
        except RuntimeError:
            self.stop()
            raise

    def bulk_load(self, nquads: Path) -> float:
        """Load an N-Quads file with the bulk loader; seconds taken."""
        assert self.dir and self.isql
        target = self.dir / "load" / "data.nq"
        shutil.copyfile(nquads, target)
        t0 = time.perf_counter()
        script = (
            f"ld_dir('{self.dir / 'load'}', '*.nq', 'urn:customs-kg:bench:default'); "
            "rdf_loader_run(); checkpoint; "
            "SELECT ll_state, ll_error FROM DB.DBA.LOAD_LIST;"
        )
        proc = subprocess.run(
            [self.isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={script}"],
            capture_output=True,
            text=True,
            timeout=3600,
            check=False,
        )
        seconds = time.perf_counter() - t0
        if proc.returncode != 0 or "NULL" not in proc.stdout:
            raise RuntimeError(
                f"bulk load failed: {(proc.stdout + proc.stderr).strip().splitlines()[-3:]}"
            )
        return seconds

    def query(self, client: httpx.Client, text: str, timeout: float) -> int:
        """Run a query and return the number of result rows (or triples, or 1 for ASK)."""
        form = _form(text)
        accept = (
            "text/plain"
            if form in {"CONSTRUCT", "DESCRIBE"}
            else "application/sparql-results+json"
        )
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
        if form in {"CONSTRUCT", "DESCRIBE"}:
            return sum(1 for line in r.text.splitlines() if line.strip())
        body: dict[str, Any] = r.json()
        if "boolean" in body:
            return 1
        return len(body["results"]["bindings"])

    def stop(self) -> None:
        if self.proc is not None:
            virtuoso_server.stop(self.proc)
        self.proc = None
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


def _form(text: str) -> str:
    from kg.sparql import query_form

    return query_form(text)
