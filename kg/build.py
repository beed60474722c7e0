"""Records → RDF in the contract terms of `ontology/customs.ttl`.

Each source document becomes one named graph (the document's IRI) holding every
statement read from it; each extracted node carries ``prov:wasDerivedFrom`` its
document and ``cck:evidence`` the sentence it came from, so that any fact can
be traced back to the minutes.

The triples are made of pyoxigraph terms: the embedded store takes them as
they are, and a document's few hundred literals cost a tenth of what rdflib
terms would (`DocumentGraph.rdflib_triples` gives them to rdflib consumers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from kg.backends.oxterms import OxNamespace, OxTerm, integer, named, rdflib_triple
from kg.iris import Minter
from kg.namespaces import CCK, DCT, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from loaders.docnumbers import find_numbers
from loaders.records import DateValue, EntityRef, Minutes, Sentence

__all__ = ["DocumentGraph", "build_graph", "date_literal"]

Triple = tuple[ox.NamedNode, ox.NamedNode, OxTerm]


_CCK, _DCT, _PROV, _RDF, _RDFS, _SCHEMA, _SKOS, _XSD = map(
    OxNamespace, (CCK, DCT, PROV, RDF, RDFS, SCHEMA, SKOS, XSD)
)
_TRUE = ox.Literal("true", datatype=_XSD.boolean)


def date_literal(value: DateValue) -> ox.Literal:
    """``xsd:date``, or ``xsd:gYearMonth`` when the minutes give only a month."""
    return ox.Literal(
        value.isoformat(), datatype=_XSD.gYearMonth if value.day is None else _XSD.date
    )


@dataclass
class DocumentGraph:
    """The triples of one source document, with the IRIs that name its parts."""

    document: URIRef
    meeting: URIRef
    triples: list[Triple] = field(default_factory=list)
    # None once the graph has crossed to another process: rebuilt on the next add
    _seen: set[Triple] | None = field(default_factory=set, repr=False)

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: OxTerm | None) -> None:
        if o is None:
            return
        seen = self._seen
        if seen is None:
            seen = self._seen = set(self.triples)
        triple = (s, p, o)
        if triple not in seen:
            seen.add(triple)
            self.triples.append(triple)

    def __getstate__(self) -> dict[str, object]:
        # the set repeats every triple: a reader process would send it twice
        return {**self.__dict__, "_seen": None}

    @property
    def graph(self) -> URIRef:
        return self.document

    def rdflib_triples(self) -> list[tuple[Node, Node, Node]]:
        """The triples as rdflib terms, for SHACL validation and other rdflib consumers."""
        return [rdflib_triple(t) for t in self.triples]


class _Builder:
    def __init__(self, minutes: Minutes, minter: Minter, version: str | None) -> None:
        self.m = minutes
        self.minter = minter
        self.version = version
        header = minutes.header
        assert header.number is not None
        parsed = find_numbers(header.number)
        document = minter.document(parsed[0].key if parsed else header.number)
        meeting = minutes.meeting
        if meeting.body is not None and meeting.date is not None:
            meeting_iri = minter.meeting(
                self._entity_key(meeting.body), meeting.date.isoformat()
            )
        else:
            meeting_iri = minter.meeting("of-document", document.rsplit("/", 1)[-1])
        self.g = DocumentGraph(document, meeting_iri)
        self.doc, self.meeting = named(document), named(meeting_iri)
        self._entities: dict[EntityRef, ox.NamedNode] = {}
        self._evidence_cache: dict[
            tuple[int, int], tuple[ox.Literal, ox.Literal, ox.Literal]
        ] = {}
        self.item_refs = {
            item.number: minter.item(meeting_iri, item.number) for item in minutes.items
        }
        self.items = {number: named(iri) for number, iri in self.item_refs.items()}

    # -- helpers -------------------------------------------------------------
    def _entity_key(self, ref: EntityRef) -> str:
        return ref.ref.rsplit("/", 1)[-1] if ref.ref else (ref.key or ref.label)

    def entity(self, ref: EntityRef, sentence: int | None = None) -> ox.NamedNode:
        """The IRI of an entity; a new (non-reference) one is typed, labelled and evidenced.

        A document names the same entity many times: its description is made
        once, and each further sentence only adds evidence.
        """
        seen = self._entities.get(ref)
        if seen is not None:
            if not ref.ref and sentence is not None:
                self.derived(seen, sentence)
            return seen
        if ref.ref:
            iri = self._entities[ref] = named(self.minter.rebase(ref.ref))
            return iri
        iri = self._entities[ref] = named(
            self.minter.entity(ref.kind, ref.key or ref.label)
        )
        if (
            sentence is None
        ):  # named where no rule kept the sentence: the first that names it
            sentence = self._sentence_of(ref)
        add = self.g.add
        add(iri, _RDF.type, _CCK[ref.kind])
        add(iri, _RDFS.label, ox.Literal(ref.label))
        add(iri, _SKOS.prefLabel, ox.Literal(ref.label, language="en"))
        if ref.confidence < 1:
            confidence = str(Decimal(str(round(ref.confidence, 2))))
            add(
                iri,
                _CCK.extractionConfidence,
                ox.Literal(confidence, datatype=_XSD.decimal),
            )
        self.derived(iri, sentence)
        return iri

    def derived(self, node: ox.NamedNode, sentence: int | Sentence | None) -> None:
        add = self.g.add
        add(node, _PROV.wasDerivedFrom, self.doc)
        if sentence is None:
            return
        s = sentence if isinstance(sentence, Sentence) else self.m.sentences[sentence]
        text, start, end = self._evidence(s)
        add(node, _CCK.evidence, text)
        add(node, _CCK.evidenceStart, start)
        add(node, _CCK.evidenceEnd, end)

    def _evidence(self, s: Sentence) -> tuple[ox.Literal, ox.Literal, ox.Literal]:
        """The evidence literals of a sentence, made once: many nodes share a sentence."""
        cached = self._evidence_cache.get((s.start, s.end))
        if cached is None:
            cached = self._evidence_cache[(s.start, s.end)] = (
                ox.Literal(s.text),
                integer(s.start),
                integer(s.end),
            )
        return cached

    def item_iri(self, number: int | None) -> ox.NamedNode | None:
        return self.items.get(number) if number is not None else None

    # -- parts ---------------------------------------------------------------
    def add_document(self) -> None:
        h, add, doc = self.m.header, self.g.add, self.doc
        add(doc, _RDF.type, _CCK.Document)
        add(doc, _DCT.identifier, ox.Literal(h.number or ""))
        add(doc, _RDFS.label, ox.Literal(f"Council document {h.number}"))
        if h.date:
            add(doc, _DCT.date, date_literal(h.date))
        if h.place:
            add(doc, _SCHEMA.locationCreated, ox.Literal(h.place))
        if h.language:
            add(doc, _DCT.language, ox.Literal(h.language))
        for code in h.subject_codes:
            add(doc, _CCK.subjectCode, ox.Literal(code))
        if h.distribution:
            add(doc, _CCK.distribution, ox.Literal(h.distribution))
        if h.doc_type:
            add(doc, _CCK.documentType, ox.Literal(h.doc_type))
        if h.subject:
            add(doc, _DCT.title, ox.Literal(h.subject))
        if h.number_malformed:
            add(doc, _CCK.malformedIdentifier, _TRUE)
        add(doc, _CCK.sourceFile, ox.Literal(self.m.source))
        if self.m.digest:
            add(doc, _CCK.sourceDigest, ox.Literal(self.m.digest))
        if self.version:
            add(doc, _CCK.readerVersion, ox.Literal(self.version))
        # the normalised text that every cck:evidenceStart/End offset points into
        add(doc, _CCK.text, ox.Literal(self.m.text))
        add(doc, _CCK.recordsMeeting, self.meeting)
        for text, prop in ((h.sender, _CCK.sender), (h.recipient, _CCK.recipient)):
            if text:
                ref = self._party(text)
                if ref is not None:
                    add(doc, prop, self.entity(ref, self._sentence_of(ref)))

    def _party(self, text: str) -> EntityRef | None:
        """The From/To organisation, when it is one the reading side recognised."""
        body = self.m.meeting.body
        if body is not None and body.label == text.strip():
            return body
        for ref, _ in self.m.entities:
            if ref.label == text.strip():
                return ref
        return None

    def _sentence_of(self, ref: EntityRef) -> int | None:
        """The first sentence naming ``ref``: its evidence when it was read from the header."""
        for other, sentence in self.m.entities:
            if other.identity == ref.identity:
                return sentence
        needle = ref.label.casefold()
        for s in self.m.sentences:
            if needle in s.text.casefold():
                return s.index
        return None

    def add_meeting(self) -> None:
        m, add, iri = self.m.meeting, self.g.add, self.meeting
        add(iri, _RDF.type, _CCK.Meeting)
        add(iri, _CCK.recordedIn, self.doc)
        label = m.body.label if m.body else "Meeting"
        if m.date:
            add(iri, _SCHEMA.startDate, date_literal(m.date))
            add(iri, _CCK.heldOn, date_literal(m.date))
            label = f"{label}, {m.date.isoformat()}"
        if m.end_date:
            add(iri, _SCHEMA.endDate, date_literal(m.end_date))
        add(iri, _RDFS.label, ox.Literal(label))
        if m.body is not None:
            add(iri, _CCK.body, self.entity(m.body, self._sentence_of(m.body)))
        self.derived(iri, self._sentence_of(m.body) if m.body is not None else None)

    def add_items(self) -> None:
        add = self.g.add
        for item in self.m.items:
            iri = self.items[item.number]
            add(iri, _RDF.type, _CCK.AgendaItem)
            add(iri, _CCK.itemNumber, integer(item.number))
            add(iri, _DCT.title, ox.Literal(item.title))
            add(iri, _RDFS.label, ox.Literal(f"{item.number}. {item.title}"))
            add(iri, _CCK.text, ox.Literal(item.text))
            add(self.meeting, _CCK.hasAgendaItem, iri)
            add(iri, _CCK.agendaItemOf, self.meeting)
            add(iri, _PROV.wasDerivedFrom, self.doc)
            add(iri, _CCK.evidence, ox.Literal(f"{item.number}. {item.title}"))
            add(iri, _CCK.evidenceStart, integer(item.start))
            add(
                iri,
                _CCK.evidenceEnd,
                integer(item.start + len(f"{item.number}. {item.title}")),
            )
            for ref in item.mentions:
                add(iri, _CCK.mentions, self.entity(ref))

    def add_mentions(self) -> None:
        """Every entity named in an item is `cck:mentions`-linked from that item."""
        for ref, sentence in self.m.entities:
            iri = self.entity(ref, sentence)
            item = self.item_iri(self.m.sentences[sentence].item)
            if item is not None:
                self.g.add(item, _CCK.mentions, iri)

    def add_citations(self) -> None:
        add = self.g.add
        for c in self.m.citations:
            cited = named(self.minter.document(c.key))
            add(cited, _RDF.type, _CCK.Document)
            add(cited, _DCT.identifier, ox.Literal(c.number))
            add(cited, _RDFS.label, ox.Literal(f"Council document {c.number}"))
            if c.title:
                add(cited, _DCT.title, ox.Literal(c.title))
            if c.malformed:
                add(cited, _CCK.malformedIdentifier, _TRUE)
            self.derived(cited, c.sentence)
            add(self.doc, _CCK.cites, cited)
            item = self.item_iri(c.item)
            if item is not None:
                add(item, _CCK.cites, cited)

    def add_presentations(self) -> None:
        add = self.g.add
        ordinals: dict[tuple[int, str], int] = {}
        for p in self.m.presentations:
            item = self.item_iri(p.item)
            if item is None or p.item is None:
                continue
            presenter = self.entity(p.presenter, p.sentence)
            key = self._entity_key(p.presenter)
            n = ordinals[(p.item, key)] = ordinals.get((p.item, key), 0) + 1
            iri = named(self.minter.presentation(self.item_refs[p.item], key, n))
            add(iri, _RDF.type, _CCK.Presentation)
            add(iri, _CCK.presenter, presenter)
            add(iri, _CCK.presentedAt, item)
            # entailed by the chain presentedAt / agendaItemOf, but stated: the
            # questions about who presented at which meeting then join one
            # link instead of two (as agendaItemOf is stated beside hasAgendaItem)
            add(iri, _CCK.presentedIn, self.meeting)
            add(iri, _CCK.presentationVerb, ox.Literal(p.verb))
            add(
                iri,
                _RDFS.label,
                ox.Literal(f"{p.presenter.label} {p.verb} (item {p.item})"),
            )
            if p.topic:
                add(iri, _CCK.topic, ox.Literal(p.topic))
            for about in p.about:
                add(iri, _CCK.about, self.entity(about, p.sentence))
            self.derived(iri, p.sentence)
            add(item, _CCK.mentions, presenter)

    def add_operations(self) -> None:
        add = self.g.add
        for op in self.m.operations:
            iri = self.entity(op.ref, op.sentence)
            add(iri, _RDF.type, _CCK[op.kind])
            if op.leader is not None:
                add(iri, _CCK.ledBy, self.entity(op.leader, op.sentence))
            for t in op.targets:
                add(iri, _CCK.targets, self.entity(t, op.sentence))
            for s in op.systems:
                add(iri, _CCK.usesSystem, self.entity(s, op.sentence))
            item = self.item_iri(op.item)
            if item is not None:
                add(item, _CCK.mentions, iri)

    def add_events(self) -> None:
        add = self.g.add
        for e in self.m.events:
            iri = named(
                self.minter.event(e.label, e.start.isoformat() if e.start else None)
            )
            add(iri, _RDF.type, _CCK.Event)
            add(iri, _RDFS.label, ox.Literal(e.label))
            add(iri, _DCT.type, ox.Literal(e.kind))
            if e.start:
                add(iri, _SCHEMA.startDate, date_literal(e.start))
            if e.end:
                add(iri, _SCHEMA.endDate, date_literal(e.end))
            if e.place is not None:
                add(iri, _CCK.heldIn, self.entity(e.place, e.sentence))
            if e.organiser is not None:
                add(iri, _CCK.organisedBy, self.entity(e.organiser, e.sentence))
            if e.status:
                add(iri, _CCK.status, ox.Literal(e.status))
            self.derived(iri, e.sentence)
            item = self.item_iri(e.item)
            if item is not None:
                add(item, _CCK.mentions, iri)

    def add_relations(self) -> None:
        for r in self.m.relations:
            s = self.entity(r.subject, r.sentence)
            o = self.entity(r.object, r.sentence)
            self.g.add(s, _CCK[r.predicate], o)

    def build(self) -> DocumentGraph:
        self.add_document()
        self.add_meeting()
        self.add_items()
        self.add_mentions()
        self.add_citations()
        self.add_presentations()
        self.add_operations()
        self.add_events()
        self.add_relations()
        return self.g


def build_graph(
    minutes: Minutes, minter: Minter | None = None, version: str | None = None
) -> DocumentGraph:
    """The named graph of one document; ``version`` names the reading that made
    it (`kg.reading.reader_version`), so a store can tell whether reading the
    same file again would change anything."""
    return _Builder(minutes, minter or Minter(), version).build()
