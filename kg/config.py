"""Settings shared by every command: where the graph lives and how IRIs are minted."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kg.namespaces import DEFAULT_BASE

__all__ = ["DEFAULT_STORE", "Settings"]

DEFAULT_STORE = "./customs-kg-data"


@dataclass(frozen=True)
class Settings:
    """``store`` is a directory for the embedded Oxigraph store; ``endpoint`` (a SPARQL
    1.1 query/update URL) points the same commands at a remote server instead."""

    store: Path = Path(os.environ.get("CUSTOMS_KG_STORE", DEFAULT_STORE))
    base: str = DEFAULT_BASE
    endpoint: str | None = None
    update_endpoint: str | None = None
    graph_store: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: float = 60.0
