"""Reading minutes into plain records (`loaders.records`); nothing here knows RDF."""

from __future__ import annotations

from pathlib import Path

from loaders.extract import extract
from loaders.gazetteer import Gazetteer, GazetteerEntry
from loaders.header import parse_header
from loaders.read import SUFFIXES, LoadError, file_digest, read_text
from loaders.records import AgendaItem, Meeting, Minutes
from loaders.sentences import split_sentences
from loaders.structure import layout

__all__ = [
    "SUFFIXES",
    "Gazetteer",
    "GazetteerEntry",
    "LoadError",
    "file_digest",
    "load_minutes",
    "parse_minutes",
]


def parse_minutes(raw: str, source: str, gazetteer: Gazetteer | None = None) -> Minutes:
    """Structure and facts of one document's text; ``source`` names it in messages."""
    lay = layout(raw)
    header = parse_header(lay.header_lines)
    minutes = Minutes(
        source=source,
        text=lay.text,
        header=header,
        meeting=Meeting(body=None, date=None),
    )
    minutes.items = [
        AgendaItem(
            number=i.number,
            title=i.title,
            text=lay.text[i.body_start : i.end].strip(),
            start=i.start,
            end=i.end,
        )
        for i in lay.items
    ]
    minutes.sentences = split_sentences(lay.text, lay.blocks)
    if header.number is None:
        raise LoadError(
            f"{source}: no Council document number found in the header; is this a Council document?"
        )
    return extract(minutes, gazetteer or Gazetteer())


def load_minutes(path: str | Path, gazetteer: Gazetteer | None = None) -> Minutes:
    """Read one minutes file (.txt, .md, .pdf) into records."""
    path = Path(path)
    try:
        raw, digest = read_text(path)
    except OSError as err:
        raise LoadError(f"{path}: cannot read ({err.strerror or err})") from err
    minutes = parse_minutes(raw, path.name, gazetteer)
    minutes.digest = digest
    return minutes
