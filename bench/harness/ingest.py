"""Ingest one corpus into a fresh on-disk store; or profile a sample of it.

Run as a child process (``python -m bench.harness.ingest``) so that the peak
resident memory it reports belongs to this size alone.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.harness.common import pin_to_cores, write_json

#: module prefix → pipeline stage; the first match wins, so order matters
STAGES: tuple[tuple[str, str], ...] = (
    ("loaders.extract", "extract"),
    ("loaders.gazetteer", "extract"),
    ("loaders.nlp", "extract"),
    ("loaders.dates", "extract"),
    ("loaders.docnumbers", "extract"),
    ("loaders.read", "read"),
    ("loaders.structure", "structure"),
    ("loaders.header", "structure"),
    ("loaders.sentences", "structure"),
    ("loaders", "structure"),
    ("kg.build", "rdf"),
    ("kg.iris", "rdf"),
    ("kg.labels", "rdf"),
    ("kg.backends", "store"),
    ("kg.reference", "reference data"),
    ("kg.ingest", "ingest loop"),
)
STAGE_ORDER = (
    "read",
    "structure",
    "extract",
    "rdf",
    "store",
    "reference data",
    "ingest loop",
    "other",
)


def _peak_rss_mib() -> float:
    # Linux reports ru_maxrss in KiB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """CPU time of the whole process, the store engine's own threads included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _engine_background_cpu() -> float | None:
    """CPU time of RocksDB's background threads (flushes, compactions) so far.

    Read from /proc while the store is open; None where there is no /proc.
    """
    tasks = Path("/proc/self/task")
    if not tasks.is_dir():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for task in tasks.iterdir():
        try:
            stat = (task / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        if name.startswith("rocksdb"):
            fields = stat[stat.rindex(")") + 2 :].split()
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def run_ingest(
    corpus: Path, store: Path, workers: int = 0, *, add: bool = False
) -> dict[str, Any]:
    """The whole pipeline, timed end to end, with a timestamp per document;
    ``workers`` reader processes as `customs-kg ingest --workers` starts them.
    With ``add``, the corpus goes into the store as it is (a folder ingested
    again with new minutes in it), else into a fresh one."""
    from kg.backends.embedded import EmbeddedBackend
    from kg.ingest import collect_files, ingest
    from kg.iris import Minter

    paths = collect_files([corpus])
    if store.exists() and not add:
        shutil.rmtree(store)
    rss_before = _peak_rss_mib()
    stamps: list[float] = []
    cpu0 = _cpu_seconds()
    t0 = time.perf_counter()
    backend = EmbeddedBackend(store)
    graphs_before = len(backend.named_graphs())
    report = ingest(
        paths,
        backend,
        Minter(),
        progress=lambda _p: stamps.append(time.perf_counter()),
        workers=workers,
    )
    # the summary and the compaction come after the last write
    writes_end = (
        time.perf_counter()
        - (report.summary_seconds or 0.0)
        - (report.compact_seconds or 0.0)
    )
    backend.flush()
    quads = backend.count()
    # a document already in the store replaces its graph rather than adding one
    new_graphs = len(backend.named_graphs()) - graphs_before
    background = _engine_background_cpu()
    backend.close()
    seconds = time.perf_counter() - t0
    cpu = _cpu_seconds() - cpu0
    docs = len(report.loaded)
    # the files stored unchanged are passed over first, without being read
    stamps = stamps[len(report.unchanged) :]
    # steady state: the second half of the documents, after caches and the
    # reference graphs are warm, until the last of them is written
    half = len(stamps) // 2
    steady = None
    if half >= 10 and writes_end > stamps[half]:
        steady = (len(stamps) - 1 - half) / (writes_end - stamps[half])
    return {
        "files": len(paths),
        "docs": docs,
        "unchanged": len(report.unchanged),
        "failed": len(report.failed),
        "failures": [reason for _f, reason in report.failed[:5]],
        "triples": report.triples,
        "quads_in_store": quads,
        "seconds": seconds,
        "compact_seconds": report.compact_seconds,
        "summary_seconds": report.summary_seconds,
        "summary_grown": report.summary_grown,
        "docs_per_s": docs / seconds if seconds else None,
        "triples_per_s": report.triples / seconds if seconds else None,
        "steady_docs_per_s": steady,
        "added_to_graphs": graphs_before if add else None,
        "new_graphs": new_graphs,
        "cores": len(os.sched_getaffinity(0)),
        "workers": workers,
        # the readers are the fork server's children: their CPU is not this process's
        "cpu_seconds": cpu if not workers else None,
        "engine_background_cpu_seconds": background,
        "peak_rss_mib": _peak_rss_mib(),
        "rss_before_mib": rss_before,
        "store_bytes": sum(f.stat().st_size for f in store.rglob("*") if f.is_file()),
    }


def run_store_only(nquads: Path, store: Path) -> dict[str, Any]:
    """The store engine's share alone: an ingest's statements, read beforehand
    from its N-Quads export, bulk-loaded as ready-made quads into a fresh store,
    with the background merging the load sets off.

    Nothing else runs meanwhile: no reading, no extraction, no graph building,
    no making of the quads. What this costs per document is the part of an
    ingest's budget that no change to the pipeline above the engine can win back.
    """
    import pyoxigraph as ox

    if store.exists():
        shutil.rmtree(store)
    quads = list(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    graphs = len({q.graph_name for q in quads})
    db = ox.Store(str(store))
    cpu0 = _cpu_seconds()
    t0 = time.perf_counter()
    db.bulk_extend(quads)
    db.flush()
    seconds = time.perf_counter() - t0
    # the files a bulk load leaves are merged in the background after it returns
    # (during an ingest, while later documents are read): wait for that to end
    background = _engine_background_cpu()
    waited = 0
    while background is not None and waited < 300:
        time.sleep(2)
        waited += 2
        now = _engine_background_cpu()
        if now is None or now - background < 0.05:
            break
        background = now
    cpu = _cpu_seconds() - cpu0
    del db
    shutil.rmtree(store, ignore_errors=True)
    return {
        "quads": len(quads),
        "graphs": graphs,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "engine_background_cpu_seconds": background,
        "cores": len(os.sched_getaffinity(0)),
    }


def _stage_of(filename: str) -> str | None:
    """The stage of a profiled function, from the module its file belongs to."""
    from bench.harness.common import REPO

    path = Path(filename)
    try:
        rel = path.resolve().relative_to(REPO)
    except (ValueError, OSError):
        return None
    module = ".".join(rel.with_suffix("").parts)
    for prefix, stage in STAGES:
        if module == prefix or module.startswith(prefix + "."):
            return stage
    return None


def attribute(stats: pstats.Stats) -> dict[str, float]:
    """Seconds per stage from a profile.

    A project function's own time goes to its module's stage. Time spent in
    the standard library, rdflib or native code goes to whichever project code
    called it, split in proportion to each caller's share of the calls' time,
    so that ``re`` work done for the extractor counts as extraction.
    """
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    memo: dict[Any, dict[str, float]] = {}

    def share(func: Any, seen: frozenset[Any]) -> dict[str, float]:
        if func in memo:
            return memo[func]
        stage = _stage_of(func[0])
        if stage is not None:
            result = {stage: 1.0}
        else:
            callers = raw[func][4] if func in raw else {}
            weights: dict[str, float] = {}
            total = 0.0
            for caller, entry in callers.items():
                if caller in seen:
                    continue
                ct = entry[3] if len(entry) > 3 else 0.0
                if ct <= 0:
                    continue
                for st, frac in share(caller, seen | {func}).items():
                    weights[st] = weights.get(st, 0.0) + frac * ct
                total += ct
            result = (
                {k: v / total for k, v in weights.items()}
                if total > 0
                else {"other": 1.0}
            )
        if not seen:
            memo[func] = result
        return result

    seconds: dict[str, float] = {}
    for func, entry in raw.items():
        tt = entry[2]
        if tt <= 0:
            continue
        for st, frac in share(func, frozenset()).items():
            seconds[st] = seconds.get(st, 0.0) + tt * frac
    return seconds


def run_profile(corpus: Path, sample: int) -> dict[str, Any]:
    """cProfile the pipeline over the first ``sample`` documents, into a throwaway store."""
    from kg.backends.embedded import EmbeddedBackend
    from kg.ingest import collect_files, ingest
    from kg.iris import Minter

    paths = collect_files([corpus])[:sample]
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        backend = EmbeddedBackend(Path(tmp) / "store")
        minter = Minter()
        # warm the gazetteer and reference graphs outside the profile: they are
        # paid once per process, not per document
        ingest(paths[:1], backend, minter)
        prof = cProfile.Profile()
        t0 = time.perf_counter()
        prof.enable()
        ingest(paths, backend, minter)
        prof.disable()
        wall = time.perf_counter() - t0
        backend.close()
    stats = pstats.Stats(prof)
    seconds = attribute(stats)
    total = sum(seconds.values()) or 1.0
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]

    def row(func: Any, entry: Any) -> dict[str, Any]:
        filename, line, name = func
        return {
            "function": f"{_short(filename)}:{line}({name})",
            "calls": entry[1],
            "tottime": entry[2],
            "cumtime": entry[3],
        }

    by_tot = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:15]
    by_cum = [
        kv
        for kv in sorted(raw.items(), key=lambda kv: kv[1][3], reverse=True)
        if _stage_of(kv[0][0])
    ][:15]
    return {
        "sample": len(paths),
        "wall_s": wall,
        "stages": {
            k: {"seconds": v, "percent": 100 * v / total}
            for k, v in sorted(seconds.items(), key=lambda kv: -kv[1])
        },
        "top_tottime": [row(f, e) for f, e in by_tot],
        "top_cumtime_project": [row(f, e) for f, e in by_cum],
    }


