"""Who presented, briefed or informed on what, at which agenda item (`cck:Presentation`).

The minutes use a small set of forms, each a rule below with the sentence that
motivated it in ``tests/test_extraction.py``:

* active: "<organisation> [also|briefly …] presented|briefed|informed|reported
  on|announced|outlined|gave a (general) presentation on … <topic>"; the
  organisation may be written "the Polish delegation", "the delegation of
  Poland", "the Commission representative"; one sentence can hold several
  ("France presented … and Greece briefed …");
* possessive: "WCO's presentation focused on <topic>";
* passive: "<documents> were presented [by X]": without an agent, the presenter
  is the one the item's first sentence established ("The Presidency gave …");
* anaphora: "The speaker / It also presented <topic>" adds to the item's
  previous presentation instead of inventing a presenter.

The topic is the object phrase as written; ``about`` holds the operations,
units, programmes and systems named inside it (operations are added by
`loaders.extract.operations`, which reads this module's spans).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.extract.context import ORGANISATION_KINDS, Context, Name
from loaders.records import EntityRef, Presentation, Sentence

__all__ = ["PresentationSpan", "extract_presentations"]

#: the lookahead lists the verbs' first letters, so the scan skips most
#: positions at once rather than trying every alternative there
_VERB = re.compile(
    r"""(?x)(?=[abdghimopru])\b(?P<verb>
        (?:gave|made|delivered|held|provided)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?
            (?:presentation|overview|update|briefing|picture|report|account|information)s?
      | provided\s+(?:(?:some|further|more|detailed)\s+)?(?:information|details|an?\s+update)
      | presented | briefed | informed | outlined | introduced | announced
      | reported(?:\s+back)?
      | updated(?=\s+(?:the\s+)?(?:delegat|participants|group|meeting|working\s+party|members|on\b))
    )\b"""
)
# what may stand between the presenter's name and the verb
_SUBJECT_GAP = re.compile(
    r"""(?xi)^\s*
    (?:\([^()]{1,80}\)\s*)?
    (?:(?:delegations?|delegates?|representatives?|experts?|customs|authorities|administration|speakers?)\s*)?
    (?:\([^()]{1,80}\)\s*)?
    (?:,\s*as\s+[^,]{1,80},\s*)?
    ,?\s*
    (?:(?:also|briefly|then|finally|further|shortly|subsequently|thereafter|in\s+turn|as\s+well|jointly|orally|first|next|lastly|additionally)\s*,?\s*)*$"""
)
# what follows the verb before the topic starts
_OBJECT_LEAD = re.compile(
    r"""(?xi)^\s*
    (?:(?:the\s+)?(?:delegat(?:es|ions)|participants|members|group|working\s+party|meeting|committee|experts)\s*)?
    (?:(?:on|about|of|with\s+respect\s+to|regarding|concerning|in\s+relation\s+to|as\s+regards|that|back\s+on)\b\s*)?"""
)
_PASSIVE = re.compile(
    r"\b(?:was|were|been|be|being)\s+(?:also\s+|briefly\s+)?(?P<verb>presented|introduced|outlined)\b(?P<by>\s+by\s+)?"
)
_POSSESSIVE = re.compile(
    r"^\s*['’]s\s+(?P<verb>(?:\w+\s+)?presentation)\b\s*(?:(?:focused|focussed|was|concentrated)\s+on|covered|concerned|dealt\s+with|addressed|described|explained)?\s*",
    re.I,
)
_ANAPHOR = re.compile(
    r"(?:^|[,;:]\s*)(?:the\s+(?:speaker|representative|delegate|delegation|presenter|expert)|it|he|she|they)\s+(?:(?:also|further|then|briefly|finally)\s+)*$",
    re.I,
)
_AND_BEFORE = re.compile(r"(?:,|\band|,\s*and)\s*(?:the\s+)?$")
_TRIM = re.compile(r"[\s,;:.]+$|\s+and$")

_ABOUT_KINDS = {
    "Unit",
    "Programme",
    "InformationSystem",
    "Operation",
    "JointCustomsOperation",
}


@dataclass
class PresentationSpan:
    """Where a presentation's topic lies in the text, for the rules that attach to it."""

    presentation: Presentation
    start: int  # of the topic, offsets into Minutes.text
    end: int


