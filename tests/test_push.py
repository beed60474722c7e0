"""A data manager pushes the graph into the organisation's own triple store (Virtuoso here).

Pushing copies every named graph, can be repeated without piling up triples, and
with ``--replace`` retires the project's graphs that are gone locally, never
touching anything else the server holds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDFS, Literal, URIRef
from support.virtuoso import GRANTS, VirtuosoServer, running_virtuoso

from kg.backends.embedded import EmbeddedBackend
from kg.backends.remote import RemoteBackend
from kg.cli import cli
from kg.iris import Minter
from kg.push import push

pytestmark = pytest.mark.virtuoso

FOREIGN = URIRef("http://example.org/someone-elses/graph")
FOREIGN_TRIPLE = (
    URIRef("http://example.org/x"),
    URIRef("http://example.org/p"),
    Literal("not ours"),
)
HAS_TEXT = (
    "ASK { GRAPH ?g { ?s ?p ?o FILTER(isLiteral(?o) && CONTAINS(STR(?o), ?text)) } }"
)
EXAMPLE_GRAPH = URIRef("https://w3id.org/customs-kg/id/doc/12582-16")
BNODE_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }"


def counts(
    backend: EmbeddedBackend | RemoteBackend, graphs: list[URIRef]
) -> dict[URIRef, int]:
    return {g: backend.count(g) for g in graphs}


@pytest.fixture()
def gsp(virtuoso: VirtuosoServer, minter: Minter) -> RemoteBackend:
    """The server through the Graph Store Protocol, scoped to the project's graphs."""
    return RemoteBackend(
        virtuoso.sparql, graph_store=virtuoso.graph_store, scope=minter.base
    )


@pytest.fixture()
def by_update(virtuoso: VirtuosoServer, minter: Minter) -> RemoteBackend:
    """The server through SPARQL Update only, as for a store without the Graph Store Protocol."""
    return RemoteBackend(virtuoso.sparql, scope=minter.base)


def test_push_copies_every_named_graph(
    example_store: EmbeddedBackend, gsp: RemoteBackend, minter: Minter
) -> None:
    report = push(example_store, gsp, replace=True, minter=minter)
    graphs = example_store.named_graphs()
    assert report.graphs == graphs
    assert report.triples == report.server_triples == example_store.count()
    assert counts(gsp, graphs) == counts(example_store, graphs)


def test_push_by_sparql_update_keeps_blank_nodes(
    example_store: EmbeddedBackend, by_update: RemoteBackend, minter: Minter
) -> None:
    by_update.batch_size = (
        100  # many batches, so that cutting through a blank node would show
    )
    report = push(example_store, by_update, replace=True, minter=minter)
    graphs = example_store.named_graphs()
    assert report.server_triples == example_store.count()
    assert counts(by_update, graphs) == counts(example_store, graphs)
    for g in graphs:
        local = list(example_store.query(BNODE_TRIPLES, {"g": g}))
        remote = list(by_update.query(BNODE_TRIPLES, {"g": g}))
        assert int(str(remote[0][0])) == int(str(local[0][0])), g  # type: ignore[index]
    assert not [g for g in by_update.named_graphs() if "staging" in g]


def test_pushing_twice_leaves_the_same_triples(
    example_store: EmbeddedBackend,
    gsp: RemoteBackend,
    by_update: RemoteBackend,
    minter: Minter,
) -> None:
    first = push(example_store, gsp, replace=False, minter=minter)
    second = push(example_store, gsp, replace=False, minter=minter)
    third = push(example_store, by_update, replace=False, minter=minter)
    assert (
        first.server_triples
        == second.server_triples
        == third.server_triples
        == example_store.count()
    )
    assert gsp.count() == example_store.count()