def _short(filename: str) -> str:
    from bench.harness.common import REPO

    try:
        return str(Path(filename).resolve().relative_to(REPO))
    except (ValueError, OSError):
        parts = Path(filename).parts
        if "site-packages" in parts:
            return "/".join(parts[parts.index("site-packages") + 1 :])
        return filename


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--cores",
        type=int,
        default=0,
        help="run on this many CPUs, engine threads included (0: all)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="reader processes beside the writing one, as customs-kg ingest --workers"
        " (-1: its default on the cores given)",
    )
    parser.add_argument(
        "--store-only",
        type=Path,
        metavar="NQUADS",
        help="bulk-load this N-Quads file into a fresh --store instead of ingesting",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        help="profile this many documents instead of ingesting all",
    )
    parser.add_argument(
        "--add",
        action="store_true",
        help="add the corpus to the --store as it is, instead of to a fresh one",
    )
    args = parser.parse_args(argv)
    if args.cores:
        pin_to_cores(args.cores)
    if args.corpus is None and not args.store_only:
        parser.error("--corpus is needed to ingest or profile")
    if args.profile:
        result = run_profile(args.corpus, args.profile)
    elif args.store_only:
        if args.store is None:
            parser.error("--store is needed to load")
        result = run_store_only(args.store_only, args.store)
    else:
        if args.store is None:
            parser.error("--store is needed to ingest")
        from kg.reading import default_workers

        workers = default_workers() if args.workers < 0 else args.workers
        result = run_ingest(args.corpus, args.store, workers, add=args.add)
    write_json(args.out, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
