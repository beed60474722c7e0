"""The query worker: one child process that answers SPARQL queries on a read-only store.

pyoxigraph cannot cancel a query once it runs, so a query that must be stopped
is stopped by ending the process that runs it (`kg.server.executor`). This module
is what runs in that process; it imports only the standard library and
pyoxigraph, so that a replacement worker starts in a fraction of a second.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

__all__ = [
    "UNION",
    "ProtocolDataset",
    "Reply",
    "Request",
    "answer",
    "capped_solutions",
    "dataset",
    "serve",
]


@dataclass(frozen=True)
class ProtocolDataset:
    """The graphs a request names with ``default-graph-uri`` and ``named-graph-uri``."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


#: no graph parameters: the union of the named graphs as the default graph
UNION = ProtocolDataset()


@dataclass(frozen=True)
class Request:
    """A query already bound and checked, and the media type to answer in."""

    query: str
    media_type: str
    max_rows: int
    #: the protocol's ``default-graph-uri`` and ``named-graph-uri``; with neither, the
    #: default graph is the union of the named graphs and every named graph is visible
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    """Serialised results, or an error; ``truncated`` when the row cap cut the answer."""

    body: bytes = b""
    media_type: str = ""
    rows: int = 0
    truncated: bool = False
    error: str | None = None
    user_error: bool = False


def _tsv_term(term: Any) -> str:
    return "" if term is None else str(term)


def capped_solutions(variables: list[str], rows: list[list[Any]]) -> ox.QuerySolutions:
    """Solutions rebuilt from rows, so Oxigraph's own serialisers can write a capped answer.

    The rows travel through SPARQL TSV (terms in N-Triples syntax, which
    `str()` of a pyoxigraph term is, escapes included) and are parsed back.
    """
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join(_tsv_term(t) for t in row) for row in rows)
    parsed = ox.parse_query_results("\n".join(lines) + "\n", ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    return parsed


def answer(store: ox.Store, request: Request, prefixes: dict[str, str]) -> Reply:
    """Run one query and serialise its answer, at most ``max_rows`` rows or triples."""
    try:
        result = store.query(
            request.query,
            prefixes=prefixes,
            **dataset(request.default_graphs, request.named_graphs),
        )
        if isinstance(result, ox.QueryBoolean):
            fmt = ox.QueryResultsFormat.from_media_type(request.media_type)
            return Reply(result.serialize(format=fmt) or b"", request.media_type, 1)
        if isinstance(result, ox.QuerySolutions):
            fmt = ox.QueryResultsFormat.from_media_type(request.media_type)
            names = [v.value for v in result.variables]
            rows = [
                [sol[i] for i in range(len(names))]
                for sol in itertools.islice(result, request.max_rows + 1)
            ]
            truncated = len(rows) > request.max_rows
            rows = rows[: request.max_rows]
            body = capped_solutions(names, rows).serialize(format=fmt) or b""
            return Reply(body, request.media_type, len(rows), truncated)
        rdf = ox.RdfFormat.from_media_type(request.media_type)
        triples = list(itertools.islice(result, request.max_rows + 1))
        truncated = len(triples) > request.max_rows
        triples = triples[: request.max_rows]
        body = ox.serialize(triples, format=rdf, **_prefixes(rdf, prefixes)) or b""
        return Reply(body, request.media_type, len(triples), truncated)
    except SyntaxError as err:
        return Reply(error=f"SPARQL syntax error: {err}", user_error=True)
    except (OSError, ValueError, TypeError, RuntimeError) as err:
        return Reply(error=f"the query could not be answered: {err}", user_error=False)


def dataset(
    default_graphs: tuple[str, ...], named_graphs: tuple[str, ...]
) -> dict[str, Any]:
    """Oxigraph's arguments for a protocol dataset (SPARQL 1.1 Protocol §2.1.4): when
    either list is given, the dataset is exactly those graphs, the other list empty."""
    if not default_graphs and not named_graphs:
        return {"use_default_graph_as_union": True}
    return {
        "default_graph": [ox.NamedNode(g) for g in default_graphs],
        "named_graphs": [ox.NamedNode(g) for g in named_graphs],
    }


def _prefixes(fmt: ox.RdfFormat | None, prefixes: dict[str, str]) -> dict[str, Any]:
    return (
        {"prefixes": prefixes}
        if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML)
        else {}
    )


def serve(conn: Connection, path: str, prefixes: dict[str, str]) -> None:
    """Answer requests from ``conn`` until it closes; the parent kills us to cancel a query."""
    store = ox.Store.read_only(path)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(store, request, prefixes))
