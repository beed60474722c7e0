"""The gazetteer: names of known entities, as plain data.

It is filled from the reference data (`ontology/reference/*.ttl`) by `kg`,
so that adding a label to the Turtle is all it takes to recognise a new agency;
the loaders see only IRIs as opaque strings and labels as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

__all__ = ["Gazetteer", "GazetteerEntry"]


@dataclass(frozen=True)
class GazetteerEntry:
    iri: str
    kind: str  # local name of the cck: class: Agency, MemberState, Threat …
    pref_label: str
    labels: tuple[
        str, ...
    ] = ()  # alternative and hidden labels, acronyms, adjectival forms
    part_of: str | None = None  # IRI of the parent organisation or programme
    targets: tuple[str, ...] = ()  # IRIs of threats or commodities the entry is about

    def surface_forms(self) -> Iterator[str]:
        yield self.pref_label
        yield from self.labels


@dataclass
class Gazetteer:
    entries: list[GazetteerEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_iri = {e.iri: e for e in self.entries}

    def __iter__(self) -> Iterator[GazetteerEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, iri: str) -> GazetteerEntry | None:
        return self._by_iri.get(iri)

    def of_kind(self, kinds: Iterable[str]) -> list[GazetteerEntry]:
        wanted = set(kinds)
        return [e for e in self.entries if e.kind in wanted]
