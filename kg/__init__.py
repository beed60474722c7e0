"""customs-kg: a knowledge graph of EU customs cooperation built from Council minutes.

The library's jobs, each one function: `ingest` minutes into a store, `export`
the graph, run a stored or ad-hoc query (`kg.catalogue`, `kg.backends`).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("customs-kg")
except PackageNotFoundError:  # a source checkout that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
