"""Every organisation, unit, programme, system, threat, commodity and place named
in the minutes, with the sentence that names it (`Minutes.entities`).

`kg.build` turns each into a `cck:mentions` link from its item, with the
sentence as `cck:evidence`. Besides the names as read:

* the From/To lines of the header name the sender and the addressed body; they
  become sentences of their own (appended after the body's, so indices stay put)
  and their organisations are recorded there;
* a name with both a commodity and a threat reading ("weapons") is both;
* goods denote the threat of trafficking them ("seizures of cultural goods" →
  trafficking in cultural goods), and a threat "X on Y" is also the broader
  threat X ("excise fraud on mineral oils" → excise fraud). Both links are read
  from the reference labels, not listed here;
* a unit or an unknown group named only inside an event's name ("Task Group
  Cigarette" in "conference of the Task Group Cigarette") is that event's
  business, not a mention of its own.
"""

from __future__ import annotations

import re

from loaders.extract.context import Context, Name
from loaders.gazetteer import Gazetteer, GazetteerEntry
from loaders.records import EntityRef, Sentence

__all__ = ["extract_entities", "related_threats"]

_HEADER_PARTY = re.compile(
    r"^\|?[ \t]*(?:From|To)[ \t]*:[ \t]*\|?[ \t]*(?P<value>[^|\n]*?)[ \t]*\|?[ \t]*$",
    re.M,
)


def _words(label: str) -> str:
    return " " + " ".join(re.findall(r"\w+", label.casefold())) + " "


class _Threats:
    """The commodity → threat and narrow → broad threat links implied by the labels."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        threats = gazetteer.of_kind(["Threat"])
        self.by_iri: dict[str, tuple[GazetteerEntry, ...]] = {}
        for entry in gazetteer.of_kind(["Commodity"]):
            wanted = _words(entry.pref_label)
            best: tuple[int, GazetteerEntry] | None = None
            for threat in threats:
                for label in threat.surface_forms():
                    if wanted in _words(label) and (
                        best is None or len(label) < best[0]
                    ):
                        best = (len(label), threat)
            if best is not None:
                self.by_iri[entry.iri] = (best[1],)
        prefs = {_words(t.pref_label): t for t in threats}
        for threat in threats:
            words = _words(threat.pref_label)
            broader = [
                t
                for w, t in prefs.items()
                if t is not threat
                and re.match(re.escape(w) + r"(?:on|of|in|with|involving) ", words)
            ]
            if broader:
                self.by_iri[threat.iri] = tuple(broader)


_LINKS: dict[int, tuple[Gazetteer, _Threats]] = {}


def related_threats(
    gazetteer: Gazetteer, entry: GazetteerEntry
) -> tuple[GazetteerEntry, ...]:
    """Threats that a commodity denotes, or that a narrower threat belongs to."""
    cached = _LINKS.get(id(gazetteer))
    if cached is None or cached[0] is not gazetteer:
        if len(_LINKS) > 16:
            _LINKS.clear()
        cached = _LINKS[id(gazetteer)] = (gazetteer, _Threats(gazetteer))
    return cached[1].by_iri.get(entry.iri, ())


def _header_sentences(ctx: Context) -> list[Sentence]:
    minutes = ctx.minutes
    head_end = minutes.items[0].start if minutes.items else min(len(minutes.text), 3000)
    out = []
    for m in _HEADER_PARTY.finditer(minutes.text, 0, head_end):
        sentence = Sentence(
            len(minutes.sentences), m.group(0).strip(), m.start(), m.end(), None
        )
        minutes.sentences.append(sentence)
        out.append(sentence)
    return out


def _readings(ctx: Context, name: Name) -> list[EntityRef]:
    refs = [name.ref]
    if name.entry is None:
        return refs
    extra: list[GazetteerEntry] = []
    if name.kind in ("Threat", "Commodity"):
        extra.extend(
            e
            for e in name.readings
            if e.kind in ("Threat", "Commodity") and e is not name.entry
        )
    for entry in [name.entry, *extra]:
        extra.extend(related_threats(ctx.gazetteer, entry))
    for entry in extra:
        ref = ctx.ref(entry)
        if ref not in refs:
            refs.append(ref)
    return refs


def extract_entities(ctx: Context) -> None:
    minutes = ctx.minutes
    events = [(e.label, e.sentence) for e in minutes.events]
    header = _header_sentences(ctx)
    for sentence in [
        *minutes.sentences[: len(minutes.sentences) - len(header)],
        *header,
    ]:
        if sentence.item is None and sentence not in header:
            continue
        labels = [label for label, index in events if index == sentence.index]
        seen: set[tuple[str, str]] = set()
        for name in ctx.names_of(sentence):
            if (name.entry is None or name.kind == "Unit") and any(
                name.text in label for label in labels
            ):
                continue
            for ref in _readings(ctx, name):
                if ref.identity in seen:
                    continue
                seen.add(ref.identity)
                minutes.entities.append((ref, sentence.index))
