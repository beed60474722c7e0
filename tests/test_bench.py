"""The benchmark does not rot: the harness still runs end to end and reports every section.

Times are not checked (they are noise on a shared machine); outputs are.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.catalogue import catalogue

REPO = Path(__file__).resolve().parents[1]
SECTIONS = (
    "Machine",
    "Reading these numbers",
    "Ingest",
    "Where ingest time goes",
    "Queries",
    "Export and check",
    "Views",
    "Targets",
)


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One ``bench/run.py --quick`` into a temporary work directory (N=20, tiny views)."""
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "RESULTS.md"
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--quick",
            "--work",
            str(tmp / "work"),
            "--out",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return out, tmp / "work"


@pytest.fixture(scope="module")
def quick_state(quick_run: tuple[Path, Path]) -> dict[str, Any]:
    """What the quick run measured, as the report was rendered from it."""
    state: dict[str, Any] = json.loads(
        (quick_run[1] / "results.json").read_text(encoding="utf-8")
    )
    return state


@pytest.mark.slow
def test_generator_writes_the_quick_corpus(quick_run: tuple[Path, Path]) -> None:
    corpus = quick_run[1] / "corpus-20-s1"
    manifest = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    assert len([line for line in manifest[1:] if line.strip()]) == 20
    assert (
        len([p for p in corpus.iterdir() if p.suffix in {".txt", ".md", ".pdf"}]) == 20
    )


@pytest.mark.slow
def test_results_have_every_section(quick_run: tuple[Path, Path]) -> None:
    text = quick_run[0].read_text(encoding="utf-8")
    for section in SECTIONS:
        assert f"\n## {section}\n" in text, f"RESULTS.md lacks the {section!r} section"
    assert "| 20 |" in text  # the ingest row for N=20


@pytest.mark.slow
def test_the_machine_reference_is_timed_at_both_ends_of_the_run(
    quick_run: tuple[Path, Path], quick_state: dict[str, Any]
) -> None:
    """A reader comparing two runs first compares the machine they ran on."""
    for when in ("start", "end"):
        for workload in ("python", "store"):
            timed = quick_state["reference"][when][workload]
            assert 0 < timed["best_s"] <= timed["median_s"]
    machine = quick_run[0].read_text(encoding="utf-8").split("\n## Machine\n")[1]
    line = next(x for x in machine.splitlines() if x.startswith("- Machine reference"))
    assert "at the start Python" in line and "at the end Python" in line


@pytest.mark.slow
def test_every_catalogue_query_has_a_row(quick_run: tuple[Path, Path]) -> None:
    text = quick_run[0].read_text(encoding="utf-8")
    queries = text.split("\n## Queries\n", 1)[1].split("\n## ", 1)[0]
    names = list(catalogue())
    assert names, "the catalogue is empty"
    for name in names:
        assert f"\n| {name} |" in queries, f"no row for catalogue query {name}"


@pytest.mark.slow
def test_ingest_loaded_every_document_and_queries_ran(
    quick_state: dict[str, Any],
) -> None:
    ingest = quick_state["sizes"]["20"]["ingest"]
    assert ingest["docs"] == 20 and ingest["failed"] == 0 and ingest["triples"] > 0
    results = quick_state["sizes"]["20"]["queries"]["results"]
    ran = [
        name
        for name, engines in results.items()
        if "p50" in engines.get("oxigraph", {})
    ]
    assert ran, "no query ran on the embedded store"


@pytest.mark.slow
def test_each_engine_answer_is_compared_with_the_embedded_stores(
    quick_run: tuple[Path, Path], quick_state: dict[str, Any]
) -> None:
    results = quick_state["sizes"]["20"]["queries"]["results"]
    compared = [
        name
        for name, engines in results.items()
        if "answer" in engines.get("oxigraph", {})
        and any("answer" in engines.get(e, {}) for e in ("rdflib", "virtuoso"))
    ]
    assert compared, "no answer was compared between engines"
    report = (quick_run[0]).read_text(encoding="utf-8")
    for name in compared:
        mine = results[name]["oxigraph"]["answer"]
        row = next(
            line for line in report.splitlines() if line.startswith(f"| {name} |")
        )
        for engine in ("rdflib", "virtuoso"):
            theirs = results[name].get(engine, {}).get("answer")
            if theirs and theirs != mine:
                assert f"{engine}: " in row, (
                    f"{name}: {engine}'s other answer is not noted"
                )
            elif theirs:
                assert f"{engine}: another answer" not in row
                assert f"{engine}: same rows, another order" not in row