def _presenters_before(
    ctx: Context, sentence: Sentence, verb_at: int, floor: int
) -> list[Name]:
    """The organisation(s) that are the subject of the verb at ``verb_at``, nearest first."""
    names = [
        n
        for n in ctx.names_in(sentence.start + floor, sentence.start + verb_at)
        if n.kind in ORGANISATION_KINDS
    ]
    if not names:
        return []
    text = ctx.minutes.text
    # "The Commission (DG HOME) informed": the name in brackets explains the one before it
    while len(names) > 1 and re.fullmatch(
        r"\s*\(\s*", text[names[-2].end : names[-1].start]
    ):
        names.pop()
    last = names[-1]
    gap = text[last.end : sentence.start + verb_at]
    if not _SUBJECT_GAP.match(gap):
        # "The Presidency recalled … and presented …": the sentence's subject, shared by both verbs
        first = names[0]
        opening = text[sentence.start : first.start]
        if re.search(
            r"\band\s+(?:(?:also|then|briefly|finally)\s+)?$",
            text[: sentence.start + verb_at],
        ) and re.fullmatch(
            r"[\s\-–•]*(?:(?:Finally|Then|Also|Lastly|Moreover|In addition|Under this item|Subsequently),?\s+)?(?:the\s+)?",
            opening,
            re.I,
        ):
            return [first]
        return []
    found = [last]
    # "France and Germany presented": coordinated subjects
    for earlier in reversed(names[:-1]):
        between = ctx.minutes.text[earlier.end : found[-1].start]
        if not re.fullmatch(r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", between):
            break
        found.append(earlier)
    return list(reversed(found))


def _topic(text: str, start: int, end: int) -> tuple[int, int]:
    lead = _OBJECT_LEAD.match(text[start:end])
    if lead:
        start += lead.end()
    chunk = text[start:end]
    trimmed = _TRIM.sub("", chunk)
    while trimmed != chunk:
        chunk, trimmed = trimmed, _TRIM.sub("", trimmed)
    return start, start + len(chunk)


def _about(ctx: Context, start: int, end: int) -> list[EntityRef]:
    out: list[EntityRef] = []
    for name in ctx.names_in(start, end):
        if name.kind in _ABOUT_KINDS and name.ref not in out:
            out.append(name.ref)
    return out


def extract_presentations(ctx: Context) -> list[PresentationSpan]:
    minutes = ctx.minutes
    text = minutes.text
    spans: list[PresentationSpan] = []
    by_item: dict[int, list[PresentationSpan]] = {}
    established: dict[int, EntityRef] = {}
    first_sentence: dict[int, int] = {}
    for sentence in minutes.sentences:
        item = sentence.item
        if item is None:
            continue
        first_sentence.setdefault(item, sentence.index)
        # (subject, verb text, verb start, verb end) in sentence-relative offsets
        found: list[tuple[list[Name], str, int, int]] = []
        floor = 0
        anaphoric: list[tuple[str, int, int]] = []
        for m in _VERB.finditer(sentence.text):
            if re.search(
                r"\b(?:was|were|been|be|being|is|are)\s+(?:\w+\s+)?$",
                sentence.text[: m.start()],
            ):
                continue  # passive: read below
            subjects = _presenters_before(ctx, sentence, m.start(), floor)
            if subjects:
                found.append(
                    (subjects, " ".join(m.group("verb").split()), m.start(), m.end())
                )
                floor = m.end()
            elif _ANAPHOR.search(sentence.text[floor : m.start()]):
                anaphoric.append(
                    (" ".join(m.group("verb").split()), m.start(), m.end())
                )
                floor = m.end()
        for name in ctx.names_of(sentence):
            if name.kind not in ORGANISATION_KINDS:
                continue
            pm = _POSSESSIVE.match(text[name.end : sentence.end])
            if pm and not any(name in f[0] for f in found):
                rel = name.end - sentence.start
                found.append(
                    ([name], " ".join(pm.group("verb").split()), rel, rel + pm.end())
                )
        found.sort(key=lambda f: f[2])
        for k, (subjects, verb, _vstart, vend) in enumerate(found):
            stop = (
                found[k + 1][0][0].start - sentence.start
                if k + 1 < len(found)
                else len(sentence.text)
            )
            t_start, t_end = _topic(text, sentence.start + vend, sentence.start + stop)
            # a topic ending in "and" before the next presenter was cut above
            topic = text[t_start:t_end] or None
            for subject in subjects:
                p = Presentation(
                    presenter=subject.ref,
                    item=item,
                    sentence=sentence.index,
                    verb=verb,
                    about=_about(ctx, t_start, t_end),
                    topic=topic,
                )
                span = PresentationSpan(p, t_start, t_end)
                spans.append(span)
                by_item.setdefault(item, []).append(span)
                if sentence.index == first_sentence[item]:
                    established.setdefault(item, subject.ref)
        if found:
            continue
        for _verb, _vstart, vend in anaphoric:
            previous = by_item.get(item)
            if previous:
                last = previous[-1]
                t_start, t_end = _topic(text, sentence.start + vend, sentence.end)
                for ref in _about(ctx, t_start, t_end):
                    if ref not in last.presentation.about:
                        last.presentation.about.append(ref)
        passive = _PASSIVE.search(sentence.text)
        if passive and not anaphoric:
            presenter: EntityRef | None = None
            if passive.group("by"):
                after = [
                    n
                    for n in ctx.names_in(sentence.start + passive.end(), sentence.end)
                    if n.kind in ORGANISATION_KINDS
                ]
                if after and after[0].start - (sentence.start + passive.end()) < 6:
                    presenter = after[0].ref
            elif item in established:
                presenter = established[item]
            if presenter is not None:
                t_start, t_end = _topic(
                    text, sentence.start + passive.end(), sentence.end
                )
                colon = sentence.text.find(":", passive.end())
                if colon >= 0:
                    t_start, t_end = _topic(
                        text, sentence.start + colon + 1, sentence.end
                    )
                else:
                    # "<what> were presented": the topic is the subject phrase
                    t_start, t_end = _topic(
                        text, sentence.start, sentence.start + passive.start()
                    )
                p = Presentation(
                    presenter=presenter,
                    item=item,
                    sentence=sentence.index,
                    verb=" ".join(passive.group(0).split()).removesuffix(" by"),
                    about=_about(ctx, t_start, t_end),
                    topic=text[t_start:t_end] or None,
                )
                span = PresentationSpan(p, t_start, t_end)
                spans.append(span)
                by_item.setdefault(item, []).append(span)
    minutes.presentations.extend(_merged(spans))
    return spans


def _merged(spans: list[PresentationSpan]) -> list[Presentation]:
    """One presentation per presenter and item: "Frontex presented … Frontex also announced …"
    is one contribution to the item, so later sentences add to the first one's ``about``."""
    first: dict[tuple[int, tuple[str, str]], Presentation] = {}
    out: list[Presentation] = []
    for span in spans:
        p = span.presentation
        key = (p.item, p.presenter.identity)
        if key not in first:
            first[key] = p
            out.append(p)
            continue
        for ref in p.about:
            if ref not in first[key].about:
                first[key].about.append(ref)
        span.presentation = first[key]
    return out
