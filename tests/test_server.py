"""Other systems and analysts talking to ``customs-kg serve`` over HTTP.

SPARQLWrapper is the client for the SPARQL 1.1 Protocol, as a user's script
would be; httpx checks what a client library hides: status codes, redirects,
headers.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from support.server import LiveServer, example_copy, live_server

from kg.backends.embedded import EmbeddedBackend
from kg.catalogue import catalogue
from kg.namespaces import CCK, DCT, RDFS
from kg.server import ServerSettings

BASE = "https://w3id.org/customs-kg/id/"
DOC = URIRef(BASE + "doc/12582-16")
EUROPOL = URIRef(BASE + "org/europol")
CITED = """PREFIX cck: <https://w3id.org/customs-kg/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?number WHERE { <https://w3id.org/customs-kg/id/doc/12582-16> cck:cites/dct:identifier ?number }
ORDER BY ?number"""
DESCRIBE_DOC = """PREFIX cck: <https://w3id.org/customs-kg/ontology#>
CONSTRUCT { ?doc ?p ?o } WHERE { BIND(<https://w3id.org/customs-kg/id/doc/12582-16> AS ?doc) ?doc ?p ?o
  FILTER(?p != cck:text) }"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def client(server: LiveServer, fmt: str, query: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.sparql)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


# -- SELECT, ASK and CONSTRUCT through a real SPARQL client ------------------


def _numbers_json(raw: Any) -> set[str]:
    return {b["number"]["value"] for b in raw["results"]["bindings"]}


def _numbers_xml(raw: Any) -> set[str]:
    return {n.firstChild.data for n in raw.getElementsByTagName("literal")}


def _numbers_csv(raw: Any) -> set[str]:
    return {row["number"] for row in csv.DictReader(io.StringIO(raw.decode("utf-8")))}


def _numbers_tsv(raw: Any) -> set[str]:
    lines = raw.decode("utf-8").splitlines()[1:]
    return {json.loads(line) for line in lines}


@pytest.mark.parametrize(
    ("fmt", "numbers"),
    [
        pytest.param(JSON, _numbers_json, id="json"),
        pytest.param(XML, _numbers_xml, id="xml"),
        pytest.param(CSV, _numbers_csv, id="csv"),
        pytest.param(TSV, _numbers_tsv, id="tsv"),
    ],
)
def test_select_answers_in_every_results_format(
    served: LiveServer, fmt: str, numbers: Any
) -> None:
    raw = client(served, fmt, CITED).query().convert()
    got = numbers(raw)
    assert "5109/2/1 REV 2" in got
    assert "CM 3817/16" in got
    assert len(got) == 9


def test_select_by_post(served: LiveServer) -> None:
    sparql = client(served, JSON, CITED)
    sparql.setMethod("POST")
    assert "12164/16" in _numbers_json(sparql.query().convert())


def test_ask(served: LiveServer) -> None:
    yes: Any = (
        client(served, JSON, f"ASK {{ <{DOC}> a <{CCK.Document}> }}").query().convert()
    )
    no: Any = (
        client(served, JSON, f"ASK {{ <{DOC}> a <{CCK.Meeting}> }}").query().convert()
    )
    assert yes["boolean"] is True
    assert no["boolean"] is False


def _graph(raw: Any, fmt: str) -> Graph:
    if isinstance(raw, Graph):
        return raw
    return Graph().parse(
        data=raw.decode("utf-8") if isinstance(raw, bytes) else raw, format=fmt
    )


@pytest.mark.parametrize(
    ("fmt", "accept", "rdflib_format"),
    [
        pytest.param(TURTLE, None, "turtle", id="turtle"),
        pytest.param(N3, "application/n-triples", "nt", id="n-triples"),
        pytest.param(JSONLD, None, "json-ld", id="json-ld"),
        pytest.param(RDFXML, None, "xml", id="rdf-xml"),
    ],
)
def test_construct_in_every_rdf_format(
    served: LiveServer, fmt: str, accept: str | None, rdflib_format: str
) -> None:
    sparql = client(served, fmt, DESCRIBE_DOC)
    if accept:
        sparql.setOnlyConneg(True)
        sparql.addCustomHttpHeader("Accept", accept)
    response = sparql.query()
    if accept:
        assert response.response.headers["Content-Type"].startswith(accept)
    g = _graph(response.convert(), rdflib_format)
    assert (DOC, DCT.identifier, Literal("12582/16")) in g
    assert (DOC, CCK.cites, URIRef(BASE + "doc/5109-2-1-rev-2")) in g


@pytest.mark.parametrize("name", sorted(catalogue()), ids=str)
def test_every_catalogue_query_runs_on_the_endpoint(
    served: LiveServer, name: str
) -> None:
    text = httpx.get(f"{served.url}/api/queries/{name}").json()["sparql"]
    r = httpx.post(
        served.sparql,
        data={"query": text},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    assert "vars" in r.json()["head"]


# -- the protocol's edges ------------------------------------------------------


def test_format_parameter_overrides_accept(served: LiveServer) -> None:
    r = httpx.get(
        served.sparql,
        params={"query": CITED, "format": "csv"},
        headers={"Accept": "application/json"},
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.text.splitlines()[0] == "number"


def test_unacceptable_format_is_406(served: LiveServer) -> None:
    r = httpx.get(
        served.sparql, params={"query": CITED}, headers={"Accept": "image/png"}
    )
    assert r.status_code == 406


def test_syntax_error_is_400_with_a_message(served: LiveServer) -> None:
    r = httpx.get(served.sparql, params={"query": "SELECT WHERE {"})
    assert r.status_code == 400
    assert "syntax" in r.text.lower()
    assert "Traceback" not in r.text


def test_service_description(served: LiveServer) -> None:
    r = httpx.get(served.sparql, headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    services = list(
        g.subjects(
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef(sd + "Service"),
        )
    )
    assert len(services) == 1
    assert (services[0], URIRef(sd + "endpoint"), URIRef(served.sparql)) in g
    assert (None, URIRef(sd + "name"), DOC) in g
    assert (
        services[0],
        URIRef(sd + "supportedLanguage"),
        URIRef(sd + "SPARQL11Update"),
    ) not in g


def test_cors(served: LiveServer) -> None:
    r = httpx.get(
        served.sparql,
        params={"query": "ASK {}"},
        headers={"Origin": "https://analyst.example"},
    )
    assert r.headers["access-control-allow-origin"] == "*"
    pre = httpx.options(
        served.sparql,
        headers={
            "Origin": "https://analyst.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert pre.status_code == 200
    assert "POST" in pre.headers["access-control-allow-methods"]


def test_service_clauses_are_refused(served: LiveServer) -> None:
    q = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    r = httpx.get(served.sparql, params={"query": q})
    assert r.status_code == 400
    assert "--allow-service" in r.text


def test_a_service_word_in_a_string_is_not_a_service_clause(served: LiveServer) -> None:
    r = httpx.get(served.sparql, params={"query": 'ASK { FILTER("SERVICE" != "") }'})
    assert r.status_code == 200


def test_row_cap_truncates_and_says_so(served: LiveServer) -> None:
    r = httpx.get(
        served.sparql,
        params={"query": "SELECT * WHERE { ?s ?p ?o }", "format": "json"},
        timeout=30,
    )
    assert r.status_code == 200
    assert r.headers["x-result-truncated"] == "true"
    assert r.headers["x-result-row-limit"] == str(served.settings.max_rows)
    assert len(r.json()["results"]["bindings"]) == served.settings.max_rows
    small = httpx.get(served.sparql, params={"query": CITED, "format": "json"})
    assert "x-result-truncated" not in small.headers


def test_runaway_query_is_stopped_and_the_next_one_answered(served: LiveServer) -> None:
    started = time.monotonic()
    r = httpx.get(served.sparql, params={"query": RUNAWAY}, timeout=60)
    took = time.monotonic() - started
    assert r.status_code in (503, 504)
    assert "longer than" in r.text
    assert took < served.settings.timeout + 5
    started = time.monotonic()
    after = httpx.get(
        served.sparql, params={"query": CITED, "format": "json"}, timeout=60
    )
    assert after.status_code == 200
    assert "5109/2/1 REV 2" in after.text
    assert time.monotonic() - started < served.settings.timeout


def test_other_queries_are_answered_while_a_runaway_runs(served: LiveServer) -> None:
    import threading

    results: list[int] = []
    runaway = threading.Thread(
        target=lambda: results.append(
            httpx.get(served.sparql, params={"query": RUNAWAY}, timeout=60).status_code
        )
    )
    runaway.start()
    time.sleep(0.3)
    r = httpx.get(served.sparql, params={"query": CITED, "format": "json"}, timeout=60)
    runaway.join()
    assert r.status_code == 200
    assert results and results[0] in (503, 504)


# -- Graph Store Protocol, read side ------------------------------------------


def test_graph_store_reads_a_named_graph(served: LiveServer) -> None:
    r = httpx.get(
        served.url + "/rdf-graphs",
        params={"graph": str(DOC)},
        headers={"Accept": "text/turtle"},
    )
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    assert (
        DOC,
        CCK.recordsMeeting,
        URIRef(BASE + "meeting/ccwp-experts/2016-09-23"),
    ) in g
    assert (EUROPOL, RDFS.label, None) not in g  # reference data is in its own graph


def test_graph_store_reads_the_default_graph_as_the_union(served: LiveServer) -> None:
    r = httpx.get(
        served.url + "/rdf-graphs?default",
        headers={"Accept": "application/n-triples"},
        timeout=30,
    )
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="nt")
    assert (DOC, DCT.identifier, Literal("12582/16")) in g
    assert (EUROPOL, RDFS.label, Literal("Europol", lang="en")) in g


REFERENCE = URIRef(BASE + "graph/reference")
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
EUROPOL_LABELS = f"SELECT ?label WHERE {{ <{EUROPOL}> <{RDFS.label}> ?label }}"


def _values(
    server: LiveServer, query: str, method: str, **graphs: list[str]
) -> list[str]:
    """The first column of a SELECT, the graph parameters repeated as the protocol allows."""
    params = [("query", query)] + [
        (key.replace("_", "-"), g) for key, values in graphs.items() for g in values
    ]
    accept = {"Accept": "application/sparql-results+json"}
    if method == "GET":
        r = httpx.get(server.sparql, params=params, headers=accept)
    else:
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        r = httpx.post(server.sparql, content=urlencode(params), headers=accept | form)
    assert r.status_code == 200, r.text
    return [next(iter(b.values()))["value"] for b in r.json()["results"]["bindings"]]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_client_names_the_graphs_to_query(served: LiveServer, method: str) -> None:
    """SPARQL 1.1 Protocol §2.1.4: default-graph-uri and named-graph-uri make the dataset."""
    # without them, every named graph is visible and the default graph is their union
    assert str(DOC) in _values(served, GRAPHS, method)
    assert "Europol" in _values(served, EUROPOL_LABELS, method)
    # a document's graph as the only named graph
    assert _values(served, GRAPHS, method, named_graph_uri=[str(DOC)]) == [str(DOC)]
    # ... and the default graph then holds nothing
    assert _values(served, EUROPOL_LABELS, method, named_graph_uri=[str(DOC)]) == []
    # the reference data as the default graph: Europol's labels, and no named graph
    assert "Europol" in _values(
        served, EUROPOL_LABELS, method, default_graph_uri=[str(REFERENCE)]
    )
    assert _values(served, GRAPHS, method, default_graph_uri=[str(REFERENCE)]) == []
    # the minutes alone do not label Europol
    assert "Europol" not in _values(
        served, EUROPOL_LABELS, method, default_graph_uri=[str(DOC)]
    )


def test_a_graph_parameter_that_is_not_an_iri_is_400(served: LiveServer) -> None:
    r = httpx.get(
        served.sparql, params={"query": GRAPHS, "named-graph-uri": "not an iri"}
    )
    assert r.status_code == 400
    assert "named-graph-uri" in r.text


@pytest.mark.parametrize(
    ("method", "params", "status"),
    [
        pytest.param("GET", {"graph": BASE + "doc/no-such"}, 404, id="unknown-graph"),
        pytest.param("GET", {}, 400, id="no-graph-named"),
        pytest.param("PUT", {"graph": str(DOC)}, 405, id="write-refused"),
        pytest.param("DELETE", {"graph": str(DOC)}, 405, id="delete-refused"),
    ],
)
def test_graph_store_edges(
    served: LiveServer, method: str, params: dict[str, str], status: int
) -> None:
    assert (
        httpx.request(method, served.url + "/rdf-graphs", params=params).status_code
        == status
    )


# -- dereferencing IRIs ---------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "location"),
    [
        pytest.param(
            "text/html,application/xhtml+xml,*/*;q=0.8",
            "/page/org/europol",
            id="browser",
        ),
        pytest.param("text/turtle", "/data/org/europol.ttl", id="turtle"),
        pytest.param("application/ld+json", "/data/org/europol.jsonld", id="json-ld"),
        pytest.param("application/n-triples", "/data/org/europol.nt", id="n-triples"),
        pytest.param("application/rdf+xml", "/data/org/europol.rdf", id="rdf-xml"),
        pytest.param("*/*", "/page/org/europol", id="anything"),
    ],
)
def test_iris_303_to_a_document_by_accept(
    served: LiveServer, accept: str, location: str
) -> None:
    r = httpx.get(served.url + "/id/org/europol", headers={"Accept": accept})
    assert r.status_code == 303
    assert r.headers["location"] == location
    assert "accept" in r.headers["vary"].lower()


@pytest.mark.parametrize(
    ("ext", "fmt"),
    [
        pytest.param("ttl", "turtle", id="turtle"),
        pytest.param("jsonld", "json-ld", id="json-ld"),
        pytest.param("nt", "nt", id="n-triples"),
        pytest.param("rdf", "xml", id="rdf-xml"),
    ],
)
def test_linked_data_client_gets_the_description(
    served: LiveServer, ext: str, fmt: str
) -> None:
    accept = {
        "ttl": "text/turtle",
        "jsonld": "application/ld+json",
        "nt": "application/n-triples",
        "rdf": "application/rdf+xml",
    }
    r = httpx.get(
        served.url + "/id/doc/12582-16",
        headers={"Accept": accept[ext]},
        follow_redirects=True,
    )
    assert r.status_code == 200
    assert r.url.path == f"/data/doc/12582-16.{ext}"
    assert r.headers["content-type"].startswith(accept[ext])
    g = Graph().parse(data=r.text, format=fmt)
    assert (DOC, DCT.identifier, Literal("12582/16")) in g
    assert (
        URIRef(BASE + "meeting/ccwp-experts/2016-09-23"),
        CCK.recordedIn,
        DOC,
    ) in g  # incoming links too


def test_browser_gets_an_entity_page(served: LiveServer) -> None:
    r = httpx.get(
        served.url + "/id/org/europol",
        headers={"Accept": "text/html"},
        follow_redirects=True,
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert '<h1 id="label">Europol</h1>' in r.text
    assert (
        'href="/id/unit/ectc"' in r.text
    )  # the ECTC is part of Europol: an incoming link


def test_document_page_shows_evidence_with_a_link_to_its_document(
    served: LiveServer,
) -> None:
    r = httpx.get(served.url + "/page/doc/5109-2-1-rev-2")
    assert r.status_code == 200
    assert "Overview of JCOs" in r.text
    assert 'href="/id/doc/12582-16"' in r.text


def test_unknown_entity_is_404(served: LiveServer) -> None:
    r = httpx.get(served.url + "/id/org/no-such-agency", follow_redirects=True)
    assert r.status_code == 404


def test_ontology_iri_serves_the_ontology(served: LiveServer) -> None:
    r = httpx.get(served.url + "/ontology", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    assert (URIRef("https://w3id.org/customs-kg/ontology"), None, None) in g


def test_catalogue_api(served: LiveServer) -> None:
    listed = httpx.get(served.url + "/api/queries").json()
    assert {q["name"] for q in listed} == set(catalogue())
    one = httpx.get(
        served.url + "/api/queries/organisation-presentations",
        params={"org": BASE + "org/france"},
    ).json()
    assert "VALUES (?org)" in one["sparql"]
    assert "<https://w3id.org/customs-kg/id/org/france>" in one["sparql"]
    bad = httpx.get(
        served.url + "/api/queries/forthcoming-events", params={"after": '" } DROP ALL'}
    )
    assert bad.status_code == 400


# -- updates --------------------------------------------------------------------

INSERT = f'INSERT DATA {{ GRAPH <{BASE}graph/test> {{ <{BASE}org/test> <{RDFS.label}> "Test agency" }} }}'
ASK_INSERTED = f'ASK {{ <{BASE}org/test> <{RDFS.label}> "Test agency" }}'


def test_update_refused_on_a_read_only_endpoint(served: LiveServer) -> None:
    r = httpx.post(
        served.sparql,
        data={"update": INSERT},
        headers={"Authorization": "Bearer anything"},
    )
    assert r.status_code == 403
    r = httpx.post(
        served.sparql,
        content=INSERT,
        headers={"Content-Type": "application/sparql-update"},
    )
    assert r.status_code == 403


@pytest.fixture()
def writable(tmp_path: Path) -> Iterator[LiveServer]:
    store = example_copy(tmp_path)
    settings = ServerSettings(
        allow_update=True, token="s3cret", timeout=5, max_rows=100
    )
    with live_server(lambda: EmbeddedBackend(store), store, settings) as server:
        yield server


def test_update_needs_the_token_and_then_lands(writable: LiveServer) -> None:
    assert httpx.post(writable.sparql, data={"update": INSERT}).status_code == 401
    wrong = httpx.post(
        writable.sparql,
        data={"update": INSERT},
        headers={"Authorization": "Bearer nope"},
    )
    assert wrong.status_code == 401
    assert "www-authenticate" in wrong.headers
    ok = httpx.post(
        writable.sparql,
        content=INSERT,
        headers={
            "Content-Type": "application/sparql-update",
            "Authorization": "Bearer s3cret",
        },
        timeout=30,
    )
    assert ok.status_code == 204, ok.text
    answer = httpx.get(
        writable.sparql, params={"query": ASK_INSERTED, "format": "json"}, timeout=30
    )
    assert answer.json()["boolean"] is True
