"""An analyst at the command line: load minutes, ask a question, get a table, CSV or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, example_path: Path) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    result = CliRunner().invoke(
        cli, ["--store", str(store), "ingest", str(example_path)]
    )
    assert result.exit_code == 0, result.output
    return store


def run(store: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--store", str(store), *args])
    return result.exit_code, result.output


AGENDA = "PREFIX cck: <https://w3id.org/customs-kg/ontology#> SELECT ?n WHERE { ?i cck:itemNumber ?n } ORDER BY ?n"


def test_ingest_prints_a_summary_table(tmp_path: Path, example_path: Path) -> None:
    code, out = run(tmp_path / "s", "ingest", str(example_path))
    assert code == 0
    assert "12582/16" in out and "Loaded 1 of 1 documents" in out


def test_minutes_ingested_again_are_not_read_unless_asked(
    tmp_path: Path, example_path: Path
) -> None:
    store = tmp_path / "s"
    assert run(store, "ingest", str(example_path))[0] == 0
    code, out = run(store, "ingest", str(example_path))
    assert code == 0 and "Loaded 0 of 1 documents" in out
    assert "1 file was already stored as read from the same bytes" in " ".join(
        out.split()
    )
    code, out = run(store, "ingest", "--again", str(example_path))
    assert code == 0 and "Loaded 1 of 1 documents" in out


def test_a_large_ingest_lists_the_first_documents_and_sums_up_the_rest(
    tmp_path: Path, generated_minutes: list[Path]
) -> None:
    code, out = run(
        tmp_path / "s", "ingest", "--workers", "0", *map(str, generated_minutes[:40])
    )
    assert code == 0
    assert "Loaded 40 of 40 documents" in out and "… and 10 more" in out
    assert generated_minutes[0].name in out and generated_minutes[39].name not in out


def test_query_as_csv(store: Path) -> None:
    code, out = run(store, "query", "-e", AGENDA, "--format", "csv")
    assert code == 0
    assert out.splitlines() == ["n", "1", "2", "3", "4", "5", "6", "7"]


def test_query_as_sparql_json(store: Path) -> None:
    code, out = run(store, "query", "-e", AGENDA, "--format", "json")
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["n"]
    assert [b["n"]["value"] for b in doc["results"]["bindings"]] == [
        str(n) for n in range(1, 8)
    ]


def test_query_as_table(store: Path) -> None:
    code, out = run(store, "query", "-e", AGENDA)
    assert code == 0
    assert "rows" in out and "│ 7 │" in out


def test_stats_counts_what_the_graph_holds(store: Path) -> None:
    code, out = run(store, "stats")
    assert code == 0, out
    assert "AgendaItem" in out and "minutes ingested" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["query", "-e", "SELECT WHERE {"], "SPARQL syntax error", id="bad-sparql"
        ),
        pytest.param(
            ["query", "no-such-question"], "no stored query", id="unknown-query"
        ),
        pytest.param(["query"], "give a query NAME", id="no-query"),
        pytest.param(
            ["ingest", "/no/such/file.txt"], "does not exist", id="missing-file"
        ),
        pytest.param(["export", "-f", "docx"], "Invalid value", id="bad-format"),
    ],
)
def test_user_errors_are_one_line_and_exit_1_or_2(
    store: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, ["--store", str(store), *args])
    assert result.exit_code in (1, 2)
    assert message in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    )


def test_a_folder_with_no_minutes_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out = run(tmp_path / "s", "ingest", str(tmp_path / "empty"))
    assert code == 1 and "no minutes files" in out


def test_export_writes_the_file_it_names(store: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "graph.nt"
    code, _ = run(store, "export", "-f", "nt", "-o", str(out_file))
    assert code == 0
    assert out_file.read_text().count(" .\n") > 100


def test_a_date_question_on_a_store_without_its_calendar_says_how_to_build_it(
    tmp_path: Path, example_path: Path
) -> None:
    from kg.backends.embedded import EmbeddedBackend
    from kg.iris import Minter

    store = tmp_path / "store"
    assert run(store, "ingest", str(example_path))[0] == 0
    code, out = run(store, "query", "timeline")
    assert code == 0 and "warning" not in out
    backend = EmbeddedBackend(store)
    backend.drop_graphs(
        [Minter().summary_graph]
    )  # as in a store loaded before the calendar
    backend.close()
    code, out = run(store, "query", "timeline")
    assert code == 0
    assert "no calendars" in out and "ingest any minutes again" in out
    assert run(store, "ingest", str(example_path))[0] == 0
    assert "no calendars" not in run(store, "query", "timeline")[1]


def test_a_presentation_question_on_calendars_of_an_earlier_version_says_to_rebuild_them(
    tmp_path: Path, example_path: Path
) -> None:
    from rdflib import Literal

    from kg.backends.embedded import EmbeddedBackend
    from kg.iris import Minter
    from kg.namespaces import CCK, DCT

    store = tmp_path / "store"
    assert run(store, "ingest", str(example_path))[0] == 0
    question = ("query", "organisation-presentations", "--format", "csv")
    listed = run(store, *question)[1]
    assert "europol" in listed and "warning" not in listed
    # an earlier version's summary: the presenter calendars without their months
    summary = Minter().summary_graph
    backend = EmbeddedBackend(store)
    earlier = [
        (s, p, o)
        for s, p, o, _ in backend.dataset().quads((None, None, None, summary))
        if p not in (CCK.presenterMonth, DCT.description)
    ]
    earlier.append((summary, DCT.description, Literal("Calendars.", lang="en")))
    backend.replace_graphs({summary: earlier})
    backend.close()
    code, out = run(store, *question)
    assert code == 0
    assert "no calendars of this version" in out and "ingest any minutes again" in out
    assert run(store, "ingest", str(example_path))[0] == 0
    assert run(store, *question)[1] == listed
