"""The same minutes read the same whatever they arrive as.

Users bring minutes as the Council's PDF, as pdftotext output without any marks,
or as markdown with inconsistent marks. The example minutes are turned into the
two other forms here (a PDF made with fpdf2 and read back through pdfplumber by
`loaders.read`; a plain text with every markdown mark stripped), and each must
yield the facts of the original: items, citations, presentations, operations
and events.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kg.reference import gazetteer
from loaders import load_minutes
from loaders.records import Minutes

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_ASCII = str.maketrans(
    {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "}
)


def _plain(markdown: str) -> str:
    """The text as pdftotext would give it: no headings marks, emphasis or rules."""
    lines = []
    for line in markdown.splitlines():
        if re.fullmatch(r"\s*-{3,}\s*", line):
            continue
        line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)
        lines.append(line.replace("**", "").rstrip())
    return "\n".join(lines)


def _pdf(text: str, path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    if DEJAVU.exists():
        pdf.add_font("DejaVu", "", str(DEJAVU))
        pdf.set_font("DejaVu", size=10)
    else:  # the core font knows Latin-1 only
        text = text.translate(_ASCII)
        pdf.set_font("Helvetica", size=10)
    for line in text.splitlines():
        if line.strip():
            pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(5)
    pdf.output(str(path))


def _facts(m: Minutes) -> dict[str, Any]:
    return {
        "items": [(i.number, i.title) for i in m.items],
        "citations": [(c.number, c.malformed) for c in m.citations],
        "presentations": sorted((p.item, p.presenter.label) for p in m.presentations),
        "operations": sorted(
            (o.name, o.kind, o.leader.label if o.leader else None) for o in m.operations
        ),
        "events": sorted(
            (
                e.label,
                e.start.isoformat() if e.start else "",
                e.end.isoformat() if e.end else "",
            )
            for e in m.events
        ),
    }


def _normalised(facts: dict[str, Any]) -> dict[str, Any]:
    """Quotes and dashes are typography, not facts: a core-font PDF has only ASCII ones."""
    return {
        k: [
            tuple(str(x).translate(_ASCII) if isinstance(x, str) else x for x in row)
            for row in v
        ]
        for k, v in facts.items()
    }


@pytest.fixture(scope="module")
def original(example_path: Path) -> dict[str, Any]:
    return _facts(load_minutes(example_path, gazetteer()))


def test_the_original_has_the_facts_to_compare(original: dict[str, Any]) -> None:
    assert len(original["items"]) == 7 and len(original["citations"]) == 9
    assert (
        len(original["presentations"]) == 13
        and len(original["operations"]) == 4
        and len(original["events"]) == 11
    )


def test_plain_text_without_marks_gives_the_same_facts(
    example_path: Path, tmp_path: Path, original: dict[str, Any]
) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text(_plain(example_path.read_text(encoding="utf-8")), encoding="utf-8")
    assert "**" not in plain.read_text(
        encoding="utf-8"
    ) and "###" not in plain.read_text(encoding="utf-8")
    assert _facts(load_minutes(plain, gazetteer())) == original


def test_pdf_gives_the_same_facts(
    example_path: Path, tmp_path: Path, original: dict[str, Any]
) -> None:
    pytest.importorskip("pdfplumber")
    pdf = tmp_path / "minutes.pdf"
    _pdf(_plain(example_path.read_text(encoding="utf-8")), pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert _normalised(_facts(load_minutes(pdf, gazetteer()))) == _normalised(original)
