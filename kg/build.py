"""Records → RDF in the contract terms of `ontology/customs.ttl`.

Each source document becomes one named graph (the document's IRI) holding every
statement read from it; each extracted node carries ``prov:wasDerivedFrom`` its
document and ``cck:evidence`` the sentence it came from, so that any fact can
be traced back to the minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.iris import Minter
from kg.namespaces import CCK, DCT, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from loaders.docnumbers import find_numbers
from loaders.records import DateValue, EntityRef, Minutes, Sentence

__all__ = ["DocumentGraph", "build_graph", "date_literal"]

Triple = tuple[Node, Node, Node]

# looked up once: the closed namespace's attribute access shows in the build profile
_DERIVED_FROM = PROV.wasDerivedFrom
_EVIDENCE = CCK.evidence
_EVIDENCE_START = CCK.evidenceStart
_EVIDENCE_END = CCK.evidenceEnd


def date_literal(value: DateValue) -> Literal:
    """``xsd:date``, or ``xsd:gYearMonth`` when the minutes give only a month."""
    if value.day is None:
        return Literal(value.isoformat(), datatype=XSD.gYearMonth)
    return Literal(value.isoformat(), datatype=XSD.date)


@dataclass
class DocumentGraph:
    """The triples of one source document, with the IRIs that name its parts."""

    document: URIRef
    meeting: URIRef
    triples: list[Triple] = field(default_factory=list)
    _seen: set[Triple] = field(default_factory=set, repr=False)

    def add(self, s: Node, p: Node, o: Node | None) -> None:
        if o is None:
            return
        triple = (s, p, o)
        if triple not in self._seen:
            self._seen.add(triple)
            self.triples.append(triple)

    @property
    def graph(self) -> URIRef:
        return self.document


class _Builder:
    def __init__(self, minutes: Minutes, minter: Minter) -> None:
        self.m = minutes
        self.minter = minter
        header = minutes.header
        assert header.number is not None
        parsed = find_numbers(header.number)
        self.doc = minter.document(parsed[0].key if parsed else header.number)
        meeting = minutes.meeting
        if meeting.body is not None and meeting.date is not None:
            self.meeting = minter.meeting(self._entity_key(meeting.body), meeting.date.isoformat())
        else:
            self.meeting = minter.meeting("of-document", str(self.doc).rsplit("/", 1)[-1])
        self.g = DocumentGraph(self.doc, self.meeting)
        self._entities: dict[EntityRef, URIRef] = {}
        self._evidence_cache: dict[tuple[int, int], tuple[Literal, Literal, Literal]] = {}
        self.items = {item.number: minter.item(self.meeting, item.number) for item in minutes.items}

    # -- helpers -------------------------------------------------------------
    def _entity_key(self, ref: EntityRef) -> str:
        return ref.ref.rsplit("/", 1)[-1] if ref.ref else (ref.key or ref.label)

    def entity(self, ref: EntityRef, sentence: int | None = None) -> URIRef:
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
            iri = self._entities[ref] = self.minter.rebase(ref.ref)
            return iri
        iri = self._entities[ref] = self.minter.entity(ref.kind, ref.key or ref.label)
        if sentence is None:  # named where no rule kept the sentence: the first that names it
            sentence = self._sentence_of(ref)
        add = self.g.add
        add(iri, RDF.type, CCK[ref.kind])
        add(iri, RDFS.label, Literal(ref.label))
        add(iri, SKOS.prefLabel, Literal(ref.label, lang="en"))
        if ref.confidence < 1:
            add(iri, CCK.extractionConfidence, Literal(Decimal(str(round(ref.confidence, 2)))))
        self.derived(iri, sentence)
        return iri

    def derived(self, node: URIRef, sentence: int | Sentence | None) -> None:
        add = self.g.add
        add(node, _DERIVED_FROM, self.doc)
        if sentence is None:
            return
        s = sentence if isinstance(sentence, Sentence) else self.m.sentences[sentence]
        text, start, end = self._evidence(s)
        add(node, _EVIDENCE, text)
        add(node, _EVIDENCE_START, start)
        add(node, _EVIDENCE_END, end)

    def _evidence(self, s: Sentence) -> tuple[Literal, Literal, Literal]:
        """The evidence literals of a sentence, made once: many nodes share a sentence."""
        cached = self._evidence_cache.get((s.start, s.end))
        if cached is None:
            cached = self._evidence_cache[(s.start, s.end)] = (
                Literal(s.text),
                Literal(str(s.start), datatype=XSD.integer),
                Literal(str(s.end), datatype=XSD.integer),
            )
        return cached

    def item_iri(self, number: int | None) -> URIRef | None:
        return self.items.get(number) if number is not None else None

    # -- parts ---------------------------------------------------------------
    def add_document(self) -> None:
        h, add, doc = self.m.header, self.g.add, self.doc
        add(doc, RDF.type, CCK.Document)
        add(doc, DCT.identifier, Literal(h.number))
        add(doc, RDFS.label, Literal(f"Council document {h.number}"))
        if h.date:
            add(doc, DCT.date, date_literal(h.date))
        if h.place:
            add(doc, SCHEMA.locationCreated, Literal(h.place))
        if h.language:
            add(doc, DCT.language, Literal(h.language))
        for code in h.subject_codes:
            add(doc, CCK.subjectCode, Literal(code))
        if h.distribution:
            add(doc, CCK.distribution, Literal(h.distribution))
        if h.doc_type:
            add(doc, CCK.documentType, Literal(h.doc_type))
        if h.subject:
            add(doc, DCT.title, Literal(h.subject))
        if h.number_malformed:
            add(doc, CCK.malformedIdentifier, Literal(True))
        add(doc, CCK.sourceFile, Literal(self.m.source))
        # the normalised text that every cck:evidenceStart/End offset points into
        add(doc, CCK.text, Literal(self.m.text))
        add(doc, CCK.recordsMeeting, self.meeting)
        for text, prop in ((h.sender, CCK.sender), (h.recipient, CCK.recipient)):
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
        add(iri, RDF.type, CCK.Meeting)
        add(iri, CCK.recordedIn, self.doc)
        label = m.body.label if m.body else "Meeting"
        if m.date:
            add(iri, SCHEMA.startDate, date_literal(m.date))
            label = f"{label}, {m.date.isoformat()}"
        if m.end_date:
            add(iri, SCHEMA.endDate, date_literal(m.end_date))
        add(iri, RDFS.label, Literal(label))
        if m.body is not None:
            add(iri, CCK.body, self.entity(m.body, self._sentence_of(m.body)))
        self.derived(iri, self._sentence_of(m.body) if m.body is not None else None)

    def add_items(self) -> None:
        add = self.g.add
        for item in self.m.items:
            iri = self.items[item.number]
            add(iri, RDF.type, CCK.AgendaItem)
            add(iri, CCK.itemNumber, Literal(item.number))
            add(iri, DCT.title, Literal(item.title))
            add(iri, RDFS.label, Literal(f"{item.number}. {item.title}"))
            add(iri, CCK.text, Literal(item.text))
            add(self.meeting, CCK.hasAgendaItem, iri)
            add(iri, CCK.agendaItemOf, self.meeting)
            add(iri, PROV.wasDerivedFrom, self.doc)
            add(iri, CCK.evidence, Literal(f"{item.number}. {item.title}"))
            add(iri, CCK.evidenceStart, Literal(item.start))
            add(iri, CCK.evidenceEnd, Literal(item.start + len(f"{item.number}. {item.title}")))
            for ref in item.mentions:
                add(iri, CCK.mentions, self.entity(ref))

    def add_mentions(self) -> None:
        """Every entity named in an item is `cck:mentions`-linked from that item."""
        for ref, sentence in self.m.entities:
            iri = self.entity(ref, sentence)
            item = self.item_iri(self.m.sentences[sentence].item)
            if item is not None:
                self.g.add(item, CCK.mentions, iri)

    def add_citations(self) -> None:
        add = self.g.add
        for c in self.m.citations:
            cited = self.minter.document(c.key)
            add(cited, RDF.type, CCK.Document)
            add(cited, DCT.identifier, Literal(c.number))
            add(cited, RDFS.label, Literal(f"Council document {c.number}"))
            if c.title:
                add(cited, DCT.title, Literal(c.title))
            if c.malformed:
                add(cited, CCK.malformedIdentifier, Literal(True))
            self.derived(cited, c.sentence)
            add(self.doc, CCK.cites, cited)
            item = self.item_iri(c.item)
            if item is not None:
                add(item, CCK.cites, cited)

    def add_presentations(self) -> None:
        add = self.g.add
        ordinals: dict[tuple[int, str], int] = {}
        for p in self.m.presentations:
            item = self.item_iri(p.item)
            if item is None:
                continue
            presenter = self.entity(p.presenter, p.sentence)
            key = self._entity_key(p.presenter)
            n = ordinals[(p.item, key)] = ordinals.get((p.item, key), 0) + 1
            iri = self.minter.presentation(item, key, n)
            add(iri, RDF.type, CCK.Presentation)
            add(iri, CCK.presenter, presenter)
            add(iri, CCK.presentedAt, item)
            add(iri, CCK.presentationVerb, Literal(p.verb))
            add(iri, RDFS.label, Literal(f"{p.presenter.label} {p.verb} (item {p.item})"))
            if p.topic:
                add(iri, CCK.topic, Literal(p.topic))
            for about in p.about:
                add(iri, CCK.about, self.entity(about, p.sentence))
            self.derived(iri, p.sentence)
            add(item, CCK.mentions, presenter)

    def add_operations(self) -> None:
        add = self.g.add
        for op in self.m.operations:
            iri = self.entity(op.ref, op.sentence)
            add(iri, RDF.type, CCK[op.kind])
            if op.leader is not None:
                add(iri, CCK.ledBy, self.entity(op.leader, op.sentence))
            for t in op.targets:
                add(iri, CCK.targets, self.entity(t, op.sentence))
            for s in op.systems:
                add(iri, CCK.usesSystem, self.entity(s, op.sentence))
            item = self.item_iri(op.item)
            if item is not None:
                add(item, CCK.mentions, iri)

    def add_events(self) -> None:
        add = self.g.add
        for e in self.m.events:
            iri = self.minter.event(e.label, e.start.isoformat() if e.start else None)
            add(iri, RDF.type, CCK.Event)
            add(iri, RDFS.label, Literal(e.label))
            add(iri, DCT.type, Literal(e.kind))
            if e.start:
                add(iri, SCHEMA.startDate, date_literal(e.start))
            if e.end:
                add(iri, SCHEMA.endDate, date_literal(e.end))
            if e.place is not None:
                add(iri, CCK.heldIn, self.entity(e.place, e.sentence))
            if e.organiser is not None:
                add(iri, CCK.organisedBy, self.entity(e.organiser, e.sentence))
            if e.status:
                add(iri, CCK.status, Literal(e.status))
            self.derived(iri, e.sentence)
            item = self.item_iri(e.item)
            if item is not None:
                add(item, CCK.mentions, iri)

    def add_relations(self) -> None:
        for r in self.m.relations:
            s = self.entity(r.subject, r.sentence)
            o = self.entity(r.object, r.sentence)
            self.g.add(s, CCK[r.predicate], o)

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


def build_graph(minutes: Minutes, minter: Minter | None = None) -> DocumentGraph:
    """The named graph of one document."""
    return _Builder(minutes, minter or Minter()).build()

