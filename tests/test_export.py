"""Another linked-data system consumes the export: every syntax parses, everywhere, to the same graph."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from support.env import need_executable

from kg.backends.embedded import EmbeddedBackend
from kg.export import FORMATS, SUFFIX, export
from kg.namespaces import VOID

RDFLIB_FORMAT = {
    "ttl": "turtle",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "xml": "xml",
}
RAPPER_FORMAT = {
    "ttl": "turtle",
    "nt": "ntriples",
    "nq": "nquads",
    "trig": "trig",
    "xml": "rdfxml",
}


@pytest.fixture(scope="module")
def exports(
    example_store: EmbeddedBackend, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("export")
    out = {}
    for fmt in FORMATS:
        out[fmt] = folder / f"customs-kg{SUFFIX[fmt]}"
        export(example_store, fmt, out[fmt])
    return out


@pytest.fixture(scope="module")
def union(exports: dict[str, Path]) -> Graph:
    """The N-Quads export read back and flattened: the graph every triple syntax must carry."""
    ds = Dataset()
    ds.parse(exports["nq"], format="nquads")
    g = Graph()
    for s, p, o, _ in ds.quads():
        g.add((s, p, o))
    return g


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("nq", "trig")])
def test_every_triple_syntax_carries_the_same_triples(
    fmt: str, exports: dict[str, Path], union: Graph
) -> None:
    g = Graph().parse(exports[fmt], format=RDFLIB_FORMAT[fmt])
    assert len(g) == len(union)


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_dataset_syntaxes_keep_one_named_graph_per_source_document(
    fmt: str, exports: dict[str, Path], example_store: EmbeddedBackend
) -> None:
    ds = Dataset()
    ds.parse(exports[fmt], format=RDFLIB_FORMAT[fmt])
    graphs = {str(c.identifier) for c in ds.contexts() if len(c)}
    assert "https://w3id.org/customs-kg/id/doc/12582-16" in graphs
    stored = {str(g) for g in example_store.named_graphs()}
    assert stored <= graphs
    quads = sum(1 for _ in ds.quads())
    description = len(graphs - stored)
    assert description == 1  # the VoID/DCAT description graph
    assert quads > example_store.count()


def test_the_export_describes_itself_in_void_and_dcat(union: Graph) -> None:
    datasets = set(union.subjects(VOID.triples, None))
    assert any(str(d).endswith("/dataset") for d in datasets)
    main = next(d for d in datasets if str(d).endswith("/dataset"))
    assert int(union.value(main, VOID.triples)) > 100  # type: ignore[arg-type]
    assert union.value(main, URIRef_license()) is not None


def URIRef_license():  # noqa: N802 - reads like the term it names
    from kg.namespaces import DCT

    return DCT.license


@pytest.mark.parametrize("fmt", sorted(RAPPER_FORMAT))
def test_raptor_accepts_the_export(
    fmt: str, exports: dict[str, Path], union: Graph
) -> None:
    rapper = need_executable(
        "rapper", "Raptor checks our syntax independently of rdflib"
    )
    done = subprocess.run(
        [rapper, "-c", "-i", RAPPER_FORMAT[fmt], str(exports[fmt])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Parsing returned" in done.stderr


def test_pyld_expands_the_json_ld_to_the_same_triples(
    exports: dict[str, Path], union: Graph
) -> None:
    from pyld import jsonld

    doc = json.loads(exports["jsonld"].read_text())
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    lines = {line for line in nquads.splitlines() if line.strip()}
    assert len(lines) == len(union)
