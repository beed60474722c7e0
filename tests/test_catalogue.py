"""An analyst's ready questions: every catalogue query answers correctly on the example minutes.

The expected answers are facts of Council document 12582/16 (CCWP Experts,
23 September 2016) that the design guarantees the graph holds. Queries run
with the union of all named graphs as the default graph, where an entity named
in several minutes carries its type and labels in each of their graphs: every
query must still give each row once, and the same rows on rdflib's evaluator.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node
from support.example import CITED as EXAMPLE_CITED

from kg.backends.embedded import EmbeddedBackend
from kg.catalogue import catalogue
from kg.cli import cli
from kg.ingest import ingest
from kg.iris import Minter
from kg.resources import queries_dir
from kg.sparql import bind

Rows = list[dict[str, str]]
BASE = "https://w3id.org/customs-kg/id/"
MEETING = BASE + "meeting/ccwp-experts/2016-09-23"
DOC = BASE + "doc/12582-16"
CITED = set(EXAMPLE_CITED)


def run(store: EmbeddedBackend, name: str, params: dict[str, str]) -> Rows:
    stored = catalogue()[name]
    result = store.query(stored.text, stored.bindings(params, Minter()))
    names = [str(v) for v in result.vars or []]
    return [
        {n: str(row[i]) for i, n in enumerate(names) if row[i] is not None}  # type: ignore[index]
        for row in result
    ]


def row_with(rows: Rows, **match: str) -> dict[str, str]:
    """The first row whose columns match (regular expressions, case-insensitive)."""
    for row in rows:
        if all(re.search(p, row.get(k, ""), re.IGNORECASE) for k, p in match.items()):
            return row
    raise AssertionError(f"no row with {match} in {rows}")


def presentations_per_organisation(rows: Rows) -> None:
    assert row_with(rows, label="^France$")["presentations"] == "2"
    for org in (
        "Poland",
        "Greece",
        "Frontex",
        "WCO",
        "OLAF",
        "Slovakia",
        "Europol",
        "Germany",
    ):
        row_with(rows, label=f"^{org}$")


def europol_presented(rows: Rows) -> None:
    row = row_with(rows, evidence="European Counter Terrorism Centre")
    assert row["itemNumber"] == "6"
    assert row["meeting"] == MEETING
    assert row["date"] == "2016-09-23"


def operations(rows: Rows) -> None:
    chess = row_with(rows, label="Chess Knight")
    assert "Poland" in chess["leaders"]
    assert MEETING.rsplit("/", 1)[-1] in chess["meetings"]
    row_with(rows, label="Octopus")
    row_with(rows, label="Orion")
    row_with(rows, label="Sports bag")


def co_presenters(rows: Rows) -> None:
    pair = next(
        r for r in rows if {r.get("label1"), r.get("label2")} == {"France", "Poland"}
    )
    assert pair["meetings"] == "1"


def threats(rows: Rows) -> None:
    assert rows
    row_with(rows, label="terror")
    assert all(int(r["items"]) + int(r["operations"]) > 0 for r in rows)


def cited_by_meeting(rows: Rows) -> None:
    assert {r["number"] for r in rows} == CITED
    assert row_with(rows, number="^5109/2/1 REV 2$")["malformed"] == "true"
    assert row_with(rows, number="^CM 3821/16$")["items"] == "1"


def most_cited(rows: Rows) -> None:
    assert {r["number"] for r in rows} >= CITED
    assert "Draft Council Conclusions" in row_with(rows, number="^12164/16$")["title"]
    assert all(r["meetings"] == "1" for r in rows if r["number"] in CITED)


def forthcoming(rows: Rows) -> None:
    pccc = row_with(rows, label="PCCC")
    assert pccc["start"] == "2016-10-11"
    assert pccc.get("end") == "2016-10-12"
    assert all(
        not r["start"].startswith("2016-09-1") for r in rows
    )  # past meetings stay out


def neighbourhood(rows: Rows) -> None:
    ectc = row_with(rows, neighbour="unit/ectc$")
    assert ectc["direction"] == "in"
    assert ectc["property"].endswith("#partOf")
    presented = row_with(rows, property="#presenter$")
    assert "European Counter Terrorism Centre" in presented["evidence"]
    assert presented["graph"] == DOC
    assert presented["graphCount"] == "1"


def derived(rows: Rows) -> None:
    nodes = {r["node"] for r in rows}
    assert MEETING in nodes
    assert {f"{MEETING}/item/{n}" for n in range(1, 8)} <= nodes
    assert BASE + "doc/5109-2-1-rev-2" in nodes


def timeline_september(rows: Rows) -> None:
    row_with(rows, event=f"^{MEETING}$", kind="meeting")
    assert all(r["start"].startswith("2016-09") for r in rows)
    assert not any("PCCC" in r.get("label", "") for r in rows)


def systems(rows: Rows) -> None:
    siena = row_with(rows, label="^SIENA$")
    assert int(siena["items"]) >= 1
    assert "Europol" in siena["organisations"]


def member_states(rows: Rows) -> None:
    france = row_with(rows, label="^France$")
    assert france["presentations"] == "2"
    row_with(rows, label="^Poland$")
    assert int(rows[0]["activity"]) >= int(france["activity"])


def provenance(rows: Rows) -> None:
    assert len(rows) == len(CITED)
    assert all(r["graph"] == DOC and r["document"] == DOC for r in rows)
    assert "Overview of JCOs" in row_with(rows, object="5109-2-1-rev-2$")["evidence"]


def meetings(rows: Rows) -> None:
    (row,) = rows
    assert row["meeting"] == MEETING
    assert row["date"] == "2016-09-23"
    assert row["minutes"] == "12582/16"
    assert row["items"] == "7"
    assert row["citations"] == "9"
    assert row["body"] == "Customs Cooperation Working Party (Experts)"


def agenda(rows: Rows) -> None:
    assert [r["number"] for r in rows] == [str(n) for n in range(1, 8)]
    item4 = rows[3]
    for org in ("Poland", "France", "Greece", "Frontex", "WCO"):
        assert org in item4.get("presenters", ""), item4
    assert rows[2]["cites"] == "5109/2/1 REV 2"


def malformed(rows: Rows) -> None:
    row = row_with(rows, number="^5109/2/1 REV 2$")
    assert row["citedBy"] == "12582/16"
    assert "Overview of JCOs" in row["evidence"]


def units(rows: Rows) -> None:
    assert (
        row_with(rows, label="European Counter Terrorism Centre")["parent"] == "Europol"
    )


CASES: list[tuple[str, dict[str, str], Callable[[Rows], None]]] = [
    ("presentations-per-organisation", {}, presentations_per_organisation),
    ("organisation-presentations", {}, europol_presented),
    ("operations", {}, operations),
    ("co-presenters", {}, co_presenters),
    ("threats-by-activity", {}, threats),
    ("documents-cited-by-meeting", {"meeting": MEETING}, cited_by_meeting),
    ("most-cited-documents", {}, most_cited),
    ("forthcoming-events", {"after": "2016-09-23"}, forthcoming),
    ("entity-neighbourhood", {}, neighbourhood),
    ("derived-from-document", {"document": DOC}, derived),
    ("timeline", {"from": "2016-09-01", "to": "2016-09-30"}, timeline_september),
    ("systems-in-use", {}, systems),
    ("member-states-by-activity", {}, member_states),
    (
        "fact-provenance",
        {"subject": DOC, "predicate": "https://w3id.org/customs-kg/ontology#cites"},
        provenance,
    ),
    ("meetings", {}, meetings),
    ("meeting-agenda", {}, agenda),
    ("malformed-document-numbers", {}, malformed),
    ("units-and-parents", {}, units),
]


@pytest.mark.parametrize(
    ("name", "params", "check"), [pytest.param(*case, id=case[0]) for case in CASES]
)
def test_catalogue_query_answers(
    example_store: EmbeddedBackend,
    name: str,
    params: dict[str, str],
    check: Callable[[Rows], None],
) -> None:
    check(run(example_store, name, params))


def test_every_catalogue_query_has_an_answer_test() -> None:
    assert {c[0] for c in CASES} == set(catalogue())
    assert len(catalogue()) >= 15


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_query_is_described_and_runs_without_parameters(name: str) -> None:
    q = catalogue()[name]
    assert q.title and q.description
    assert all(p.default for p in q.params), f"{name}: every parameter needs a default"
    assert "PREFIX" in q.text
    q.bindings({})  # the defaults are valid values of their types


def test_queries_lists_every_query() -> None:
    result = CliRunner().invoke(cli, ["queries"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    for name in catalogue():
        assert name in result.output


def test_the_catalogue_is_documented() -> None:
    readme = (queries_dir() / "README.md").read_text(encoding="utf-8")
    for name in catalogue():
        assert f"`{name}`" in readme, f"queries/README.md does not list {name}"


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory, example_path: Path) -> Path:
    store = tmp_path_factory.mktemp("catalogue") / "store"
    result = CliRunner().invoke(
        cli, ["--store", str(store), "ingest", str(example_path)]
    )
    assert result.exit_code == 0, result.output
    return store


def _count(store: Path) -> int:
    backend = EmbeddedBackend(store, read_only=True)
    try:
        return backend.count()
    finally:
        backend.close()


HOSTILE = '" } \nDROP ALL #'


@pytest.mark.parametrize(
    ("name", "param"),
    [
        pytest.param("organisation-presentations", "org", id="iri"),
        pytest.param("forthcoming-events", "after", id="date"),
        pytest.param("fact-provenance", "predicate", id="second-iri"),
    ],
)
def test_a_hostile_parameter_changes_nothing(
    cli_store: Path, name: str, param: str
) -> None:
    before = _count(cli_store)
    result = CliRunner().invoke(
        cli, ["--store", str(cli_store), "query", name, "--param", f"{param}={HOSTILE}"]
    )
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert param in result.output
    assert _count(cli_store) == before


def test_a_stored_query_runs_from_the_command_line_with_defaults(
    cli_store: Path,
) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "--store",
            str(cli_store),
            "query",
            "documents-cited-by-meeting",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "5109/2/1 REV 2" in result.output


# --- a store where minutes share entities ---------------------------------------------
#
# A second copy of the example minutes under another document number and meeting
# date names the same operations, events, cited documents and organisations, so
# their types and labels sit in two document graphs, as they do in any real corpus.


@pytest.fixture(scope="module")
def twin_store(
    tmp_path_factory: pytest.TempPathFactory, example_path: Path, minter: Minter
) -> Iterator[EmbeddedBackend]:
    folder = tmp_path_factory.mktemp("twin-minutes")
    text = example_path.read_text(encoding="utf-8")
    assert "12582/16" in text and "On: 23 September 2016" in text
    twin = folder / "ccwp-experts-2016-09-30.txt"
    twin.write_text(
        text.replace("12582/16", "12583/16").replace(
            "On: 23 September 2016", "On: 30 September 2016"
        ),
        "utf-8",
    )
    backend = EmbeddedBackend(tmp_path_factory.mktemp("twin-store"))
    report = ingest([example_path, twin], backend, minter)
    assert not report.failed, report.failed
    assert (
        len(backend.named_graphs()) >= 4
    )  # two documents plus ontology and reference data
    yield backend
    backend.close()


@pytest.fixture(scope="module")
def twin_rdflib(twin_store: EmbeddedBackend) -> Dataset:
    """The same quads in rdflib's own store, the union of its graphs as the default graph."""
    buf = io.BytesIO()
    twin_store.dump(buf, "nq")
    dataset = Dataset(default_union=True)
    dataset.parse(data=buf.getvalue(), format="nquads")
    return dataset


