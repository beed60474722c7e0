"""What the ontology lets a consumer conclude, and the axioms that make it worthwhile."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef

from kg.backends.embedded import EmbeddedBackend
from kg.cli import cli
from kg.ingest import ingest
from kg.iris import Minter
from kg.namespaces import CCK, OWL, RDF, RDFS, SDO
from kg.reasoning import Materialisation, data_triples, entailments, tbox

ORGANISATION_KINDS = {
    CCK.Agency,
    CCK.MemberState,
    CCK.Institution,
    CCK.CouncilBody,
    CCK.Unit,
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, example_path: Path) -> Path:
    path = tmp_path_factory.mktemp("reasoning-store")
    with EmbeddedBackend(path) as backend:
        assert not ingest([example_path], backend, Minter()).failed
    return path


def _disjoint_sets(ontology: Graph) -> list[set[URIRef]]:
    sets = []
    for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = ontology.value(axiom, OWL.members)
        sets.append(set(ontology.items(members)))
    return sets


@pytest.mark.parametrize(
    "members",
    [
        pytest.param(ORGANISATION_KINDS, id="organisation-kinds"),
        pytest.param(
            {CCK.Document, CCK.Event, CCK.Organisation},
            id="documents-events-organisations",
        ),
    ],
)
def test_the_ontology_declares_the_disjointness_reasoning_relies_on(
    members: set[URIRef],
) -> None:
    assert any(members <= s for s in _disjoint_sets(tbox()))


@pytest.mark.parametrize(
    "axiom",
    [
        pytest.param(
            (CCK.agendaItemOf, RDF.type, OWL.FunctionalProperty),
            id="agendaItemOf-functional",
        ),
        pytest.param(
            (CCK.hasAgendaItem, OWL.inverseOf, CCK.agendaItemOf), id="items-inverse"
        ),
        pytest.param(
            (CCK.recordsMeeting, OWL.inverseOf, CCK.recordedIn), id="minutes-inverse"
        ),
        pytest.param((CCK.Meeting, RDFS.subClassOf, CCK.Event), id="meeting-is-event"),
    ],
)
def test_the_ontology_declares_the_axioms_reasoning_relies_on(
    axiom: tuple[URIRef, URIRef, URIRef],
) -> None:
    assert axiom in tbox()


def test_presented_in_is_the_chain_presented_at_then_agenda_item_of() -> None:
    ontology = tbox()
    chain = ontology.value(CCK.presentedIn, OWL.propertyChainAxiom)
    assert list(ontology.items(chain)) == [CCK.presentedAt, CCK.agendaItemOf]


def test_entailments_are_new_and_include_events(store: Path) -> None:
    minter = Minter()
    meeting = minter.meeting("ccwp-experts", "2016-09-23")
    with EmbeddedBackend(store, read_only=True) as backend:
        inferred = set(entailments(backend, minter))
        asserted = set(data_triples(backend, minter))
    assert (meeting, RDF.type, CCK.Event) in inferred
    assert not inferred & asserted


def test_the_check_reasons_over_the_minutes_not_the_summary_index(store: Path) -> None:
    """The summary graph is rebuilt from the minutes: checking it again adds
    work and no finding, and its staleness is reported on its own."""
    minter = Minter()
    with EmbeddedBackend(store, read_only=True) as backend:
        summary = {
            (s, p, o)
            for s, p, o in backend.query(
                "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
                {"g": minter.summary_graph},
            )
        }
        triples = set(data_triples(backend, minter))
    assert summary
    assert not summary & triples
    assert any(p == CCK.presentedAt for _, p, _ in triples)


def test_every_presentation_is_presented_in_the_meeting_of_its_item(
    store: Path,
) -> None:
    """The minutes' graph states the chain's conclusion, and states it right."""
    with EmbeddedBackend(store, read_only=True) as backend:
        triples = set(data_triples(backend, Minter()))
    items = {(s, o) for s, p, o in triples if p == CCK.presentedAt}
    meeting_of = {s: o for s, p, o in triples if p == CCK.agendaItemOf}
    presented_in = {(s, o) for s, p, o in triples if p == CCK.presentedIn}
    assert items
    assert presented_in == {(p, meeting_of[item]) for p, item in items}


def test_a_minuted_meeting_states_the_day_it_was_held(store: Path) -> None:
    with EmbeddedBackend(store, read_only=True) as backend:
        triples = set(data_triples(backend, Minter()))
    meetings = {s for s, p, o in triples if p == RDF.type and o == CCK.Meeting}
    started = {(s, o) for s, p, o in triples if p == SDO.startDate and s in meetings}
    held = {(s, o) for s, p, o in triples if p == CCK.heldOn}
    assert held and held == started


def test_the_chain_is_derived_for_data_that_does_not_state_it() -> None:
    minter = Minter()
    meeting = minter.meeting("cosi", "2017-03-01")
    item = URIRef(f"{meeting}/item/3")
    presentation = URIRef(f"{item}/presentation/europol-1")
    data = [
        (presentation, CCK.presentedAt, item),
        (item, CCK.agendaItemOf, meeting),
    ]
    inferred = set(Materialisation(data, tbox()).new_triples())
    assert (presentation, CCK.presentedIn, meeting) in inferred


def test_export_infer_puts_entailments_in_their_own_graph(
    store: Path, tmp_path: Path
) -> None:
    minter = Minter()
    out = tmp_path / "graph.nq"
    result = CliRunner().invoke(
        cli, ["--store", str(store), "export", "-f", "nq", "--infer", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    dataset = Dataset()
    dataset.parse(out, format="nquads")
    inferred = dataset.graph(minter.inferred_graph)
    meeting = minter.meeting("ccwp-experts", "2016-09-23")
    assert (meeting, RDF.type, CCK.Event) in inferred
    document_graph = dataset.graph(minter.document("12582/16"))
    assert set(document_graph.subjects(RDF.type, CCK.Presentation))
    # nothing the minutes say is repeated in the inferred graph
    assert not set(document_graph) & set(inferred)
