"""Named operations (`cck:Operation`, `cck:JointCustomsOperation`), who leads them
(`cck:ledBy`), what they target (`cck:targets`) and the systems they use
(`cck:usesSystem`).

An operation is named after an introducing word: "Joint Customs Operation
Chess Knight IV", "JCO Octopus", 'operation "Sports bag"', "Operation Eagle",
or before it: "the Silver Wave operation". The leader is the organisation of
"led by X" / "X-led" when the text says so, else the presenter whose topic
names the operation. Targets are the threats and goods named after the
operation in its sentence, and in a following sentence that refers back to it
("Both operations deal with …", "The operation targets …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.extract.context import ORGANISATION_KINDS, Context, Name
from loaders.extract.presentations import PresentationSpan
from loaders.records import EntityRef, Operation, Sentence

__all__ = ["OperationSpan", "extract_operations", "operation_spans"]

_WORD = r"(?:[A-Z][a-zA-Z0-9'-]+|[A-Z]{2,})"
_NAME = rf"{_WORD}(?:\s+(?:{_WORD}|[IVX]{{1,5}}\b|\d{{1,4}}\b))*"
_JCO = r"Joint\s+Customs\s+Operation|JCO"
_INTRO = rf"{_JCO}|JIT|Joint\s+[Aa]ction\s+Days?|Joint\s+Investigation\s+Team|[Jj]oint\s+(?:[Pp]olice\s+and\s+[Cc]ustoms\s+)?[Oo]peration|[Oo]peration"
_QUOTED = re.compile(
    rf"""\b(?P<intro>{_INTRO})\s+["“„'‘](?P<name>[^"“”'’]{{2,40}}?)["”“'’]"""
)
_NAMED = re.compile(rf"\b(?P<intro>{_INTRO})\s+(?P<name>{_NAME})")
_SUFFIXED = re.compile(
    rf"\b(?:the|its|their)\s+(?P<name>{_NAME})\s+(?P<intro>joint\s+customs\s+operation|JCO|(?:joint\s+)?operation)\b(?!s)"
)
# every match of the three above holds one of these: sentences without any are skipped
_INTRO_HINT = re.compile("JCO|JIT|oint|peration")
# words that make "Operation X" a document or a body rather than an operation
_NOT_NAME = {
    "handbook", "report", "reports", "plan", "plans", "days", "day", "team", "teams", "centre", "coordination",
    "unit", "mechanism", "group", "manual", "guidelines", "evaluation", "results", "overview", "and", "the",
}  # fmt: skip
_NOT_FIRST = {
    "The",
    "This",
    "That",
    "These",
    "In",
    "On",
    "Of",
    "For",
    "And",
    "A",
    "An",
    "Its",
    "Their",
    "Under",
    "All",
}
_LED_BY = re.compile(
    r"\b(?:led|coordinated|run|organised|organized|lead)\s+by\s+(?:the\s+)?$|\bunder\s+the\s+(?:lead|leadership)\s+of\s+(?:the\s+)?$",
    re.I,
)
_LED_SUFFIX = re.compile(r"^-led\b")
_BACK_REFERENCE = re.compile(
    r"^\W*(?P<det>Both|These|All|The|This|Such|Each|It|They)\b(?:\s+(?:two|three|joint\s+customs|joint|customs))*\s*(?P<noun>operations?|JCOs?)?\b",
    re.I,
)
_SYSTEM_CUE = re.compile(
    r"\b(?:via|using|through|with|by\s+means\s+of|on|in)\s+(?:the\s+)?(?:[A-Z]{2,}\s+)?$"
)


@dataclass(frozen=True)
class OperationSpan:
    name: str
    kind: str
    start: int  # offsets into Minutes.text
    end: int


def _clean(name: str) -> str | None:
    words = name.split()
    while words and words[-1].casefold() in _NOT_NAME:
        words.pop()
    if not words or words[0] in _NOT_FIRST or words[-1].casefold() in _NOT_NAME:
        return None
    return " ".join(words)


def operation_spans(ctx: Context, sentence: Sentence) -> list[OperationSpan]:
    """The operations named in one sentence, in text order."""
    text = sentence.text
    out: list[OperationSpan] = []
    if not _INTRO_HINT.search(text):
        return out
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], name: str | None, jco: bool) -> None:
        if name is None or any(s < m.end() and m.start() < e for s, e in taken):
            return
        start, end = sentence.start + m.start(), sentence.start + m.end()
        # "the WCO operation", "Operation Europol": a known organisation, not a name
        known = [
            n
            for n in ctx.names_in(
                sentence.start + m.start("name"), sentence.start + m.end("name")
            )
        ]
        if any(
            n.kind in ORGANISATION_KINDS | {"Place", "Programme", "InformationSystem"}
            for n in known
        ):
            return
        taken.append((m.start(), m.end()))
        out.append(
            OperationSpan(
                name, "JointCustomsOperation" if jco else "Operation", start, end
            )
        )

    for m in _QUOTED.finditer(text):
        add(m, m.group("name").strip(), bool(re.fullmatch(_JCO, m.group("intro"))))
    for m in _NAMED.finditer(text):
        add(m, _clean(m.group("name")), bool(re.fullmatch(_JCO, m.group("intro"))))
    for m in _SUFFIXED.finditer(text):
        add(
            m,
            _clean(m.group("name")),
            "customs" in m.group("intro").casefold() or m.group("intro") == "JCO",
        )
    out.sort(key=lambda o: o.start)
    return out


def _leader(
    ctx: Context, sentence: Sentence, op: OperationSpan, spans: list[PresentationSpan]
) -> EntityRef | None:
    text = ctx.minutes.text
    orgs = [n for n in ctx.names_of(sentence) if n.kind in ORGANISATION_KINDS]
    for name in orgs:
        if (
            _LED_BY.search(text[max(sentence.start, name.start - 40) : name.start])
            and name.start > op.start
        ):
            return name.ref
        if _LED_SUFFIX.match(text[name.end : name.end + 5]):
            return name.ref
    for span in spans:
        if (
            span.presentation.sentence == sentence.index
            and span.start <= op.start
            and op.end <= span.end + 1
        ):
            return span.presentation.presenter
    return None


def _targets(names: list[Name]) -> list[EntityRef]:
    out: list[EntityRef] = []
    for n in names:
        if n.kind in ("Threat", "Commodity") and n.ref not in out:
            out.append(n.ref)
    return out


def extract_operations(ctx: Context, spans: list[PresentationSpan]) -> None:
    minutes = ctx.minutes
    text = minutes.text
    by_name: dict[str, Operation] = {}
    sentences = minutes.sentences
    for sentence in sentences:
        if sentence.item is None:
            continue
        ops = operation_spans(ctx, sentence)
        if not ops:
            continue
        presenting = [s for s in spans if s.presentation.sentence == sentence.index]
        for k, op in enumerate(ops):
            record = by_name.get(op.name.casefold())
            if record is None:
                record = Operation(
                    name=op.name,
                    sentence=sentence.index,
                    item=sentence.item,
                    kind=op.kind,
                )
                by_name[op.name.casefold()] = record
                minutes.operations.append(record)
            elif op.kind == "JointCustomsOperation":
                record.kind = op.kind
            if record.leader is None:
                record.leader = _leader(ctx, sentence, op, spans)
            # its scope: up to the next operation or the end of the presenter's topic
            scope_end = ops[k + 1].start if k + 1 < len(ops) else sentence.end
            for span in presenting:
                if span.start <= op.start < span.end:
                    scope_end = min(scope_end, span.end)
            scope = ctx.names_in(op.end, scope_end)
            for ref in _targets(scope):
                if ref not in record.targets:
                    record.targets.append(ref)
            for n in scope:
                if n.kind == "InformationSystem" and n.ref not in record.systems:
                    record.systems.append(n.ref)
        _follow_up(ctx, sentence, [by_name[o.name.casefold()] for o in ops], spans)
    # an operation named in a presentation's topic is what the presentation was about
    for span in spans:
        for record in minutes.operations:
            inside = (
                record.sentence == span.presentation.sentence
                and record.name in text[span.start : span.end]
            )
            if inside and record.ref not in span.presentation.about:
                span.presentation.about.append(record.ref)


def _follow_up(
    ctx: Context,
    sentence: Sentence,
    ops: list[Operation],
    spans: list[PresentationSpan],
) -> None:
    """Targets and systems of the sentences after the one naming the operations.

    "Both operations deal with fraud regarding customs procedure 42.00": every
    operation of the previous sentence; "The operation aims are: - … via the WCO
    ContainerComm …": the last one, through the list that follows, until another
    presenter speaks.
    """
    minutes = ctx.minutes
    following = [
        s for s in minutes.sentences[sentence.index + 1 :] if s.item == sentence.item
    ]
    presenting = {s.presentation.sentence for s in spans}
    for k, nxt in enumerate(following[:12]):
        if nxt.index in presenting or operation_spans(ctx, nxt):
            break
        m = _BACK_REFERENCE.match(nxt.text)
        listed = nxt.text.lstrip().startswith(("-", "•", "–")) or (
            k > 0 and following[k - 1].text.rstrip().endswith(":")
        )
        if k > 0 and not (m and m.group("noun")) and not listed:
            break
        if k == 0 and not (
            m and (m.group("noun") or m.group("det").casefold() in ("it", "they"))
        ):
            break
        plural = bool(
            m and m.group("noun") and m.group("noun").casefold().endswith("s")
        )
        targets = (
            ops
            if plural
            or (m and m.group("det").casefold() in ("both", "these", "all", "they"))
            else ops[-1:]
        )
        names = ctx.names_of(nxt)
        for record in targets:
            if not listed:
                for ref in _targets(names):
                    if ref not in record.targets:
                        record.targets.append(ref)
            for n in names:
                if n.kind != "InformationSystem" or n.ref in record.systems:
                    continue
                if _SYSTEM_CUE.search(
                    minutes.text[max(nxt.start, n.start - 30) : n.start]
                ):
                    record.systems.append(n.ref)
