"""The one spaCy pipeline: a blank English tokenizer with the rule-based sentencizer.

No trained model is needed (none can be downloaded on closed networks); tokens
and sentences are all the extraction rules ask of spaCy.

The tokenizer drops the English special cases for whitespace (" ", "\\t", "\\n",
"\\xa0"): they only restate the token spaCy makes of a whitespace run anyway, but
any special-case hit stops spaCy from caching the rest of the text's chunks, and
every document has a line break, so with them each document was tokenised from
scratch (about 30 times slower, with the same tokens).
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

__all__ = ["pipeline"]


@cache
def pipeline() -> Language:
    nlp = spacy.blank("en")
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    tokenizer.rules = {
        key: case for key, case in tokenizer.rules.items() if not key.isspace()
    }
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", ";"]})
    return nlp
