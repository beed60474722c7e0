"""Units and programmes: what they belong to (`cck:partOf`), what they are made of
(`cck:hasComponent`) and what they target (`cck:targets`).

* "Europol presented its European Counter Terrorism Centre": the unit is part of
  the presenter ("<organisation> … its <unit>");
* "Europol/ECTC", or any unit or programme the reference data places inside
  another (``part_of``): part of that parent, evidenced by the sentence naming it;
* "The speaker also presented the WCO Security Programme, …:" followed by a list
  whose entries name programmes: each is a component of it, and part of it;
* "Programme Global Shield - improvised explosive devices", "a unit … dealing
  with / targeting / aimed at X": the programme or unit targets the threats and
  goods named after it in the same sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from loaders.extract.context import ORGANISATION_KINDS, Context, Name
from loaders.records import EntityRef, Relation

__all__ = ["extract_relations"]

_ITS = re.compile(r"^\W*(?:\w+\W+){0,6}?its\s+(?:own\s+|new\s+)?$", re.I)
_TARGET_CUE = re.compile(
    r"^\s*(?:\([^()]*\)\s*)?(?:Project\s*)?(?:[-–:]|,?\s*(?:which|that)?\s*(?:deals?|dealing|targets?|targeting|aims?\s+at|aimed\s+at|"
    r"focus(?:es|ing)?\s+on|against|to\s+(?:combat|fight|counter|tackle)|fights?|combating))",
    re.I,
)
_CONTAINERS = {"Unit", "Programme"}


def extract_relations(ctx: Context) -> None:
    minutes = ctx.minutes
    text = minutes.text
    out: list[Relation] = []
    seen: set[tuple[tuple[str, str], str, tuple[str, str]]] = set()

    def add(subject: EntityRef, predicate: str, obj: EntityRef, sentence: int) -> None:
        key = (subject.identity, predicate, obj.identity)
        if key not in seen and subject.identity != obj.identity:
            seen.add(key)
            out.append(Relation(subject, predicate, obj, sentence))

    sentences = [s for s in minutes.sentences if s.item is not None]
    for sentence in sentences:
        names = ctx.names_of(sentence)
        for k, name in enumerate(names):
            if name.kind not in _CONTAINERS:
                continue
            # "<organisation> presented its <unit>"
            if name.kind == "Unit":
                for org in reversed(names[:k]):
                    if org.kind in ORGANISATION_KINDS - {"Unit"} and _ITS.match(
                        text[org.end : name.start]
                    ):
                        add(name.ref, "partOf", org.ref, sentence.index)
                        break
            # reference data: the parent, when this sentence names the child
            if name.entry is not None and name.entry.part_of:
                parent = ctx.gazetteer.get(name.entry.part_of)
                if parent is not None and parent.kind in ORGANISATION_KINDS | {
                    "Programme"
                }:
                    add(name.ref, "partOf", ctx.ref(parent), sentence.index)
                    if parent.kind == "Programme" and name.kind == "Programme":
                        add(ctx.ref(parent), "hasComponent", name.ref, sentence.index)
            # "<programme> - <threats>", "<unit> dealing with <threats>"
            stop = (
                names[k + 1].start
                if k + 1 < len(names) and names[k + 1].kind in _CONTAINERS
                else sentence.end
            )
            if _TARGET_CUE.match(text[name.end : stop]):
                for target in ctx.names_in(name.end, stop):
                    if target.kind in ("Threat", "Commodity"):
                        add(name.ref, "targets", target.ref, sentence.index)
        _components(ctx, sentence.index, names, add)
    minutes.relations.extend(out)


def _components(
    ctx: Context,
    index: int,
    names: list[Name],
    add: Callable[[EntityRef, str, EntityRef, int], None],
) -> None:
    """A programme introducing a list ("… the WCO Security Programme, which …:") has the
    programmes of the list's entries as components."""
    minutes = ctx.minutes
    sentence = minutes.sentences[index]
    if not sentence.text.rstrip().endswith(":"):
        return
    programmes = [n for n in names if n.kind == "Programme"]
    if not programmes:
        return
    whole = programmes[0]
    for entry in minutes.sentences[index + 1 :]:
        if entry.item != sentence.item or not entry.text.lstrip().startswith(
            ("-", "•", "–", "*")
        ):
            break
        for name in ctx.names_of(entry):
            if name.kind == "Programme":
                add(whole.ref, "hasComponent", name.ref, entry.index)
                add(name.ref, "partOf", whole.ref, entry.index)
                break
