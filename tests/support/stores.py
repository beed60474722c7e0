"""Small stores written by hand, for questions whose edge cases the example minutes lack."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rdflib import Dataset

from kg.backends.embedded import EmbeddedBackend
from kg.iris import Minter
from kg.summary import refresh_summary

__all__ = ["store_of"]


@contextmanager
def store_of(trig: str) -> Iterator[EmbeddedBackend]:
    """An in-memory store holding the named graphs of a TriG text, with the summary
    graph that ingest would build from them."""
    dataset = Dataset()
    dataset.parse(data=trig, format="trig")
    store = EmbeddedBackend()
    try:
        store.replace_graphs(
            {g.identifier: list(g) for g in dataset.graphs() if len(g)}  # type: ignore[misc]
        )
        refresh_summary(store, Minter())
        yield store
    finally:
        store.close()
