"""Finding gazetteer names in text with spaCy's `PhraseMatcher`.

The reference data (`ontology/reference/*.ttl`) gives every entity its
``skos:prefLabel``, ``altLabel`` and ``hiddenLabel`` surface forms; this module
turns them into two phrase matchers, built once per gazetteer:

* all-uppercase labels (acronyms: ``WCO``, ``OLAF``, ``SIS II``, ``EP``) match
  case-sensitively, so that "ep" or "Api" in running text are not read as names;
* every other label matches case-insensitively (token attribute ``LOWER``), so
  that "the Polish delegation", "Polish customs" and "POLISH" all name Poland.

Overlapping matches are resolved longest first ("EMPACT priority for excise
goods" beats "EMPACT"); a possessive "'s" is a token of its own and never part
of a match. One name may belong to several entries (Poland the Member State and
Poland the place, "weapons" the commodity and the threat): all are kept on the
`Mention`, best first, and the rules choose by context.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.attrs import IDX, LENGTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from loaders.gazetteer import Gazetteer, GazetteerEntry
from loaders.nlp import pipeline

__all__ = ["EntityMatcher", "Mention", "entity_matcher", "is_acronym"]

#: when one name belongs to entries of several kinds, the kind read first
#: unless the context says otherwise (a place after "in", a threat after "fight against")
KIND_ORDER = (
    "MemberState",
    "Agency",
    "Institution",
    "CouncilBody",
    "Unit",
    "JointCustomsOperation",
    "Operation",
    "Programme",
    "InformationSystem",
    "Commodity",
    "Threat",
    "Place",
)


def is_acronym(label: str) -> bool:
    """An all-uppercase label ("WCO", "SIS II", "CP 42.00"): matched case-sensitively."""
    return any(c.isalpha() for c in label) and label == label.upper()


@dataclass(frozen=True)
class Mention:
    """A gazetteer name found in the text; ``start``/``end`` are offsets into that text."""

    start: int
    end: int
    text: str
    entries: tuple[GazetteerEntry, ...]  # best reading first

    @property
    def entry(self) -> GazetteerEntry:
        return self.entries[0]

    def of_kind(self, kinds: Iterable[str]) -> GazetteerEntry | None:
        """The best reading among ``kinds``, if the name has one."""
        wanted = set(kinds)
        return next((e for e in self.entries if e.kind in wanted), None)


class EntityMatcher:
    """Both phrase matchers over one gazetteer, and the entries behind each match id."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        nlp = pipeline()
        self.vocab = nlp.vocab
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        # match key -> [(entry, matched its preferred label)]
        self._readings: dict[str, list[tuple[GazetteerEntry, bool]]] = {}
        lower_forms: dict[str, str] = {}
        exact_forms: dict[str, str] = {}
        for entry in gazetteer:
            for label in entry.surface_forms():
                label = label.strip()
                if len(label) < 2:
                    continue
                is_pref = label.casefold() == entry.pref_label.casefold().removeprefix(
                    "the "
                )
                if is_acronym(label):
                    key = "X:" + label
                    exact_forms[key] = label
                else:
                    key = "L:" + label.casefold()
                    lower_forms[key] = label
                readings = self._readings.setdefault(key, [])
                if all(e.iri != entry.iri for e, _ in readings):
                    readings.append((entry, is_pref))
                elif is_pref:
                    readings[:] = [(e, p or e.iri == entry.iri) for e, p in readings]
        for key, label in lower_forms.items():
            self._lower.add(key, [nlp.make_doc(label)])
        for key, label in exact_forms.items():
            self._exact.add(key, [nlp.make_doc(label)])
        self._ranked = {
            key: self._rank(readings) for key, readings in self._readings.items()
        }
        # the same, by the match id the phrase matchers report
        self._ranked_by_id = {
            self.vocab.strings.add(key): ranked for key, ranked in self._ranked.items()
        }

    @staticmethod
    def _rank(
        readings: list[tuple[GazetteerEntry, bool]],
    ) -> tuple[GazetteerEntry, ...]:
        def order(reading: tuple[GazetteerEntry, bool]) -> tuple[int, int]:
            entry, is_pref = reading
            kind = (
                KIND_ORDER.index(entry.kind)
                if entry.kind in KIND_ORDER
                else len(KIND_ORDER)
            )
            return (0 if is_pref else 1, kind)

        return tuple(e for e, _ in sorted(readings, key=order))

    def find(self, doc: Doc, offset: int = 0, text: str | None = None) -> list[Mention]:
        """Non-overlapping mentions in ``doc``, longest first on overlap, in text order;
        ``offset`` is added to their character offsets (``doc`` may be part of a text).

        ``text``, when given, is that whole text (``doc`` was made from the part of it
        starting at ``offset``); the mentions' text is then sliced from it rather than
        rebuilt from the tokens."""
        found: list[tuple[int, int, int]] = []
        for matcher in (self._lower, self._exact):
            found.extend(matcher(doc))
        if not found:
            return []
        # (match id, start, end) -> longest first, then leftmost
        found.sort(key=lambda m: (m[1] - m[2], m[1]))
        if text is None:
            text, base = doc.text, 0
        else:
            base = offset
        # token offsets as plain lists: indexing a Doc builds a Token object each time
        idx = doc.to_array(IDX).tolist()
        length = doc.to_array(LENGTH).tolist()
        taken = bytearray(len(doc) + 1)
        kept: list[tuple[int, int, int]] = []
        for match_id, start, end in found:
            if any(taken[start:end]):
                continue
            # a name glued to a word by a hyphen ("Europol-led" is fine, "anti-OLAF" too,
            # but "Co-Drivers" must not yield a name "Co")
            if (
                start > 1
                and text[base + idx[start] - 1] == "-"
                and doc[start - 1].text == "-"
                and not doc[start - 1].whitespace_
                and doc[start - 2].is_alpha
                and not doc[start - 2].whitespace_
            ):
                continue
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, match_id))
        kept.sort()
        ranked = self._ranked_by_id
        out = []
        for start, end, match_id in kept:
            start_char = idx[start]
            end_char = idx[end - 1] + length[end - 1]
            out.append(
                Mention(
                    offset + start_char,
                    offset + end_char,
                    text[base + start_char : base + end_char],
                    ranked[match_id],
                )
            )
        return out


_CACHE: dict[int, tuple[Gazetteer, EntityMatcher]] = {}


def entity_matcher(gazetteer: Gazetteer) -> EntityMatcher:
    """The matcher of ``gazetteer``, built on first use and kept while the gazetteer lives."""
    cached = _CACHE.get(id(gazetteer))
    if cached is not None and cached[0] is gazetteer:
        return cached[1]
    matcher = EntityMatcher(gazetteer)
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[id(gazetteer)] = (gazetteer, matcher)
    return matcher
