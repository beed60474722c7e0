"""Export, then every catalogue query on every engine, for one corpus size.

Run as a child process (``python -m bench.harness.queries``): the rdflib copy
of a 10,000-document graph takes gigabytes, and it must be gone before the next
size starts. Engines run one after another on the same bound query text, so
the ratios between them are measured minutes apart on the same machine state.
"""

from __future__ import annotations

import argparse
import functools
import gc
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.harness.common import (
    Timeout,
    consume,
    fingerprint,
    read_json,
    repeat,
    time_limit,
    unrun,
    write_json,
)
from kg.sparql import query_form

#: harness-defined probes, so that the targets for entity, document and
#: date-range look-ups and whole-graph aggregates are measured even when the
#: catalogue has no query of that shape; rows are marked "probe"
PROBES: dict[str, tuple[str, str]] = {
    "probe-entity-presentations": (
        "lookup",
        "SELECT ?pres ?item ?about WHERE { ?pres cck:presenter ?org ; cck:presentedAt ?item . "
        "OPTIONAL { ?pres cck:about ?about } }",
    ),
    "probe-document-citations": (
        "lookup",
        "SELECT ?cited ?id WHERE { ?doc cck:cites ?cited . OPTIONAL { ?cited dct:identifier ?id } }",
    ),
    "probe-date-range-events": (
        "lookup",
        "SELECT ?event ?start WHERE { ?event schema:startDate ?start . "
        "FILTER(datatype(?start) = xsd:date && ?start >= ?from && ?start < ?to) }",
    ),
    "probe-presentations-per-organisation": (
        "aggregate",
        "SELECT ?org (COUNT(?pres) AS ?n) WHERE { ?pres cck:presenter ?org } GROUP BY ?org ORDER BY DESC(?n)",
    ),
    "probe-instances-per-class": (
        "aggregate",
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)",
    ),
}


#: the offset at which each paged question is measured again: the defaults
#: measure a first page, which may not reach the costly part of an answer
LATER_PAGE = 1000


@dataclass
class BenchQuery:
    name: str
    source: str  # "catalogue" or "probe"
    kind: str  # "lookup" or "aggregate"
    title: str
    text: str | None  # bound query text; None when it could not be bound
    note: str = ""
    #: the catalogue question and its parameters as a user gives them, so
    #: that the embedded store is asked the way the command line and server ask
    asked: tuple[str, dict[str, str]] | None = None

    @property
    def bound(self) -> str:
        """The bound text, for engines that take SPARQL as it is."""
        if self.text is None:
            raise ValueError(f"{self.name} could not be bound: {self.note}")
        return self.text


def _prologue() -> str:
    from kg.namespaces import PREFIXES

    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def _probe_bindings(backend: Any) -> dict[str, dict[str, Any]]:
    """Values for the probes' parameters, picked from the data: the busiest presenter,
    the document citing most, and the first three months with events."""
    import datetime as dt

    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    def first(text: str) -> Any:
        rows = list(backend.query(text))
        return rows[0][0] if rows and rows[0][0] is not None else None

    org = first(
        "SELECT ?o WHERE { ?p cck:presenter ?o } GROUP BY ?o ORDER BY DESC(COUNT(*)) LIMIT 1"
    )
    doc = first(
        "SELECT ?d WHERE { ?d cck:cites ?c } GROUP BY ?d ORDER BY DESC(COUNT(*)) LIMIT 1"
    )
    start = first(
        "SELECT (MIN(?d) AS ?m) WHERE { ?e schema:startDate ?d FILTER(datatype(?d) = xsd:date) }"
    )
    out: dict[str, dict[str, Any]] = {}
    if org is not None:
        out["probe-entity-presentations"] = {"org": URIRef(str(org))}
    if doc is not None:
        out["probe-document-citations"] = {"doc": URIRef(str(doc))}
    if start is not None:
        d0 = dt.date.fromisoformat(str(start))
        out["probe-date-range-events"] = {
            "from": Literal(d0.isoformat(), datatype=XSD.date),
            "to": Literal((d0 + dt.timedelta(days=92)).isoformat(), datatype=XSD.date),
        }
    out["probe-presentations-per-organisation"] = {}
    out["probe-instances-per-class"] = {}
    return out


