"""``customs-kg check`` and ``ingest --validate``: the stories of a user who
wants to know whether the graph holds together before sharing it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef
from support.env import need_executable

from kg.backends.embedded import EmbeddedBackend
from kg.backends.oxterms import named
from kg.build import DocumentGraph
from kg.check import check
from kg.cli import cli
from kg.ingest import ValidationFailed, ingest
from kg.iris import Minter
from kg.namespaces import CCK, DCT, RDF
from kg.reasoning import JAVA_MISSING
from kg.validate import document_validator

BAD_GRAPH = URIRef("urn:test:contradictions")


@pytest.fixture(scope="module")
def contradicted_store(
    tmp_path_factory: pytest.TempPathFactory, example_path: Path, minter: Minter
) -> Path:
    """The example minutes plus two contradictions: Poland typed a cck:Document
    (organisations and documents are disjoint) and item 1 put in a second
    meeting through the functional cck:agendaItemOf."""
    path = tmp_path_factory.mktemp("contradicted")
    with EmbeddedBackend(path) as backend:
        assert not ingest([example_path], backend, minter).failed
        meeting = minter.meeting("ccwp-experts", "2016-09-23")
        other = minter.meeting("cosi", "2016-10-01")
        backend.replace_graphs(
            {
                BAD_GRAPH: [
                    (URIRef(minter.base + "org/poland"), RDF.type, CCK.Document),
                    (minter.item(meeting, 1), CCK.agendaItemOf, other),
                    (other, RDF.type, CCK.Meeting),
                ]
            }
        )
    return path


def run(store: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--store", str(store), "check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception
    )
    return result.exit_code, result.output


def flat(output: str) -> str:
    """Table output without borders and line breaks, so a folded IRI reads whole."""
    return "".join(ch for ch in output if not ch.isspace() and ch not in "│┃┆")


@pytest.mark.java
def test_the_example_store_is_consistent_and_conforms(
    example_store: EmbeddedBackend,
) -> None:
    need_executable("java", "HermiT runs on Java")
    assert example_store.path is not None
    code, output = run(example_store.path)
    assert code == 0, output
    assert "consistent" in output and "inconsistent" not in output
    assert "SHACL: 0 violations" in output
    assert "cck:Event" in output  # the meeting is an event, which the loader never says


@pytest.mark.java
def test_the_report_lists_what_hermit_inferred(
    example_store: EmbeddedBackend, minter: Minter
) -> None:
    need_executable("java", "HermiT runs on Java")
    report = check(example_store, minter)
    assert report.consistent is True and report.reasoner == "HermiT"
    assert report.shacl is not None and report.violations == []
    meeting = minter.meeting("ccwp-experts", "2016-09-23")
    inferred = {(i.node, i.cls) for i in report.inferred}
    assert (meeting, CCK.Event) in inferred
    assert (meeting, CCK.Meeting) not in inferred  # asserted, so not news


@pytest.mark.java
def test_contradictions_fail_the_check_and_name_the_culprits(
    contradicted_store: Path,
) -> None:
    need_executable("java", "HermiT runs on Java")
    code, output = run(contradicted_store, "--no-shacl")
    assert code == 1
    assert "inconsistent" in output
    assert (
        "id/org/poland" in flat(output)
        and "cck:Document" in output
        and "disjoint" in output
    )
    assert "cck:agendaItemOf is functional" in output
    assert "meeting/cosi/2016-10-01" in flat(output)


@pytest.mark.java
def test_a_functional_clash_alone_is_an_inconsistency_for_hermit(
    tmp_path: Path, example_path: Path, minter: Minter
) -> None:
    """Our IRIs are minted from distinct keys, so two meetings of one item are two."""
    need_executable("java", "HermiT runs on Java")
    with EmbeddedBackend(tmp_path / "store") as backend:
        ingest([example_path], backend, minter)
        other = minter.meeting("cosi", "2016-10-01")
        item = minter.item(minter.meeting("ccwp-experts", "2016-09-23"), 1)
        backend.replace_graphs({BAD_GRAPH: [(item, CCK.agendaItemOf, other)]})
        report = check(backend, minter, shacl=False)
    assert report.consistent is False
    assert [set(i.nodes) for i in report.inconsistencies] == [
        {item, other, minter.meeting("ccwp-experts", "2016-09-23")}
    ]


def test_without_the_reasoner_the_rl_rules_still_find_the_contradictions(
    contradicted_store: Path,
) -> None:
    code, output = run(contradicted_store, "--no-reasoner", "--no-shacl")
    assert code == 1
    assert "OWL 2 RL rules" in output
    assert (
        "id/org/poland" in flat(output) and "cck:agendaItemOf is functional" in output
    )


def test_missing_java_is_one_clear_line(
    example_store: EmbeddedBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/bin/java")
    assert example_store.path is not None
    code, output = run(example_store.path, "--no-shacl")
    assert code == 1
    assert output.strip() == f"Error: {JAVA_MISSING}"


def test_no_reasoner_no_shacl_still_reports(example_store: EmbeddedBackend) -> None:
    assert example_store.path is not None
    code, output = run(example_store.path, "--no-reasoner")
    assert code == 0, output
    assert "OWL 2 RL rules" in output


# --- ingest --validate ----------------------------------------------------------


@pytest.fixture()
def without_identifier(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The graph builder forgets the document's number (dct:identifier)."""
    import kg.reading

    original = kg.reading.build_graph

    def broken(minutes, minter=None, version=None):  # type: ignore[no-untyped-def]
        graph: DocumentGraph = original(minutes, minter, version)
        graph.triples = [
            t
            for t in graph.triples
            if (t[0], t[1]) != (named(graph.document), named(DCT.identifier))
        ]
        return graph

    monkeypatch.setattr(kg.reading, "build_graph", broken)
    yield


