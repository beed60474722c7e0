"""One page per minutes document: its text, each extracted fact highlighted at its sentence.

The text is the document's normalised text (``cck:text`` on the
``cck:Document``), the one ``cck:evidenceStart``/``cck:evidenceEnd`` point
into. A sentence is placed by its stored offset when the text there is the
sentence, else by finding the sentence; stores made before the whole text was
kept fall back to the agenda items' own ``cck:text``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import jinja2
from rdflib import URIRef

from kg.backends.base import Backend
from viz.index import PREFIX, Index, load_index, select

__all__ = [
    "DOCUMENTS",
    "DOCUMENT_ITEMS",
    "DOCUMENT_TEXT",
    "Fact",
    "Span",
    "document_page",
    "fact_spans",
    "minutes_documents",
]

#: the documents we hold minutes of
DOCUMENTS = (
    PREFIX
    + """SELECT DISTINCT ?doc ?number WHERE {
  ?doc cck:recordsMeeting ?m .
  OPTIONAL { ?doc dct:identifier ?number }
} ORDER BY ?number ?doc"""
)

#: one minutes document (bound to ``?doc``), with its text when stored
DOCUMENT_TEXT = (
    PREFIX
    + """SELECT ?doc ?number ?title ?text WHERE {
  ?doc cck:recordsMeeting ?m .
  OPTIONAL { ?doc dct:identifier ?number }
  OPTIONAL { ?doc dct:title ?title }
  OPTIONAL { ?doc cck:text ?text }
} ORDER BY ?number LIMIT 1"""
)

#: the items of a document's meeting, for stores without the document text
DOCUMENT_ITEMS = (
    PREFIX
    + """SELECT ?n ?title ?text WHERE {
  ?doc cck:recordsMeeting ?m .
  ?m cck:hasAgendaItem ?item .
  ?item cck:itemNumber ?n .
  OPTIONAL { ?item dct:title ?title }
  OPTIONAL { ?item cck:text ?text }
} ORDER BY ?n"""
)


@dataclass(frozen=True)
class Fact:
    node: str
    label: str
    cls: str


@dataclass
class Span:
    start: int
    end: int
    facts: list[Fact] = field(default_factory=list)


@dataclass
class _Doc:
    iri: str
    number: str
    title: str
    text: str


def minutes_documents(backend: Backend) -> list[str]:
    return list(dict.fromkeys(str(r["doc"]) for r in select(backend, DOCUMENTS)))


def _document(backend: Backend, iri: str) -> _Doc:
    rows = select(backend, DOCUMENT_TEXT, {"doc": URIRef(iri)})
    if not rows:
        raise KeyError(f"no minutes document {iri}")
    row = rows[0]
    text = str(row.get("text", ""))
    if not text:
        parts = []
        for item in select(backend, DOCUMENT_ITEMS, {"doc": URIRef(iri)}):
            parts.append(
                f"{item['n']}. {item.get('title', '')}\n\n{item.get('text', '')}"
            )
        text = "\n\n".join(parts)
    return _Doc(iri, str(row.get("number", "")), str(row.get("title", "")), text)


def fact_spans(text: str, document: str, index: Index) -> list[Span]:
    """Where each fact read from ``document`` sits in ``text``; overlapping sentences merge."""
    sentences, offsets = index.document_sentences(document)
    index.describe(sentences)
    placed: dict[tuple[int, int], list[Fact]] = {}
    for node, evidence in sentences.items():
        starts = offsets.get(node, [])
        for ev in evidence:
            if not ev:
                continue
            at = next((s for s in starts if text.startswith(ev, s)), text.find(ev))
            if at < 0:
                continue
            fact = Fact(node, index.label(node), index.cls(node))
            facts = placed.setdefault((at, at + len(ev)), [])
            if fact not in facts:
                facts.append(fact)
    spans: list[Span] = []
    for (start, end), facts in sorted(placed.items()):
        if spans and start < spans[-1].end:
            spans[-1].end = max(spans[-1].end, end)
            spans[-1].facts.extend(f for f in facts if f not in spans[-1].facts)
        else:
            spans.append(Span(start, end, list(facts)))
    return spans


@cache
def _css() -> str:
    return (
        resources.files("viz").joinpath("assets/page.css").read_text(encoding="utf-8")
    )


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(
        resources.files("viz")
        .joinpath("assets/document.html.j2")
        .read_text(encoding="utf-8")
    )


def document_page(
    backend: Backend,
    iri: str,
    *,
    href: Callable[[str], str | None],
    home: str | None = None,
    index: Index | None = None,
) -> str:
    """The minutes as a page; ``href`` gives the link of an entity from this page."""
    index = index or load_index(backend)
    doc = _document(backend, iri)
    spans = fact_spans(doc.text, iri, index)
    segments: list[tuple[str, int | None]] = []  # (text, span number or None)
    at = 0
    for i, span in enumerate(spans):
        if span.start > at:
            segments.append((doc.text[at : span.start], None))
        segments.append((doc.text[span.start : span.end], i))
        at = span.end
    segments.append((doc.text[at:], None))
    css = _css()
    return _template().render(
        doc=doc,
        label=index.label(iri),
        segments=segments,
        spans=spans,
        href=href,
        home=home,
        css=css,
    )
