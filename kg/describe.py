"""The VoID and DCAT description of the dataset, computed from what the store holds.

VoID (https://www.w3.org/TR/void/) tells linked-data clients the size, classes,
vocabularies and entry points; DCAT (https://www.w3.org/TR/vocab-dcat-3/) lets
catalogues such as data.europa.eu harvest it.
"""

from __future__ import annotations

import datetime as dt

from rdflib import BNode, Graph, Literal, URIRef

from kg.backends.base import Backend
from kg.iris import Minter
from kg.namespaces import CCK_IRI, DCAT, DCT, PREFIXES, RDF, VOID, XSD
from kg.results import rows

__all__ = ["LICENCE", "describe"]

LICENCE = URIRef("http://spdx.org/licenses/EUPL-1.2")

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class
"""
GRAPH_COUNTS = """
SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g
"""
PROPERTIES = "SELECT DISTINCT ?p WHERE { ?s ?p ?o }"
_MEDIA_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}


def describe(backend: Backend, minter: Minter, *, endpoint: str | None = None) -> Graph:
    """A small graph describing the dataset in ``backend``."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    ds = minter.dataset
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add(
        (
            ds,
            DCT.title,
            Literal(
                "customs-kg: EU customs cooperation from Council minutes", lang="en"
            ),
        )
    )
    g.add(
        (
            ds,
            DCT.description,
            Literal(
                "Meetings, agenda items, documents, organisations, operations and threats read from the "
                "minutes of Council working parties, each fact traceable to its sentence.",
                lang="en",
            ),
        )
    )
    g.add((ds, DCT.license, LICENCE))
    g.add(
        (
            ds,
            DCT.modified,
            Literal(
                dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                datatype=XSD.dateTime,
            ),
        )
    )
    g.add((ds, VOID.uriSpace, Literal(minter.base)))
    g.add((ds, VOID.vocabulary, URIRef(CCK_IRI)))
    if endpoint:
        g.add((ds, VOID.sparqlEndpoint, URIRef(endpoint)))
    vocabularies = set()
    properties = 0
    for (prop_term,) in rows(backend, PROPERTIES):
        prop = str(prop_term)
        properties += 1
        cut = max(prop.rfind("#"), prop.rfind("/"))
        vocabularies.add(prop[: cut + 1])
    for vocab in sorted(vocabularies):
        g.add((ds, VOID.vocabulary, URIRef(vocab)))
    g.add((ds, VOID.properties, Literal(properties)))
    total = 0
    for graph_iri, n in rows(backend, GRAPH_COUNTS):
        total += int(str(n))
        sub = BNode()
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, VOID.triples, Literal(int(str(n)))))
        g.add((sub, DCT.source, graph_iri))  # type: ignore[arg-type]
    g.add((ds, VOID.triples, Literal(total)))
    for cls, n in rows(backend, CLASS_COUNTS):
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))  # type: ignore[arg-type]
        g.add((part, VOID.entities, Literal(int(str(n)))))
    for fmt, media in _MEDIA_TYPES.items():
        dist = URIRef(f"{ds}/{fmt}")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add(
            (
                dist,
                DCAT.mediaType,
                URIRef(f"https://www.iana.org/assignments/media-types/{media}"),
            )
        )
        g.add((dist, DCT.format, Literal(media)))
        g.add((dist, DCT.license, LICENCE))
        g.add((ds, VOID.dataDump, dist))
    return g