def _bound(name: str, minter: Minter) -> str:
    stored = catalogue()[name]
    return bind(stored.text, stored.bindings({}, minter))


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_query_gives_each_row_once_when_minutes_share_entities(
    twin_store: EmbeddedBackend, minter: Minter, name: str
) -> None:
    rows = [tuple(row) for row in twin_store.query(_bound(name, minter))]  # type: ignore[arg-type]
    repeated = {row for row in rows if rows.count(row) > 1}
    assert not repeated, (
        f"{name} repeats {len(rows) - len(set(rows))} rows, e.g. {next(iter(repeated))}"
    )


def test_the_twin_minutes_share_entities(twin_store: EmbeddedBackend) -> None:
    """The store the test above runs on does hold an entity described in two graphs."""
    rows = list(
        twin_store.query(
            "SELECT ?s (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s a cck:JointCustomsOperation } } "
            "GROUP BY ?s HAVING (COUNT(DISTINCT ?g) > 1)"
        )
    )
    assert rows


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {
    URIRef(_XSD + t)
    for t in (
        "integer",
        "int",
        "long",
        "decimal",
        "double",
        "float",
        "nonNegativeInteger",
    )
}
_CONCAT = re.compile(
    r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?(?:SEPARATOR\s*=\s*(?P<q>[\"'])(?P<sep>.*?)(?P=q)\s*)?\)\s*AS\s*\?(?P<var>\w+)",
    re.IGNORECASE | re.DOTALL,
)


def _normal(term: Node | None, separator: str | None) -> object:
    """A term as the engines agree on it: numbers by value, a GROUP_CONCAT as the set of
    its parts (their order is the engine's; an empty one is "" on rdflib, unbound on
    Oxigraph), blank nodes as such."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, URIRef):
        return ("iri", str(term))
    assert isinstance(term, Literal)
    if separator is not None:
        return (
            ("parts", tuple(sorted(str(term).split(separator)))) if str(term) else None
        )
    if term.datatype in _NUMBERS:
        try:
            return ("number", str(Decimal(str(term)).normalize()))
        except InvalidOperation:
            pass
    return ("literal", str(term), term.language, str(term.datatype or ""))


def _rows(result: Result, query: str) -> set[frozenset[tuple[str, object]]]:
    concat = {
        m.group("var"): m.group("sep") if m.group("sep") is not None else " "
        for m in _CONCAT.finditer(query)
    }
    rows = set()
    for row in result.bindings:
        cells = ((str(k), _normal(v, concat.get(str(k)))) for k, v in row.items())
        rows.add(frozenset((k, v) for k, v in cells if v is not None))
    return rows


@pytest.mark.filterwarnings(
    "ignore::DeprecationWarning"
)  # rdflib's own evaluator, not our code
@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_query_answers_the_same_on_rdflib(
    twin_store: EmbeddedBackend, twin_rdflib: Dataset, minter: Minter, name: str
) -> None:
    """Portable SPARQL: rdflib's evaluator, which reads each triple of the union once,
    gives the same rows as Oxigraph, which reads it once per graph holding it."""
    text = _bound(name, minter)
    expected = _rows(twin_store.query(text), text)
    assert expected, f"{name} has no answer on the twin minutes"
    assert _rows(twin_rdflib.query(text), text) == expected