def test_ingest_validate_refuses_a_document_that_breaks_a_shape(
    tmp_path: Path, example_path: Path, without_identifier: None
) -> None:
    store = tmp_path / "store"
    result = CliRunner().invoke(
        cli, ["--store", str(store), "ingest", "--validate", str(example_path)]
    )
    assert result.exit_code == 1
    assert "ccwp-experts-2016-09-23.txt" in result.output
    assert "cks:DocumentShape / document number" in result.output
    assert "id/doc/12582-16" in result.output
    with EmbeddedBackend(store, read_only=True) as backend:
        assert not [g for g in backend.named_graphs() if "/doc/" in g]


def test_ingest_validate_loads_a_good_document(
    tmp_path: Path, example_path: Path
) -> None:
    store = tmp_path / "store"
    result = CliRunner().invoke(
        cli, ["--store", str(store), "ingest", "--validate", str(example_path)]
    )
    assert result.exit_code == 0, result.output
    with EmbeddedBackend(store, read_only=True) as backend:
        assert URIRef(Minter().base + "doc/12582-16") in backend.named_graphs()


def test_the_validator_gives_one_line_per_violation(
    example_path: Path, minter: Minter
) -> None:
    from kg.build import build_graph
    from kg.reference import gazetteer
    from loaders import load_minutes

    graph = build_graph(load_minutes(example_path, gazetteer(minter)), minter)
    validate = document_validator(minter)
    validate(graph)  # the real document passes
    graph.triples = [
        t
        for t in graph.triples
        if (t[0], t[1]) != (named(graph.document), named(DCT.identifier))
    ]
    with pytest.raises(ValidationFailed) as failed:
        validate(graph)
    message = str(failed.value)
    assert "\n" not in message
    assert message.startswith("ccwp-experts-2016-09-23.txt (document ")
    assert "A document needs exactly one dct:identifier" in message


@pytest.mark.parametrize(
    ("shortcut", "kind"),
    [(CCK.presentedIn, CCK.Presentation), (CCK.heldOn, CCK.Meeting)],
    ids=["presented-in", "held-on"],
)
@pytest.mark.parametrize("stated", [True, False], ids=["stated", "older-store"])
def test_a_node_without_a_shortcut_the_questions_read_is_told_to_reload(
    example_path: Path, minter: Minter, stated: bool, shortcut: URIRef, kind: URIRef
) -> None:
    from rdflib import Graph

    from kg.build import build_graph
    from kg.reasoning import tbox
    from kg.reference import gazetteer, reference_graph
    from kg.validate import validate_graph
    from loaders import load_minutes

    graph = build_graph(load_minutes(example_path, gazetteer(minter)), minter)
    data = Graph()
    data += reference_graph(minter)
    data += tbox()
    for s, p, o in graph.rdflib_triples():
        if stated or p != shortcut:
            data.add((s, p, o))
    results = validate_graph(data)
    reload = [r for r in results if "ingest its minutes again" in r.message]
    assert not [r for r in results if r.is_violation]
    if stated:
        assert not reload
    else:
        assert {r.focus for r in reload} == set(data.subjects(RDF.type, kind))
        assert all(r.severity == "Warning" for r in reload)
