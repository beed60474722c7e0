"""Citations of Council documents: every number in any form, kept as written and
flagged when malformed (`cck:cites`), with the title the text gives it.

A title is given only by the phrase right before a bracketed number: "the Draft
Council Conclusions on … (12164/16)". The phrase starts after the previous
citation of a list ("…(CM 3817/16), the timeline for … (5300/1/16 REV 1)"),
after a list's introduction ("The following new documents were presented:"),
or after the last verb taking an object ("updating the document containing the
Overview of JCOs (5109/2/1 REV 2)" → "Overview of JCOs"); a leading article or
possessive pronoun is dropped. A number in running text ("as set out in
CM 3821/16") or deep inside a bracket ("(Outcome of proceedings set out in
12159/16)") has no title.
"""

from __future__ import annotations

import re

from loaders.docnumbers import find_numbers
from loaders.gazetteer import Gazetteer
from loaders.records import Citation, Minutes

__all__ = ["cited_title", "extract_citations"]

_OPEN_BEFORE = re.compile(r"\(\s*(?:(?:doc(?:ument)?\.?|see|cf\.|ST)\s*)?$", re.I)
_PREVIOUS_CITATION = re.compile(r"\)\s*[,;]\s*(?:and\s+)?")
_LIST_INTRO = re.compile(
    r"(?:presented|following[^:]{0,60}|as follows|included?|namely|highlighted|mentioned|discussed|noted|circulated|issued)\s*:\s*",
    re.I,
)
# a verb taking the cited document as object: "presented the …", "containing the …"
_VERB_OBJECT = re.compile(
    r"\b\w+(?:ed|ing)\s+(?=(?:the|its|their|a|an|his|her)\s)", re.I
)
_ARTICLE = re.compile(r"^(?:the|its|their|a|an|his|her)\s+", re.I)


def cited_title(before: str) -> str | None:
    """The title in ``before``, the sentence text up to a cited number."""
    opener = _OPEN_BEFORE.search(before)
    if opener is None:
        return None
    segment = before[: opener.start()]
    start = 0
    for m in _PREVIOUS_CITATION.finditer(segment):
        start = m.end()
    for m in _LIST_INTRO.finditer(segment, start):
        start = m.end()
    for m in _VERB_OBJECT.finditer(segment, start):
        start = m.end()
    title = _ARTICLE.sub("", segment[start:].strip(" ,;:-–"))
    title = title.strip(" ,;:")
    if len(title.split()) < 2 or not re.search(r"[A-Za-z]", title):
        return None
    return title


def extract_citations(minutes: Minutes, gazetteer: Gazetteer) -> None:
    own = minutes.header.number
    for sentence in minutes.sentences:
        for number in find_numbers(sentence.text):
            if own and number.text == own:
                continue
            minutes.citations.append(
                Citation(
                    number=number.text,
                    key=number.key,
                    sentence=sentence.index,
                    item=sentence.item,
                    malformed=number.malformed,
                    title=cited_title(sentence.text[: number.start]),
                )
            )
