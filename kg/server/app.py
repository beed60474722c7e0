"""The HTTP face of customs-kg: SPARQL endpoint, query page, entity pages.

`create_app` is the one public function; ``customs-kg serve`` and the tests call it.
Nothing is created at import time: the backend and the query workers come to life
when the app starts and are closed when it stops.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.backends.base import Backend
from kg.backends.embedded import EmbeddedBackend
from kg.iris import Minter
from kg.server import pages, sparql
from kg.server.executor import Executor, ProcessExecutor, ThreadExecutor
from kg.server.settings import ServerSettings

__all__ = ["create_app"]

STATIC = Path(__file__).resolve().parent / "static"


def _executor(backend: Backend, settings: ServerSettings) -> Executor:
    """Killable worker processes for an on-disk Oxigraph store; a thread for anything else."""
    if isinstance(backend, EmbeddedBackend) and backend.path is not None:
        return ProcessExecutor(
            backend.path,
            timeout=settings.timeout,
            max_rows=settings.max_rows,
            workers=settings.workers,
        )
    return ThreadExecutor(backend, timeout=settings.timeout, max_rows=settings.max_rows)


def create_app(
    backend_factory: Callable[[], Backend], settings: ServerSettings | None = None
) -> Starlette:
    """A Starlette app serving the store that ``backend_factory`` opens."""
    settings = settings or ServerSettings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        backend = backend_factory()
        executor = _executor(backend, settings)
        app.state.backend = backend
        app.state.executor = executor
        try:
            yield
        finally:
            executor.close()
            backend.close()

    routes = [
        Route("/", pages.index),
        Route("/sparql", sparql.sparql_endpoint, methods=["GET", "POST"]),
        Route(
            "/rdf-graphs",
            sparql.graph_store,
            methods=["GET", "HEAD", "PUT", "POST", "DELETE"],
        ),
        Route("/api/queries", pages.api_queries),
        Route("/api/queries/{name}", pages.api_query),
        Route("/id/{path:path}", pages.entity),
        Route("/page/{path:path}", pages.page),
        Route("/data/{path:path}", pages.data),
        Route("/ontology", pages.ontology),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
            expose_headers=[
                "X-Result-Truncated",
                "X-Result-Row-Limit",
                "X-Result-Rows",
                "Vary",
            ],
        )
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.settings = settings
    app.state.minter = Minter(settings.base)
    return app
