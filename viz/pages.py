"""Entity pages: one HTML page per IRI, for people who browse rather than query.

Shared by the server (`kg.server.pages`) and the static site: the caller says how an
IRI becomes a link (``href``), so the same page works under ``/id/…`` and as files.
Templates autoescape everything: text from minutes is data, never markup.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from kg.backends.base import Backend
from kg.iris import Minter
from kg.labels import short
from kg.sparql import check_iri

__all__ = ["EntityNotFound", "render_entity_page"]

log = logging.getLogger(__name__)

_PREFIXES = """PREFIX cck: <https://w3id.org/customs-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
OUTGOING = (
    _PREFIXES
    + """SELECT ?p ?o (SAMPLE(?l) AS ?label) WHERE {
  { SELECT DISTINCT ?p ?o WHERE { $entity ?p ?o } }
  OPTIONAL { ?o rdfs:label ?l }
} GROUP BY ?p ?o ORDER BY ?p ?o"""
)
#: ``$entity`` is the entity's IRI, written into the text (a ``VALUES`` binding at the
#: top would not reach into the sub-selects, which would then read every entity)
#: the first 500 links in, then their labels (a hub is the object of thousands)
INCOMING = (
    _PREFIXES
    + """SELECT ?s ?p (SAMPLE(?l) AS ?label) WHERE {
  { SELECT DISTINCT ?s ?p WHERE { ?s ?p $entity } ORDER BY ?p ?s LIMIT 500 }
  OPTIONAL { ?s rdfs:label ?l }
} GROUP BY ?s ?p ORDER BY ?p ?s"""
)
#: the sentences behind the entity itself, and behind the statements that point at it,
#: each with the document whose graph holds it
EVIDENCE = (
    _PREFIXES
    + """SELECT ?sentence ?document (SAMPLE(?dl) AS ?documentLabel) WHERE {
  { SELECT DISTINCT ?sentence ?document WHERE {
      { GRAPH ?document { $entity cck:evidence ?sentence } }
      UNION
      { GRAPH ?document { ?node ?p $entity . ?node cck:evidence ?sentence }
        FILTER(?p != prov:wasDerivedFrom) }
    } ORDER BY ?document ?sentence LIMIT 200 }
  OPTIONAL { ?document dct:identifier ?dl }
} GROUP BY ?sentence ?document ORDER BY ?document ?sentence"""
)

_LABELS = (
    URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
    URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
    URIRef("http://purl.org/dc/terms/identifier"),
)
_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LONG = 400


class EntityNotFound(LookupError):
    """The graph says nothing about this IRI."""


@dataclass
class Value:
    """One end of a statement as a page shows it."""

    text: str
    href: str | None = None
    title: str = ""
    long: bool = False


@dataclass
class Row:
    prop: Value
    values: list[Value] = field(default_factory=list)


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _value(
    term: Node | None, label: Node | None, href: Callable[[str], str], base: str
) -> Value:
    if isinstance(term, URIRef):
        return Value(
            str(label) if label is not None else short(term, base),
            href(str(term)),
            str(term),
        )
    text = "" if term is None else str(term)
    title = str(term.datatype) if isinstance(term, Literal) and term.datatype else ""
    return Value(text, None, title, len(text) > _LONG)


def _rows(result: Result) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in result]  # type: ignore[arg-type]


def _neighbourhood(
    backend: Backend, iri: str, href: Callable[[str], str]
) -> str | None:
    """The interactive view from `viz.views`, when that module offers one."""
    try:
        from viz import views  # type: ignore[attr-defined,unused-ignore]

        html = views.neighbourhood_html(backend, iri, depth=1, href=href)
    except (ImportError, AttributeError):
        return None
    except Exception:  # a broken view must not take the page down with it
        log.exception("the neighbourhood view of %s failed", iri)
        return None
    return str(html) if html else None


def render_entity_page(
    backend: Backend, iri: str, minter: Minter, *, href: Callable[[str], str]
) -> str:
    """The HTML page of one entity: label, types, properties, incoming links, evidence."""
    entity = check_iri(str(iri), "entity")

    def ask(query: str) -> list[tuple[Any, ...]]:
        return _rows(backend.query(Template(query).substitute(entity=f"<{entity}>")))

    outgoing = ask(OUTGOING)
    incoming = ask(INCOMING)
    if not outgoing and not incoming:
        raise EntityNotFound(f"nothing is known about {iri}")
    label, types = None, []
    props: dict[str, Row] = {}
    for p, o, olabel in outgoing:
        if p == _TYPE:
            types.append(_value(o, olabel, href, minter.base))
            continue
        if p in _LABELS and label is None or p == _LABELS[0]:
            label = str(o)
        row = props.setdefault(str(p), Row(_value(p, None, href, minter.base)))
        row.values.append(_value(o, olabel, href, minter.base))
    back: dict[str, Row] = {}
    for s, p, slabel in incoming:
        row = back.setdefault(str(p), Row(_value(p, None, href, minter.base)))
        row.values.append(_value(s, slabel, href, minter.base))
    evidence = [
        {"sentence": str(sentence), "document": _value(doc, dlabel, href, minter.base)}
        for sentence, doc, dlabel in ask(EVIDENCE)
    ]
    return (
        _environment()
        .get_template("entity.html")
        .render(
            iri=iri,
            label=label or short(entity, minter.base),
            types=types,
            properties=list(props.values()),
            incoming=list(back.values()),
            evidence=evidence,
            neighbourhood=_neighbourhood(backend, iri, href),
        )
    )
