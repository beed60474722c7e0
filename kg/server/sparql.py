"""The SPARQL 1.1 Protocol (query and update operations) and the Graph Store Protocol, read side.

- Query: GET ``?query=``, POST form-encoded ``query=``, POST ``application/sparql-query``
  (SPARQL 1.1 Protocol §2.1). Results by ``Accept`` or ``format=``.
- Update: POST form-encoded ``update=`` or ``application/sparql-update`` (§2.2), only when
  the server runs with ``--allow-update`` and the request carries the bearer token.
- No operation at all: the SPARQL 1.1 Service Description of this endpoint.
- ``/rdf-graphs?graph=IRI`` or ``?default``: Graph Store HTTP Protocol §5.2 (GET).
"""

from __future__ import annotations

import asyncio
import hmac
import io
import re
from urllib.parse import parse_qs

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from kg.backends.base import BackendError
from kg.namespaces import RDF
from kg.server.executor import QueryTimeout
from kg.server.negotiation import RDF_TYPES, RESULT_TYPES, choose, from_format_param
from kg.server.worker import ProtocolDataset
from kg.sparql import BindingError, check_iri, code_only, query_form

__all__ = ["graph_store", "sparql_endpoint"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_GRAPH_PARAMS = ("default-graph-uri", "named-graph-uri")
_RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
_DUMP_FORMATS = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "xml",
}


def _text(status: int, message: str, **headers: str) -> Response:
    return PlainTextResponse(
        message.rstrip() + "\n", status_code=status, headers=headers or None
    )


async def _operation(
    request: Request,
) -> tuple[str | None, str | None, ProtocolDataset]:
    """(query, update, dataset) from the request, per SPARQL 1.1 Protocol §2.1 and §2.2.

    Raises `BindingError` for a graph parameter that is not an absolute IRI."""
    params = request.query_params
    query, update = params.get("query"), params.get("update")
    graphs = {key: params.getlist(key) for key in _GRAPH_PARAMS}
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-query":
            query = (await request.body()).decode("utf-8")
        elif ctype == "application/sparql-update":
            update = (await request.body()).decode("utf-8")
        elif ctype == "application/x-www-form-urlencoded":
            # parsed here rather than by request.form(), which needs python-multipart
            form = parse_qs(
                (await request.body()).decode("utf-8"), keep_blank_values=True
            )
            query = form.get("query", [query])[0]
            update = form.get("update", [update])[0]
            for key in _GRAPH_PARAMS:
                graphs[key] += form.get(key, [])
    default, named = (
        [str(check_iri(g, key)) for g in graphs[key]] for key in _GRAPH_PARAMS
    )
    return query, update, ProtocolDataset(tuple(default), tuple(named))


def _uses_service(sparql: str) -> bool:
    return bool(_SERVICE.search(code_only(sparql)))


def _media_type(request: Request, offered: list[str]) -> str | None:
    # some clients (SPARQLWrapper) repeat format= with a short name and a comma list of types
    names = [
        n
        for key in ("format", "output")
        for v in request.query_params.getlist(key)
        for n in v.split(",")
    ]
    if any(n.strip() for n in names):
        return next(
            (
                m
                for m in (from_format_param(n, offered) for n in names if n.strip())
                if m
            ),
            None,
        )
    return choose(request.headers.get("accept"), offered, offered[0])


