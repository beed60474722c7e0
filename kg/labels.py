"""Terms as people read them: prefixed names instead of long IRIs."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.namespaces import DEFAULT_BASE, PREFIXES

__all__ = ["short"]

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def short(term: Node, base: str = DEFAULT_BASE) -> str:
    if isinstance(term, URIRef):
        iri = str(term)
        if iri.startswith(base):
            return ":" + iri[len(base) :]
        for prefix, ns in _BY_LENGTH:
            if iri.startswith(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return f"<{iri}>"
    if isinstance(term, Literal):
        return str(term)
    return str(term)
