"""Minutes files → the store, one transaction per batch of documents.

A file that cannot be read or understood is reported and skipped; nothing of it
reaches the store, and what was loaded before stays as it was.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.compare import to_canonical_graph

from kg.backends.base import BATCH_STATEMENTS, Backend, BackendError
from kg.backends.oxterms import AnyTriple
from kg.build import DocumentGraph
from kg.iris import Minter
from kg.memory import rare_collections
from kg.namespaces import CCK, DCT
from kg.reading import (
    DocumentReport,
    ReadDocument,
    ReadFailure,
    read_documents,
    reader_version,
    unexpected_failure,
)
from kg.reference import ontology_graph, reference_graph
from kg.results import rows
from kg.summary import has_summary, mark_summary_current, refresh_summary
from loaders import SUFFIXES, file_digest

__all__ = [
    "DocumentReport",
    "IngestReport",
    "ValidationFailed",
    "collect_files",
    "ingest",
    "load_reference",
]


class ValidationFailed(Exception):
    """A document's graph breaks a SHACL shape of severity Violation."""


@dataclass
class IngestReport:
    loaded: list[DocumentReport] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(
        default_factory=list
    )  # (file, one-line reason)
    compact_seconds: float | None = None  # None: the run did not compact the store
    calendar_days: int | None = None  # None: the summary graph was left as it was
    summary_seconds: float | None = None
    summary_grown: bool = False  # only what the new minutes change was rewritten
    unchanged: list[str] = field(default_factory=list)  # files stored as they are

    @property
    def triples(self) -> int:
        return sum(d.triples for d in self.loaded)


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and minutes files found below folders named, in a stable order."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file() and f.suffix.lower() in SUFFIXES
                )
            )
        else:
            files.append(p)
    return files


#: a run that adds no more new minutes than this share of the store's graphs,
#: or than `GROW_SUMMARY_MINUTES`, grows the summary graph by what they change
#: (`kg.summary.refresh_summary`); a larger one rebuilds it, which then costs
#: less: on one core at 10,000 minutes, 100 added grew it in 9 s and 1,000 in
#: 38 s, where a rebuild takes 19 to 24 s
GROW_SUMMARY_UP_TO = 0.03
GROW_SUMMARY_MINUTES = 10

#: documents loaded in one run from which the store is compacted afterwards:
#: 8 to 14 s on one core for a store of 10,000 minutes, against look-ups three
#: times faster
COMPACT_AFTER = 500

_HAS_VERSION = "ASK { GRAPH ?g { ?g <http://purl.org/dc/terms/hasVersion> ?v } }"

_STORED_FILES = f"""SELECT ?file ?digest WHERE {{ GRAPH ?g {{
    ?g <{CCK.sourceFile}> ?file ; <{CCK.sourceDigest}> ?digest ;
       <{CCK.readerVersion}> ?version }} }}"""


def stored_unchanged(
    backend: Backend, files: Sequence[Path], version: str
) -> set[Path]:
    """The files the store holds a document of, read from the same bytes by
    the same reading (`kg.reading.reader_version`): reading them again would
    give the graphs it holds.

    Adding a month's minutes to a folder and ingesting the folder again then
    reads only the new files, and the summary can grow by them instead of
    being rebuilt. A file is known by its name and digest, so a renamed copy
    is read again (its document records the new name).
    """
    stored = {
        (str(name), str(digest))
        for name, digest in rows(backend, _STORED_FILES, {"version": Literal(version)})
    }
    names = {name for name, _ in stored}
    unchanged = set()
    for path in files:
        if path.name not in names:
            continue
        try:
            if (path.name, file_digest(path)) in stored:
                unchanged.add(path)
        except OSError:  # left to the reading, which reports it
            continue
    return unchanged


def load_reference(backend: Backend, minter: Minter) -> bool:
    """Put the ontology and the reference data in their own graphs, when they
    changed; whether they did.

    Each graph states the digest of its content (``dct:hasVersion``), so an
    unchanged ontology is not rewritten on every ingest. The digest is taken
    of the canonical form: the ontology's blank nodes (its restrictions and
    lists) get new labels each time the Turtle is read.
    """
    wanted: dict[URIRef, list[AnyTriple]] = {}
    for graph_iri, graph in (
        (minter.ontology_graph, ontology_graph()),
        (minter.reference_graph, reference_graph(minter)),
    ):
        triples = list(graph)
        digest = hashlib.sha256(
            "\n".join(
                sorted(
                    f"{s.n3()} {p.n3()} {o.n3()}"
                    for s, p, o in to_canonical_graph(graph)
                )
            ).encode()
        ).hexdigest()
        version = Literal(f"sha256:{digest}")
        if not bool(
            backend.query(_HAS_VERSION, {"g": graph_iri, "v": version}).askAnswer
        ):
            wanted[graph_iri] = [*triples, (graph_iri, DCT.hasVersion, version)]
    if wanted:
        backend.replace_graphs(wanted)
    return bool(wanted)


