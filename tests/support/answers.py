"""Catalogue answers as plain tuples, and the same answer read page by page."""

from __future__ import annotations

from kg.backends.base import Backend
from kg.catalogue import catalogue
from kg.iris import Minter

__all__ = ["Row", "answer", "paged"]

Row = tuple[str | None, ...]


def answer(
    store: Backend, name: str, params: dict[str, str], column: str | None = None
) -> list[Row]:
    """The rows of a catalogue query, or only its ``column`` (each row a 1-tuple)."""
    stored = catalogue()[name]
    result = store.query(stored.text, stored.bindings(params, Minter()))
    names = [str(v) for v in result.vars or []]
    keep = range(len(names)) if column is None else [names.index(column)]
    return [
        tuple(None if row[i] is None else str(row[i]) for i in keep) for row in result
    ]  # type: ignore[index]


def paged(
    store: Backend, name: str, params: dict[str, str], size: int, total: int
) -> list[Row]:
    """The answer read ``size`` rows at a time, one page past its ``total`` rows."""
    rows: list[Row] = []
    for offset in range(0, total + size, size):
        page = dict(params, limit=str(size), offset=str(offset))
        rows += answer(store, name, page)
    return rows
