"""What the server may do: the knobs of ``customs-kg serve``."""

from __future__ import annotations

from dataclasses import dataclass

from kg.namespaces import DEFAULT_BASE

__all__ = ["ServerSettings"]


@dataclass(frozen=True)
class ServerSettings:
    """Read-only, local and bounded unless told otherwise.

    ``token`` is the bearer token SPARQL Update requires when ``allow_update``;
    ``timeout`` is seconds per query; ``max_rows`` caps the rows (or triples) of an
    answer, which is then cut and marked with ``X-Result-Truncated: true``.
    """

    base: str = DEFAULT_BASE
    allow_update: bool = False
    token: str | None = None
    timeout: float = 30.0
    max_rows: int = 10_000
    allow_service: bool = False
    workers: int = 2
