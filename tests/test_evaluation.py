"""How well the extraction does, measured against the hand-made gold annotations.

Every gold file in ``tests/gold`` is scored (`loaders.evaluate`), and the table
per kind is printed (``pytest -s`` shows it). Two pools are kept apart: the
documents the rules were written against, and the held-out documents nobody
tuned on. The floors asserted are what the extraction reaches today, so a
regression fails here; the design's target is F1 ≥ 0.9 on held-out minutes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.cli.evaluate import gazetteer_aliases
from kg.reference import gazetteer
from loaders import load_minutes
from loaders.evaluate import KINDS, Report, evaluate, load_aliases, load_gold
from loaders.records import Minutes

TESTS = Path(__file__).resolve().parent
GOLD = TESTS / "gold"
MINUTES = TESTS / "data" / "minutes"

#: overall F1 and per-kind F1 floors, as reached; raise them when the extraction improves
HELD_OUT_OVERALL = 0.94
HELD_OUT_PER_KIND = 0.85
TUNED_OVERALL = 0.98
TUNED_PER_KIND = 0.90


@pytest.fixture(scope="module")
def report() -> Report:
    gaz = gazetteer()
    extracted: dict[str, Minutes] = {}
    for path in sorted(GOLD.glob("*.yaml")):
        if path.name == "aliases.yaml":
            continue
        source = load_gold(path).source
        extracted[source] = load_minutes(MINUTES / source, gaz)
    aliases = gazetteer_aliases(gaz)
    for key, names in load_aliases(GOLD / "aliases.yaml").items():
        aliases.setdefault(key, set()).update(names)
    return evaluate(extracted, GOLD, aliases)


def test_every_gold_document_was_extracted(report: Report) -> None:
    assert report.missing == []
    assert True in report.held_out.values() and False in report.held_out.values()


def test_held_out_minutes(report: Report) -> None:
    print(
        "\n== held-out minutes (rules never tuned on them)\n"
        + report.table(held_out=True)
    )
    pooled = report.pooled(held_out=True)
    assert pooled["overall"].f1 >= HELD_OUT_OVERALL
    low = {k: round(pooled[k].f1, 3) for k in KINDS if pooled[k].f1 < HELD_OUT_PER_KIND}
    assert not low, f"kinds below {HELD_OUT_PER_KIND}: {low}"


def test_minutes_the_rules_were_written_against(report: Report) -> None:
    print(
        "\n== minutes the rules were written against\n" + report.table(held_out=False)
    )
    pooled = report.pooled(held_out=False)
    assert pooled["overall"].f1 >= TUNED_OVERALL
    low = {k: round(pooled[k].f1, 3) for k in KINDS if pooled[k].f1 < TUNED_PER_KIND}
    assert not low, f"kinds below {TUNED_PER_KIND}: {low}"


def test_the_evaluate_command_prints_the_tables(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--store", str(tmp_path / "store"), "evaluate", str(GOLD)]
    )
    assert result.exit_code == 0, result.output
    assert (
        "== held-out documents" in result.output
        and "== other documents" in result.output
    )
    for kind in (*KINDS, "overall"):
        assert kind in result.output
