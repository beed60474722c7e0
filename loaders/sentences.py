"""Sentences with character offsets into the normalised text.

Semicolons end sentences too: minutes list facts as ``- the PCCC Conference (…);``
and each entry is a fact with its own evidence. A paragraph or list entry
(`Block`) always starts a sentence of its own.

The body is tokenised and sentencized as one spaCy `Doc` (one pass, not one per
paragraph), and that `Doc` is kept for the extraction rules (`body_doc`), so the
text is tokenised once per document.
"""

from __future__ import annotations

from spacy.tokens import Doc

from loaders.nlp import pipeline
from loaders.records import Sentence
from loaders.structure import Block

__all__ = ["body_doc", "split_sentences"]

_LAST: list[tuple[str, Doc, int]] = []


def body_doc(text: str) -> tuple[Doc, int] | None:
    """The `Doc` of the body of ``text`` and its offset, if `split_sentences` just read that very text."""
    if _LAST and _LAST[0][0] is text:
        return _LAST[0][1], _LAST[0][2]
    return None


def split_sentences(text: str, blocks: list[Block]) -> list[Sentence]:
    _LAST.clear()
    if not blocks:
        return []
    offset = blocks[0].start
    doc = pipeline()(text[offset : blocks[-1].end])
    _LAST.append((text, doc, offset))
    out: list[Sentence] = []
    b = 0
    for sent in doc.sents:
        s_start, s_end = offset + sent.start_char, offset + sent.end_char
        while b < len(blocks) and blocks[b].end <= s_start:
            b += 1
        k = b
        # a sentence never runs over the end of its paragraph or list entry
        while k < len(blocks) and blocks[k].start < s_end:
            block = blocks[k]
            lo, hi = max(s_start, block.start), min(s_end, block.end)
            raw = text[lo:hi]
            stripped = raw.strip()
            if stripped:
                start = lo + (len(raw) - len(raw.lstrip()))
                if out and _continues(out[-1], stripped, start, text):
                    prev = out.pop()
                    end = start + len(stripped)
                    out.append(
                        Sentence(
                            prev.index,
                            text[prev.start : end],
                            prev.start,
                            end,
                            prev.item,
                        )
                    )
                else:
                    out.append(
                        Sentence(
                            len(out), stripped, start, start + len(stripped), block.item
                        )
                    )
            if block.end > s_end:
                break
            k += 1
    return out


def _continues(prev: Sentence, current: str, start: int, text: str) -> bool:
    """An abbreviation ("OR. en", "e.g.", "No.") or a lone list mark split a sentence wrongly."""
    if "\n" in text[prev.end : start]:
        return False
    tail = prev.text.rsplit(None, 1)[-1].casefold()
    if tail in {
        "e.g.",
        "i.e.",
        "no.",
        "nos.",
        "art.",
        "doc.",
        "prev.",
        "cf.",
        "para.",
        "etc.",
        "vs.",
        "mr.",
        "ms.",
        "dr.",
    }:
        return current[:1].islower() or current[:1].isdigit() or tail not in {"etc."}
    return len(prev.text) <= 2