def ingest(
    paths: Sequence[str | Path],
    backend: Backend,
    minter: Minter | None = None,
    *,
    validate: Callable[[DocumentGraph], None] | None = None,
    batch_statements: int = BATCH_STATEMENTS,
    progress: Callable[[Path], None] | None = None,
    compact_after: int = COMPACT_AFTER,
    workers: int = 0,
    again: bool = False,
) -> IngestReport:
    """Load minutes into ``backend``. ``validate`` may raise `ValidationFailed` to refuse a document.

    A run that loads anything brings the summary graph up to date at the end
    (`kg.summary.refresh_summary`): grown by what its minutes add when they are
    all new and few beside what the store holds (`GROW_SUMMARY_UP_TO`), else
    rebuilt, as on any store without a current one. A
    run that loads at least ``compact_after`` documents then compacts the store
    (`Backend.compact`); smaller runs leave that to the next large one.
    ``workers`` reader processes read the files while this one writes
    (`kg.reading.read_documents`). A file whose document the store holds as
    read from the same bytes by the same release is not read again
    (`stored_unchanged`; listed in `IngestReport.unchanged`), unless ``again``.
    """
    minter = minter or Minter()
    report = IngestReport()
    reference_changed = load_reference(backend, minter)
    summary_current = has_summary(backend, minter)
    # the graphs already stored, which decide whether the summary can grow
    held = set(backend.named_graphs()) if summary_current else set()
    written: set[URIRef] = set()  # the graphs this run stored
    files = collect_files(paths)
    if not again:
        unchanged = stored_unchanged(backend, files, reader_version(minter.base))
        passed = [f for f in files if f in unchanged]
        report.unchanged = list(map(str, passed))
        if progress is not None:  # passed over first, in file order
            for path in passed:
                progress(path)
        files = [f for f in files if f not in unchanged]
    # the documents read but not yet stored, by graph (one file per graph, but
    # the same document may come twice, and the later file wins)
    pending: dict[URIRef, list[DocumentReport]] = {}

    def documents() -> Iterator[tuple[URIRef, Sequence[AnyTriple]]]:
        for read in read_documents(files, minter, workers):
            if isinstance(read, ReadDocument) and validate is not None:
                try:
                    validate(read.graph)
                except ValidationFailed as err:
                    read = ReadFailure(read.path, str(err))
                except Exception as err:  # noqa: BLE001 - one bad file must not stop the others
                    read = unexpected_failure(read.path, err)
            if isinstance(read, ReadFailure):
                report.failed.append((str(read.path), read.reason))
            else:
                pending.setdefault(read.graph.graph, []).append(read.report)
                yield read.graph.graph, read.graph.triples
            if progress is not None:
                progress(read.path)

    def stored(graphs: list[URIRef]) -> None:
        # once per time a graph was given: its files are stored in the order read
        written.update(graphs)
        for graph in graphs:
            reports = pending[graph]
            report.loaded.append(reports.pop(0))
            if not reports:
                del pending[graph]

    if summary_current and files:
        # until the summary counts what this run writes, the store does not say
        # it is current: a run cut short leaves the next one to rebuild it
        try:
            mark_summary_current(backend, minter, False)
        except (BackendError, OSError) as err:  # a full disk: nothing can be stored
            report.failed.extend(
                (str(f), f"{f}: not stored: the store refused a write: {err}")
                for f in files
            )
            return report
    with rare_collections():
        try:
            backend.load_graphs(documents(), stored, batch_statements=batch_statements)
        except BackendError as err:
            report.failed.extend(
                (d.source, f"{d.source}: not stored: {err}")
                for reports in pending.values()
                for d in reports
            )
        except BaseException:
            # interrupted: if none of its minutes stayed, the summary still counts them all
            if summary_current and files and not written:
                mark_summary_current(backend, minter, True)
            raise
    if report.loaded or not summary_current:
        # minutes new to a store whose summary is current only add to what it counts
        report.summary_grown = (
            summary_current
            and not reference_changed
            and not written & held
            and len(written)
            <= max(GROW_SUMMARY_MINUTES, GROW_SUMMARY_UP_TO * len(held))
        )
        started = time.perf_counter()
        report.calendar_days = refresh_summary(
            backend, minter, sorted(written) if report.summary_grown else None
        )
        report.summary_seconds = time.perf_counter() - started
    elif summary_current and files:  # none written: it still counts every minutes
        mark_summary_current(backend, minter, True)
    # compacted last, so the summary the paged questions read is compacted too
    if len(report.loaded) >= compact_after:
        started = time.perf_counter()
        backend.compact()
        report.compact_seconds = time.perf_counter() - started
    return report
