"""A policy officer opens Europol's neighbourhood: every link once, with how many minutes state it.

Europol is named in every other minutes, so its links are paged from the
neighbourhood that ingest counts for each entity of the reference data and the
ontology; any other entity's links are counted when asked. Either way the
answer is one row per (direction, property, neighbour) with the number of
graphs that state the link and the sentences of the first of them, and a page
read from the summary is the page the counting would give.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pytest
from rdflib import URIRef
from support.answers import Row, answer, paged

from kg.backends.embedded import EmbeddedBackend
from kg.namespaces import CCK
from kg.results import rows
from kg.summary import SUMMARY_LINKS

EUROPOL = "https://w3id.org/customs-kg/id/org/europol"
MEETING_CLASS = str(CCK.Meeting)

#: every statement naming the entity, in every graph
STATEMENTS = """
SELECT ?graph ?direction ?property ?neighbour WHERE {
  { GRAPH ?graph { ?entity ?property ?neighbour } BIND("out" AS ?direction) }
  UNION
  { GRAPH ?graph { ?neighbour ?property ?entity } BIND("in" AS ?direction) }
}
"""

#: the text of the minutes is evidence, and the summary's links an index: neither is a neighbour
NOT_LINKS = {
    "out": {
        str(p) for p in (CCK.text, CCK.evidence, CCK.evidenceStart, CCK.evidenceEnd)
    },
    "in": {str(p) for p in SUMMARY_LINKS},
}

FIRST_MEETING = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT ?meeting WHERE { GRAPH ?g { ?meeting a cck:Meeting } } ORDER BY ?meeting LIMIT 1
"""


@pytest.fixture(scope="module")
def meeting(generated_store: EmbeddedBackend) -> str:
    """A meeting of the generated minutes: an entity without a counted neighbourhood."""
    return str(rows(generated_store, FIRST_MEETING)[0][0])


@pytest.fixture(scope="module")
def uncounted(generated_store: EmbeddedBackend) -> Iterator[EmbeddedBackend]:
    """The same store without the neighbourhoods, so every entity's links are counted when asked."""
    copy = EmbeddedBackend()
    copy.ox_store.extend(generated_store.ox_store.quads_for_pattern(None, None, None))
    copy.update(
        "DELETE WHERE { GRAPH ?g { ?group a cck:NeighbourGroup ; ?p ?o } } ;"
        " DELETE WHERE { GRAPH ?g { ?n a cck:Neighbourhood ; ?p ?o } }"
    )
    assert not rows(copy, "SELECT * WHERE { ?n a cck:Neighbourhood }")
    yield copy
    copy.close()


def _links(
    store: EmbeddedBackend, entity: str
) -> dict[tuple[str, str, str], list[str]]:
    """What the answer must say: each link with the graphs stating it, from every statement."""
    found: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for graph, direction, prop, neighbour in rows(
        store, STATEMENTS, {"entity": URIRef(entity)}
    ):
        if str(prop) not in NOT_LINKS[str(direction)]:
            found[(str(direction), str(prop), str(neighbour))].add(str(graph))
    return {link: sorted(graphs) for link, graphs in found.items()}


def _listed(page: list[Row]) -> list[Row]:
    """The page with its sentences in a fixed order: SPARQL leaves the order of
    a GROUP_CONCAT to the engine."""
    return [
        tuple(" | ".join(sorted(v.split(" | "))) if v else v for v in row)
        for row in page
    ]


def _everything(store: EmbeddedBackend, entity: str) -> list[dict[str, str | None]]:
    columns = [
        "direction",
        "property",
        "neighbour",
        "neighbourLabel",
        "graphCount",
        "graph",
    ]
    whole = [
        answer(store, "entity-neighbourhood", {"entity": entity, "limit": "100000"}, c)
        for c in columns
    ]
    return [
        dict(zip(columns, (c[0] for c in row), strict=True))
        for row in zip(*whole, strict=True)
    ]


@pytest.mark.parametrize("who", ["europol", "meeting"])
def test_each_link_is_one_row_counting_the_graphs_that_state_it(
    generated_store: EmbeddedBackend, meeting: str, who: str
) -> None:
    entity = EUROPOL if who == "europol" else meeting
    expected = _links(generated_store, entity)
    assert len(expected) > 20, "too few links to tell anything"
    got = _everything(generated_store, entity)
    assert len(got) == len(expected), "one row per link"
    for row in got:
        link = (row["direction"], row["property"], row["neighbour"])
        graphs = expected[link]  # type: ignore[index]
        assert row["graphCount"] == str(len(graphs)), link
        assert row["graph"] == graphs[0], "the evidence comes from the first graph"


def test_links_come_by_direction_and_property_then_by_label(
    generated_store: EmbeddedBackend,
) -> None:
    got = _everything(generated_store, EUROPOL)
    groups = [(r["direction"], r["property"]) for r in got]
    assert groups == sorted(groups), "incoming before outgoing, then by property"
    for group in set(groups):
        labels = [
            r["neighbourLabel"] or ""
            for r in got
            if (r["direction"], r["property"]) == group
        ]
        assert labels == sorted(labels), group


@pytest.mark.parametrize(
    "entity",
    [
        pytest.param(EUROPOL, id="agency"),
        pytest.param(
            "https://w3id.org/customs-kg/id/threat/cash-smuggling", id="threat"
        ),
        pytest.param(MEETING_CLASS, id="class"),
    ],
)
@pytest.mark.parametrize(
    ("limit", "offset"), [("100000", "0"), ("7", "0"), ("7", "20"), ("30", "45")]
)
def test_a_page_read_from_the_neighbourhood_is_the_page_counting_gives(
    generated_store: EmbeddedBackend,
    uncounted: EmbeddedBackend,
    entity: str,
    limit: str,
    offset: str,
) -> None:
    params = {"entity": entity, "limit": limit, "offset": offset}
    summarised = _listed(answer(generated_store, "entity-neighbourhood", params))
    assert summarised, "the page should not be empty"
    assert summarised == _listed(answer(uncounted, "entity-neighbourhood", params))


def test_pages_of_a_counted_neighbourhood_are_slices_of_the_whole(
    generated_store: EmbeddedBackend, meeting: str
) -> None:
    params = {"entity": meeting}
    whole = answer(
        generated_store, "entity-neighbourhood", dict(params, limit="100000")
    )
    assert len(whole) > 25
    assert (
        paged(generated_store, "entity-neighbourhood", params, 5, len(whole)) == whole
    )


NEIGHBOURHOOD_OF = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT ?group WHERE { ?n a cck:Neighbourhood ; cck:summarises ?entity ; cck:neighbourGroup ?group }
"""


def test_only_the_reference_data_and_the_ontology_have_counted_neighbourhoods(
    generated_store: EmbeddedBackend, meeting: str
) -> None:
    def groups(entity: str) -> int:
        return len(rows(generated_store, NEIGHBOURHOOD_OF, {"entity": URIRef(entity)}))

    assert groups(EUROPOL) > 3
    assert groups(MEETING_CLASS) > 0
    assert groups(meeting) == 0
    # the summary's own classes are left to counting, as it is rebuilt under them
    assert groups(str(CCK.CalendarDay)) == 0
