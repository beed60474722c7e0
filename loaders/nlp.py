"""The one spaCy pipeline: a blank English tokenizer and a rule-based sentence splitter.

No trained model is needed (none can be downloaded on closed networks); tokens
and sentences are all the extraction rules ask of spaCy.

The tokenizer drops the English special cases for whitespace (" ", "\\t", "\\n",
"\\xa0"): they only restate the token spaCy makes of a whitespace run anyway, but
any special-case hit stops spaCy from caching the rest of the text's chunks, and
every document has a line break, so with them each document was tokenised from
scratch (about 30 times slower, with the same tokens).
"""

from __future__ import annotations

import functools

import numpy
import spacy
from spacy.attrs import IS_PUNCT, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

__all__ = ["SENTENCE_ENDS", "mark_sentences", "pipeline"]

#: tokens that end a sentence; semicolons too, as minutes list facts
#: ``- the PCCC Conference (…);`` each with its own evidence
SENTENCE_ENDS = (".", "!", "?", ";")
_END_IDS = tuple(get_string_id(mark) for mark in SENTENCE_ENDS)
#: spaCy's arrays are uint64; "not a sentence start" (-1) is stored as its two's complement
_NOT_START = numpy.iinfo(numpy.uint64).max


@Language.component("mark_sentences")
def mark_sentences(doc: Doc) -> Doc:
    """spaCy's ``sentencizer`` rule, read from the token arrays.

    A sentence ends at a token of `SENTENCE_ENDS` and the punctuation right
    after it; the next token starts a new one. The ``sentencizer`` itself walks
    the `Doc` and builds a Python `Token` per word, which cost more than
    tokenising; the sentences are the same.
    """
    if not len(doc):
        return doc
    tokens = doc.to_array([ORTH, IS_PUNCT])
    orth = tokens[:, 0]
    end = functools.reduce(numpy.logical_or, (orth == mark for mark in _END_IDS))
    punct = end | (tokens[:, 1] != 0)
    # a token that is not punctuation starts a sentence when a sentence end
    # stands between it and the previous such token
    words = numpy.flatnonzero(~punct)
    ends_before = numpy.concatenate(([0], numpy.cumsum(end)))
    previous = numpy.concatenate(([-1], words[:-1]))
    starts = words[ends_before[words] > ends_before[previous + 1]]
    marks = numpy.full((len(doc), 1), _NOT_START, dtype=numpy.uint64)
    marks[0] = 1
    marks[starts] = 1
    doc.from_array([SENT_START], marks)  # type: ignore[arg-type]  # thinc types it Ints2d
    return doc


@functools.cache
def pipeline() -> Language:
    nlp = spacy.blank("en")
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    tokenizer.rules = {
        key: case for key, case in tokenizer.rules.items() if not key.isspace()
    }
    nlp.add_pipe("mark_sentences")
    return nlp
