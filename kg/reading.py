"""Minutes files → document graphs, in the writing process or in reader processes beside it.

Reading a document (layout, sentences, extraction, graph building) costs about
as much CPU as storing it, and the two do not depend on each other, so on a
machine with more than one CPU worker processes read while this process
writes. The store's own threads already take part of a second CPU, so the gain
on two is modest (3,000 generated minutes: 112 documents/s in one process, 128
with two readers). With readers, the writing process itself (making quads and
feeding the bulk loader, about 7 ms of CPU a document) sets the limit.
Documents come back in the order of their files, so a run's outcome does not
depend on which reader was quicker; a file that cannot be read is a
`ReadFailure`, never an exception, so one bad file does not stop the others.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import loaders
from kg.build import DocumentGraph, build_graph
from kg.iris import Minter
from kg.reference import gazetteer
from kg.resources import ontology_dir
from loaders import LoadError, load_minutes

__all__ = [
    "MOST_WORKERS",
    "DocumentReport",
    "PARALLEL_FROM",
    "ReadDocument",
    "ReadFailure",
    "default_workers",
    "read_document",
    "read_documents",
    "reader_version",
    "unexpected_failure",
]

#: fewest files for which reader processes are started: they take a second or
#: two to start and load spaCy and the gazetteer, which on two CPUs about a
#: thousand documents repay
PARALLEL_FROM = 1_000
#: files per task sent to a reader: fewer round trips, yet an even spread
_CHUNK = 16
#: tasks queued ahead per reader, so that none waits, while the graphs read but
#: not yet written stay few (a few megabytes each task)
_AHEAD = 3


@dataclass
class DocumentReport:
    """What the ingest report says of one file read."""

    source: str
    number: str
    items: int
    entities: int
    triples: int


@dataclass
class ReadDocument:
    """One file read: its graph and its line in the ingest report."""

    path: Path
    report: DocumentReport
    graph: DocumentGraph


@dataclass
class ReadFailure:
    """One file that could not be read, with a one-line reason naming it."""

    path: Path
    reason: str


#: libraries whose release can change what a file reads as: the tokenizer that
#: splits sentences, and the PDF text extraction
_READING_LIBRARIES = ("spacy", "pdfplumber", "pdfminer.six")


@functools.cache
def reader_version(base: str) -> str:
    """What a document graph was read with, as ``sha256:<hex>``: stored with
    each document (``cck:readerVersion``) so that a file stored unchanged is
    not read again, and a new release or reference data reads it again.

    Taken of every source file of `loaders` and `kg` and every file of the
    ontology folder: which of them shape a graph is not worth the risk of
    guessing, and they change only with the installation.
    """
    digest = hashlib.sha256(base.encode())
    for library in _READING_LIBRARIES:
        try:
            release = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            release = "absent"
        digest.update(f"\n{library} {release}".encode())
    sources = (
        (Path(loaders.__file__).parent, "*.py"),
        (Path(__file__).resolve().parent, "*.py"),
        (ontology_dir(), "*"),
    )
    for root, pattern in sources:
        for path in sorted(p for p in root.rglob(pattern) if p.is_file()):
            digest.update(f"\n{path.relative_to(root)}\n".encode())
            digest.update(path.read_bytes())
    return f"sha256:{digest.hexdigest()}"


def read_document(path: Path, minter: Minter) -> ReadDocument:
    """Read one file; raises `loaders.LoadError` when it is not usable minutes."""
    minutes = load_minutes(path, gazetteer(minter))
    graph = build_graph(minutes, minter, reader_version(minter.base))
    report = DocumentReport(
        source=str(path),
        number=minutes.header.number or "",
        items=len(minutes.items),
        entities=len({r.identity for r, _ in minutes.entities}),
        triples=len(graph.triples),
    )
    return ReadDocument(path, report, graph)


def _read_or_fail(path: Path, minter: Minter) -> ReadDocument | ReadFailure:
    try:
        return read_document(path, minter)
    except LoadError as err:
        return ReadFailure(path, str(err))
    except Exception as err:  # noqa: BLE001 - one bad file must not stop the others
        return unexpected_failure(path, err)


def unexpected_failure(path: Path, err: Exception) -> ReadFailure:
    """A file on which the reader itself failed: a fault to report, not the file's."""
    return ReadFailure(
        path,
        f"{path}: could not be read ({type(err).__name__}: {err}); please report it",
    )


#: readers beyond which the writing process, at about 7 ms a document, could not
#: keep up with them
MOST_WORKERS = 4


def default_workers() -> int:
    """Reader processes worth starting here: one per CPU this process may use, up
    to `MOST_WORKERS`; none on one CPU, where they would only take turns with the
    writer."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity on macOS and Windows
        cpus = os.cpu_count() or 1
    return 0 if cpus < 2 else min(cpus, MOST_WORKERS)


def read_documents(
    paths: Sequence[Path], minter: Minter, workers: int = 0
) -> Iterator[ReadDocument | ReadFailure]:
    """Each file read, in the order given; by ``workers`` reader processes when
    there are at least `PARALLEL_FROM` files, else in this process."""
    if workers < 1 or len(paths) < PARALLEL_FROM:
        for path in paths:
            yield _read_or_fail(path, minter)
        return
    chunks = [list(paths[i : i + _CHUNK]) for i in range(0, len(paths), _CHUNK)]
    given = 0  # chunks whose documents were handed on
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_warm,
        initargs=(minter.base,),
    )
    try:
        window: deque[Future[list[ReadDocument | ReadFailure]]] = deque()
        while given < len(chunks):
            while len(window) < workers * _AHEAD and given + len(window) < len(chunks):
                chunk = chunks[given + len(window)]
                window.append(pool.submit(_read_chunk, chunk, minter.base))
            read = window.popleft().result()
            given += 1
            yield from read
    except (BrokenProcessPool, OSError):
        # a reader died (killed, out of memory) or none could start: the rest is read here
        for chunk in chunks[given:]:
            for path in chunk:
                yield _read_or_fail(path, minter)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _context() -> multiprocessing.context.BaseContext:
    """A fork server where there is one: readers start from a clean process
    (never a fork of this one, whose store threads may hold locks) without each
    importing everything again."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["kg.reading"])
        return context
    return multiprocessing.get_context("spawn")


@functools.cache
def _minter(base: str) -> Minter:
    return Minter(base)


def _warm(base: str) -> None:
    """Load the tokenizer and the gazetteer before the first task, in each reader.

    Ctrl-C reaches every process of the terminal's group: the readers leave it
    to the writing process, which stops them once the store is left whole.
    """
    from loaders.nlp import pipeline

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pipeline()
    gazetteer(_minter(base))


def _read_chunk(paths: list[Path], base: str) -> list[ReadDocument | ReadFailure]:
    minter = _minter(base)
    return [_read_or_fail(path, minter) for path in paths]
