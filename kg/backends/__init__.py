"""Where the graph lives: an embedded Oxigraph store or a remote SPARQL 1.1 server.

Everything above this package (ingest, export, the catalogue, the server, the
views) talks to a `Backend` and never asks which one it has.
"""

from __future__ import annotations

from kg.backends.base import Backend, BackendError, Triple

__all__ = ["Backend", "BackendError", "Triple"]
