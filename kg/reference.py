"""The ontology and reference data as graphs, and the gazetteer drawn from them."""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef

from kg.iris import Minter
from kg.namespaces import CCK, CCK_IRI, OWL, RDF, RDFS, SKOS
from kg.resources import ontology_dir, reference_files
from loaders.gazetteer import Gazetteer, GazetteerEntry

__all__ = ["gazetteer", "ontology_graph", "reference_graph", "shapes_graph"]


@cache
def ontology_graph() -> Graph:
    """The ontology with its alignments to other vocabularies."""
    graph = Graph().parse(ontology_dir() / "customs.ttl", format="turtle")
    alignments = ontology_dir() / "alignments.ttl"
    if alignments.exists():
        graph.parse(alignments, format="turtle")
    return graph


@cache
def _reference_default_base() -> Graph:
    graph = Graph()
    for path in reference_files():
        graph.parse(path, format="turtle")
    return graph


def reference_graph(minter: Minter | None = None) -> Graph:
    """The reference data, its IRIs moved to the minter's base."""
    source = _reference_default_base()
    if minter is None or minter.base == Minter().base:
        return source
    moved = Graph()
    for s, p, o in source:
        moved.add(
            (
                minter.rebase(s) if isinstance(s, URIRef) else s,
                p,
                minter.rebase(o) if isinstance(o, URIRef) else o,
            )
        )
    return moved


@cache
def shapes_graph() -> Graph:
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


def _kind(graph: Graph, subject: URIRef) -> str | None:
    """The most specific cck: class of a reference entry."""
    kinds = [
        str(t)[len(CCK_IRI) :]
        for t in graph.objects(subject, RDF.type)
        if str(t).startswith(CCK_IRI)
    ]
    for preferred in (
        "JointCustomsOperation",
        "Unit",
        "Agency",
        "MemberState",
        "Institution",
        "CouncilBody",
    ):
        if preferred in kinds:
            return preferred
    return kinds[0] if kinds else None


@cache
def _gazetteer_for(base: str) -> Gazetteer:
    minter = Minter(base)
    graph = reference_graph(minter)
    entries = []
    for subject in sorted(set(graph.subjects(SKOS.prefLabel, None)), key=str):
        if not isinstance(subject, URIRef):
            continue
        kind = _kind(graph, subject)
        if (
            kind is None
            or subject in (CCK.threats, CCK.commodities)
            or (subject, RDF.type, OWL.Ontology) in graph
        ):
            continue
        pref = str(graph.value(subject, SKOS.prefLabel))
        labels = {
            str(o)
            for p in (SKOS.altLabel, SKOS.hiddenLabel, RDFS.label)
            for o in graph.objects(subject, p)
        } - {pref}
        parent = graph.value(subject, CCK.partOf)
        targets = tuple(sorted(str(t) for t in graph.objects(subject, CCK.targets)))
        entries.append(
            GazetteerEntry(
                iri=str(subject),
                kind=kind,
                pref_label=pref,
                labels=tuple(sorted(labels)),
                part_of=str(parent) if parent is not None else None,
                targets=targets,
            )
        )
    return Gazetteer(entries)


def gazetteer(minter: Minter | None = None) -> Gazetteer:
    """Every named entry of the reference data, for the extractor to match against."""
    return _gazetteer_for((minter or Minter()).base)