@pytest.mark.parametrize(
    ("a", "b", "same_order", "same_rows"),
    [
        ([["x", "Spain | Italy"]], [["x", "Italy | Spain"]], True, True),
        ([["x", ""]], [["x", None]], True, True),
        ([["a"], ["b"]], [["b"], ["a"]], False, True),
        ([["a"], ["b"]], [["a"], ["c"]], False, False),
    ],
)
def test_answers_are_compared_as_engines_agree_on_them(
    a: list[list[str | None]],
    b: list[list[str | None]],
    same_order: bool,
    same_rows: bool,
) -> None:
    from bench.harness.common import fingerprint

    fa, fb = fingerprint(a), fingerprint(b)
    assert (fa["ordered"] == fb["ordered"]) is same_order
    assert (fa["set"] == fb["set"]) is same_rows


@pytest.mark.slow
def test_the_store_engine_is_timed_alone_on_the_same_statements(
    quick_run: tuple[Path, Path], quick_state: dict[str, Any]
) -> None:
    """How much of an ingest no change above the engine can win back."""
    alone = quick_state["sizes"]["20"]["store_only"]
    ingest = quick_state["sizes"]["20"]["ingest"]
    assert alone["quads"] >= ingest["triples"] > 0
    assert alone["graphs"] > ingest["docs"]  # each document's graph, and the others
    assert alone["cpu_seconds"] > 0
    report = quick_run[0].read_text(encoding="utf-8")
    assert "The store engine alone, at N=20:" in report


@pytest.mark.slow
def test_minutes_added_to_a_loaded_store_are_measured(
    quick_run: tuple[Path, Path], quick_state: dict[str, Any]
) -> None:
    """A ministry's dataset grows by a month's minutes: what that costs once it is large."""
    added = quick_state["sizes"]["20"]["ingest_added"]
    first = quick_state["sizes"]["20"]["ingest"]
    assert added["docs"] == quick_state["settings"]["add"] > 0
    # the folder ingested again: what it held before is not read again
    assert added["files"] == first["files"] + added["docs"]
    assert added["unchanged"] == first["docs"]
    assert added["failed"] == 0
    # the store kept what the first ingest loaded, beside its own graphs
    assert added["added_to_graphs"] > first["docs"]
    assert added["new_graphs"] == added["docs"]  # new minutes, none replaced
    assert added["quads_in_store"] > first["quads_in_store"]
    assert added["summary_seconds"] > 0 and added["summary_grown"]
    report = quick_run[0].read_text(encoding="utf-8")
    assert (
        f"| 20 + {added['docs']} ({added['unchanged']} unchanged, {added['new_graphs']} new graphs) |"
        in report
    )


@pytest.mark.slow
def test_a_query_rdflib_timed_out_on_is_not_asked_again_at_a_larger_size(
    quick_run: tuple[Path, Path], quick_state: dict[str, Any], tmp_path: Path
) -> None:
    """rdflib's timeouts were a quarter of a full run: one at 1,000 documents is carried to 10,000, and said so."""
    from bench.harness.queries import _timed_out_before
    from bench.harness.report import render

    smaller = json.loads((quick_run[1] / "queries-20.json").read_text(encoding="utf-8"))
    assert smaller["size"] == 20
    names = sorted(smaller["results"])
    slow, carried_before = names[0], names[1]
    smaller["results"][slow]["rdflib"] = {"timeout": 10.0, "times": []}
    smaller["results"][carried_before]["rdflib"] = {
        "timeout": 10.0,
        "times": [],
        "timed_out_at": 2,
    }
    earlier = tmp_path / "queries-20.json"
    earlier.write_text(json.dumps(smaller), encoding="utf-8")

    carried = _timed_out_before(earlier, limit=10.0)
    timed_out = {
        name
        for name, engines in smaller["results"].items()
        if engines.get("rdflib", {}).get("timeout")
    }
    assert {slow, carried_before} <= set(carried) == timed_out
    assert carried[slow]["timed_out_at"] == 20
    assert carried[carried_before]["timed_out_at"] == 2
    # a longer limit at the larger size might be met: asked again
    assert _timed_out_before(earlier, limit=30.0) == {}

    state = json.loads(json.dumps(quick_state))
    state["sizes"]["20"]["queries"]["results"][slow]["rdflib"] = carried[slow]
    row = next(
        line for line in render(state).splitlines() if line.startswith(f"| {slow} |")
    )
    assert "timeout >10s" in row and "rdflib: not asked, as it timed out at N=20" in row