def _present_values(backend: Any, query: Any) -> tuple[dict[str, str], str]:
    """Values for the IRI parameters whose defaults the corpus does not hold.

    The catalogue's defaults name the example minutes; on a synthetic corpus they
    would measure an empty look-up. Such a parameter is bound instead to a
    resource of the same kind (the same IRI path, e.g. a meeting of the same
    body, else any document), and the report says so.
    """
    given: dict[str, str] = {}
    for param in query.params:
        if param.type != "iri" or not param.default:
            continue
        if bool(backend.query(f"ASK {{ <{param.default}> ?p ?o }}").askAnswer):
            continue
        prefix = param.default
        for _ in range(2):  # the same body's meetings, then any resource of the kind
            prefix = prefix.rstrip("/").rsplit("/", 1)[0] + "/"
            rows = list(
                backend.query(
                    "SELECT ?s WHERE { ?s ?p ?o "
                    f'FILTER(STRSTARTS(STR(?s), "{prefix}") '
                    f'&& !CONTAINS(STRAFTER(STR(?s), "{prefix}"), "/")) }} LIMIT 1'
                )
            )
            if rows:
                given[param.name] = str(rows[0][0])
                break
    note = "; ".join(
        f"{k} = …/{v.rsplit('/', 2)[-2]}/{v.rsplit('/', 1)[-1]}"
        for k, v in given.items()
    )
    return given, (f"bound to the corpus: {note}" if note else "")


def collect_queries(backend: Any) -> tuple[list[BenchQuery], str | None]:
    """The catalogue's queries bound to their defaults, then the probes.

    Returns the queries and, when the catalogue cannot be read, why.
    """
    from kg.sparql import bind

    queries: list[BenchQuery] = []
    problem = None
    try:
        from kg.catalogue import catalogue

        stored = catalogue()
        if not stored:
            problem = "the catalogue (queries/*.rq) is empty"
    except Exception as err:  # noqa: BLE001 - a broken catalogue is reported, the rest still runs
        stored = {}
        problem = f"the catalogue could not be read: {type(err).__name__}: {err}"
    later: list[BenchQuery] = []
    for name, q in stored.items():
        kind = (
            "lookup"
            if any(p.type in {"iri", "date", "string"} for p in q.params)
            else "aggregate"
        )
        try:
            given, note = _present_values(backend, q)
            text = bind(q.text, q.bindings(given))
            queries.append(
                BenchQuery(name, "catalogue", kind, q.title, text, note, (name, given))
            )
            if any(p.name == "offset" for p in q.params):
                deeper = dict(given, offset=str(LATER_PAGE))
                later.append(
                    BenchQuery(
                        f"probe-{name}-later-page",
                        "probe",
                        kind,
                        f"{q.title}, from row {LATER_PAGE + 1:,}",
                        bind(q.text, q.bindings(deeper)),
                        note,
                        (name, deeper),
                    )
                )
        except Exception as err:  # noqa: BLE001
            queries.append(
                BenchQuery(name, "catalogue", kind, q.title, None, f"not run: {err}")
            )
    queries += later
    values = _probe_bindings(backend)
    for name, (kind, text) in PROBES.items():
        if name in values:
            queries.append(
                BenchQuery(
                    name,
                    "probe",
                    kind,
                    name.removeprefix("probe-").replace("-", " "),
                    bind(text, values[name]),
                )
            )
        else:
            queries.append(
                BenchQuery(
                    name,
                    "probe",
                    kind,
                    name,
                    None,
                    "not run: the data has nothing to bind",
                )
            )
    return queries, problem


@dataclass
class Engine:
    """One way of asking: ``run`` returns rows (or rows and seconds) for a query;
    ``answer``, when given, the `fingerprint` of one more untimed run."""

    name: str
    run: Callable[[BenchQuery], Any]
    answer: Callable[[BenchQuery], dict[str, str]] | None = None


def _run_engines(
    engines: Sequence[Engine],
    queries: list[BenchQuery],
    *,
    runs: int,
    budget: float,
    limit: float,
    results: dict[str, dict[str, Any]],
    alarm: bool = True,
) -> None:
    """Time each query on each engine, the engines one after the other per query.

    Engines asked together this way are compared on the same minutes of the
    machine and on caches the query itself warmed (each gets its warm-up run),
    instead of one engine's whole pass running on caches the other's left.
    """
    for q in queries:
        if q.text is None:
            continue
        for engine in engines:
            rep = repeat(
                functools.partial(engine.run, q),
                runs=runs,
                budget=budget,
                per_run_limit=limit,
                alarm=alarm,
            )
            if (
                engine.answer is not None
                and "p50" in rep
                and query_form(q.bound) == "SELECT"
            ):
                try:
                    rep["answer"] = engine.answer(q)
                except Exception as err:  # noqa: BLE001 - a comparison that fails is left out
                    rep["answer_error"] = f"{type(err).__name__}: {err}"[:200]
            results.setdefault(q.name, {})[engine.name] = rep
            status = (
                f"p50 {rep['p50'] * 1000:.1f} ms"
                if "p50" in rep
                else (rep["error"] or f"timeout >{limit:g}s")
            )
            print(f"  {engine.name:16} {q.name:40} {status}", flush=True)


