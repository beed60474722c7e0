"""Small helpers shared by the harness stages: timing, percentiles, JSON files."""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


class Timeout(Exception):
    """A single run went past its budget."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt pure-Python work (rdflib's evaluator) after ``seconds``.

    SIGALRM fires between bytecodes, so rdflib stops promptly; a call into
    native code (Oxigraph) only notices when it returns to Python, which is why
    remote engines also get a client-side HTTP timeout.
    """
    if seconds <= 0 or not hasattr(signal, "SIGALRM"):
        yield
        return

    def _raise(signum: int, frame: object) -> None:
        raise Timeout(f"over {seconds:g}s")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: with ten runs p95 is the slowest, never an interpolation."""
    if not values:
        return math.nan
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[k]


def unrun(timeout: float | None = None) -> dict[str, Any]:
    """A query's result before any run: what `repeat` fills in, and what stands
    for a run not made (``timeout`` set when it is known to time out)."""
    return {"runs": 0, "times": [], "rows": None, "error": None, "timeout": timeout}


def repeat(
    fn: Callable[[], Any],
    *,
    runs: int,
    budget: float,
    per_run_limit: float,
    alarm: bool = True,
) -> dict[str, Any]:
    """One warm-up and up to ``runs`` timed runs of ``fn``, within ``budget`` seconds.

    ``fn`` returns the number of rows, or (rows, seconds) when it times itself
    (a worker process, whose own clock leaves out the pipe). The warm-up tells
    how slow the query is; the number of timed runs is cut so that a slow
    engine still finishes the size in bounded time (at least one run is kept).
    A run over ``per_run_limit`` stops the query and is reported as a timeout
    instead of a time. ``alarm=False`` for engines that enforce the limit
    themselves (a worker process, an HTTP timeout): an alarm there would abandon
    a request that is still running and desynchronise the next one.
    """
    out = unrun()

    def once() -> tuple[Any, float]:
        t0 = time.perf_counter()
        with time_limit(per_run_limit if alarm else 0):
            got = fn()
        took = time.perf_counter() - t0
        if isinstance(got, tuple):
            got, took = got
        if took > per_run_limit:  # native code that ignored the alarm
            raise Timeout(f"over {per_run_limit:g}s")
        return got, took

    try:
        out["rows"], warm = once()
        n = max(1, min(runs, int(budget / max(warm, 1e-6))))
        for _ in range(n):
            out["times"].append(once()[1])
        out["runs"] = len(out["times"])
    except Timeout:
        out["timeout"] = per_run_limit
    except Exception as err:  # noqa: BLE001 - an engine's failure is a result, not a crash
        out["error"] = (
            f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"[
                :200
            ]
        )
    if out["times"]:
        out["p50"] = percentile(out["times"], 50)
        out["p95"] = percentile(out["times"], 95)
    return out


def _comparable(cell: str | None) -> str | None:
    """A cell as engines agree on it: an empty text is no value (Virtuoso gives "" for
    a ``GROUP_CONCAT`` of nothing, Oxigraph nothing) and the parts of a concatenation
    come in any order."""
    if not cell:
        return None
    return " | ".join(sorted(cell.split(" | "))) if " | " in cell else cell


def fingerprint(rows: Iterable[Iterable[object]]) -> dict[str, str]:
    """Two short digests of an answer (its cells as text), one keeping the rows' order
    and one not, so the report can tell an answer in another order from another answer."""
    cells = [
        tuple(_comparable(None if c is None else str(c)) for c in row) for row in rows
    ]

    def digest(items: list[tuple[str | None, ...]]) -> str:
        return hashlib.sha1(repr(items).encode("utf-8")).hexdigest()[:12]

    return {"ordered": digest(cells), "set": digest(sorted(cells, key=repr))}


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    tmp.replace(path)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def run_child(
    module: str, args: list[str], *, timeout: float, log: Path
) -> tuple[int, float]:
    """Run ``python -m module args`` from the repository root; (exit code, seconds)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    env = dict(
        os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")
    )
    with log.open("w", encoding="utf-8") as fh:
        try:
            proc = subprocess.run(
                [sys.executable, "-m", module, *args],
                cwd=REPO,
                stdout=fh,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                env=env,
                check=False,
            )
            code = proc.returncode
        except subprocess.TimeoutExpired:
            code = -9
    return code, time.perf_counter() - t0


def child_json(
    module: str, args: list[str], *, out: Path, timeout: float, log: Path
) -> tuple[Any | None, int]:
    """Run a harness child that writes its measurements to ``out`` (passed as
    ``--out``); (what it wrote, or None when it failed or wrote nothing; exit code).
    A file left by an earlier run is removed first, so it is never taken for this one's."""
    out.unlink(missing_ok=True)
    code, _ = run_child(module, [*args, "--out", str(out)], timeout=timeout, log=log)
    return (read_json(out) if code == 0 and out.exists() else None), code


def free_port() -> int:
    """A free TCP port on the loopback interface, for a server a run starts itself."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pin_to_cores(cores: int) -> None:
    """Keep this process, and every thread it starts later, on ``cores`` CPUs.

    The ingest floor is a rate on one core: without this, RocksDB's background
    compactions and Oxigraph's loader threads run on the other cores unseen.
    """
    allowed = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, allowed[: max(1, cores)])


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    """What the numbers were measured on, so a reader can tell two runs apart."""
    virtuoso = shutil.which("virtuoso-t")
    vversion = None
    if virtuoso:
        try:
            proc = subprocess.run(
                [virtuoso, "-?"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
            for line in (proc.stdout + proc.stderr).splitlines():
                if "Version" in line:
                    vversion = line.strip()
                    break
        except (OSError, subprocess.TimeoutExpired):
            pass
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pyoxigraph": _version("pyoxigraph"),
        "rdflib": _version("rdflib"),
        "oxrdflib": _version("oxrdflib"),
        "playwright": _version("playwright"),
        "virtuoso": vversion or ("installed" if virtuoso else "not installed"),
        "chromium": shutil.which("chromium") or "not installed",
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def consume(result: Any) -> int:
    """Pull every row, as a caller would; the engines' iterators are lazy."""
    if isinstance(result, bool):
        return 1
    try:
        return sum(1 for _ in result)
    except TypeError:
        return 1
