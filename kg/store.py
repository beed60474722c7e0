"""The one place that opens a store from the settings."""

from __future__ import annotations

from kg.backends.base import Backend
from kg.backends.embedded import EmbeddedBackend
from kg.config import Settings

__all__ = ["open_backend"]


def open_backend(settings: Settings, *, read_only: bool = False) -> Backend:
    """The embedded Oxigraph store, or a remote SPARQL server when an endpoint is set."""
    if settings.endpoint:
        from kg.backends.remote import RemoteBackend

        return RemoteBackend.from_settings(settings)
    return EmbeddedBackend(settings.store, read_only=read_only)
