"""What the graph holds, counted."""

from __future__ import annotations

from kg.backends.base import Backend
from kg.namespaces import CCK_IRI
from kg.results import rows

__all__ = ["graph_stats"]

_CLASS_COUNTS = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(cck:)))
} GROUP BY ?class ORDER BY DESC(?n)
"""
_SOURCE_DOCUMENTS = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d cck:recordsMeeting ?m }
"""


def graph_stats(backend: Backend) -> dict[str, int]:
    """Triples, source documents, then entities per `cck:` class, most numerous first."""
    out = {"triples": backend.count(), "named graphs": len(backend.named_graphs())}
    out["minutes ingested"] = int(str(rows(backend, _SOURCE_DOCUMENTS)[0][0]))
    for cls, n in rows(backend, _CLASS_COUNTS):
        out[str(cls)[len(CCK_IRI) :]] = int(str(n))
    return out
