"""Pages for people and dereferenceable IRIs for machines.

Instance IRIs name things (Europol, a meeting), not documents about them, so per
"Cool URIs for the Semantic Web" (W3C Note, §4.3) ``/id/…`` answers **303 See Other**
to a document: ``/page/…`` (HTML) for a browser, ``/data/….ttl|.jsonld|.nt|.rdf``
for a linked-data client, chosen by ``Accept`` and marked ``Vary: Accept``. Each of
those documents then has a URL of its own that can be bookmarked, cached and cited,
which answering ``/id/…`` directly with varying content would not give.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rdflib import Graph, URIRef
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.templating import Jinja2Templates

from kg.catalogue import CatalogueError, StoredQuery, catalogue
from kg.namespaces import CCK_IRI, PREFIXES
from kg.resources import ontology_dir
from kg.server.negotiation import HTML, RDF_TYPES, choose
from kg.sparql import bind
from viz.pages import EntityNotFound, render_entity_page

__all__ = [
    "TEMPLATES",
    "api_queries",
    "api_query",
    "data",
    "entity",
    "index",
    "ontology",
    "page",
]

TEMPLATES = Jinja2Templates(
    directory=str(Path(__file__).resolve().parent / "templates")
)
_EXT_TYPES = {ext: media for ext, media in RDF_TYPES.items()}
_RDFLIB = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}
DESCRIBE = """CONSTRUCT { ?entity ?p ?o . ?s ?q ?entity . } WHERE {
  { ?entity ?p ?o } UNION { ?s ?q ?entity }
}"""
ONTOLOGY_DOCS = (Path("out/ontology-docs/index.html"),)


def _href(base: str) -> Callable[[str], str]:
    def href(iri: str) -> str:
        if iri.startswith(base):
            return "/id/" + iri[len(base) :]
        if iri.startswith(CCK_IRI):
            return "/ontology#" + iri[len(CCK_IRI) :]
        return iri

    return href


async def index(request: Request) -> Response:
    return TEMPLATES.TemplateResponse(
        request, "index.html", {"queries": list(catalogue().values())}
    )


async def api_queries(request: Request) -> Response:
    """The catalogue as JSON, for the query page and for scripts."""
    return JSONResponse([_describe(q) for q in catalogue().values()])


def _describe(q: StoredQuery) -> dict[str, object]:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "params": [
            {"name": p.name, "type": p.type, "default": p.default} for p in q.params
        ],
    }


async def api_query(request: Request) -> Response:
    """One stored query: its text, and the text with the parameters (query string, else defaults) bound."""
    q = catalogue().get(request.path_params["name"])
    if q is None:
        return PlainTextResponse("no such stored query\n", status_code=404)
    try:
        bindings = q.bindings(dict(request.query_params), request.app.state.minter)
    except CatalogueError as err:
        return PlainTextResponse(f"{err}\n", status_code=400)
    return JSONResponse(
        {**_describe(q), "text": q.text, "sparql": bind(q.text, bindings)}
    )


def _iri(request: Request) -> str:
    return request.app.state.minter.base + request.path_params["path"]


async def entity(request: Request) -> Response:
    """``/id/…``: 303 to the page or the data about the thing, by ``Accept``."""
    path = request.path_params["path"]
    offered = [HTML, *RDF_TYPES.values()]
    media = choose(request.headers.get("accept"), offered, HTML)
    headers = {"Vary": "Accept"}
    if media is None:
        return PlainTextResponse(
            f"offered: {', '.join(offered)}\n", status_code=406, headers=headers
        )
    if media == HTML:
        target = f"/page/{path}"
    else:
        ext = next(e for e, m in RDF_TYPES.items() if m == media)
        target = f"/data/{path}.{ext}"
    return RedirectResponse(target, status_code=303, headers=headers)


async def page(request: Request) -> Response:
    state = request.app.state
    iri = _iri(request)
    try:
        html = await run_in_threadpool(
            render_entity_page,
            state.backend,
            iri,
            state.minter,
            href=_href(state.minter.base),
        )
    except EntityNotFound as err:
        return PlainTextResponse(f"{err}\n", status_code=404)
    return HTMLResponse(html)


async def data(request: Request) -> Response:
    """``/data/….ext``: what the graph says about the thing (outgoing and incoming statements)."""
    path = request.path_params["path"]
    stem, _, ext = path.rpartition(".")
    if ext not in _EXT_TYPES or not stem:
        return PlainTextResponse(
            f"use one of .{', .'.join(_EXT_TYPES)}\n", status_code=404
        )
    state = request.app.state
    iri = state.minter.base + stem
    result = await run_in_threadpool(
        state.backend.query, DESCRIBE, {"entity": URIRef(iri)}
    )
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for triple in result.graph or ():
        graph.add(triple)
    if not len(graph):
        return PlainTextResponse(f"nothing is known about {iri}\n", status_code=404)
    body = graph.serialize(format=_RDFLIB[ext])
    return Response(
        body, media_type=_EXT_TYPES[ext], headers={"Link": f'<{iri}>; rel="describes"'}
    )


async def ontology(request: Request) -> Response:
    """The ontology IRI: HTML documentation for a browser when it has been generated, else Turtle."""
    media = choose(request.headers.get("accept"), [HTML, "text/turtle"], "text/turtle")
    headers = {"Vary": "Accept"}
    if media == HTML:
        for docs in (*ONTOLOGY_DOCS, ontology_dir() / "docs" / "index.html"):
            if docs.is_file():
                return FileResponse(docs, media_type=HTML, headers=headers)
    ttl = ontology_dir() / "customs.ttl"
    return Response(ttl.read_bytes(), media_type="text/turtle", headers=headers)


def ontology_iri() -> str:
    return CCK_IRI.rstrip("#")
