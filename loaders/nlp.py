"""The one spaCy pipeline: a blank English tokenizer with the rule-based sentencizer.

No trained model is needed (none can be downloaded on closed networks); tokens
and sentences are all the extraction rules ask of spaCy.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

__all__ = ["pipeline"]


@cache
def pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", ";"]})
    return nlp
