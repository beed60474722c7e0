"""An analyst points the same commands at the organisation's SPARQL server (Virtuoso here).

Every catalogue question gives the same answer there as in the embedded store,
and a server that is down, refuses the credentials or does not answer in time
gets one clear line, never a traceback.
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node
from support.env import free_port
from support.virtuoso import VirtuosoServer, running_virtuoso

from kg.backends.embedded import EmbeddedBackend
from kg.backends.remote import RemoteBackend
from kg.catalogue import CatalogueError, catalogue
from kg.cli import cli
from kg.iris import Minter
from kg.push import push
from kg.resources import queries_dir
from kg.sparql import bind

pytestmark = pytest.mark.virtuoso

#: the catalogue as it is when the tests are collected
QUERY_NAMES = sorted(p.stem for p in queries_dir().glob("*.rq"))

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {
    URIRef(_XSD + t)
    for t in [
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "decimal",
        "double",
        "float",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
}
_TIMES = {URIRef(_XSD + t) for t in ("date", "dateTime", "gYearMonth", "gYear", "time")}


def normal(term: Node | None) -> tuple[str, ...] | None:
    """A term as lexical form plus a coarse datatype family.

    Servers differ in how they type the same value (Virtuoso answers a count as
    ``xsd:int``, a boolean as ``1``, a string with or without ``xsd:string``), and
    blank node labels are local to an answer; none of that is a different fact.
    """
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    assert isinstance(term, Literal)
    lexical = str(term)
    if term.language:
        return ("text", lexical, term.language.lower())
    datatype = term.datatype
    if datatype is None or datatype == URIRef(_XSD + "string"):
        return ("text", lexical)
    if datatype in _NUMBERS:
        try:
            return ("number", str(Decimal(lexical).normalize()))
        except InvalidOperation:
            return ("number", lexical)
    if datatype == URIRef(_XSD + "boolean"):
        return ("boolean", str(lexical in ("1", "true")))
    if datatype in _TIMES:
        return ("time", lexical.removesuffix("Z"))
    return ("literal", str(datatype), lexical)


_CONCAT = re.compile(
    r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?(?:SEPARATOR\s*=\s*(?P<q>[\"'])(?P<sep>.*?)(?P=q)\s*)?\)\s*AS\s*\?(?P<var>\w+)",
    re.IGNORECASE | re.DOTALL,
)


def concatenations(query: str) -> dict[str, str]:
    """The variables a query computes with ``GROUP_CONCAT``, and their separators."""
    return {
        m.group("var"): m.group("sep") if m.group("sep") is not None else " "
        for m in _CONCAT.finditer(query)
    }


def _cell(name: str, term: Node | None, concat: dict[str, str]) -> object:
    """A ``GROUP_CONCAT`` is compared as the multiset of its parts: the order of the parts
    is up to the engine, as are an empty group ("" on Virtuoso, unbound on Oxigraph) and
    whether a shared language tag is kept."""
    if name in concat and isinstance(term, Literal):
        return (
            ("parts", tuple(sorted(str(term).split(concat[name]))))
            if str(term)
            else None
        )
    return normal(term)


def answers(result: Result, query: str = "") -> object:
    """An answer as a set of rows (SELECT), a truth value (ASK) or a set of triples."""
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type == "SELECT":
        concat = concatenations(query)
        rows = set()
        for row in result.bindings:
            cells = ((str(k), _cell(str(k), v, concat)) for k, v in row.items())
            rows.add(frozenset((k, v) for k, v in cells if v is not None))
        return rows
    assert result.graph is not None
    return {tuple(normal(t) for t in triple) for triple in result.graph}


@pytest.fixture(scope="module")
def remote(
    virtuoso: VirtuosoServer, example_store: EmbeddedBackend, minter: Minter
) -> RemoteBackend:
    """The example graph on the server, exactly as in the embedded store."""
    backend = RemoteBackend(
        virtuoso.sparql, graph_store=virtuoso.graph_store, scope=minter.base
    )
    report = push(example_store, backend, replace=True, minter=minter)
    assert report.server_triples == example_store.count()
    return backend


@pytest.fixture(scope="module")
def bulk_loaded(
    tmp_path_factory: pytest.TempPathFactory,
    example_store: EmbeddedBackend,
    minter: Minter,
) -> Iterator[RemoteBackend]:
    """The example graph in a second Virtuoso, loaded from N-Quads by its bulk
    loader, as an administrator loads a large export (the server then keeps
    literals otherwise than after a push)."""
    with _bulk_loaded(
        example_store, tmp_path_factory.mktemp("virtuoso-bulk"), minter
    ) as server:
        yield server


@contextmanager
def _bulk_loaded(
    store: EmbeddedBackend, directory: Path, minter: Minter
) -> Iterator[RemoteBackend]:
    """A Virtuoso of its own holding ``store``, loaded from its N-Quads export."""
    with running_virtuoso(directory) as server:
        nquads = directory / "export.nq"
        with nquads.open("wb") as out:
            store.dump(out, "nq")
        server.bulk_load(nquads)
        yield RemoteBackend(server.sparql, scope=minter.base)


def _same_answer(
    name: str, there: RemoteBackend, here: EmbeddedBackend, minter: Minter
) -> None:
    """A catalogue question with its default parameters answers alike in both stores."""
    stored = catalogue()[name]
    try:
        bindings = stored.bindings({}, minter)
    except CatalogueError as err:
        pytest.skip(f"{name} has a parameter without a default: {err}")
    text = bind(stored.text, bindings)
    assert answers(there.query(text), text) == answers(here.query(text), text)


@pytest.fixture(params=["remote", "bulk_loaded"])
def server(request: pytest.FixtureRequest) -> RemoteBackend:
    """The example graph on Virtuoso, pushed or bulk-loaded."""
    backend: RemoteBackend = request.getfixturevalue(request.param)
    return backend


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_catalogue_query_answers_the_same_on_virtuoso(
    name: str, example_store: EmbeddedBackend, server: RemoteBackend, minter: Minter
) -> None:
    _same_answer(name, server, example_store, minter)


@pytest.fixture(scope="module")
def generated_on_virtuoso(
    tmp_path_factory: pytest.TempPathFactory,
    generated_store: EmbeddedBackend,
    minter: Minter,
) -> Iterator[RemoteBackend]:
    """The generated minutes in a Virtuoso of their own, bulk-loaded from N-Quads."""
    with _bulk_loaded(
        generated_store, tmp_path_factory.mktemp("virtuoso-generated"), minter
    ) as server:
        yield server


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_catalogue_query_answers_the_same_on_virtuoso_over_many_minutes(
    name: str,
    generated_store: EmbeddedBackend,
    generated_on_virtuoso: RemoteBackend,
    minter: Minter,
) -> None:
    """Sixty minutes name documents under several titles, nodes in several
    sentences and events by their month alone, which the one example minutes
    do not."""
    _same_answer(name, generated_on_virtuoso, generated_store, minter)


@pytest.mark.parametrize(
    ("name", "parameter"),
    [("derived-from-document", "document"), ("fact-provenance", "subject")],
)
def test_the_sentence_shown_as_evidence_is_the_same_on_virtuoso(
    name: str,
    parameter: str,
    generated_store: EmbeddedBackend,
    generated_on_virtuoso: RemoteBackend,
    minter: Minter,
) -> None:
    """A node that one minutes names in several sentences shows the same one as
    its evidence whichever store answers (in the example minutes none is)."""
    stored = catalogue()[name]
    documents = [
        str(row[0])
        for row in generated_store.query(
            "SELECT ?d WHERE { GRAPH ?d { ?d a cck:Document } }"
        )
    ]
    assert len(documents) >= 50
    for document in documents:
        text = bind(stored.text, stored.bindings({parameter: document}, minter))
        assert answers(generated_on_virtuoso.query(text), text) == answers(
            generated_store.query(text), text
        ), document


@pytest.mark.parametrize(
    "entity",
    [
        # minted from the minutes, so their links are counted on the spot; the
        # document has neighbours that are literals (its place, subject codes)
        "https://w3id.org/customs-kg/id/meeting/ccwp-experts/2016-09-23",
        "https://w3id.org/customs-kg/id/doc/12582-16",
        # reference data, with a neighbourhood in the summary graph and
        # labels in several languages
        "https://w3id.org/customs-kg/id/org/romania",
        "https://w3id.org/customs-kg/id/org/europol",
    ],
)
def test_a_neighbourhood_reads_the_same_on_virtuoso(
    entity: str, example_store: EmbeddedBackend, server: RemoteBackend, minter: Minter
) -> None:
    stored = catalogue()["entity-neighbourhood"]
    text = bind(stored.text, stored.bindings({"entity": entity}, minter))
    expected = answers(example_store.query(text), text)
    assert expected, f"{entity} has no neighbours in the example minutes"
    assert answers(server.query(text), text) == expected


def test_describe_and_construct_come_back_as_graphs(
    example_store: EmbeddedBackend, remote: RemoteBackend
) -> None:
    construct = "CONSTRUCT { ?d dct:identifier ?n } WHERE { ?d a cck:Document ; dct:identifier ?n }"
    assert answers(remote.query(construct)) == answers(example_store.query(construct))
    assert (
        len(
            remote.query('DESCRIBE ?d WHERE { ?d dct:identifier "12582/16" }').graph
            or []
        )
        > 10
    )


def test_dump_reads_back_every_quad(
    example_store: EmbeddedBackend, remote: RemoteBackend
) -> None:
    import io

    buf = io.BytesIO()
    remote.dump(buf, "nq")
    assert len(buf.getvalue().splitlines()) == example_store.count()


# --- the command line ------------------------------------------------------------------


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner(env=env).invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_query_by_name_on_the_server(
    remote: RemoteBackend, example_store: EmbeddedBackend, minter: Minter
) -> None:
    if not QUERY_NAMES:
        pytest.skip("the catalogue is empty")
    name = QUERY_NAMES[0]
    stored = catalogue()[name]
    code, out = run("query", name, "--endpoint", remote.endpoint, "--format", "json")
    assert code == 0, out
    expected = example_store.query(bind(stored.text, stored.bindings({}, minter)))
    rows = json.loads(out)
    assert len(rows["results"]["bindings"] if isinstance(rows, dict) else rows) == len(
        expected
    )


def test_query_file_on_the_server(tmp_path: Path, remote: RemoteBackend) -> None:
    rq = tmp_path / "items.rq"
    rq.write_text(
        "# title: Agenda items\nSELECT ?n WHERE { ?i cck:itemNumber ?n } ORDER BY ?n\n",
        "utf-8",
    )
    code, out = run("query", str(rq), "--endpoint", remote.endpoint, "--format", "csv")
    assert code == 0, out
    assert out.split() == ["n", "1", "2", "3", "4", "5", "6", "7"]


def test_ingest_into_the_server(
    example_path: Path,
    virtuoso: VirtuosoServer,
    example_store: EmbeddedBackend,
    remote: RemoteBackend,
) -> None:
    code, out = run(
        "ingest", str(example_path), "--again", "--endpoint", virtuoso.sparql
    )
    assert code == 0, out
    assert "Loaded 1 of 1 documents" in out
    graphs = example_store.named_graphs()
    assert {g: remote.count(g) for g in graphs} == {
        g: example_store.count(g) for g in graphs
    }
    # the server now says which file and release its document was read from
    code, out = run("ingest", str(example_path), "--endpoint", virtuoso.sparql)
    assert code == 0 and "Loaded 0 of 1 documents" in out
    assert "1 file was already stored" in " ".join(out.split())


# --- when the server is not there ------------------------------------------------------


@pytest.fixture()
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield int(s.getsockname()[1])


@pytest.fixture()
def local_store(tmp_path: Path) -> Path:
    EmbeddedBackend(tmp_path / "store").close()
    return tmp_path / "store"


def test_server_down_is_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    code, out = run("query", "-e", "ASK {}", "--endpoint", url)
    assert code == 1
    assert (
        out.strip()
        == f"Error: cannot reach the SPARQL endpoint at {url}: connection refused; is the server running?"
    )


def test_refused_credentials_are_one_line(
    local_store: Path, virtuoso: VirtuosoServer
) -> None:
    code, out = run(
        "--store", str(local_store), "push",
        "--endpoint", virtuoso.sparql_auth,
        "--graph-store", virtuoso.graph_store_auth,
        "--user", virtuoso.user,
        "--password-env", "WRONG_PASSWORD",
        env={"WRONG_PASSWORD": "not-the-password"},
    )  # fmt: skip
    assert code == 1
    assert len(out.strip().splitlines()) == 1
    assert "refused the credentials of user 'dba' (HTTP 401)" in out


def test_timeout_is_one_line(local_store: Path, silent_port: int) -> None:
    url = f"http://127.0.0.1:{silent_port}/sparql"
    code, out = run(
        "--store", str(local_store), "push", "--endpoint", url, "--timeout", "0.5"
    )
    assert code == 1
    assert (
        out.strip()
        == f"Error: the SPARQL endpoint at {url} did not answer within 0.5 s (timeout)"
    )


def test_missing_password_variable_is_one_line(
    local_store: Path, virtuoso: VirtuosoServer
) -> None:
    code, out = run(
        "--store", str(local_store), "push", "--endpoint", virtuoso.sparql_auth,
        "--user", "dba", "--password-env", "NO_SUCH_VARIABLE_SET",
    )  # fmt: skip
    assert code == 1
    assert "NO_SUCH_VARIABLE_SET" in out and len(out.strip().splitlines()) == 1


TRICKY = [
    Literal('quotes " and \\ backslash'),
    Literal("line\nbreak\r\ttab and \x01 control"),
    Literal("accents é, Ł, ΑΘΗΝΑ, and 🚢"),
    Literal("Poland", lang="pl"),
    Literal("2016-09", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")),
    Literal("x" * 20000),
]


@pytest.mark.parametrize("path", ["graph-store", "sparql-update"])
def test_literals_survive_the_trip(
    path: str, virtuoso: VirtuosoServer, minter: Minter
) -> None:
    graph = URIRef(minter.base + f"graph/test-literals-{path}")
    backend = RemoteBackend(
        virtuoso.sparql,
        graph_store=virtuoso.graph_store if path == "graph-store" else None,
        scope=minter.base,
    )
    subject, predicate = URIRef(minter.base + "thing/x"), URIRef("http://example.org/p")
    backend.replace_graphs({graph: [(subject, predicate, o) for o in TRICKY]})
    rows = backend.query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
    assert {normal(row[0]) for row in rows} == {normal(o) for o in TRICKY}  # type: ignore[index]
    backend.drop_graphs([graph])
    assert backend.count(graph) == 0
