"""The customs-kg benchmark: ingest, queries on three engines, export, check, views.

``make bench`` runs this at 100, 1,000 and 10,000 documents; ``make
bench-quick`` at 20. Each size's heavy work runs in a child process (its peak
memory is its own and a stuck engine cannot stall the rest), writes JSON into
the work directory, and this script renders ``bench/RESULTS.md`` from it.

Pieces that other parts of the project provide (the catalogue, the views, the
``check`` command, Virtuoso, Chromium) are discovered when the run starts; a
missing one is reported as "not available", never faked.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.harness.common import (  # noqa: E402
    child_json,
    machine,
    read_json,
    run_child,
    write_json,
)
from bench.harness.report import render  # noqa: E402
from bench.harness.views import chromium  # noqa: E402
from bench.harness.virtuoso import Virtuoso  # noqa: E402

DEFAULT_SIZES = (100, 1000, 10000)


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def corpus_for(n: int, seed: int, work: Path) -> Path:
    """The generated corpus for ``n`` and ``seed``, reused when already complete and
    written by the generator as it is now (its source's digest is in the stamp)."""
    from bench import corpus

    folder = work / f"corpus-{n}-s{seed}"
    stamp = folder / ".complete"
    version = hashlib.sha256(Path(corpus.__file__).read_bytes()).hexdigest()[:16]
    if stamp.exists() and stamp.read_text().strip() == f"{n} {seed} {version}":
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    t0 = time.perf_counter()
    corpus.generate(n, seed, folder)
    stamp.write_text(f"{n} {seed} {version}\n")
    _log(f"generated {n} documents in {time.perf_counter() - t0:.1f}s")
    return folder


def new_minutes(corpus: Path, k: int, seed: int) -> Path:
    """``k`` minutes of another seed of the generator whose document numbers
    ``corpus`` does not hold (another seed may draw a few of the same numbers,
    and such minutes would replace those documents rather than add to them)."""
    held = set(_numbers(corpus).values())
    source = corpus_for(2 * k, seed, corpus.parent)
    folder = corpus.parent / f"{corpus.name}-add-{k}-s{seed}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    fresh = [name for name, number in _numbers(source).items() if number not in held]
    for name in fresh[:k]:
        shutil.copyfile(source / name, folder / name)
    return folder


def kept_folder(corpus: Path, added: Path) -> Path:
    """The folder as a ministry keeps its minutes: ``corpus`` with ``added``
    beside it (in ``added/``), each file a link to the generated one."""
    folder = corpus.parent / f"{added.name}-kept"
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "added").mkdir(parents=True)
    for source, target in ((corpus, folder), (added, folder / "added")):
        for path in source.iterdir():
            if path.is_file():
                (target / path.name).symlink_to(path.resolve())
    return folder


def _numbers(corpus: Path) -> dict[str, str]:
    """Each minutes file's document number, from the corpus's manifest."""
    lines = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return dict(line.split("\t")[:2] for line in lines if line.strip())


def adopt_partial(entry: dict[str, Any], out: Path, code: int) -> bool:
    """Keep the engines a stopped or failed queries child had finished; True if any."""
    if not out.exists():
        return False
    data: dict[str, Any] = read_json(out)
    if not data.get("partial"):
        return False
    data["stopped"] = (
        f"the queries stage stopped before the end (exit {code}); engines marked 'not run' were not measured"
    )
    entry["queries"] = data
    return True


