"""An analyst loads the example minutes and asks what the document, meeting and agenda were."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node
from support.example import CITED, ITEMS

import kg.ingest
import kg.reading
from kg.backends.base import BackendError
from kg.backends.embedded import EmbeddedBackend
from kg.backends.oxterms import from_ox
from kg.ingest import ingest
from kg.iris import Minter
from kg.reference import ontology_graph
from kg.summary import stale_summary

PREFIXES = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def select(backend: EmbeddedBackend, body: str) -> list[tuple]:
    return [tuple(row) for row in backend.query(PREFIXES + body)]


def test_the_document_is_there_with_its_date(example_store: EmbeddedBackend) -> None:
    rows = select(
        example_store,
        'SELECT ?date WHERE { ?d a cck:Document ; dct:identifier "12582/16" ; dct:date ?date }',
    )
    assert rows == [
        (
            Literal(
                "2016-10-05", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")
            ),
        )
    ]


def test_the_document_records_the_working_party_meeting(
    example_store: EmbeddedBackend,
) -> None:
    rows = select(
        example_store,
        """SELECT ?date ?bodyLabel WHERE {
             ?d dct:identifier "12582/16" ; cck:recordsMeeting ?m .
             ?m a cck:Meeting ; schema:startDate ?date ; cck:body ?body .
             ?body ?labelProp ?bodyLabel . FILTER(?labelProp IN (<http://www.w3.org/2000/01/rdf-schema#label>,
                                                                <http://www.w3.org/2004/02/skos/core#prefLabel>,
                                                                <http://www.w3.org/2004/02/skos/core#altLabel>))
           }""",
    )
    assert {str(date) for date, _ in rows} == {"2016-09-23"}
    assert "Customs Cooperation Working Party (Experts)" in {
        str(label) for _, label in rows
    }


def test_the_meeting_has_its_seven_agenda_items(example_store: EmbeddedBackend) -> None:
    rows = select(
        example_store,
        """SELECT ?n ?title WHERE {
             ?d dct:identifier "12582/16" ; cck:recordsMeeting ?m .
             ?m cck:hasAgendaItem ?i . ?i cck:itemNumber ?n ; dct:title ?title .
           } ORDER BY ?n""",
    )
    assert [(int(n), str(t)) for n, t in rows] == ITEMS


def test_every_cited_document_number_is_kept_as_written(
    example_store: EmbeddedBackend,
) -> None:
    rows = select(
        example_store,
        """SELECT DISTINCT ?number ?malformed WHERE {
             ?d dct:identifier "12582/16" ; cck:cites ?c . ?c dct:identifier ?number .
             OPTIONAL { ?c cck:malformedIdentifier ?malformed }
           }""",
    )
    assert sorted(str(n) for n, _ in rows) == sorted(CITED)
    flagged = {str(n) for n, bad in rows if bad is not None and bad.toPython() is True}
    assert flagged == {"5109/2/1 REV 2"}


def test_every_extracted_node_names_its_document_and_sentence(
    example_store: EmbeddedBackend,
) -> None:
    rows = select(
        example_store,
        """SELECT ?node WHERE {
             ?node prov:wasDerivedFrom ?doc .
             FILTER NOT EXISTS { ?node cck:evidence ?e }
             FILTER NOT EXISTS { ?node a cck:Meeting }
           }""",
    )
    assert rows == []


@pytest.mark.parametrize("again", [False, True], ids=["skipped", "read-again"])
def test_ingesting_the_same_minutes_twice_adds_nothing(
    tmp_path: Path, example_path: Path, again: bool
) -> None:
    with EmbeddedBackend(tmp_path / "store") as backend:
        ingest([example_path], backend)
        once = backend.count()
        report = ingest([example_path], backend, again=again)
        assert backend.count() == once
        assert len(report.loaded) == again and len(report.unchanged) == (not again)


def _document_quads(backend: EmbeddedBackend, minter: Minter) -> set[str]:
    """Every statement but the summary's, as N-Quads lines."""
    text = backend.ox_store.dump(format=ox.RdfFormat.N_QUADS).decode()
    return {
        line for line in text.splitlines() if f"<{minter.summary_graph}> ." not in line
    }


def test_a_folder_ingested_again_reads_only_the_minutes_added_to_it(
    tmp_path: Path, generated_minutes: list[Path], minter: Minter
) -> None:
    """Next month's minutes are dropped into the folder, and the folder is ingested again."""
    folder = tmp_path / "minutes"
    folder.mkdir()
    for path in generated_minutes[:20]:
        shutil.copy(path, folder)
    with EmbeddedBackend(tmp_path / "store") as backend:
        ingest([folder], backend, minter)
        for path in generated_minutes[20:23]:
            shutil.copy(path, folder)
        report = ingest([folder], backend, minter)
        assert [Path(d.source).name for d in report.loaded] == [
            p.name for p in generated_minutes[20:23]
        ]
        assert [Path(f).name for f in report.unchanged] == [
            p.name for p in generated_minutes[:20]
        ]
        assert report.summary_grown and stale_summary(backend, minter) is None
        grown = _document_quads(backend, minter)
    with EmbeddedBackend(tmp_path / "at-once") as backend:
        ingest([folder], backend, minter)
        assert grown == _document_quads(backend, minter)


def test_an_edited_file_is_read_again_and_replaces_its_document(
    tmp_path: Path, example_path: Path
) -> None:
    minutes = tmp_path / "minutes.txt"
    shutil.copy(example_path, minutes)
    with EmbeddedBackend(tmp_path / "store") as backend:
        ingest([minutes], backend)
        _rewritten(example_path, minutes, "Chess Knight IV", "Chess Knight V")
        report = ingest([minutes], backend)
        assert len(report.loaded) == 1 and not report.unchanged
        labels = " ".join(_labels(backend))
        assert "Chess Knight V" in labels and "Chess Knight IV" not in labels


def test_a_new_release_reads_every_file_again(
    tmp_path: Path, example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another version of the extraction code or the reference data may read the
    same file differently, so what it stored before is no reason to skip it."""
    with EmbeddedBackend(tmp_path / "store") as backend:
        ingest([example_path], backend)
        for module in (kg.reading, kg.ingest):
            monkeypatch.setattr(module, "reader_version", lambda base: "sha256:next")
        assert len(ingest([example_path], backend).loaded) == 1
        # and the document now says which release read it
        assert len(ingest([example_path], backend).unchanged) == 1


def test_a_large_load_compacts_the_store_and_loses_nothing(
    tmp_path: Path, example_path: Path
) -> None:
    answers = {}
    for name, compact_after in (("compacted", 1), ("plain", 2)):
        with EmbeddedBackend(tmp_path / name) as backend:
            report = ingest([example_path], backend, compact_after=compact_after)
            assert (report.compact_seconds is not None) is (name == "compacted")
        # the store opens again after compaction and holds the same quads
        with EmbeddedBackend(tmp_path / name, read_only=True) as again:
            items = select(again, "SELECT ?item WHERE { ?m cck:hasAgendaItem ?item }")
            answers[name] = (again.count(), sorted(items))
    assert answers["compacted"] == answers["plain"]
    assert len(answers["compacted"][1]) == len(ITEMS)


def test_the_same_document_under_another_file_name_is_one_graph(
    tmp_path: Path, example_path: Path
) -> None:
    copy = tmp_path / "copy.md"
    shutil.copy(example_path, copy)
    with EmbeddedBackend(tmp_path / "store") as backend:
        ingest([example_path], backend)
        once = backend.count()
        report = ingest([copy], backend)
        assert not report.failed and len(report.loaded) == 1  # a new name is read
        # only the source file name differs
        assert backend.count() == once


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        pytest.param("empty.txt", b"", "no Council document number", id="empty-file"),
        pytest.param(
            "binary.txt", b"\x00\x01\x02PK", "binary content", id="binary-file"
        ),
        pytest.param(
            "notes.md",
            b"Some notes\n\nNothing official here.\n",
            "no Council document number",
            id="not-minutes",
        ),
        pytest.param(
            "broken.pdf",
            b"%PDF-1.4\nthis is not a pdf",
            "not a readable PDF",
            id="broken-pdf",
        ),
    ],
)
@pytest.mark.parametrize("workers", [0, 2], ids=["in-process", "reader-processes"])
def test_a_bad_file_is_reported_and_the_rest_still_load(
    tmp_path: Path,
    example_path: Path,
    name: str,
    content: bytes,
    reason: str,
    workers: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(kg.reading, "PARALLEL_FROM", 1)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(content)
    shutil.copy(example_path, folder / "good.txt")
    with EmbeddedBackend(tmp_path / "store") as backend:
        report = ingest([folder], backend, workers=workers)
        assert [Path(d.source).name for d in report.loaded] == ["good.txt"]
        [(path, message)] = report.failed
        assert Path(path).name == name
        assert reason in message and name in message
        assert "\n" not in message


#: literals that a statement written as SPARQL data must escape
TRICKY = [
    Literal('quotes " and \\ backslash, \\u0041 not an escape'),
    Literal("line\nbreak\r\ttab and \x01 control"),
    Literal("accents é, Ł, ΑΘΗΝΑ, and 🚢"),
    Literal("Polska", lang="pl"),
    Literal("x" * 20000),
]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(TRICKY[:3], TRICKY[2:], id="tricky-literals"),
        pytest.param(
            [BNode("a"), Literal(1)], [BNode("b"), Literal(2)], id="blank-nodes"
        ),
        pytest.param(TRICKY, [], id="emptied"),
    ],
)
def test_a_graph_written_again_holds_exactly_its_new_statements(
    first: list[Node], second: list[Node]
) -> None:
    graph, subject = URIRef("urn:x:graph"), URIRef("urn:x:thing")
    predicate = URIRef("http://example.org/p")
    with EmbeddedBackend() as backend:
        backend.replace_graphs({graph: [(subject, predicate, o) for o in first]})
        backend.replace_graphs({graph: [(subject, predicate, o) for o in second]})
        held = [
            from_ox(q.object)
            for q in backend.ox_store.quads_for_pattern(None, None, None, None)
        ]
    assert len(held) == len(second)
    assert {o for o in held if not isinstance(o, BNode)} == {
        o for o in second if not isinstance(o, BNode)
    }


class _StoreStandIn:
    """The store as it is, except for what a subclass overrides."""

    def __init__(self, store: object) -> None:
        self._store = store

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


class _RecordedUpdates(_StoreStandIn):
    """The store as it is, remembering each SPARQL Update sent to it."""

    def __init__(self, store: object) -> None:
        super().__init__(store)
        self.updates: list[str] = []

    def update(self, sparql: str, **kw: object) -> None:
        self.updates.append(sparql)
        self._store.update(sparql, **kw)  # type: ignore[attr-defined]


def test_a_graph_written_again_unchanged_is_not_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Re-ingesting unchanged minutes, or rebuilding an unchanged summary, writes nothing."""
    graph, subject = URIRef("urn:x:graph"), URIRef("urn:x:thing")
    predicate = URIRef("http://example.org/p")
    values = [
        *TRICKY,
        Literal(7),
        Literal("2016-09-23", datatype=XSD.date),
        Literal("typed as a string", datatype=XSD.string),
        URIRef("http://example.org/other"),
    ]
    statements = [(subject, predicate, o) for o in values]
    with EmbeddedBackend() as backend:
        backend.replace_graphs({graph: statements})
        recorded = _RecordedUpdates(backend.ox_store)
        monkeypatch.setattr(backend, "_store", recorded)
        backend.replace_graphs({graph: list(reversed(statements))})
        assert recorded.updates == []
        backend.replace_graphs({graph: statements[1:]})
        assert len(recorded.updates) == 1 and "DELETE DATA" in recorded.updates[0]
        monkeypatch.undo()
        assert backend.count() == len(values) - 1


def test_the_next_ingest_leaves_an_unchanged_ontology_as_it_is(
    tmp_path: Path, example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ontology's blank nodes are labelled anew each time it is read; that is no change."""
    with EmbeddedBackend(tmp_path / "store") as backend:
        ingest([example_path], backend)
        ontology_graph.cache_clear()  # as the next run of the command reads it again
        recorded = _RecordedUpdates(backend.ox_store)
        monkeypatch.setattr(backend, "_store", recorded)
        ingest([], backend)
        assert recorded.updates == []


def _rewritten(example: Path, path: Path, old: str, new: str) -> Path:
    """The example minutes with one phrase changed: the document number makes
    another document, an operation's name another version of the same one."""
    path.write_text(example.read_text().replace(old, new))
    return path


class _FailingSwap(_StoreStandIn):
    """The store as it is, except that writing the changes to a replaced graph
    fails (a full disk, say): the transaction is refused whole."""

    def update(self, sparql: str, **kw: object) -> None:
        if "INSERT DATA" in sparql or "DELETE DATA" in sparql:
            raise OSError("No space left on device")
        self._store.update(sparql, **kw)  # type: ignore[attr-defined]


def test_a_store_failure_mid_way_leaves_the_store_exactly_as_before(
    tmp_path: Path, example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with EmbeddedBackend(tmp_path / "store") as backend:
        ingest([example_path], backend)
        before = sorted(map(str, backend.ox_store))
        edited = _rewritten(
            example_path, tmp_path / "edited.txt", "Chess Knight IV", "Chess Knight V"
        )

        real = backend.ox_store
        monkeypatch.setattr(backend, "_store", _FailingSwap(real))
        report = ingest([edited], backend)
        monkeypatch.setattr(backend, "_store", real)

        assert not report.loaded and "not stored" in report.failed[0][1]
        assert sorted(map(str, backend.ox_store)) == before


class _FailingBulkLoad(_FailingSwap):
    """The bulk loader writes half of what it was given, then the disk fails."""

    def bulk_extend(self, quads: Iterable[object]) -> None:
        given = list(quads)
        self._store.bulk_extend(given[: len(given) // 2])  # type: ignore[attr-defined]
        raise OSError("No space left on device")

    def update(self, sparql: str, **kw: object) -> None:
        self._store.update(sparql, **kw)  # type: ignore[attr-defined]


def test_a_new_document_whose_write_fails_half_way_leaves_nothing_behind(
    tmp_path: Path, example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with EmbeddedBackend(tmp_path / "store") as backend:
        ingest([example_path], backend)
        before = sorted(map(str, backend.ox_store))
        other = _rewritten(example_path, tmp_path / "other.txt", "12582/16", "12583/16")

        real = backend.ox_store
        monkeypatch.setattr(backend, "_store", _FailingBulkLoad(real))
        report = ingest([other], backend)
        monkeypatch.setattr(backend, "_store", real)

        assert not report.loaded and "not stored" in report.failed[0][1]
        assert sorted(map(str, backend.ox_store)) == before


def _labels(backend: EmbeddedBackend) -> set[str]:
    return {
        str(row[0]) for row in select(backend, "SELECT ?l WHERE { ?x rdfs:label ?l }")
    }


def test_the_same_document_thrice_in_one_run_keeps_the_last_file(
    tmp_path: Path, example_path: Path
) -> None:
    files = [example_path]
    for name in ("V", "VI"):
        files.append(
            _rewritten(
                example_path,
                tmp_path / f"edited-{name}.txt",
                "Chess Knight IV",
                f"Chess Knight {name}",
            )
        )
    with EmbeddedBackend(tmp_path / "alone") as alone:
        ingest([files[-1]], alone)
        expected = alone.count()
    with EmbeddedBackend(tmp_path / "all") as backend:
        report = ingest(files, backend)
        assert [d.source for d in report.loaded] == [str(f) for f in files]
        assert not report.failed
        labels = _labels(backend)
        assert "Chess Knight VI" in labels
        assert not {"Chess Knight IV", "Chess Knight V"} & labels
        assert backend.count() == expected


def test_later_copies_whose_write_fails_are_reported_not_stored(
    tmp_path: Path, example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = _rewritten(
        example_path, tmp_path / "edited.txt", "Chess Knight IV", "Chess Knight V"
    )
    with EmbeddedBackend(tmp_path / "store") as backend:
        monkeypatch.setattr(backend, "_store", _FailingSwap(backend.ox_store))
        report = ingest([example_path, edited, edited], backend)
        monkeypatch.undo()
        assert [d.source for d in report.loaded] == [str(example_path)]
        assert [source for source, _ in report.failed] == [str(edited)] * 2
        assert "Chess Knight IV" in _labels(backend)


class _FailingSecondLoad(_StoreStandIn):
    """The first bulk load goes through; the disk fails during the second."""

    loads = 0

    def bulk_extend(self, quads: Iterable[object]) -> None:
        self.loads += 1
        given = list(quads)
        if self.loads == 1:
            self._store.bulk_extend(given)  # type: ignore[attr-defined]
            return
        self._store.bulk_extend(given[: len(given) // 2])  # type: ignore[attr-defined]
        raise OSError("No space left on device")


def test_a_failed_load_reports_only_its_own_documents_as_not_stored(
    tmp_path: Path, example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large runs are loaded in parts: a failure loses the part it hit, not the run."""
    first = _rewritten(example_path, tmp_path / "first.txt", "12582/16", "12583/16")
    second = _rewritten(example_path, tmp_path / "second.txt", "12582/16", "12584/16")
    monkeypatch.setattr("kg.backends.embedded.BULK_STATEMENTS", 1)
    with EmbeddedBackend(tmp_path / "store") as backend:
        ingest([example_path], backend)
        real = backend.ox_store
        monkeypatch.setattr(backend, "_store", _FailingSecondLoad(real))
        report = ingest([first, second], backend)
        monkeypatch.setattr(backend, "_store", real)
        assert [d.source for d in report.loaded] == [str(first)]
        assert [source for source, _ in report.failed] == [str(second)]
        assert "not stored" in report.failed[0][1]
        documents = {str(g) for g in backend.named_graphs()}
        assert any(g.endswith("/12583-16") for g in documents)
        assert not any(g.endswith("/12584-16") for g in documents)


class _ChunkedLoad(_StoreStandIn):
    """The bulk loader writing as it reads, as Oxigraph's does every million statements."""

    def bulk_extend(self, quads: Iterable[object]) -> None:
        chunk: list[object] = []
        for quad in quads:
            chunk.append(quad)
            if len(chunk) == 100:
                self._store.bulk_extend(chunk)  # type: ignore[attr-defined]
                chunk = []
        self._store.bulk_extend(chunk)  # type: ignore[attr-defined]


def test_an_interrupted_ingest_leaves_no_document_half_written(
    tmp_path: Path, example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while minutes stream into the store drops what that load had begun."""
    with EmbeddedBackend(tmp_path / "store") as backend:
        ingest([example_path], backend)
        before = sorted(map(str, backend.ox_store))
        monkeypatch.setattr(backend, "_store", _ChunkedLoad(backend.ox_store))
        files = [
            _rewritten(example_path, tmp_path / f"{n}.txt", "12582/16", f"{n}/16")
            for n in (12583, 12584, 12585)
        ]

        def interrupt_after_two(path: Path) -> None:
            if path == files[1]:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            ingest(files, backend, progress=interrupt_after_two)
        monkeypatch.undo()
        assert sorted(map(str, backend.ox_store)) == before


def test_a_document_that_fails_to_parse_changes_nothing(
    tmp_path: Path, example_path: Path
) -> None:
    with EmbeddedBackend(tmp_path / "store") as backend:
        ingest([example_path], backend)
        before = sorted(map(str, backend.ox_store))
        bad = tmp_path / "bad.txt"
        bad.write_text("Brussels, 5 October 2016\n(OR. en)\n\nNo number here\n")
        report = ingest([bad], backend)
        assert report.failed and not report.loaded
        assert sorted(map(str, backend.ox_store)) == before


def test_another_base_iri_mints_everything_under_it(
    tmp_path: Path, example_path: Path
) -> None:
    minter = Minter("https://data.example.org/customs/")
    with EmbeddedBackend(tmp_path / "store") as backend:
        ingest([example_path], backend, minter)
        rows = select(
            backend,
            'SELECT ?d WHERE { ?d dct:identifier "12582/16" ; cck:recordsMeeting ?m }',
        )
        assert rows == [(URIRef("https://data.example.org/customs/doc/12582-16"),)]
        leftovers = select(
            backend,
            'SELECT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "https://w3id.org/customs-kg/id/")) } LIMIT 1',
        )
        assert leftovers == []


def test_a_locked_store_gives_one_clear_line(tmp_path: Path) -> None:
    with (
        EmbeddedBackend(tmp_path / "store"),
        pytest.raises(BackendError, match="cannot open the store"),
    ):
        EmbeddedBackend(tmp_path / "store")


def test_an_analyst_reads_a_store_while_the_ingest_still_holds_it(
    tmp_path: Path, example_path: Path
) -> None:
    """The ingest's store is still open, its background compaction deleting files."""
    with EmbeddedBackend(tmp_path / "store") as writer:
        ingest([example_path], writer)
        with EmbeddedBackend(tmp_path / "store", read_only=True) as reader:
            assert reader.count() == writer.count() > 0


def test_a_store_that_stays_busy_gives_one_clear_line(
    tmp_path: Path, example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with EmbeddedBackend(tmp_path / "store") as writer:
        ingest([example_path], writer)

    def vanishing(path: str) -> None:
        raise RuntimeError(
            f"Corruption: IO error: No such file or directory: {path}/000042.sst"
        )

    monkeypatch.setattr("kg.backends.embedded.time.sleep", lambda _s: None)
    monkeypatch.setattr("pyoxigraph.Store.read_only", vanishing)
    with pytest.raises(BackendError, match="another customs-kg is writing it") as err:
        EmbeddedBackend(tmp_path / "store", read_only=True)
    assert "\n" not in str(err.value)


def test_reader_processes_load_a_folder_exactly_as_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ministry's backlog is read on every core: the store and the report are the same."""
    generate = pytest.importorskip("bench.corpus").generate
    paths = generate(40, 3, tmp_path / "minutes")
    # a document given twice: the later file wins, whichever reader was quicker
    shutil.copy(paths[5], tmp_path / "minutes" / "zz-again.md")
    monkeypatch.setattr(kg.reading, "PARALLEL_FROM", 1)
    stores, reports = [], []
    for workers in (0, 3):
        backend = EmbeddedBackend()
        reports.append(ingest([tmp_path / "minutes"], backend, workers=workers))
        stores.append(
            set(backend.ox_store.dump(format=ox.RdfFormat.N_QUADS).splitlines())
        )
        backend.close()
    alone, readers = reports
    assert len(alone.loaded) == 41 and not alone.failed
    assert readers.loaded == alone.loaded
    assert stores[0] == stores[1]


class _DyingReaders:
    """Reader processes of which the first task comes back and every later one dies."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.tasks = 0

    def submit(self, fn, *args):  # type: ignore[no-untyped-def]
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        future: Future[object] = Future()
        self.tasks += 1
        if self.tasks == 1:
            future.set_result(fn(*args))
        else:
            future.set_exception(BrokenProcessPool("a reader was killed"))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def test_when_a_reader_dies_the_rest_is_read_in_the_writing_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate = pytest.importorskip("bench.corpus").generate
    paths = generate(40, 4, tmp_path / "minutes")
    monkeypatch.setattr(kg.reading, "PARALLEL_FROM", 1)
    monkeypatch.setattr(kg.reading, "ProcessPoolExecutor", _DyingReaders)
    read = list(kg.reading.read_documents(paths, Minter(), workers=2))
    assert [r.path for r in read] == paths
    assert all(isinstance(r, kg.reading.ReadDocument) for r in read)