async def sparql_endpoint(request: Request) -> Response:
    settings = request.app.state.settings
    try:
        query, update, graphs = await _operation(request)
    except BindingError as err:
        return _text(400, str(err))
    if query is not None and update is not None:
        return _text(400, "give either query or update, not both")
    if update is not None:
        return await _update(request, update)
    if not query:
        return _service_description(request)
    if _uses_service(query) and not settings.allow_service:
        return _text(
            400,
            "SERVICE (federated query) is disabled on this endpoint; start it with --allow-service",
        )
    try:
        form = query_form(query)
    except BindingError as err:
        return _text(400, str(err))
    offered = (
        list(RESULT_TYPES.values())
        if form in ("SELECT", "ASK")
        else list(RDF_TYPES.values())
    )
    media = _media_type(request, offered)
    if media is None:
        return _text(
            406,
            f"cannot answer a {form} query in the requested format; offered: {', '.join(offered)}",
        )
    try:
        # the process pool enforces the timeout itself; this bound is for thread-run backends
        reply = await asyncio.wait_for(
            run_in_threadpool(request.app.state.executor.run, query, media, graphs),
            settings.timeout + 1,
        )
    except TimeoutError:
        return _text(
            503,
            f"the query ran longer than {settings.timeout:g} s; narrow the query or add a LIMIT",
        )
    except QueryTimeout as err:
        return _text(
            503, f"{err}; narrow the query or add a LIMIT", **{"Retry-After": "1"}
        )
    except BackendError as err:
        return _text(500, str(err))
    if reply.error is not None:
        return _text(400 if reply.user_error else 500, reply.error)
    headers = {"X-Result-Rows": str(reply.rows)}
    if reply.truncated:
        headers["X-Result-Truncated"] = "true"
        headers["X-Result-Row-Limit"] = str(settings.max_rows)
    ctype = reply.media_type + (
        "; charset=utf-8" if reply.media_type.startswith("text/") else ""
    )
    return Response(reply.body, media_type=ctype, headers=headers)


async def _update(request: Request, update: str) -> Response:
    settings = request.app.state.settings
    if not settings.allow_update or not settings.token:
        return _text(
            403,
            "this endpoint is read-only; start it with --allow-update --token-env VAR to accept updates",
        )
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        token.strip().encode(), settings.token.encode()
    ):
        return _text(
            401,
            "SPARQL Update needs 'Authorization: Bearer <token>'",
            **{"WWW-Authenticate": 'Bearer realm="sparql"'},
        )
    if _uses_service(update) and not settings.allow_service:
        return _text(
            400,
            "SERVICE (federated query) is disabled on this endpoint; start it with --allow-service",
        )
    executor, backend = request.app.state.executor, request.app.state.backend

    def write() -> None:
        with executor.exclusive():
            backend.update(update)
            flush = getattr(backend, "flush", None)
            if callable(flush):
                flush()

    try:
        await run_in_threadpool(write)
    except BackendError as err:
        return _text(400, str(err))
    return Response(status_code=204)


def _service_description(request: Request) -> Response:
    """SPARQL 1.1 Service Description §3: what this endpoint speaks and holds."""
    settings = request.app.state.settings
    g = Graph()
    g.bind("sd", SD)
    service = BNode()
    endpoint = URIRef(str(request.url.replace(query="")))
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, endpoint))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if settings.allow_update:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for media in [*RESULT_TYPES.values(), *RDF_TYPES.values()]:
        g.add((service, SD.resultFormat, Literal(media)))
    dataset, default = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for name in request.app.state.backend.named_graphs():
        ng = BNode()
        g.add((dataset, SD.namedGraph, ng))
        g.add((ng, SD.name, name))
    media = _media_type(request, list(RDF_TYPES.values())) or "text/turtle"
    return Response(g.serialize(format=_RDFLIB_FORMATS[media]), media_type=media)


async def graph_store(request: Request) -> Response:
    """GET one named graph (``?graph=IRI``) or the default graph (``?default``: the union of all)."""
    if request.method not in ("GET", "HEAD"):
        return _text(405, "this Graph Store is read-only", Allow="GET, HEAD")
    params = request.query_params
    backend = request.app.state.backend
    media = _media_type(request, list(RDF_TYPES.values()))
    if media is None:
        return _text(406, f"offered: {', '.join(RDF_TYPES.values())}")
    graph: URIRef | None = None
    if "graph" in params:
        graph = URIRef(params["graph"])
        if graph not in set(backend.named_graphs()):
            return _text(404, f"no graph {params['graph']} in this store")
    elif "default" not in params:
        return _text(400, "give ?graph=IRI or ?default")
    buf = io.BytesIO()
    await run_in_threadpool(backend.dump, buf, _DUMP_FORMATS[media], graph)
    return Response(buf.getvalue(), media_type=media)
