"""Citations of Council documents: every number in any form, with the title the
text gives it ("the Draft Council Conclusions on … (12164/16)")."""

from __future__ import annotations

import re

from loaders.docnumbers import find_numbers
from loaders.gazetteer import Gazetteer
from loaders.records import Citation, Minutes

__all__ = ["extract_citations"]

# "<title> (<number>)": the title runs back to the previous clause boundary
_TITLE_BEFORE = re.compile(
    r"(?:^|[:;,]\s+|\b(?:and|in|of|see|by)\s+)(?:the\s+)?(?P<title>[A-Z][^()]{8,}?)\s*\(\s*$"
)


def extract_citations(minutes: Minutes, gazetteer: Gazetteer) -> None:
    own = minutes.header.number
    for sentence in minutes.sentences:
        for number in find_numbers(sentence.text):
            if own and number.text == own:
                continue
            before = sentence.text[: number.start]
            title = None
            if m := _TITLE_BEFORE.search(before):
                title = m.group("title").strip().rstrip(",")
            minutes.citations.append(
                Citation(
                    number=number.text,
                    key=number.key,
                    sentence=sentence.index,
                    item=sentence.item,
                    malformed=number.malformed,
                    title=title,
                )
            )
