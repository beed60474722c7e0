"""Query results as rows, and as the table, CSV and JSON the CLI prints."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

__all__ = ["OUTPUT_FORMATS", "Table", "render", "rows", "to_table"]

OUTPUT_FORMATS = ("table", "csv", "json")


class Table:
    """A SELECT result as plain rows; ASK becomes one boolean row, CONSTRUCT one row per triple."""

    def __init__(
        self, columns: list[str], rows: Sequence[tuple[Node | None, ...]]
    ) -> None:
        self.columns = columns
        self.rows = list(rows)

    def __len__(self) -> int:
        return len(self.rows)

    def values(self) -> list[tuple[str | None, ...]]:
        return [tuple(None if v is None else str(v) for v in row) for row in self.rows]


def to_table(result: Result) -> Table:
    if result.type == "ASK":
        return Table(["ask"], [(Literal(bool(result.askAnswer)),)])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        triples: list[tuple[Node | None, ...]] = sorted(
            result.graph, key=lambda t: tuple(map(str, t))
        )
        return Table(["subject", "predicate", "object"], triples)
    columns = [str(v) for v in (result.vars or [])]
    rows: list[tuple[Node | None, ...]] = [
        tuple(row.get(v) for v in (result.vars or [])) for row in result.bindings
    ]
    return Table(columns, rows)


def rows(
    backend: Any, sparql: str, bindings: Mapping[str, Node] | None = None
) -> list[tuple[Node | None, ...]]:
    """The rows of a SELECT on any backend, for internal questions with fixed columns."""
    return to_table(backend.query(sparql, bindings)).rows


def _json_term(term: Node | None) -> dict[str, str] | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def render(table: Table, fmt: str) -> str:
    """CSV and JSON for machines (JSON is the SPARQL 1.1 results format); ``table`` is for people."""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(
            [["" if v is None else v for v in row] for row in table.values()]
        )
        return buf.getvalue()
    if fmt == "json":
        doc = {
            "head": {"vars": table.columns},
            "results": {
                "bindings": [
                    {
                        c: _json_term(v)
                        for c, v in zip(table.columns, row, strict=True)
                        if v is not None
                    }
                    for row in table.rows
                ]
            },
        }
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown output format {fmt!r}")
