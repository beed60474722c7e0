"""Binding parameters into SPARQL without pasting user text into the query.

Values are turned into RDF terms first (an IRI is checked against the IRI
grammar, a literal is escaped by rdflib), then placed in a ``VALUES`` block at
the head of the query's outermost group. That is SPARQL 1.1 §10.2's inline data:
the engine joins it with the pattern, so the bound value narrows the query where
it starts and works for aggregates too, on Oxigraph and on any remote server.

A sub-select is evaluated on its own and would not see a value bound outside
it, so the same ``VALUES`` go at the head of each sub-select that names the
parameter too: a query can then narrow and page a ranking inside a sub-select
before it joins the costly attributes of the rows on the page. A sub-select
that names it only inside sub-selects of its own leaves it to them (rdflib
drops the rows of an ``OPTIONAL`` sub-select bound again to the value its
surrounding group already binds).

``VALUES`` cannot give a ``LIMIT`` or ``OFFSET``: a query that pages its answer
writes ``LIMIT ?limit`` (or ``OFFSET ?offset``), and the bound value, checked to
be a non-negative integer, is written in its place as digits (and bound as a
value as well where the query names it elsewhere, say to skip what the page
cannot reach).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

__all__ = [
    "BindingError",
    "bind",
    "check_iri",
    "code_only",
    "query_form",
    "slice_params",
]

# RFC 3987 forbids these characters in an IRI; SPARQL's IRIREF forbids them too.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_FORM = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)
_NAME = r"\?[A-Za-z_][A-Za-z0-9_]*"
#: ``LIMIT ?limit``, or a sum (``LIMIT ?offset + ?limit``: the rows up to a page's end);
#: the keyword, not a variable named ?limit or ?offset followed by another variable
_SLICE = re.compile(
    rf"(?<![?$\w])(LIMIT|OFFSET)\s+({_NAME}(?:\s*\+\s*{_NAME})*)", re.IGNORECASE
)


class BindingError(ValueError):
    """A parameter value that cannot be bound; the message names the parameter."""


def check_iri(value: str, name: str = "value") -> URIRef:
    """An absolute IRI, or a `BindingError` naming the parameter."""
    if not _SCHEME.match(value) or _BAD_IRI.search(value):
        raise BindingError(f"{name}: {value!r} is not an absolute IRI")
    return URIRef(value)


#: where a comment, a string or an IRI may start; any other character is syntax
_OPENER = re.compile(r"[#\"'<]")
_BRACE = re.compile(r"[{}]")
_IRIREF = re.compile(r"<[^\s<>\"{}|^`\\]*>")
_LONG_QUOTES = {'"': re.compile(r'"""|\\'), "'": re.compile(r"'''|\\")}
_SHORT_QUOTES = {'"': re.compile(r'"|\\'), "'": re.compile(r"'|\\")}


def _non_code(query: str) -> Iterator[tuple[int, int]]:
    """The spans of comments, strings and IRIs, in order.

    Each step jumps to the next character that can open one: the catalogue's
    paged questions run to several thousand characters and are scanned on
    every call, so a character-by-character walk cost more than the engine's
    answer to a look-up.
    """
    n = len(query)
    opener = _OPENER.search(query)
    while opener is not None:
        i = opener.start()
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            j = n if j < 0 else j
        elif c in "\"'":
            long = query.startswith(c * 3, i)
            closing = (_LONG_QUOTES if long else _SHORT_QUOTES)[c]
            j = i + (3 if long else 1)
            # the closing quote, skipping each backslash and the character it escapes
            while (m := closing.search(query, j)) is not None and m.group() == "\\":
                j = m.start() + 2
            j = n if m is None else m.end()
        elif (iri := _IRIREF.match(query, i)) is not None:
            j = iri.end()
        else:
            opener = _OPENER.search(query, i + 1)
            continue
        yield i, min(n, j)
        opener = _OPENER.search(query, j)


@functools.lru_cache(maxsize=64)
def code_only(query: str) -> str:
    """The query with comments, strings and IRIs blanked out, offsets unchanged."""
    parts: list[str] = []
    last = 0
    for start, end in _non_code(query):
        parts += (query[last:start], " " * (end - start))
        last = end
    parts.append(query[last:])
    return "".join(parts)


def _form(code: str) -> re.Match[str]:
    form = _FORM.search(code)
    if form is None:
        raise BindingError("not a SPARQL query (no SELECT, CONSTRUCT, ASK or DESCRIBE)")
    return form


def _outer_group(query: str) -> int:
    """Offset just after the ``{`` that opens the query pattern."""
    code = code_only(query)
    form = _form(code)
    where = _WHERE.search(code, form.end())
    start = where.end() if where else form.end()
    brace = code.find("{", start)
    if brace < 0:
        raise BindingError("the query has no pattern to bind parameters into")
    return brace + 1


@functools.lru_cache(maxsize=64)
def _sub_selects(query: str) -> tuple[tuple[int, str], ...]:
    """For each sub-select: the offset just after the ``{`` opening its pattern, and
    the pattern's own code, with the patterns of the sub-selects nested in it blanked
    (they get their own values)."""
    code = code_only(query)
    spans = []
    for form in list(re.finditer(r"\bSELECT\b", code, re.IGNORECASE))[1:]:
        brace = code.find("{", form.end())
        if brace < 0:
            continue
        depth, end = 0, len(code)
        for mark in _BRACE.finditer(code, brace):
            depth += 1 if mark.group() == "{" else -1
            if depth == 0:
                end = mark.start()
                break
        spans.append((brace + 1, end))
    out = []
    for start, end in spans:
        own = code[start:end]
        for inner_start, inner_end in spans:
            if start < inner_start and inner_end < end:
                a, b = inner_start - start, inner_end - start
                own = f"{own[:a]}{' ' * (b - a)}{own[b:]}"
        out.append((start, own))
    return tuple(out)


def query_form(query: str) -> str:
    """``SELECT``, ``CONSTRUCT``, ``ASK`` or ``DESCRIBE``."""
    return _form(code_only(query)).group(1).upper()


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _literal(term: Literal) -> str:
    """A short-quoted literal with every character that could end it escaped (§19.7)."""
    body = "".join(_ESCAPES.get(ch, ch) for ch in str(term))
    if term.language:
        return f'"{body}"@{term.language}'
    if term.datatype is not None:
        return f'"{body}"^^<{check_iri(str(term.datatype), "datatype")}>'
    return f'"{body}"'


def _slice_names(clause: str) -> list[str]:
    return [name.strip().lstrip("?") for name in clause.split("+")]


def slice_params(query: str) -> set[str]:
    """The names that stand for a number in a ``LIMIT ?name`` or ``OFFSET ?name`` clause."""
    return {
        name
        for m in _SLICE.finditer(code_only(query))
        for name in _slice_names(m.group(2))
    }


def _count(name: str, term: Node | None) -> int:
    """A non-negative integer for a ``LIMIT`` or ``OFFSET``, or a `BindingError` naming the parameter."""
    if term is None:
        raise BindingError(
            f"{name}: the query pages its answer with ?{name}; give it a value"
        )
    value = (
        term.toPython()
        if isinstance(term, Literal) and term.datatype == XSD.integer
        else None
    )
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BindingError(f"{name}: {str(term)!r} is not a non-negative integer")
    return value


def _write_slices(query: str, bindings: Mapping[str, Node]) -> tuple[str, set[str]]:
    """The query with each ``LIMIT ?name``/``OFFSET ?name`` given its number, and those names."""
    parts, names, last = [], set(), 0
    for m in _SLICE.finditer(code_only(query)):
        keyword, clause = m.group(1), _slice_names(m.group(2))
        number = sum(_count(name, bindings.get(name)) for name in clause)
        parts.append(f"{query[last : m.start()]}{keyword} {number}")
        names.update(clause)
        last = m.end()
    parts.append(query[last:])
    return "".join(parts), names


def bind(query: str, bindings: Mapping[str, Node]) -> str:
    """The query with ``bindings`` joined in as inline data, and its ``LIMIT``/``OFFSET`` numbers written."""
    query, slices = _write_slices(query, bindings)
    code = code_only(query)
    # a page's numbers are bound as values too where the query still names them (in a FILTER, say)
    bindings = {
        name: term
        for name, term in bindings.items()
        if name not in slices or re.search(rf"[?$]{name}\b", code)
    }
    if not bindings:
        return query
    names, terms = [], []
    for name, term in bindings.items():
        if not _VARNAME.match(name):
            raise BindingError(f"{name!r} is not a SPARQL variable name")
        if isinstance(term, URIRef):
            check_iri(str(term), name)
        elif isinstance(term, BNode) or not isinstance(term, Literal):
            raise BindingError(f"{name}: only IRIs and literals can be bound")
        names.append(f"?{name}")
        terms.append(term.n3() if isinstance(term, URIRef) else _literal(term))

    def values(pairs: list[tuple[str, str]]) -> str:
        return f" VALUES ({' '.join(n for n, _ in pairs)}) {{ ({' '.join(t for _, t in pairs)}) }} "

    pairs = list(zip(names, terms, strict=True))
    inserts = [(_outer_group(query), values(pairs))]
    for at, body in _sub_selects(query):
        named = [(n, t) for n, t in pairs if re.search(rf"[?$]{n[1:]}\b", body)]
        if named:
            inserts.append((at, values(named)))
    for at, text in sorted(inserts, reverse=True):
        query = query[:at] + text + query[at:]
    return query
