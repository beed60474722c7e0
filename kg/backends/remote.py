"""A remote SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB, Neptune, QLever) as a `Backend`.

Queries go through SPARQLWrapper over the SPARQL 1.1 Protocol and come back as
rdflib `Result` objects, the same type the embedded store returns, so that no
caller can tell the two apart. Graphs are written with the SPARQL 1.1 Graph
Store HTTP Protocol (one ``PUT`` of N-Triples per named graph) when the server
offers it, else with SPARQL 1.1 Update.

Atomicity is what the server gives, no more:

* Graph Store Protocol: each ``PUT`` replaces one graph in one request, which
  every server we know runs as one transaction; a failure part-way through
  ``replace_graphs`` leaves the graphs already sent replaced and the rest as
  they were.
* SPARQL Update: the triples are first written, in batches, into staging graphs
  that nobody queries; the live graphs are then swapped in by one request of
  ``DROP``/``MOVE`` operations. A failure while staging leaves every live graph
  as it was; the final request is atomic where the server runs one update
  request as one transaction (Fuseki, GraphDB, Oxigraph); Virtuoso promises
  no such thing, so there treat the swap as per graph.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, BinaryIO

from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from kg.backends.base import Backend, BackendError, Triple
from kg.backends.oxterms import AnyTriple, rdflib_triple
from kg.config import Settings
from kg.iris import Minter
from kg.namespaces import PREFIXES, XSD
from kg.sparql import bind, check_iri, query_form

__all__ = ["RemoteBackend", "nt_term"]

#: triples per SPARQL Update request when no Graph Store endpoint is given
BATCH_SIZE = 2000
#: rows per page when reading graphs back (at or below Virtuoso's default ResultSetMaxRows)
PAGE_SIZE = 10000
_STAGING = "urn:customs-kg:staging:"

_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_GRAPHS_UNDER = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ?scope)) }"
_COUNT_GRAPH = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT_UNDER = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ?scope)) } GROUP BY ?g"
_PAGE = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s ?p ?o LIMIT {limit} OFFSET {offset}"
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)
_BNODE_BAD = re.compile(r"[^A-Za-z0-9_]")
_TAG = re.compile(r"<[^>]*>")


# --- terms in N-Triples / SPARQL syntax -------------------------------------------------

_ECHAR = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _escape_literal(text: str) -> str:
    """ECHAR for the characters that could end or break a literal, UCHAR for other controls
    (N-Triples §2.4, SPARQL 1.1 §19.7); everything else stays UTF-8."""
    out = []
    for ch in text:
        if ch in _ECHAR:
            out.append(_ECHAR[ch])
        elif ch < " " or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _iri(value: str) -> str:
    return "<" + _IRI_BAD.sub(lambda m: f"\\u{ord(m.group()):04X}", value) + ">"


class _Terms:
    """Writes terms; blank nodes get short, syntax-safe labels (``_:b0``) that stay the same
    for one node within one request, whatever label the source gave it."""

    def __init__(self) -> None:
        self._bnodes: dict[str, str] = {}

    def __call__(self, term: Node) -> str:
        return nt_term(term, self._bnodes)


def nt_term(term: Node, bnodes: dict[str, str] | None = None) -> str:
    """One RDF term in N-Triples syntax, which is also valid SPARQL.

    ``xsd:string`` is written as a simple literal: the two are the same term in
    RDF 1.1, and some servers (Virtuoso) would otherwise keep both.
    """
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, BNode):
        if bnodes is None:
            return "_:" + re.sub(r"[^A-Za-z0-9]", "x", str(term))
        return "_:" + bnodes.setdefault(str(term), f"b{len(bnodes)}")
    if isinstance(term, Literal):
        body = f'"{_escape_literal(str(term))}"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{body}^^{_iri(str(term.datatype))}"
        return body
    raise BackendError(f"cannot write {term!r} to a SPARQL server")


def _components(triples: Sequence[Triple]) -> list[list[Triple]]:
    """Triples grouped so that all triples sharing a blank node stay together.

    A blank node label means one node only within one request, so a batch
    boundary must never cut through the triples that mention it.
    """
    parent: dict[Node, Node] = {}

    def find(x: Node) -> Node:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s, _, o in triples:
        if isinstance(s, BNode) and isinstance(o, BNode):
            parent[find(s)] = find(o)
    plain: list[Triple] = []
    groups: dict[Node, list[Triple]] = {}
    for t in triples:
        node = (
            t[0]
            if isinstance(t[0], BNode)
            else t[2]
            if isinstance(t[2], BNode)
            else None
        )
        if node is None:
            plain.append(t)
        else:
            groups.setdefault(find(node), []).append(t)
    return [[t] for t in plain] + list(groups.values())


def _batches(triples: Sequence[Triple], size: int) -> Iterator[list[Triple]]:
    batch: list[Triple] = []
    for component in _components(triples):
        if batch and len(batch) + len(component) > size:
            yield batch
            batch = []
        batch.extend(component)
    if batch:
        yield batch


# --- results ----------------------------------------------------------------------------


def _from_json(value: Mapping[str, str]) -> Node:
    """A term of the SPARQL 1.1 JSON results format (also Virtuoso's older ``typed-literal``)."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        # Virtuoso labels blank nodes ``nodeID://b10001``, which no syntax accepts as a label
        return BNode(_BNODE_BAD.sub("_", value["value"]))
    lang = value.get("xml:lang")
    datatype = value.get("datatype")
    if lang:
        return Literal(value["value"], lang=lang)
    if datatype and datatype != str(XSD.string):
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


def _select_result(doc: Mapping[str, Any], form: str) -> Result:
    if form == "ASK":
        out = Result("ASK")
        if "boolean" in doc:
            out.askAnswer = bool(doc["boolean"])
        else:
            # Virtuoso 7.2 answers ASK as a SELECT of ``__ASK_RETVAL``: one row of 1 for
            # true, no rows for false
            rows = doc.get("results", {}).get("bindings", [])
            out.askAnswer = any(
                v.get("value") not in ("0", "false")
                for row in rows
                for v in row.values()
            )
        return out
    out = Result("SELECT")
    names = list(doc.get("head", {}).get("vars", []))
    out.vars = [Variable(n) for n in names]
    out.bindings = [
        {Variable(n): _from_json(v) for n, v in row.items()}  # type: ignore[misc]
        for row in doc.get("results", {}).get("bindings", [])
    ]
    return out


def _graph_result(body: bytes, content_type: str) -> Result:
    fmt = (
        "xml"
        if "rdf+xml" in content_type
        else "json-ld"
        if "ld+json" in content_type
        else "turtle"
    )
    graph = Graph()
    graph.parse(data=body, format=fmt)
    out = Result("CONSTRUCT")
    out.graph = graph
    return out


def with_prefixes(sparql: str) -> str:
    """The project's prefixes declared ahead of the text, for those it does not declare itself.

    The embedded store knows them without a declaration; a remote server does not.
    """
    declared = {(m.group(1) or "") for m in _PREFIX_DECL.finditer(sparql)}
    head = "".join(
        f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared
    )
    return head + sparql


# --- transport --------------------------------------------------------------------------


class _Wrapper(SPARQLWrapper):
    """SPARQLWrapper sending through our own opener, so that credentials (basic or digest,
    whichever the server asks for) and a fractional timeout apply to this endpoint only,
    instead of through a process-wide urllib opener."""

    def __init__(
        self, endpoint: str, opener: urllib.request.OpenerDirector, timeout: float
    ) -> None:
        super().__init__(endpoint, agent="customs-kg")
        self._opener = opener
        self._timeout = timeout

    def _query(self) -> tuple[Any, str]:
        request = self._createRequest()
        return self._opener.open(request, timeout=self._timeout), self.returnFormat


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace")
    if (
        "<" in text
        and ">" in text
        and re.search(r"<(html|!DOCTYPE|body|h1|title)", text, re.IGNORECASE)
    ):
        text = html.unescape(_TAG.sub("\n", text))
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return ""


class _DigestAuthHandler(urllib.request.HTTPDigestAuthHandler):
    """Digest authentication that answers the server's last challenge up front.

    urllib sends a request without credentials and authenticates only after
    the 401; Virtuoso answers an unauthenticated PUT with 401 and closes the
    connection while the body is still being written, so a graph of 200,000
    triples (a summary graph at 10,000 minutes) never got through ("connection
    reset"). Once the server has challenged, every request carries the answer.
    """

    def __init__(self, passwords: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(passwords)
        self.challenge: dict[str, str] | None = None

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> Any:
        _, challenge = auth.split(" ", 1)
        self.challenge = urllib.request.parse_keqv_list(
            [part for part in urllib.request.parse_http_list(challenge) if part]
        )
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self.challenge is not None and not req.has_header(self.auth_header):
            answer = self.get_authorization(req, self.challenge)
            if answer:
                req.add_unredirected_header(self.auth_header, f"Digest {answer}")
        return req

    https_request = http_request


class RemoteBackend(Backend):
    """A SPARQL 1.1 server reached over HTTP.

    ``scope`` is the IRI prefix of the graphs this project owns on the server
    (its base IRI): `named_graphs`, `count` and `dump` of the whole dataset see
    only those, so a shared server's other graphs (and Virtuoso's system
    graphs) never leak into an export. Queries see whatever the server's
    default graph is: the union of all graphs on Virtuoso and GraphDB, and on
    Fuseki when the dataset sets ``tdb2:unionDefaultGraph true``.
    """

    name = "sparql"

    def __init__(
        self,
        endpoint: str,
        *,
        update_endpoint: str | None = None,
        graph_store: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 60.0,
        scope: str | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.graph_store = graph_store
        self.user = user
        self.timeout = timeout
        self.scope = scope
        self.batch_size = batch_size
        handlers: list[urllib.request.BaseHandler] = []
        self._digest: _DigestAuthHandler | None = None
        self._primed = False
        if user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {endpoint, self.update_endpoint, graph_store}:
                if url:
                    passwords.add_password(None, url, user, password or "")
            self._digest = _DigestAuthHandler(passwords)
            handlers += [urllib.request.HTTPBasicAuthHandler(passwords), self._digest]
        self._opener = urllib.request.build_opener(*handlers)

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteBackend:
        if not settings.endpoint:
            raise BackendError("no SPARQL endpoint given; use --endpoint URL")
        return cls(
            settings.endpoint,
            update_endpoint=settings.update_endpoint,
            graph_store=settings.graph_store,
            user=settings.user,
            password=settings.password,
            timeout=settings.timeout,
            scope=Minter(settings.base).base,
        )

    # -- errors

    def _fail(self, url: str, err: BaseException) -> BackendError:
        """One line a user can act on, for anything the network or the server did."""
        if isinstance(err, urllib.error.HTTPError):
            body = b""
            with contextlib.suppress(OSError, AttributeError):
                body = err.read() or b""
            if err.code in (401, 403):
                who = (
                    f"the credentials of user {self.user!r}"
                    if self.user
                    else "the request without credentials"
                )
                hint = (
                    "check --user and the password"
                    if self.user
                    else "give --user and --password-env"
                )
                return BackendError(
                    f"the SPARQL endpoint at {url} refused {who} (HTTP {err.code}); {hint}"
                )
            line = _first_line(body) or str(err.reason)
            return BackendError(
                f"the SPARQL endpoint at {url} answered HTTP {err.code}: {line}"
            )
        reason: object = err.reason if isinstance(err, urllib.error.URLError) else err
        if isinstance(reason, TimeoutError | socket.timeout):
            return BackendError(
                f"the SPARQL endpoint at {url} did not answer within {self.timeout:g} s (timeout)"
            )
        if isinstance(reason, ConnectionRefusedError):
            return BackendError(
                f"cannot reach the SPARQL endpoint at {url}: connection refused; is the server running?"
            )
        if isinstance(reason, socket.gaierror):
            return BackendError(
                f"cannot reach the SPARQL endpoint at {url}: unknown host"
            )
        if isinstance(reason, ValueError):
            return BackendError(f"{url!r} is not a usable endpoint URL: {reason}")
        text = getattr(reason, "strerror", None) or str(reason)
        return BackendError(f"cannot reach the SPARQL endpoint at {url}: {text}")

    def _send(
        self, request: urllib.request.Request, *, missing_ok: bool = False
    ) -> bytes:
        if request.data is not None:
            self._learn_challenge(request.full_url)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as err:
            if missing_ok and err.code == 404:
                return b""
            raise self._fail(request.full_url, err) from None
        except (urllib.error.URLError, OSError, ValueError) as err:
            raise self._fail(request.full_url, err) from None

    def _learn_challenge(self, url: str) -> None:
        """Before the first request with a body, one without, so that a digest
        server's challenge is known and the body goes out with credentials
        (whatever that request answers: Virtuoso refuses HEAD with 501)."""
        if self._digest is None or self._digest.challenge is not None or self._primed:
            return
        self._primed = True
        with contextlib.suppress(urllib.error.URLError, OSError, ValueError):
            self._opener.open(
                urllib.request.Request(url, method="HEAD"), timeout=self.timeout
            ).close()

    # -- queries

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        text = with_prefixes(bind(sparql, bindings or {}))
        form = query_form(text)
        wrapper = _Wrapper(self.endpoint, self._opener, self.timeout)
        wrapper.setMethod(POST)
        wrapper.setQuery(text)
        wrapper.setReturnFormat(JSON if form in ("SELECT", "ASK") else TURTLE)
        try:
            answer = wrapper.query()
            if form in ("SELECT", "ASK"):
                return _select_result(answer.convert(), form)  # type: ignore[arg-type]
            body = answer.response.read()
            return _graph_result(body, answer.response.headers.get("content-type", ""))
        except urllib.error.HTTPError as err:
            raise self._fail(self.endpoint, err) from None
        except (urllib.error.URLError, OSError) as err:
            raise self._fail(self.endpoint, err) from None
        except (ValueError, json.JSONDecodeError) as err:
            raise BackendError(
                f"the SPARQL endpoint at {self.endpoint} sent an answer that cannot be read: {err}"
            ) from None

    def update(self, sparql: str) -> None:
        data = urllib.parse.urlencode({"update": with_prefixes(sparql)}).encode("utf-8")
        request = urllib.request.Request(self.update_endpoint, data=data, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("Accept", "application/sparql-results+json, */*;q=0.1")
        self._send(request)

    # -- graphs

    def named_graphs(self) -> list[URIRef]:
        if self.scope:
            rows = self.query(_GRAPHS_UNDER, {"scope": Literal(self.scope)})
        else:
            rows = self.query(_GRAPHS)
        return sorted(row[0] for row in rows if isinstance(row[0], URIRef))  # type: ignore[index]

    def graph_counts(self) -> dict[URIRef, int]:
        """Triples per graph in scope, in one query (push reads its result back with this)."""
        rows = self.query(_COUNT_UNDER, {"scope": Literal(self.scope or "")})
        return {URIRef(str(row[0])): _int(row[1]) for row in rows}  # type: ignore[index]

    def count(self, graph: URIRef | None = None) -> int:
        if graph is not None:
            rows = list(self.query(_COUNT_GRAPH, {"g": graph}))
            return _int(rows[0][0]) if rows else 0  # type: ignore[index]
        if self.scope:
            return sum(self.graph_counts().values())
        rows = list(self.query(_COUNT_ALL))
        return _int(rows[0][0]) if rows else 0  # type: ignore[index]

    def drop_graphs(self, graphs: Iterable[URIRef]) -> None:
        targets = [check_iri(str(g), "graph") for g in graphs]
        if not targets:
            return
        if self.graph_store:
            for g in targets:
                self._send(self._gsp_request("DELETE", g), missing_ok=True)
        else:
            self.update(
                " ;\n".join(f"DROP SILENT GRAPH {_iri(str(g))}" for g in targets)
            )

    def replace_graphs(self, graphs: Mapping[URIRef, Iterable[AnyTriple]]) -> None:
        wanted = {
            check_iri(str(g), "graph"): [rdflib_triple(t) for t in ts]
            for g, ts in graphs.items()
        }
        if self.graph_store:
            for g, triples in wanted.items():
                self._put(g, triples)
        else:
            self._replace_by_update(wanted)

    def _gsp_request(
        self, method: str, graph: URIRef, body: bytes | None = None
    ) -> urllib.request.Request:
        assert self.graph_store is not None
        sep = "&" if "?" in self.graph_store else "?"
        url = f"{self.graph_store}{sep}{urllib.parse.urlencode({'graph': str(graph)})}"
        request = urllib.request.Request(url, data=body, method=method)
        if body is not None:
            request.add_header("Content-Type", "application/n-triples")
        return request

    def _put(self, graph: URIRef, triples: Sequence[Triple]) -> None:
        """SPARQL 1.1 Graph Store HTTP Protocol §5.3: PUT replaces the graph's content."""
        if not triples:
            self._send(self._gsp_request("DELETE", graph), missing_ok=True)
            return
        term = _Terms()
        body = "".join(
            f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples
        ).encode("utf-8")
        self._send(self._gsp_request("PUT", graph, body))

    def _replace_by_update(self, wanted: Mapping[URIRef, Sequence[Triple]]) -> None:
        staged = {g: URIRef(_STAGING + str(g)) for g in wanted}
        try:
            self.update(
                " ;\n".join(
                    f"DROP SILENT GRAPH {_iri(str(s))}" for s in staged.values()
                )
            )
            for g, triples in wanted.items():
                for batch in _batches(triples, self.batch_size):
                    self.update(_insert(staged[g], batch))
        except BackendError:
            self._cleanup(staged.values())
            raise
        swap = [
            f"DROP SILENT GRAPH {_iri(str(g))} ;\nMOVE SILENT GRAPH {_iri(str(s))} TO GRAPH {_iri(str(g))}"
            for g, s in staged.items()
        ]
        try:
            self.update(" ;\n".join(swap))
        except BackendError:
            self._cleanup(staged.values())
            raise

    def _cleanup(self, staged: Iterable[URIRef]) -> None:
        # if the server is gone, the staging graphs stay behind, invisible to our queries
        with contextlib.suppress(BackendError):
            self.update(
                " ;\n".join(f"DROP SILENT GRAPH {_iri(str(s))}" for s in staged)
            )

    # -- reading back

    def _graph_triples(self, graph: URIRef) -> Iterator[Triple]:
        """A graph's triples: whole from the Graph Store endpoint when there is one,
        else in sorted pages, so a server's result-size cap cannot cut it short.

        Virtuoso sorts at most 10,000 rows for a page, whatever its offset, so a
        graph larger than that can only be read back through the Graph Store."""
        if self.graph_store:
            request = self._gsp_request("GET", graph)
            request.add_header("Accept", "application/n-triples")
            body = self._send(request, missing_ok=True)
            yield from _graph_result(body, "application/n-triples").graph or []
            return
        offset = 0
        while True:
            page = _PAGE.replace("{limit}", str(PAGE_SIZE)).replace(
                "{offset}", str(offset)
            )
            rows = list(self.query(page, {"g": graph}))
            for row in rows:
                yield row[0], row[1], row[2]  # type: ignore[index]
            if len(rows) < PAGE_SIZE:
                return
            offset += PAGE_SIZE

    def _snapshot(self, graph: URIRef | None = None) -> Backend:
        from kg.backends.embedded import EmbeddedBackend

        snapshot = EmbeddedBackend(None)
        graphs = [graph] if graph is not None else self.named_graphs()
        snapshot.replace_graphs({g: list(self._graph_triples(g)) for g in graphs})
        return snapshot

    def dump(self, out: BinaryIO, fmt: str, graph: URIRef | None = None) -> None:
        """Read the graphs back (``CONSTRUCT``-equivalent paged ``SELECT`` per graph) and
        serialise them with the embedded store's writers, so every format is the same."""
        with self._snapshot(graph) as snapshot:
            snapshot.dump(out, fmt, graph)

    def dataset(self) -> Dataset:
        """A copy of the project's graphs in memory: fine for reading small graphs with
        rdflib's API; writes to it do not reach the server."""
        return self._snapshot().dataset()


def _int(term: object) -> int:
    return int(str(term)) if term is not None else 0


def _insert(graph: URIRef, triples: Sequence[Triple]) -> str:
    """``INSERT DATA``, or ``INSERT … WHERE {}`` when blank nodes are present, because
    Virtuoso refuses blank nodes in ``INSERT DATA`` (error SP031)."""
    term = _Terms()
    body = "\n".join(f"{term(s)} {term(p)} {term(o)} ." for s, p, o in triples)
    has_bnode = any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in triples)
    if has_bnode:
        return f"INSERT {{ GRAPH {_iri(str(graph))} {{\n{body}\n}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH {_iri(str(graph))} {{\n{body}\n}} }}"