def test_push_replace_retires_old_facts_and_spares_other_graphs(
    tmp_path: Path,
    example_path: Path,
    example_store: EmbeddedBackend,
    virtuoso: VirtuosoServer,
    gsp: RemoteBackend,
    minter: Minter,
) -> None:
    unscoped = RemoteBackend(virtuoso.sparql, graph_store=virtuoso.graph_store)
    withdrawn = URIRef(minter.base + "doc/9999-16")
    push(example_store, gsp, replace=True, minter=minter)
    unscoped.replace_graphs(
        {
            FOREIGN: [FOREIGN_TRIPLE],
            withdrawn: [(withdrawn, FOREIGN_TRIPLE[1], Literal("old"))],
        }
    )
    assert gsp.query(
        HAS_TEXT, {"g": EXAMPLE_GRAPH, "text": Literal("Chess Knight")}
    ).askAnswer

    # the minutes are corrected: the operation is renamed
    corrected = tmp_path / "minutes" / example_path.name
    corrected.parent.mkdir()
    corrected.write_text(
        example_path.read_text(encoding="utf-8").replace(
            "Chess Knight", "Amber Falcon"
        ),
        "utf-8",
    )
    store = tmp_path / "store"
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["--store", str(store), "ingest", str(corrected)]).exit_code
        == 0
    )
    result = runner.invoke(
        cli,
        [
            "--store",
            str(store),
            "push",
            "--endpoint",
            virtuoso.sparql,
            "--graph-store",
            virtuoso.graph_store,
            "--replace",
        ],
    )
    assert result.exit_code == 0, result.output
    line = re.search(
        r"pushed (\d+) graphs, (\d+) triples; the server now holds (\d+) triples in them",
        result.output,
    )
    assert line is not None, result.output
    assert line.group(2) == line.group(3)

    assert not gsp.query(
        HAS_TEXT, {"g": EXAMPLE_GRAPH, "text": Literal("Chess Knight")}
    ).askAnswer
    assert gsp.query(
        HAS_TEXT, {"g": EXAMPLE_GRAPH, "text": Literal("Amber Falcon")}
    ).askAnswer
    assert withdrawn not in gsp.named_graphs()
    assert unscoped.count(FOREIGN) == 1
    assert int(line.group(1)) == len(gsp.named_graphs())
    unscoped.drop_graphs([FOREIGN])


def test_a_large_graph_reaches_a_server_behind_digest_authentication(
    tmp_path: Path,
) -> None:
    """A summary graph at 10,000 minutes holds about 240,000 triples. Sent
    without credentials first, so large a body was cut off: Virtuoso answers
    401 and closes the connection while it is still being written."""
    with running_virtuoso(tmp_path) as server:
        server.isql(GRANTS)
        backend = RemoteBackend(
            server.sparql_auth,
            graph_store=server.graph_store_auth,
            user=server.user,
            password=server.password,
            timeout=120,
        )
        graph = URIRef("https://w3id.org/customs-kg/id/graph/summary")
        triples = [
            (
                URIRef(f"https://w3id.org/customs-kg/id/day/{i}"),
                RDFS.label,
                Literal(f"day {i}"),
            )
            for i in range(200_000)
        ]
        backend.replace_graphs({graph: triples})
        assert backend.count(graph) == len(triples)


def test_push_with_digest_credentials(
    tmp_path: Path,
    example_path: Path,
    virtuoso: VirtuosoServer,
    example_store: EmbeddedBackend,
    gsp: RemoteBackend,
) -> None:
    store = tmp_path / "store"
    runner = CliRunner(env={"VIRTUOSO_PASSWORD": virtuoso.password})
    assert (
        runner.invoke(
            cli, ["--store", str(store), "ingest", str(example_path)]
        ).exit_code
        == 0
    )
    result = runner.invoke(
        cli,
        [
            "--store", str(store), "push",
            "--endpoint", virtuoso.sparql_auth,
            "--graph-store", virtuoso.graph_store_auth,
            "--user", virtuoso.user,
            "--password-env", "VIRTUOSO_PASSWORD",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"the server now holds {example_store.count()} triples" in result.output
    assert gsp.count() == example_store.count()
