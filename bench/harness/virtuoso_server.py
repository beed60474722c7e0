"""Start and stop a private Virtuoso: one ``virtuoso.ini`` and one launcher.

The benchmark and the remote-store tests both run ``virtuoso-t`` in the
foreground on free loopback ports with its database in a directory of their
own. Both go through this module, so a setting a Virtuoso release needs is
made in one place. It depends on nothing but the standard library, so the
tests can use it without the benchmark's dependencies.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["Tuning", "free_port", "start", "stop", "write_ini"]

# ResultSetMaxRows is high so that no answer is silently cut short (the
# benchmark counts rows); MaxQueryCostEstimationTime = 0 lets every query run
# until MaxQueryExecutionTime rather than be refused on an estimate.
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
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
ServerThreads = 10
CheckpointInterval = {checkpoint_minutes}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
DirsAllowed = ., {d}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 5
ServerThreads = 5

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {query_limit_s}
MaxQueryCostEstimationTime = 0
"""

LOG = "stdout.log"


def free_port() -> int:
    """A TCP port free on the loopback interface now, so runs side by side do not collide."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Tuning:
    """What a large benchmark load sets differently from a short test session."""

    buffers: int = 10_000  # NumberOfBuffers, 8 KiB each
    dirty_buffers: int = 6_000
    checkpoint_minutes: int = 60  # 0: no automatic checkpoint
    query_limit_s: int = 60  # MaxQueryExecutionTime


def write_ini(
    directory: Path, *, sql_port: int, http_port: int, tuning: Tuning | None = None
) -> Path:
    """Write ``directory/virtuoso.ini`` and return its path.

    Everything lives in ``directory`` (which the bulk loader may also read
    from), both ports listen on 127.0.0.1 only, and SPARQL (``/sparql``,
    ``/sparql-auth``, ``/sparql-graph-crud[-auth]``) is served on ``http_port``.
    Memory, checkpoints and the per-query limit are the ``tuning``, because a
    large benchmark load wants other values than a short test session.
    """
    values = asdict(tuning or Tuning())
    ini = directory / "virtuoso.ini"
    ini.write_text(
        _INI.format(d=directory, sql=sql_port, http=http_port, **values),
        encoding="utf-8",
    )
    return ini


def start(
    exe: str, ini: Path, *, http_port: int, timeout: float = 60.0
) -> subprocess.Popen[bytes]:
    """Run ``virtuoso-t +foreground`` on ``ini`` and return once ``/sparql`` answers.

    A server that is started but not yet answering would fail the first
    request, so this waits. Its output goes to ``stdout.log`` next to the ini;
    when it exits or stays silent past ``timeout`` it is stopped and a
    ``RuntimeError`` carries the end of that log.
    """
    directory = ini.parent
    with (directory / LOG).open("wb") as log:
        proc = subprocess.Popen(
            [exe, "+foreground", "+configfile", str(ini)],
            cwd=directory,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{http_port}/sparql?query=ASK%7B%7D"
    deadline = time.monotonic() + timeout
    while not _answers(url):
        if proc.poll() is not None:
            raise RuntimeError(
                f"virtuoso-t exited with {proc.returncode}: {_tail(directory)}"
            )
        if time.monotonic() > deadline:
            stop(proc)
            raise RuntimeError(
                f"virtuoso-t did not answer on port {http_port} within {timeout:g}s: "
                f"{_tail(directory)}"
            )
        time.sleep(0.25)
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server, killing it if it has not shut down within 20 s."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _tail(directory: Path) -> str:
    """The log's last lines on one line, so that it fits in a report's table cell."""
    try:
        lines = (directory / LOG).read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return " | ".join(line.strip() for line in lines[-5:] if line.strip())
