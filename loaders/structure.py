"""The structure of a minutes document: clean text, header block, agenda items, blocks.

Minutes arrive as markdown with inconsistent marks (``### 1.``, ``**5. …**``,
``#### 4.``), as pdftotext output with page furniture and wrapped lines, or as
plain text. Marks are dropped and wrapped lines joined into a normalised text to
which every offset in the records points; agenda items are found by their
numbering running 1, 2, 3 … rather than by any mark.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["Block", "Layout", "layout", "roman_to_int"]

_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s*")
_EMPHASIS = re.compile(r"\*\*|__")
_SPACES = re.compile(r" {2,}")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$|^\s*(?:page\s+)?\d{1,3}\s*(?:/|of)\s*\d{1,3}\s*$",
    re.I,
)
_LIST_MARK = re.compile(r"^\s*(?:[-•*–·]|\(?[a-z]\)|\(?\d{1,2}\)|[a-z]\.)\s+")
_ITEM = re.compile(
    r"""^\s*(?:(?:agenda\s+)?item|point)?\s*
        (?P<num>\d{1,2}|[IVXL]{1,6})
        \s*(?:[.):]|\s-|\s–)\s*
        (?P<title>\S.*?)\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_ITEM_WORD = re.compile(r"^\s*(?:agenda\s+)?item\s+(?P<num>\d{1,2})\s*$", re.IGNORECASE)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
_MAX_TITLE_WORDS = 30


def roman_to_int(text: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(text.upper()):
        value = _ROMAN.get(ch)
        if value is None:
            return None
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total or None


@dataclass(frozen=True)
class Block:
    """A paragraph or list entry of an item's body: the unit sentences are split in."""

    start: int
    end: int
    item: int | None


@dataclass
class ItemSpan:
    number: int
    title: str
    start: int  # heading start in the normalised text
    body_start: int
    end: int


@dataclass
class Layout:
    text: str
    header_lines: list[str]
    header_end: int
    items: list[ItemSpan]
    blocks: list[Block]


def _clean_line(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\t", " ").rstrip()
    if not line:
        return line  # blank lines, common between paragraphs, need no cleaning
    line = _HEADING_MARK.sub("", line)
    line = _EMPHASIS.sub("", line)
    return _SPACES.sub(" ", line)


def _furniture(lines: list[str]) -> set[str]:
    """Lines repeated as page headers or footers: short, no lower-case letter, seen twice or more."""
    counts = Counter(s.strip() for s in lines if s.strip())
    return {
        s
        for s, n in counts.items()
        if n >= 2 and len(s) < 80 and not re.search(r"[a-z]", s) and not _ITEM.match(s)
    }


def _heading(line: str, expected: int) -> tuple[int, str] | None:
    m = _ITEM.match(line)
    if not m:
        return None
    raw = m.group("num")
    number = int(raw) if raw.isdigit() else roman_to_int(raw)
    title = m.group("title").strip().rstrip(":").strip()
    if number != expected or not title:
        return None
    if not (title[0].isupper() or title[0].isdigit() or title[0] in "\"'“("):
        return None
    if len(title.split()) > _MAX_TITLE_WORDS or title.endswith((";", ",")):
        return None
    return number, title


def _join_wrapped(lines: list[str]) -> list[str]:
    """Paragraph lines joined; list entries and blank lines kept as boundaries."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if out and out[-1] != "":
                out.append("")
            continue
        if (
            out
            and out[-1]
            and not _LIST_MARK.match(line)
            and not out[-1].rstrip().endswith(":")
        ):
            prev = out[-1]
            if prev.endswith("-") and stripped[:1].islower() and prev[-2:-1].isalpha():
                out[-1] = prev[:-1] + stripped
            else:
                out[-1] = prev + " " + stripped
        else:
            out.append(stripped)
    while out and out[-1] == "":
        out.pop()
    return out


def layout(raw: str) -> Layout:
    """Normalise ``raw`` and find its header block and agenda items."""
    raw_lines = (
        raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    )
    furniture = _furniture(raw_lines)
    lines = []
    for raw_line in raw_lines:
        if (
            raw_line.strip() in furniture
            or _PAGE_NUMBER.match(raw_line)
            or _RULE.match(raw_line)
        ):
            lines.append("")
        else:
            lines.append(_clean_line(raw_line))

    # agenda headings: numbered lines whose numbers run 1, 2, 3 …
    heads: list[tuple[int, int, str]] = []  # (line index, number, title)
    pending_word: int | None = None
    for i, line in enumerate(lines):
        expected = len(heads) + 1
        if pending_word is not None and line.strip():
            heads.append((pending_word, expected, line.strip()))
            pending_word = None
            continue
        word = _ITEM_WORD.match(line)
        if word and int(word.group("num")) == expected:
            pending_word = i
            continue
        found = _heading(line, expected)
        if found:
            heads.append((i, found[0], found[1]))
    # "Item 3" on its own line: the title is on the next non-blank line, skipped below
    title_lines = {
        h[0] + 1 + k for h in heads for k in range(3) if _ITEM_WORD.match(lines[h[0]])
    }

    header_region = lines[: heads[0][0]] if heads else []
    header_lines = [ln for ln in header_region if ln.strip()]
    parts: list[str] = []
    pos = 0

    def emit(s: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(s)
        pos += len(s)
        return start, pos

    for ln in header_lines:
        emit(ln + "\n")
    header_end = pos
    items: list[ItemSpan] = []
    blocks: list[Block] = []
    for n, (line_no, number, title) in enumerate(heads):
        emit("\n")
        head_start, _ = emit(f"{number}. {title}\n")
        stop = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        body_lines = [
            ln
            for j, ln in enumerate(lines[line_no + 1 : stop], start=line_no + 1)
            if not (j in title_lines and ln.strip() == title)
        ]
        body_start = pos
        for para in _join_wrapped(body_lines):
            if not para:
                emit("\n")
                continue
            start, end = emit(para)
            emit("\n")
            blocks.append(Block(start, end, number))
        items.append(ItemSpan(number, title, head_start, body_start, pos))
    if not heads:
        # no agenda found: everything is one body, and the header is read from its top
        header_lines = [ln for ln in lines if ln.strip()][:30]
        for para in _join_wrapped(lines):
            if para:
                start, end = emit(para)
                emit("\n")
                blocks.append(Block(start, end, None))
            else:
                emit("\n")
    return Layout("".join(parts), header_lines, header_end, items, blocks)
