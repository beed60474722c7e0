"""How long jobs that hold millions of Python objects treat CPython's cycle collector."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["rare_collections"]


@contextlib.contextmanager
def rare_collections() -> Iterator[None]:
    """Run CPython's cycle collector rarely inside the block.

    Loading and checking allocate millions of short-lived containers (tokens,
    records, triples, rdflib terms) that reference counting frees, yet at the
    default threshold they trigger collections that walk everything alive, and
    what is alive grows with the store: about a fifth of the ingest time on the
    benchmark corpus when writes were batched in Python. Neither job builds
    cycles that must be freed early.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1_000)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
