"""Every organisation, unit, programme, system, threat, commodity and place named
in an agenda item, with the sentence that names it (`Minutes.entities`).

`kg.build` turns each into a `cck:mentions` link from its item, with the
sentence as `cck:evidence`. A name repeated in one sentence is recorded once.
"""

from __future__ import annotations

from loaders.extract.context import Context

__all__ = ["extract_entities"]


def extract_entities(ctx: Context) -> None:
    minutes = ctx.minutes
    for sentence in minutes.sentences:
        if sentence.item is None:
            continue
        seen: set[tuple[str, str]] = set()
        for name in ctx.names_of(sentence):
            if name.ref.identity in seen:
                continue
            seen.add(name.ref.identity)
            minutes.entities.append((name.ref, sentence.index))