def _timed_out_before(earlier: Path | None, limit: float) -> dict[str, dict[str, Any]]:
    """rdflib's timeouts at a smaller size, as this size's results for those queries.

    Each of rdflib's timeouts costs a whole time limit, and at the largest size
    they were a quarter of the run. rdflib evaluates these questions by reading
    what they join in full, so one it could not answer in time on a tenth of
    the data it cannot answer on all of it; the report says where a timeout was
    carried over rather than measured.
    """
    if earlier is None or not earlier.exists():
        return {}
    data = read_json(earlier)
    n = data.get("size")
    carried = {}
    for name, engines in data.get("results", {}).items():
        rep = engines.get("rdflib") or {}
        if rep.get("timeout") and rep["timeout"] >= limit:
            carried[name] = unrun(limit) | {"timed_out_at": rep.get("timed_out_at", n)}
    return carried


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True, help="where the exports go")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--budget",
        type=float,
        default=20.0,
        help="seconds of timed runs per query and engine",
    )
    parser.add_argument(
        "--limit",
        type=float,
        default=30.0,
        help="seconds before one run counts as a timeout",
    )
    parser.add_argument(
        "--load-limit",
        type=float,
        default=900.0,
        help="seconds allowed for rdflib to parse the export",
    )
    parser.add_argument("--virtuoso", action="store_true")
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--size", type=int, help="the corpus's size, for the report")
    parser.add_argument(
        "--rdflib-timed-out",
        type=Path,
        help="a smaller size's results: queries rdflib timed out on there are not asked of it here",
    )
    args = parser.parse_args(argv)

    from kg.backends.embedded import EmbeddedBackend
    from kg.export import export

    out: dict[str, Any] = {
        "size": args.size,
        "export": {},
        "engines": {},
        "queries": [],
    }
    backend = EmbeddedBackend(args.store, read_only=True)
    args.work.mkdir(parents=True, exist_ok=True)

    # -- export: Oxigraph's writers, through the project's export()
    for fmt in ("ttl", "nq"):
        target = args.work / f"export.{fmt}"
        t0 = time.perf_counter()
        try:
            export(backend, fmt, target)
            out["export"][fmt] = {
                "seconds": time.perf_counter() - t0,
                "bytes": target.stat().st_size,
            }
        except Exception as err:  # noqa: BLE001
            out["export"][fmt] = {"error": f"{type(err).__name__}: {err}"}
    nq = args.work / "export.nq"

    queries, problem = collect_queries(backend)
    out["catalogue_problem"] = problem
    out["queries"] = [q.__dict__ for q in queries]
    results: dict[str, dict[str, Any]] = {}
    prologue = _prologue()

    def checkpoint() -> None:
        """Write what is measured so far, so a run stopped mid-size keeps the finished engines."""
        out["results"] = results
        out["partial"] = True
        write_json(args.out, out)

    # (a) the embedded store as users meet it (a catalogue question by name and
    # parameters, bound and answered as rdflib's Result), and (a') the same
    # store through pyoxigraph alone, given the bound text, without binding or
    # the conversion to rdflib terms; both in a worker process that can be
    # killed on timeout
    from bench.harness.oxworker import OxWorker

    def time_engines(
        engines: Sequence[Engine],
        *,
        alarm: bool = True,
        among: Sequence[BenchQuery] = queries,
    ) -> None:
        _run_engines(
            engines,
            list(among),
            runs=args.runs,
            budget=args.budget,
            limit=args.limit,
            results=results,
            alarm=alarm,
        )

    worker = OxWorker(args.store)
    try:
        time_engines(
            [
                Engine(
                    "oxigraph",
                    lambda q: worker.run("backend", q, args.limit),
                    lambda q: worker.answer(q, args.limit),
                ),
                Engine(
                    "oxigraph-native",
                    lambda q: worker.run("native", q, args.limit),
                ),
            ],
            alarm=False,
        )
    finally:
        worker.close()
    out["engines"]["oxigraph"] = {"status": "ok", "quads": backend.count()}
    out["engines"]["oxigraph-native"] = {"status": "ok"}
    backend.close()
    gc.collect()
    checkpoint()

    # (c) Virtuoso, loaded by its bulk loader, queried over HTTP
    if not args.virtuoso:
        out["engines"]["virtuoso"] = {
            "status": "skipped (not asked for; pass --virtuoso)"
        }
    else:
        from bench.harness.virtuoso import Virtuoso

        server = Virtuoso(query_limit_s=max(1, int(args.limit)))
        why = server.available
        if why:
            out["engines"]["virtuoso"] = {"status": f"not available: {why}"}
        elif not nq.exists():
            out["engines"]["virtuoso"] = {
                "status": "not available: the N-Quads export failed"
            }
        else:
            import httpx

            try:
                with server:
                    load = server.bulk_load(nq)
                    out["engines"]["virtuoso"] = {"status": "ok", "load_s": load}
                    print(f"  virtuoso bulk-loaded in {load:.1f}s", flush=True)
                    engine = out["engines"]["virtuoso"]
                    engine["restarts"] = 0
                    with httpx.Client() as client:

                        def virtuoso_run(text: str) -> int:
                            try:
                                return server.query(
                                    client, prologue + text, timeout=args.limit
                                )
                            except Timeout:
                                # one runaway query must not time out every later one
                                if not server.answers():
                                    server.restart()
                                    engine["restarts"] += 1
                                    print(
                                        "  virtuoso restarted: it stopped answering",
                                        flush=True,
                                    )
                                raise

                        time_engines(
                            [
                                Engine(
                                    "virtuoso",
                                    lambda q: virtuoso_run(q.bound),
                                    lambda q: fingerprint(
                                        server.answer(
                                            client, prologue + q.bound, args.limit
                                        )
                                    ),
                                )
                            ],
                            alarm=False,
                        )
            except Exception as err:  # noqa: BLE001 - a server that fails is a result
                out["engines"]["virtuoso"] = {
                    "status": f"failed: {type(err).__name__}: {err}"
                }

    checkpoint()

    # (b) rdflib last: at large sizes it is by far the slowest to load and to answer
    # (b) rdflib's own in-memory store and evaluator, from the N-Quads export
    if args.no_rdflib:
        out["engines"]["rdflib"] = {"status": "skipped (--no-rdflib)"}
    elif not nq.exists():
        out["engines"]["rdflib"] = {
            "status": "not available: the N-Quads export failed"
        }
    else:
        from rdflib import Dataset

        t0 = time.perf_counter()
        ds = Dataset(default_union=True)
        try:
            with time_limit(args.load_limit):
                # oxrdflib's parser: the same quads in the same store a third
                # sooner (rdflib's own parser spent most of the largest size's load)
                ds.parse(nq, format="ox-nquads")
        except Timeout:
            out["engines"]["rdflib"] = {
                "status": f"not measured: loading the N-Quads took over {args.load_limit:g}s"
            }
        else:
            load = time.perf_counter() - t0
            # len(ds) would count the union's distinct triples, not the quads
            quads = sum(len(graph) for graph in ds.graphs())
            out["engines"]["rdflib"] = {
                "status": "ok",
                "load_s": load,
                "quads": quads,
            }
            print(f"  rdflib loaded {quads} quads in {load:.1f}s", flush=True)

            def rdflib_run(text: str) -> int:
                return consume(ds.query(prologue + text))

            def rdflib_answer(text: str) -> dict[str, str]:
                with time_limit(args.limit):
                    return fingerprint(ds.query(prologue + text))  # type: ignore[arg-type]

            carried = _timed_out_before(args.rdflib_timed_out, args.limit)
            for q in queries:
                if q.name in carried and q.text is not None:
                    results.setdefault(q.name, {})["rdflib"] = carried[q.name]
            time_engines(
                [
                    Engine(
                        "rdflib",
                        lambda q: rdflib_run(q.bound),
                        lambda q: rdflib_answer(q.bound),
                    )
                ],
                among=[q for q in queries if q.name not in carried],
            )
        del ds
        gc.collect()

    out["results"] = results
    out["partial"] = False
    write_json(args.out, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
