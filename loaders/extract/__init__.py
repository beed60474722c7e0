"""Entities and relations read out of structured minutes.

One module per kind of fact; they run in the order below because later rules
use what earlier ones found (operations take their leader from the presentation
whose topic names them, relations read the names the context resolved). The
document is tokenised and matched against the gazetteer once, in `Context.of`.
"""

from __future__ import annotations

from loaders.extract.citations import extract_citations
from loaders.extract.context import Context
from loaders.extract.entities import extract_entities
from loaders.extract.events import extract_events
from loaders.extract.meeting import extract_meeting
from loaders.extract.operations import extract_operations
from loaders.extract.presentations import extract_presentations
from loaders.extract.relations import extract_relations
from loaders.gazetteer import Gazetteer
from loaders.records import Minutes

__all__ = ["extract"]


def extract(minutes: Minutes, gazetteer: Gazetteer) -> Minutes:
    extract_meeting(minutes, gazetteer)
    extract_citations(minutes, gazetteer)
    ctx = Context.of(minutes, gazetteer)
    spans = extract_presentations(ctx)
    extract_operations(ctx, spans)
    extract_events(ctx)
    extract_entities(ctx)
    extract_relations(ctx)
    return minutes
