"""The HTTP server: SPARQL 1.1 Protocol endpoint, query page and entity pages."""

from __future__ import annotations

from kg.server.app import create_app
from kg.server.settings import ServerSettings

__all__ = ["ServerSettings", "create_app"]
