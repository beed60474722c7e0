"""A benchmark needs a realistic corpus: synthetic minutes from ``bench/corpus.py``.

The benchmark's numbers mean something only if its input looks like real
minutes (both styles, connected citations, recurring operations) and is the
same on every run, so these tests check exactly that on a small corpus.
"""

from __future__ import annotations

import csv
import importlib
import re
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
N = 20
SEED = 7


def _corpus_module() -> ModuleType:
    """Import bench.corpus whichever way pytest was started (bench is not installed)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("bench.corpus")


corpus = _corpus_module()

# An agenda heading in either style: "### 1. T", "### **3. T**", "**5. T**", "2.\tT"
HEADING = re.compile(r"^(?:#{1,4} )?(?:\*\*)?(\d{1,2})\.[ \t]+\S", re.MULTILINE)
NUMBER = re.compile(r"^\s*(\d{4,5}/\d{2})\s*$", re.MULTILINE)
CITED = re.compile(r"(?<![\d/])(\d{4,5}/\d{2})(?![\d/])")
OPERATION = re.compile(
    r'(?:Joint Customs Operation|JCO|[Oo]peration) "?(?:\*\*)?'
    r"([A-Z][a-z]+(?: [A-Z][a-z]+)?(?: [IVXLC]+)?)\b"
)


def _manifest(out: Path) -> list[dict[str, str]]:
    with (out / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("corpus")
    return out, corpus.generate(N, SEED, out)


def test_writes_n_documents_and_a_manifest(generated: tuple[Path, list[Path]]) -> None:
    out, paths = generated
    assert len(paths) == N
    files = sorted(p.name for p in out.iterdir())
    assert "MANIFEST.tsv" in files
    assert len(files) == N + 1  # the documents and the manifest, no gold
    rows = _manifest(out)
    assert [r["file"] for r in rows] == [p.name for p in paths]
    assert set(rows[0]) == {
        "file", "number", "body", "meeting_date", "n_items",
        "n_presentations", "n_citations",
    }  # fmt: skip
    assert len({r["number"] for r in rows}) == N
    dates = [r["meeting_date"] for r in rows]
    assert dates == sorted(dates)
    assert all("2014-01-01" <= d <= "2025-12-31" for d in dates)
    assert len({r["body"] for r in rows}) >= 3


def test_same_seed_gives_identical_bytes(
    generated: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    out, paths = generated
    again = corpus.generate(N, SEED, tmp_path)
    assert [p.name for p in again] == [p.name for p in paths]
    for a, b in zip(paths, again, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert (out / "MANIFEST.tsv").read_bytes() == (
        tmp_path / "MANIFEST.tsv"
    ).read_bytes()


def test_different_seeds_differ(
    generated: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    _, paths = generated
    other = corpus.generate(N, SEED + 1, tmp_path)
    assert [p.read_bytes() for p in other] != [p.read_bytes() for p in paths]


def test_both_styles_are_present(generated: tuple[Path, list[Path]]) -> None:
    _, paths = generated
    suffixes = {p.suffix for p in paths}
    assert suffixes == {".md", ".txt"}
    md = [p.read_text(encoding="utf-8") for p in paths if p.suffix == ".md"]
    txt = [p.read_text(encoding="utf-8") for p in paths if p.suffix == ".txt"]
    assert any("**" in t or "###" in t for t in md)
    assert not any("**" in t or "###" in t for t in txt)


def test_every_document_has_a_number_line_and_three_items(
    generated: tuple[Path, list[Path]],
) -> None:
    out, paths = generated
    by_file = {r["file"]: r for r in _manifest(out)}
    for p in paths:
        text = p.read_text(encoding="utf-8")
        row = by_file[p.name]
        assert row["number"] in NUMBER.findall(text), p.name
        assert "OUTCOME OF PROCEEDINGS" in text
        numbers = [int(n) for n in HEADING.findall(text)]
        assert numbers == list(range(1, len(numbers) + 1)), (p.name, numbers)
        assert len(numbers) == int(row["n_items"]) >= 3, p.name


def test_citations_point_at_earlier_generated_documents(
    generated: tuple[Path, list[Path]],
) -> None:
    out, paths = generated
    rows = _manifest(out)
    index = {r["number"]: i for i, r in enumerate(rows)}
    links = 0
    for i, p in enumerate(paths):
        own = rows[i]["number"]
        for n in CITED.findall(p.read_text(encoding="utf-8")):
            if n in index and n != own:
                assert index[n] < i, f"{p.name} cites a later document {n}"
                links += 1
    assert links >= 1


def test_operation_names_recur_across_documents(
    generated: tuple[Path, list[Path]],
) -> None:
    _, paths = generated
    docs_by_name: dict[str, set[str]] = defaultdict(set)
    for p in paths:
        for name in OPERATION.findall(p.read_text(encoding="utf-8")):
            docs_by_name[name].add(p.name)
    assert any(len(docs) >= 2 for docs in docs_by_name.values()), dict(docs_by_name)


@pytest.mark.parametrize("n", [20, 1_000, 10_000])
def test_a_body_meets_at_most_once_a_day_even_in_a_large_corpus(n: int) -> None:
    """Two minutes of one body and day are one meeting to the loaders; a corpus
    that wrote two different agendas for it would benchmark merged meetings."""
    plans = corpus.Corpus(n, SEED).plans
    sittings = {(p.body.slug, p.meeting_date) for p in plans}
    assert len(sittings) == len(plans) == n


def test_more_minutes_than_the_calendar_holds_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        corpus.main(["40000", "-o", str(tmp_path / "c")])
    assert stopped.value.code == 2
    assert "do not fit the calendar" in capsys.readouterr().err
    assert not (tmp_path / "c").exists()


def test_command_line_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli"
    assert corpus.main(["5", "--seed", "3", "-o", str(out)]) == 0
    assert len(_manifest(out)) == 5
    assert len(list(out.glob("*.md")) + list(out.glob("*.txt"))) == 5
    assert "5 documents" in capsys.readouterr().out
    # a smaller run into the same folder leaves nothing stale behind
    assert corpus.main(["2", "--seed", "3", "-o", str(out)]) == 0
    assert len(list(out.glob("*.md")) + list(out.glob("*.txt"))) == 2
