"""Entities and relations read out of structured minutes.

One module per kind of fact, each a function ``(minutes, gazetteer) -> None``
that appends to the records; they run in the order below because later rules
use what earlier ones found (presentations need organisations, operations need
presentations).
"""

from __future__ import annotations

from loaders.extract.citations import extract_citations
from loaders.extract.meeting import extract_meeting
from loaders.gazetteer import Gazetteer
from loaders.records import Minutes

__all__ = ["extract"]


def extract(minutes: Minutes, gazetteer: Gazetteer) -> Minutes:
    extract_meeting(minutes, gazetteer)
    extract_citations(minutes, gazetteer)
    return minutes
