"""Sentences with character offsets into the normalised text.

Semicolons end sentences too: minutes list facts as ``- the PCCC Conference (…);``
and each entry is a fact with its own evidence.
"""

from __future__ import annotations

from loaders.nlp import pipeline
from loaders.records import Sentence
from loaders.structure import Block

__all__ = ["split_sentences"]


def split_sentences(text: str, blocks: list[Block]) -> list[Sentence]:
    nlp = pipeline()
    out: list[Sentence] = []
    texts = (text[b.start : b.end] for b in blocks)
    for block, doc in zip(blocks, nlp.pipe(texts, batch_size=256), strict=True):
        for sent in doc.sents:
            raw = sent.text
            stripped = raw.strip()
            if not stripped:
                continue
            start = block.start + sent.start_char + (len(raw) - len(raw.lstrip()))
            if out and _continues(out[-1], stripped, start, text):
                prev = out.pop()
                end = start + len(stripped)
                out.append(Sentence(prev.index, text[prev.start : end], prev.start, end, prev.item))
                continue
            out.append(Sentence(len(out), stripped, start, start + len(stripped), block.item))
    return out


def _continues(prev: Sentence, current: str, start: int, text: str) -> bool:
    """An abbreviation ("OR. en", "e.g.", "No.") or a lone list mark split a sentence wrongly."""
    if "\n" in text[prev.end : start]:
        return False
    tail = prev.text.rsplit(None, 1)[-1].casefold()
    if tail in {"e.g.", "i.e.", "no.", "nos.", "art.", "doc.", "prev.", "cf.", "para.", "etc.", "vs.", "mr.", "ms.", "dr."}:
        return current[:1].islower() or current[:1].isdigit() or tail not in {"etc."}
    return len(prev.text) <= 2
