"""Every namespace the project speaks, in one place.

`CCK` is a closed `DefinedNamespace`: a typo in a term raises instead of minting
a new IRI. A test keeps it in step with `ontology/customs.ttl`.
"""

from __future__ import annotations

from rdflib import (
    DCAT,
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    VOID,
    XSD,
    Namespace,
)
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

__all__ = [
    "CCK",
    "CCK_IRI",
    "DCAT",
    "DCT",
    "DEFAULT_BASE",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "VOID",
    "XSD",
]

CCK_IRI = "https://w3id.org/customs-kg/ontology#"
DEFAULT_BASE = "https://w3id.org/customs-kg/id/"

DCT = DCTERMS
SCHEMA = SDO
SH = Namespace("http://www.w3.org/ns/shacl#")


class CCK(DefinedNamespace):
    """The customs-kg ontology, `ontology/customs.ttl`."""

    _NS = Namespace(CCK_IRI)
    _fail = True

    # classes of the contract
    Document: URIRef
    Meeting: URIRef
    Event: URIRef
    AgendaItem: URIRef
    Presentation: URIRef
    Organisation: URIRef
    Agency: URIRef
    MemberState: URIRef
    Institution: URIRef
    CouncilBody: URIRef
    Unit: URIRef
    Operation: URIRef
    JointCustomsOperation: URIRef
    Threat: URIRef
    Commodity: URIRef
    InformationSystem: URIRef
    Programme: URIRef
    Place: URIRef
    CalendarDay: URIRef  # the summary graph
    PresenterCalendar: URIRef
    PresenterMonth: URIRef
    PresenterDay: URIRef
    Neighbourhood: URIRef
    NeighbourGroup: URIRef
    # properties of the contract
    recordsMeeting: URIRef
    hasAgendaItem: URIRef
    presentedAt: URIRef
    presenter: URIRef
    about: URIRef
    cites: URIRef
    mentions: URIRef
    ledBy: URIRef
    targets: URIRef
    partOf: URIRef
    usesSystem: URIRef
    heldIn: URIRef
    organisedBy: URIRef
    body: URIRef
    evidence: URIRef
    itemNumber: URIRef
    # extensions
    threats: URIRef  # the skos:ConceptScheme of threats
    commodities: URIRef  # the skos:ConceptScheme of commodities
    extractionConfidence: URIRef
    status: URIRef
    agendaItemOf: URIRef
    recordedIn: URIRef
    presentedIn: URIRef
    heldOn: URIRef
    hasComponent: URIRef
    text: URIRef
    subjectCode: URIRef
    distribution: URIRef
    documentType: URIRef
    malformedIdentifier: URIRef
    sender: URIRef
    recipient: URIRef
    presentationVerb: URIRef
    topic: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    sourceFile: URIRef
    sourceDigest: URIRef
    readerVersion: URIRef
    membershipEnded: URIRef
    # the summary graph: calendars and neighbourhoods
    startValue: URIRef
    firstDay: URIRef
    eventCount: URIRef
    eventsBefore: URIRef
    summarises: URIRef
    presenterMonth: URIRef
    inMonth: URIRef
    presenterDay: URIRef
    presentedOn: URIRef
    presentedInUndated: URIRef
    meetingPresentedAt: URIRef
    presentationCount: URIRef
    presentationsBefore: URIRef
    neighbourGroup: URIRef
    outgoingProperty: URIRef
    incomingProperty: URIRef
    neighbourCount: URIRef
    neighboursBefore: URIRef


PREFIXES: dict[str, str] = {
    "cck": CCK_IRI,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "org": str(ORG),
    "prov": str(PROV),
    "schema": str(SDO),
    "void": str(VOID),
    "dcat": str(DCAT),
    "sh": str(SH),
}