def check_available() -> str | None:
    """None when ``customs-kg check`` exists, else why not."""
    exe = shutil.which(
        "customs-kg", path=str(Path(sys.executable).parent)
    ) or shutil.which("customs-kg")
    if exe is None:
        return "not available: the customs-kg command is not installed"
    proc = subprocess.run(
        [exe, "check", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if proc.returncode != 0:
        return "not available: customs-kg has no check command yet"
    return None


def run_check(store: Path, timeout: float) -> dict[str, Any]:
    """``customs-kg --store S check`` end to end (HermiT + SHACL), as a user runs it."""
    exe = (
        shutil.which("customs-kg", path=str(Path(sys.executable).parent))
        or "customs-kg"
    )
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            [exe, "--store", str(store), "check"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timeout >{timeout:g}s"}
    out = (proc.stdout + proc.stderr).strip().splitlines()
    return {
        "seconds": time.perf_counter() - t0,
        "exit": proc.returncode,
        "last_line": check_summary(out),
    }


_FINDINGS = re.compile(r"^│\s*(Violation|Warning|Info)\s*│[^│]*│\s*(\d+)\s*│")


def check_summary(lines: list[str]) -> str:
    """The verdict and the SHACL findings by severity, from ``check``'s report."""
    verdict = next(
        (
            ln.split(" (")[0]
            for ln in lines
            if ln.startswith(("consistent", "inconsistent"))
        ),
        "",
    )
    counts: dict[str, int] = {}
    for ln in lines:
        m = _FINDINGS.match(ln)
        if m:
            counts[m[1]] = counts.get(m[1], 0) + int(m[2])
    findings = ", ".join(
        f"{counts.get(k, 0)} {k.lower()}s" for k in ("Violation", "Warning")
    )
    error = next((ln for ln in lines if ln.startswith("Error:")), "")
    return "; ".join(part for part in (verdict, findings, error) if part)[:160]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        help="document counts, comma-separated (default 100,1000,10000; quick: 20)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS.md")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "work")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="N=20, tiny views, no Virtuoso unless --virtuoso; minutes, not hours",
    )
    parser.add_argument(
        "--virtuoso",
        action="store_true",
        help="also benchmark Virtuoso in --quick mode",
    )
    parser.add_argument("--no-virtuoso", action="store_true")
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="only rewrite --out from the work directory's results.json",
    )
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--view-sizes",
        help="corpus sizes whose views are built and drawn (default 200,1000; quick: 20)",
    )
    parser.add_argument(
        "--check-max",
        type=int,
        default=1000,
        help="run check only up to this many documents",
    )
    parser.add_argument("--profile-sample", type=int, default=200)
    parser.add_argument(
        "--ingest-cores",
        type=int,
        default=1,
        help="CPUs the ingest may use, the store engine's threads included (0: all)",
    )
    parser.add_argument(
        "--reader-cores",
        type=int,
        default=2,
        help="also ingest the largest size on this many CPUs with reader processes,"
        " as customs-kg ingest does by default there (0: skip)",
    )
    parser.add_argument(
        "--add",
        type=int,
        help="then put this many other minutes in the largest size's folder and"
        " ingest the folder again into its store, as a dataset grows"
        " (default 100; quick: 2; 0: skip)",
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="timed runs per query after one warm-up"
    )
    parser.add_argument(
        "--query-budget",
        type=float,
        default=5.0,
        help="seconds of timed runs per query and engine",
    )
    parser.add_argument(
        "--query-limit",
        type=float,
        default=10.0,
        help="seconds before one query run is a timeout",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = args.sizes or "20"
        args.view_sizes = args.view_sizes or "20"
        args.runs = min(args.runs, 3)
        args.query_budget = min(args.query_budget, 2.0)
        args.query_limit = min(args.query_limit, 10.0)
        args.add = 2 if args.add is None else args.add
    args.add = 100 if args.add is None else args.add
    args.sizes = [
        int(s)
        for s in (args.sizes or ",".join(map(str, DEFAULT_SIZES))).split(",")
        if s.strip()
    ]
    args.view_sizes = [
        int(s) for s in (args.view_sizes or "200,1000").split(",") if s.strip()
    ]
    args.use_virtuoso = (args.virtuoso or not args.quick) and not args.no_virtuoso
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    work: Path = args.work.resolve()
    if args.render_only:
        # re-render a finished (or stopped) run, e.g. after changing the report's wording
        results = read_json(work / "results.json")
        for n, entry in results.get("sizes", {}).items():
            if "error" in entry.get("queries", {"error": "not run"}):
                adopt_partial(entry, work / f"queries-{n}.json", -1)
        args.out.write_text(render(results), encoding="utf-8")
        return 0
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "machine": machine(),
        "settings": {
            "sizes": args.sizes,
            "seed": args.seed,
            "quick": args.quick,
            "runs": args.runs,
            "query_budget_s": args.query_budget,
            "query_limit_s": args.query_limit,
            "ingest_cores": args.ingest_cores,
            "reader_cores": args.reader_cores,
            "profile_sample": args.profile_sample,
            "check_max": args.check_max,
            "view_sizes": args.view_sizes,
            "add": args.add,
        },
        "sizes": {},
        "views": {},
        "notes": [],
    }
    state = work / "results.json"

    def save() -> None:
        results["elapsed_s"] = time.perf_counter() - started
        write_json(state, results)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(render(results), encoding="utf-8")

    check_problem = check_available()
    # the run goes on, but its report would then lack whole sections: said now,
    # by the same tests the stages make, rather than half an hour in
    missing = [
        why
        for why, wanted in (
            (Virtuoso().available, args.use_virtuoso),
            (None if chromium() else "chromium is not installed", not args.no_browser),
        )
        if wanted and why
    ]
    if missing:
        _log(
            f"warning: {'; '.join(missing)}: their sections will say 'not available'"
            " (.ci/run installs both)"
        )
    ingested: dict[int, Path] = {}
    asked: list[int] = []  # sizes whose queries stage finished

    def ingest_size(n: int, readers: int = 0) -> dict[str, Any]:
        """Ingest the size's corpus; with ``readers``, on that many cores with as many
        reader processes, into a store that is deleted afterwards."""
        corpus = corpus_for(n, args.seed, work)
        name = f"{n}-readers" if readers else str(n)
        store = work / f"store-{name}"
        _log(f"ingest N={n}" + (f" on {readers} cores with readers" if readers else ""))
        data, code = child_json(
            "bench.harness.ingest",
            [
                "--corpus",
                str(corpus),
                "--store",
                str(store),
                "--cores",
                str(readers or args.ingest_cores),
                "--workers",
                "-1" if readers else "0",
            ],
            out=work / f"ingest-{name}.json",
            timeout=7200,
            log=work / f"ingest-{name}.log",
        )
        if readers:
            shutil.rmtree(store, ignore_errors=True)
        if data is None:
            return {
                "error": f"ingest child failed (exit {code}); see {work / f'ingest-{name}.log'}"
            }
        if not readers:
            ingested[n] = store
        _log(
            f"  {data['docs']} docs in {data['seconds']:.1f}s = {data['docs_per_s']:.0f} docs/s, peak {data['peak_rss_mib']:.0f} MiB"
        )
        return data

    def add_to(n: int) -> dict[str, Any]:
        """Ingest the size's folder with `--add` new minutes in it into the
        size's store, on the ingest's cores: a dataset that grows by a month's
        minutes, whose folder is ingested again."""
        base = corpus_for(n, args.seed, work)
        corpus = kept_folder(base, new_minutes(base, args.add, args.seed + 1))
        _log(f"add {args.add} documents to the store of N={n}")
        data, code = child_json(
            "bench.harness.ingest",
            [
                "--corpus",
                str(corpus),
                "--store",
                str(ingested[n]),
                "--add",
                "--cores",
                str(args.ingest_cores),
            ],
            out=work / f"ingest-{n}-add-{args.add}.json",
            timeout=3600,
            log=work / f"ingest-{n}-add-{args.add}.log",
        )
        if data is None:
            return {"error": f"adding to the store failed (exit {code})"}
        _log(
            f"  {data['docs']} docs in {data['seconds']:.1f}s, summary {data['summary_seconds'] or 0:.1f}s"
        )
        return data

    def store_only(n: int, nquads: Path) -> dict[str, Any]:
        """The store engine alone on the ingest's cores: the size's export bulk-loaded
        as ready-made quads into a fresh store, deleted afterwards."""
        _log(f"store alone N={n}")
        data, code = child_json(
            "bench.harness.ingest",
            [
                "--store-only",
                str(nquads),
                "--store",
                str(work / f"store-only-{n}"),
                "--cores",
                str(args.ingest_cores),
            ],
            out=work / f"store-only-{n}.json",
            timeout=7200,
            log=work / f"store-only-{n}.log",
        )
        return (
            data
            if data is not None
            else {"error": f"store-alone load failed (exit {code})"}
        )

    def profile() -> None:
        """cProfile a sample in its own process (the profiler would distort the timed ingest)."""
        sample_n = max(args.sizes)
        _log(f"profile {min(args.profile_sample, sample_n)} documents")
        data, code = child_json(
            "bench.harness.ingest",
            [
                "--corpus",
                str(corpus_for(sample_n, args.seed, work)),
                "--profile",
                str(args.profile_sample),
            ],
            out=work / "profile.json",
            timeout=3600,
            log=work / "profile.log",
        )
        results["profile"] = (
            data if data is not None else {"error": f"profile failed (exit {code})"}
        )
        save()

    def views() -> None:
        for n in args.view_sizes:
            if n not in ingested:
                r = ingest_size(n)
                if "error" in r:
                    results["views"][str(n)] = {"problem": r["error"]}
                    continue
            _log(f"views N={n}")
            child = ["--store", str(ingested[n]), "--work", str(work / f"views-{n}")]
            if args.no_browser:
                child.append("--no-browser")
            data, code = child_json(
                "bench.harness.views",
                child,
                out=work / f"views-{n}.json",
                timeout=3600,
                log=work / f"views-{n}.log",
            )
            results["views"][str(n)] = (
                data
                if data is not None
                else {"problem": f"views child failed (exit {code})"}
            )
            save()

    def reference(when: str) -> None:
        """The fixed workload (`bench.harness.reference`), on the ingest's cores."""
        _log(f"machine reference ({when})")
        data, code = child_json(
            "bench.harness.reference",
            ["--cores", str(args.ingest_cores)]
            + (["--runs", "3"] if args.quick else []),
            out=work / f"reference-{when}.json",
            timeout=600,
            log=work / f"reference-{when}.log",
        )
        results.setdefault("reference", {})[when] = (
            data
            if data is not None
            else {"error": f"reference child failed (exit {code})"}
        )
        save()

    # The cheap, always-wanted parts first, so that a long largest size that is
    # cut short still leaves a report with the profile and the views in it.
    reference("start")
    profile()
    views_done = False
    for n in sorted(args.sizes):
        if not views_done and n > max(args.view_sizes, default=0):
            views()
            views_done = True
        entry: dict[str, Any] = {}
        results["sizes"][str(n)] = entry
        entry["ingest"] = ingest_size(n)
        save()
        if n == max(args.sizes) and 1 < args.reader_cores <= len(
            os.sched_getaffinity(0)
        ):
            entry["ingest_readers"] = ingest_size(n, readers=args.reader_cores)
            save()
        if n not in ingested:
            continue
        # queries and export
        out = work / f"queries-{n}.json"
        out.unlink(missing_ok=True)
        _log(f"export + queries N={n}")
        child = [
            "--store",
            str(ingested[n]),
            "--work",
            str(work / f"export-{n}"),
            "--out",
            str(out),
        ]
        child += [
            "--runs",
            str(args.runs),
            "--budget",
            str(args.query_budget),
            "--limit",
            str(args.query_limit),
        ]
        if args.use_virtuoso:
            child.append("--virtuoso")
        if args.no_rdflib:
            child.append("--no-rdflib")
        child += ["--size", str(n)]
        if asked:
            child += ["--rdflib-timed-out", str(work / f"queries-{max(asked)}.json")]
        code, _secs = run_child(
            "bench.harness.queries",
            child,
            timeout=4 * 3600,
            log=work / f"queries-{n}.log",
        )
        if code == 0 and out.exists():
            entry["queries"] = read_json(out)
            asked.append(n)
        elif not adopt_partial(entry, out, code):
            entry["queries"] = {
                "error": f"queries child failed (exit {code}); see {work / f'queries-{n}.log'}"
            }
        if "engines" in entry["queries"] and not args.use_virtuoso:
            entry["queries"]["engines"]["virtuoso"] = {
                "status": "skipped (--quick without --virtuoso)"
                if args.quick
                else "skipped (--no-virtuoso)"
            }
        nquads = work / f"export-{n}" / "export.nq"
        if n == max(args.sizes) and nquads.exists():
            entry["store_only"] = store_only(n, nquads)
        shutil.rmtree(
            work / f"export-{n}", ignore_errors=True
        )  # exports of 10,000 docs are large
        save()
        # check
        if check_problem:
            entry["check"] = {"skipped": check_problem}
        elif n > args.check_max:
            entry["check"] = {
                "skipped": f"skipped above {args.check_max} documents (--check-max)"
            }
        else:
            _log(f"check N={n}")
            entry["check"] = run_check(ingested[n], timeout=1800)
        save()
        # last, as it changes the store the questions and the check were asked of
        if n == max(args.sizes) and args.add > 0:
            entry["ingest_added"] = add_to(n)
            save()

    if not views_done:
        views()
    reference("end")
    _log(f"done in {time.perf_counter() - started:.0f}s; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
