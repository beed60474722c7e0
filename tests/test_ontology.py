"""The ontology, the reference data (the extractor's gazetteer) and the shapes.

Each test is a promise made to a user of the graph: an analyst's saved query
relies on a contract term, the extractor relies on labels, outside systems rely
on `owl:sameAs` links, and `customs-kg check` relies on the shapes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, Namespace

from kg.iris import KIND_SEGMENTS, slug
from kg.namespaces import CCK, CCK_IRI, DEFAULT_BASE

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
REFERENCE = ONTOLOGY / "reference"
# plain namespaces: the closed rdflib ones warn when pytest inspects the module
SDO = Namespace("https://schema.org/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VANN = Namespace("http://purl.org/vocab/vann/")
ONTOLOGY_IRI = URIRef("https://w3id.org/customs-kg/ontology")

# The contract table of the design: names that saved queries and outside checks
# rely on. Hard-coded because the design folder is not shipped.
CONTRACT_CLASSES = [
    "Document",
    "Meeting",
    "Event",
    "AgendaItem",
    "Presentation",
    "Organisation",
    "Agency",
    "MemberState",
    "Institution",
    "CouncilBody",
    "Unit",
    "Operation",
    "JointCustomsOperation",
    "Threat",
    "Commodity",
    "InformationSystem",
    "Programme",
    "Place",
]
CONTRACT_OBJECT_PROPERTIES = [
    "recordsMeeting",
    "hasAgendaItem",
    "presentedAt",
    "presenter",
    "about",
    "cites",
    "mentions",
    "ledBy",
    "targets",
    "partOf",
    "usesSystem",
    "heldIn",
    "organisedBy",
    "body",
]
CONTRACT_DATATYPE_PROPERTIES = ["evidence", "itemNumber"]
CONTRACT_TERMS = (
    CONTRACT_CLASSES + CONTRACT_OBJECT_PROPERTIES + CONTRACT_DATATYPE_PROPERTIES
)

EXTENSION_OBJECT_PROPERTIES = [
    "agendaItemOf",
    "recordedIn",
    "presentedIn",
    "hasComponent",
    "sender",
    "recipient",
]
EXTENSION_DATATYPES = {
    "extractionConfidence": XSD.decimal,
    "status": XSD.string,
    "text": XSD.string,
    "subjectCode": XSD.string,
    "distribution": XSD.string,
    "documentType": XSD.string,
    "malformedIdentifier": XSD.boolean,
    "presentationVerb": XSD.string,
    "topic": XSD.string,
    "evidenceStart": XSD.integer,
    "evidenceEnd": XSD.integer,
    "sourceFile": XSD.string,
    "sourceDigest": XSD.string,
    "readerVersion": XSD.string,
    "membershipEnded": XSD.date,
    "evidence": XSD.string,
    "itemNumber": XSD.integer,
}
SCHEMES = {"threats", "commodities"}
ORGANISATION_KINDS = [
    CCK.Agency,
    CCK.MemberState,
    CCK.Institution,
    CCK.CouncilBody,
    CCK.Unit,
]

MEMBER_STATES_2016 = {
    "austria": "AUT",
    "belgium": "BEL",
    "bulgaria": "BGR",
    "croatia": "HRV",
    "cyprus": "CYP",
    "czech-republic": "CZE",
    "denmark": "DNK",
    "estonia": "EST",
    "finland": "FIN",
    "france": "FRA",
    "germany": "DEU",
    "greece": "GRC",
    "hungary": "HUN",
    "ireland": "IRL",
    "italy": "ITA",
    "latvia": "LVA",
    "lithuania": "LTU",
    "luxembourg": "LUX",
    "malta": "MLT",
    "netherlands": "NLD",
    "poland": "POL",
    "portugal": "PRT",
    "romania": "ROU",
    "slovakia": "SVK",
    "slovenia": "SVN",
    "spain": "ESP",
    "sweden": "SWE",
    "united-kingdom": "GBR",
}

SAME_AS = re.compile(
    r"^(?:http://www\.wikidata\.org/entity/Q[1-9]\d*"
    r"|http://publications\.europa\.eu/resource/authority/[a-z-]+/[A-Z0-9_-]+)$"
)


# --- fixtures ---------------------------------------------------------------


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "customs.ttl", format="turtle")


@pytest.fixture(scope="module")
def reference() -> Graph:
    graph = Graph()
    for path in sorted(REFERENCE.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")


def cck_terms(graph: Graph) -> set[str]:
    """Local names of every cck: term the ontology declares (typed subject)."""
    return {
        str(s)[len(CCK_IRI) :]
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(CCK_IRI)
    }


def entries(reference: Graph) -> list[URIRef]:
    """Every named reference entry: what the gazetteer is built from."""
    return sorted(
        s
        for s in set(reference.subjects(SKOS.prefLabel, None))
        if isinstance(s, URIRef) and (s, RDF.type, SKOS.ConceptScheme) not in reference
    )


def cck_types(reference: Graph, subject: URIRef) -> set[URIRef]:
    return {
        t for t in reference.objects(subject, RDF.type) if str(t).startswith(CCK_IRI)
    }


def list_members(graph: Graph, head) -> list:
    return list(Collection(graph, head))


# --- the ontology -----------------------------------------------------------


def test_the_ontology_parses_in_rdflib(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert len(ontology) > 200


def test_the_ontology_loads_in_owlready2(tmp_path: Path) -> None:
    owlready2 = pytest.importorskip("owlready2")
    nt = tmp_path / "customs.nt"
    Graph().parse(ONTOLOGY / "customs.ttl").serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(nt.as_uri()).load()
    names = {c.name for c in onto.classes()}
    assert set(CONTRACT_CLASSES) <= names
    props = {p.name for p in onto.properties()}
    assert set(CONTRACT_OBJECT_PROPERTIES) | set(EXTENSION_DATATYPES) <= props


def test_the_ontology_says_which_version_it_is_and_its_licence(ontology: Graph) -> None:
    assert (
        ONTOLOGY_IRI,
        OWL.versionIRI,
        URIRef("https://w3id.org/customs-kg/ontology/0.1.0"),
    ) in ontology
    assert str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    licence = str(ontology.value(ONTOLOGY_IRI, DCTERMS.license))
    assert "eupl" in licence.casefold()
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator):
        assert ontology.value(ONTOLOGY_IRI, prop) is not None, prop
    assert str(ontology.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix)) == "cck"


@pytest.mark.parametrize("term", CONTRACT_TERMS)
def test_every_contract_term_is_declared(ontology: Graph, term: str) -> None:
    iri = URIRef(CCK_IRI + term)
    if term in CONTRACT_CLASSES:
        expected = OWL.Class
    elif term in CONTRACT_OBJECT_PROPERTIES:
        expected = OWL.ObjectProperty
    else:
        expected = OWL.DatatypeProperty
    assert (iri, RDF.type, expected) in ontology, (
        f"cck:{term} is not declared as {expected}"
    )


def test_the_code_and_the_ontology_speak_the_same_terms(ontology: Graph) -> None:
    """`kg.namespaces.CCK` is closed: a term the ontology adds must be added there
    too, and a term the code uses must be declared here."""
    in_code = {name for name in CCK.__annotations__ if not name.startswith("_")}
    declared = cck_terms(ontology)
    assert in_code - declared == set(), (
        "used by the code but not declared in customs.ttl"
    )
    assert declared - in_code == set(), (
        "declared in customs.ttl but missing from kg.namespaces.CCK"
    )


def test_every_term_has_a_label_and_a_comment(ontology: Graph) -> None:
    missing = []
    for term in sorted(cck_terms(ontology)):
        iri = URIRef(CCK_IRI + term)
        label = ontology.value(iri, RDFS.label)
        comment = ontology.value(iri, RDFS.comment)
        if label is None or comment is None or len(str(comment)) < 40:
            missing.append(term)
    assert missing == []


def test_properties_are_typed_with_their_datatypes(ontology: Graph) -> None:
    for name in EXTENSION_OBJECT_PROPERTIES:
        assert (CCK[name], RDF.type, OWL.ObjectProperty) in ontology, name
    for name, datatype in EXTENSION_DATATYPES.items():
        assert (CCK[name], RDF.type, OWL.DatatypeProperty) in ontology, name
        assert ontology.value(CCK[name], RDFS.range) == datatype, name


def test_the_concept_schemes_exist(ontology: Graph, reference: Graph) -> None:
    for name in SCHEMES:
        assert (CCK[name], RDF.type, SKOS.ConceptScheme) in ontology
        assert (CCK[name], RDF.type, SKOS.ConceptScheme) in reference


def test_no_class_is_an_orphan(ontology: Graph) -> None:
    """Every class sits in a hierarchy: it has a superclass, or is one."""
    classes = {
        s for s in ontology.subjects(RDF.type, OWL.Class) if str(s).startswith(CCK_IRI)
    }
    supers = set(ontology.objects(None, RDFS.subClassOf))
    orphans = [
        c
        for c in classes
        if ontology.value(c, RDFS.subClassOf) is None and c not in supers
    ]
    assert orphans == []


def test_the_ontology_is_aligned_to_the_standard_vocabularies(ontology: Graph) -> None:
    org = Namespace("http://www.w3.org/ns/org#")
    assert (CCK.Organisation, RDFS.subClassOf, org.Organization) in ontology
    assert (CCK.Unit, RDFS.subClassOf, org.OrganizationalUnit) in ontology
    assert (CCK.Document, RDFS.subClassOf, PROV.Entity) in ontology
    assert (CCK.Threat, RDFS.subClassOf, SKOS.Concept) in ontology
    assert (CCK.Commodity, RDFS.subClassOf, SKOS.Concept) in ontology
    assert (CCK.Event, RDFS.subClassOf, SDO.Event) in ontology
    assert (CCK.Place, RDFS.subClassOf, SDO.Place) in ontology
    assert (CCK.heldIn, RDFS.subPropertyOf, SDO.location) in ontology
    assert (CCK.organisedBy, RDFS.subPropertyOf, SDO.organizer) in ontology
    assert (CCK.Meeting, RDFS.subClassOf, CCK.Event) in ontology
    assert (CCK.JointCustomsOperation, RDFS.subClassOf, CCK.Operation) in ontology
    for kind in [*ORGANISATION_KINDS]:
        assert (kind, RDFS.subClassOf, CCK.Organisation) in ontology


def test_the_axioms_that_make_reasoning_worthwhile(ontology: Graph) -> None:
    groups = [
        set(list_members(ontology, ontology.value(node, OWL.members)))
        for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    assert set(ORGANISATION_KINDS) in groups
    assert {
        CCK.Document,
        CCK.Event,
        CCK.Organisation,
        CCK.AgendaItem,
        CCK.Presentation,
    } in groups
    assert (CCK.hasAgendaItem, OWL.inverseOf, CCK.agendaItemOf) in ontology
    assert (CCK.recordsMeeting, OWL.inverseOf, CCK.recordedIn) in ontology
    assert (CCK.agendaItemOf, RDF.type, OWL.FunctionalProperty) in ontology
    chain = ontology.value(CCK.presentedIn, OWL.propertyChainAxiom)
    assert list_members(ontology, chain) == [CCK.presentedAt, CCK.agendaItemOf]


def test_domains_and_ranges_stay_permissive_where_minutes_vary(ontology: Graph) -> None:
    assert ontology.value(CCK.about, RDFS.range) is None
    assert ontology.value(CCK.mentions, RDFS.range) is None
    cites_domain = ontology.value(CCK.cites, RDFS.domain)
    assert set(list_members(ontology, ontology.value(cites_domain, OWL.unionOf))) == {
        CCK.Document,
        CCK.AgendaItem,
    }
    targets_range = ontology.value(CCK.targets, RDFS.range)
    assert set(list_members(ontology, ontology.value(targets_range, OWL.unionOf))) == {
        CCK.Threat,
        CCK.Commodity,
    }


@pytest.mark.java
@pytest.mark.slow
def test_hermit_finds_the_ontology_and_reference_data_consistent(
    tmp_path: Path,
) -> None:
    owlready2 = pytest.importorskip("owlready2")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for HermiT")
    graph = Graph().parse(ONTOLOGY / "customs.ttl")
    for path in sorted(REFERENCE.glob("*.ttl")):
        graph.parse(path)
    nt = tmp_path / "all.nt"
    graph.serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(nt.as_uri()).load()
    # xsd:date and xsd:gYearMonth (the contract's date types) are outside the
    # OWL 2 datatype map, so HermiT must be told to pass over them. Raises
    # OwlReadyInconsistentOntologyError when the data contradicts the axioms.
    owlready2.sync_reasoner_hermit(
        world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
    )
    assert list(world.inconsistent_classes()) == []


# --- the reference data -----------------------------------------------------


def test_the_reference_files_are_all_there() -> None:
    names = {p.name for p in REFERENCE.glob("*.ttl")}
    assert {
        "organisations.ttl",
        "member-states.ttl",
        "places.ttl",
        "systems.ttl",
        "threats.ttl",
        "commodities.ttl",
        "programmes.ttl",
    } <= names


def test_every_reference_file_says_where_its_identifiers_come_from() -> None:
    for path in REFERENCE.glob("*.ttl"):
        header = path.read_text(encoding="utf-8").split("@prefix", 1)[0]
        assert "Identifiers" in header, path.name


def test_every_entry_has_a_name_and_a_cck_type(
    reference: Graph, ontology: Graph
) -> None:
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    for entry in entries(reference):
        labels = list(reference.objects(entry, SKOS.prefLabel))
        assert len(labels) == 1, f"{entry} needs exactly one skos:prefLabel"
        assert labels[0].language == "en", entry
        types = cck_types(reference, entry)
        assert types, f"{entry} has no cck: type"
        assert types <= classes, f"{entry} has an undeclared type"


def test_every_organisation_has_exactly_one_kind(reference: Graph) -> None:
    for entry in entries(reference):
        types = cck_types(reference, entry)
        kinds = types & set(ORGANISATION_KINDS)
        if kinds or CCK.Organisation in types:
            assert len(kinds) == 1, f"{entry} is typed {sorted(kinds)}"


def test_entry_iris_follow_the_minting_rules(reference: Graph) -> None:
    """The same segment as `kg.iris.KIND_SEGMENTS`, and a last segment that is
    a slug, so that an extractor minting an IRI lands on the same entry."""
    for entry in entries(reference):
        iri = str(entry)
        assert iri.startswith(DEFAULT_BASE), iri
        segment, _, key = iri[len(DEFAULT_BASE) :].partition("/")
        kinds = {str(t)[len(CCK_IRI) :] for t in cck_types(reference, entry)}
        assert {KIND_SEGMENTS[k] for k in kinds} == {segment}, iri
        assert key == slug(key), iri


def test_links_between_entries_resolve(reference: Graph) -> None:
    known = set(entries(reference))
    for prop in (
        CCK.partOf,
        CCK.hasComponent,
        CCK.targets,
        SDO.location,
        SDO.containedInPlace,
        SDO.provider,
    ):
        for s, o in reference.subject_objects(prop):
            assert o in known, f"{s} {prop} {o}: no such entry"


def test_components_and_programmes_point_at_each_other(reference: Graph) -> None:
    for programme, component in reference.subject_objects(CCK.hasComponent):
        assert (component, CCK.partOf, programme) in reference, component


def test_every_same_as_link_is_a_wellformed_authority_iri(reference: Graph) -> None:
    links = list(reference.subject_objects(OWL.sameAs))
    assert links
    for s, o in links:
        assert isinstance(o, URIRef) and SAME_AS.match(str(o)), f"{s} owl:sameAs {o}"


def test_no_identifier_is_claimed_by_two_entries(reference: Graph) -> None:
    seen: dict[URIRef, URIRef] = {}
    for s, o in reference.subject_objects(OWL.sameAs):
        assert seen.setdefault(o, s) == s, f"{o} is claimed by {seen[o]} and {s}"


def test_all_28_member_states_of_2016_are_there(reference: Graph) -> None:
    states = set(reference.subjects(RDF.type, CCK.MemberState))
    assert len(states) == 28
    country = "http://publications.europa.eu/resource/authority/country/"
    for key, iso in MEMBER_STATES_2016.items():
        iri = URIRef(DEFAULT_BASE + "org/" + key)
        assert iri in states, key
        assert (iri, OWL.sameAs, URIRef(country + iso)) in reference, key
        assert (
            iri,
            SDO.location,
            URIRef(DEFAULT_BASE + "place/" + key),
        ) in reference, key


def test_the_united_kingdom_is_flagged_as_having_left(reference: Graph) -> None:
    uk = URIRef(DEFAULT_BASE + "org/united-kingdom")
    assert reference.value(uk, CCK.membershipEnded) == Literal(
        "2020-01-31", datatype=XSD.date
    )
    ended = set(reference.subjects(CCK.membershipEnded, None))
    assert ended == {uk}


def test_delegations_are_recognised_by_their_adjectives(reference: Graph) -> None:
    """ "the Polish delegation", "French customs", "Hellenic customs"."""
    forms = {
        "Polish": "poland",
        "French": "france",
        "Greek": "greece",
        "Hellenic": "greece",
        "Slovak": "slovakia",
        "German": "germany",
        "Dutch": "netherlands",
        "Czech": "czech-republic",
    }
    for form, key in forms.items():
        iri = URIRef(DEFAULT_BASE + "org/" + key)
        assert (iri, SKOS.hiddenLabel, Literal(form, lang="en")) in reference, form


def test_every_threat_and_commodity_is_in_its_scheme(reference: Graph) -> None:
    for cls, scheme in ((CCK.Threat, CCK.threats), (CCK.Commodity, CCK.commodities)):
        concepts = set(reference.subjects(RDF.type, cls))
        assert concepts
        tops = set(reference.objects(scheme, SKOS.hasTopConcept))
        for concept in concepts:
            assert (concept, RDF.type, SKOS.Concept) in reference, concept
            assert (concept, SKOS.inScheme, scheme) in reference, concept
            broader = set(reference.objects(concept, SKOS.broader))
            is_top = (concept, SKOS.topConceptOf, scheme) in reference
            assert is_top == (concept in tops), concept
            assert is_top or broader, (
                f"{concept} is neither a top concept nor under one"
            )
            assert broader <= concepts, concept


def test_broader_and_narrower_agree_and_never_loop(reference: Graph) -> None:
    for narrow, broad in reference.subject_objects(SKOS.broader):
        assert (broad, SKOS.narrower, narrow) in reference, (narrow, broad)
    for broad, narrow in reference.subject_objects(SKOS.narrower):
        assert (narrow, SKOS.broader, broad) in reference, (broad, narrow)
    for concept in set(reference.subjects(SKOS.broader, None)):
        ancestors = set(reference.transitive_objects(concept, SKOS.broader)) - {concept}
        assert concept not in {
            a for a in ancestors for a in reference.transitive_objects(a, SKOS.broader)
        }, concept


def test_a_name_points_to_one_entry_of_each_kind(reference: Graph) -> None:
    """Within one kind, a surface form must not be ambiguous, or the extractor
    would have to guess."""
    owner: dict[tuple[str, str], URIRef] = {}
    for entry in entries(reference):
        kinds = {str(t) for t in cck_types(reference, entry)}
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, RDFS.label):
            for label in reference.objects(entry, prop):
                for kind in kinds:
                    key = (kind, str(label).casefold())
                    assert owner.setdefault(key, entry) == entry, (
                        f"{label!r}: {owner[key]} and {entry}"
                    )


def test_the_wco_security_programme_and_its_components(reference: Graph) -> None:
    prog = Namespace(DEFAULT_BASE + "programme/")
    commodity = Namespace(DEFAULT_BASE + "commodity/")
    threat = Namespace(DEFAULT_BASE + "threat/")
    components = set(
        reference.objects(prog["wco-security-programme"], CCK.hasComponent)
    )
    assert components == {prog["global-shield"], prog["stce"], prog["salw-project"]}
    assert (
        prog["global-shield"],
        CCK.targets,
        commodity["improvised-explosive-devices"],
    ) in reference
    assert (prog["stce"], CCK.targets, threat["wmd-proliferation"]) in reference
    assert (
        prog["salw-project"],
        CCK.targets,
        commodity["small-arms-and-light-weapons"],
    ) in reference


def test_units_say_which_organisation_they_belong_to(reference: Graph) -> None:
    europol = URIRef(DEFAULT_BASE + "org/europol")
    assert (URIRef(DEFAULT_BASE + "unit/ectc"), CCK.partOf, europol) in reference
    for unit in reference.subjects(RDF.type, CCK.Unit):
        assert reference.value(unit, CCK.partOf) is not None, unit


# Names as written in the example minutes (12582/16), with the kind and entry
# they must resolve to.
EXAMPLE_NAMES = [
    ("Europol", "Agency", "org/europol"),
    ("Frontex", "Agency", "org/frontex"),
    ("OLAF", "Agency", "org/olaf"),
    ("WCO", "Agency", "org/wco"),
    ("Commission", "Institution", "org/european-commission"),
    ("the Presidency", "CouncilBody", "org/presidency"),
    ("General Secretariat of the Council", "CouncilBody", "org/gsc"),
    ("Customs Cooperation Working Party (Experts)", "CouncilBody", "org/ccwp-experts"),
    ("CCWP Plenary", "CouncilBody", "org/ccwp"),
    ("Poland", "MemberState", "org/poland"),
    ("France", "MemberState", "org/france"),
    ("Greece", "MemberState", "org/greece"),
    ("Slovakia", "MemberState", "org/slovakia"),
    ("Germany", "MemberState", "org/germany"),
    ("French", "MemberState", "org/france"),
    ("European Counter Terrorism Centre", "Unit", "unit/ectc"),
    ("ECTC", "Unit", "unit/ectc"),
    ("Eurosur Fusion Services", "Unit", "unit/eurosur-fusion-services"),
    ("Joint Terrorism Centre", "Unit", "unit/joint-terrorism-centre"),
    (
        "National Security and Analytical Centre",
        "Unit",
        "unit/national-security-and-analytical-centre",
    ),
    ("SIENA", "InformationSystem", "system/siena"),
    ("PNR", "InformationSystem", "system/pnr"),
    ("API", "InformationSystem", "system/api"),
    ("Import Control System", "InformationSystem", "system/ics"),
    ("SIS II", "InformationSystem", "system/sis-ii"),
    ("ContainerComm", "InformationSystem", "system/containercomm"),
    ("APNR", "InformationSystem", "system/anpr"),
    ("Automatic Number Plate Recognition", "InformationSystem", "system/anpr"),
    ("EMPACT", "Programme", "programme/empact"),
    ("EU Policy Cycle", "Programme", "programme/empact"),
    ("8th Action Plan", "Programme", "programme/ccwp-8th-action-plan"),
    ("WCO Security Programme", "Programme", "programme/wco-security-programme"),
    ("Programme Global Shield", "Programme", "programme/global-shield"),
    (
        "Strategic Trade Control Enforcement (STCE) Project",
        "Programme",
        "programme/stce",
    ),
    ("SALW Project", "Programme", "programme/salw-project"),
    ("Joint action Days", "Programme", "programme/joint-action-days"),
    (
        "EU Strategy and Action Plan for customs risk management",
        "Programme",
        "programme/customs-risk-management-strategy",
    ),
    ("excise duties for mineral oils", "Threat", "threat/mineral-oil-fraud"),
    (
        "fraud regarding customs procedure 42.00",
        "Threat",
        "threat/customs-procedure-42-fraud",
    ),
    ("Cigarettes smuggling", "Threat", "threat/tobacco-smuggling"),
    ("migrant smuggling", "Threat", "threat/migrant-smuggling"),
    ("counter-terrorism", "Threat", "threat/terrorism"),
    ("terrorism financing", "Threat", "threat/terrorism-financing"),
    ("Terrorist financing", "Threat", "threat/terrorism-financing"),
    ("money laundering", "Threat", "threat/money-laundering"),
    ("corruption", "Threat", "threat/corruption"),
    ("weapons of mass destruction", "Threat", "threat/wmd-proliferation"),
    ("cigarettes", "Commodity", "commodity/cigarettes"),
    ("drugs", "Commodity", "commodity/drugs"),
    ("weapons", "Commodity", "commodity/weapons"),
    ("roll your own tobacco", "Commodity", "commodity/roll-your-own-tobacco"),
    ("water pipe tobacco", "Commodity", "commodity/water-pipe-tobacco"),
    ("cheap whites", "Commodity", "commodity/cheap-whites"),
    ("precursors", "Commodity", "commodity/drug-precursors"),
    ("radiological goods", "Commodity", "commodity/radiological-and-nuclear-material"),
    (
        "improvised explosive devices",
        "Commodity",
        "commodity/improvised-explosive-devices",
    ),
    (
        "Small Arms and Light-Weapons",
        "Commodity",
        "commodity/small-arms-and-light-weapons",
    ),
    ("cultural goods", "Commodity", "commodity/cultural-goods"),
    ("excise goods", "Commodity", "commodity/excise-goods"),
    ("cash", "Commodity", "commodity/cash"),
    ("Riga", "Place", "place/riga"),
    ("Warsaw", "Place", "place/warsaw"),
    ("Brussels", "Place", "place/brussels"),
    ("Bratislava", "Place", "place/bratislava"),
    ("North Africa", "Place", "place/north-africa"),
    ("Belarus", "Place", "place/belarus"),
    ("China", "Place", "place/china"),
    ("South America", "Place", "place/south-america"),
    ("UK", "Place", "place/united-kingdom"),
]


@pytest.mark.parametrize(("name", "kind", "key"), EXAMPLE_NAMES)
def test_names_in_the_example_minutes_are_in_the_gazetteer(
    reference: Graph, name: str, kind: str, key: str
) -> None:
    target = URIRef(DEFAULT_BASE + key)
    assert (target, RDF.type, CCK[kind]) in reference, f"{key} is not a cck:{kind}"
    forms = {
        str(label).casefold()
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
        for label in reference.objects(target, prop)
    }
    assert name.casefold() in forms, f"{name!r} is not a label of {key}"


# --- the shapes -------------------------------------------------------------


def named_shapes(shapes: Graph) -> list:
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = set(shapes.objects(None, SH.property))
    return sorted(node_shapes | property_shapes, key=str)


def test_every_shape_has_a_name_and_a_message_a_user_can_act_on(shapes: Graph) -> None:
    for shape in named_shapes(shapes):
        name = shapes.value(shape, SH.name) or shapes.value(shape, RDFS.label)
        assert name is not None, shape
        assert shapes.value(shape, SH.message) is not None, f"{name} has no sh:message"


@pytest.mark.parametrize("cls", CONTRACT_CLASSES)
def test_every_contract_class_has_a_shape(shapes: Graph, cls: str) -> None:
    assert (None, SH.targetClass, CCK[cls]) in shapes


def test_extracted_nodes_must_carry_evidence(shapes: Graph) -> None:
    shape = shapes.value(None, SH.targetSubjectsOf, PROV.wasDerivedFrom)
    assert shape is not None
    paths = {shapes.value(p, SH.path) for p in shapes.objects(shape, SH.property)}
    assert {CCK.evidence, CCK.extractionConfidence, PROV.wasDerivedFrom} <= paths


def validate(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, Graph]:
    pyshacl = pytest.importorskip("pyshacl")
    conforms, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
    )
    return conforms, results


def violations(results: Graph) -> list:
    return list(results.subjects(SH.resultSeverity, SH.Violation))


def test_the_reference_data_passes_the_shapes(
    reference: Graph, shapes: Graph, ontology: Graph
) -> None:
    conforms, results = validate(reference, shapes, ontology)
    assert violations(results) == []
    assert conforms


def document(number: str, malformed: bool | None = None) -> Graph:
    graph = Graph()
    doc = URIRef(DEFAULT_BASE + "doc/" + slug(number))
    graph.add((doc, RDF.type, CCK.Document))
    graph.add((doc, DCTERMS.identifier, Literal(number)))
    if malformed is not None:
        graph.add((doc, CCK.malformedIdentifier, Literal(malformed)))
    return graph


@pytest.mark.parametrize(
    "number",
    [
        "12582/16",
        "CM 3817/16",
        "5300/1/16 REV 1",
        "11495/1/16 REV 1",
        "ST 9876/17 ADD 1",
    ],
)
def test_council_numbers_pass_the_document_shape(
    shapes: Graph, ontology: Graph, number: str
) -> None:
    conforms, _ = validate(document(number), shapes, ontology)
    assert conforms


def test_a_malformed_number_must_be_flagged_not_dropped(
    shapes: Graph, ontology: Graph
) -> None:
    conforms, results = validate(document("5109/2/1 REV 2"), shapes, ontology)
    assert not conforms and violations(results)
    conforms, _ = validate(document("5109/2/1 REV 2", malformed=True), shapes, ontology)
    assert conforms


def test_shapes_catch_what_breaks_a_saved_query(
    shapes: Graph, ontology: Graph, reference: Graph
) -> None:
    meeting = URIRef(DEFAULT_BASE + "meeting/ccwp-experts/2016-09-23")
    item = URIRef(f"{meeting}/item/4")
    presentation = URIRef(f"{item}/presentation/poland-1")
    event = URIRef(DEFAULT_BASE + "event/oap-drafting-meetings-2016-09")
    good = document("12582/16")
    doc = next(good.subjects(RDF.type, CCK.Document))
    good += [
        (doc, CCK.recordsMeeting, meeting),
        (meeting, RDF.type, CCK.Meeting),
        (meeting, SDO.startDate, Literal("2016-09-23", datatype=XSD.date)),
        (meeting, CCK.body, URIRef(DEFAULT_BASE + "org/ccwp-experts")),
        (meeting, CCK.hasAgendaItem, item),
        (item, RDF.type, CCK.AgendaItem),
        (item, CCK.itemNumber, Literal(4)),
        (item, DCTERMS.title, Literal("Joint Customs Operations and other operations")),
        (presentation, RDF.type, CCK.Presentation),
        (presentation, CCK.presenter, URIRef(DEFAULT_BASE + "org/poland")),
        (presentation, CCK.presentedAt, item),
        (presentation, PROV.wasDerivedFrom, doc),
        (
            presentation,
            CCK.evidence,
            Literal("Poland presented a state of play of ..."),
        ),
        (event, RDF.type, CCK.Event),
        (event, SDO.startDate, Literal("2016-09", datatype=XSD.gYearMonth)),
        (event, CCK.status, Literal("forthcoming")),
    ]
    conforms, results = validate(good + reference, shapes, ontology)
    assert violations(results) == []

    bad = Graph()
    bad += good
    bad.remove((presentation, CCK.evidence, None))
    bad.add((item, CCK.itemNumber, Literal("four")))
    bad.add((presentation, CCK.presenter, URIRef(DEFAULT_BASE + "threat/terrorism")))
    bad.add((event, CCK.status, Literal("soon")))
    conforms, results = validate(bad + reference, shapes, ontology)
    focus = {results.value(r, SH.focusNode) for r in violations(results)}
    assert {item, presentation, event} <= focus


@pytest.mark.parametrize(
    ("kind", "recorded", "evidence", "conforms"),
    [
        ("Meeting", True, False, True),  # the meeting a document records
        ("Meeting", False, False, False),
        ("Meeting", False, True, True),  # a meeting mentioned in the text
        ("Presentation", False, False, False),
        ("Presentation", True, True, False),  # only meetings are recorded in minutes
    ],
)
def test_an_extracted_fact_without_its_sentence_is_reported(
    shapes: Graph,
    ontology: Graph,
    kind: str,
    recorded: bool,
    evidence: bool,
    conforms: bool,
) -> None:
    graph = document("12582/16")
    doc = next(graph.subjects(RDF.type, CCK.Document))
    node = URIRef(DEFAULT_BASE + "node/1")
    graph += [(node, RDF.type, CCK[kind]), (node, PROV.wasDerivedFrom, doc)]
    if recorded:
        graph.add((node, CCK.recordedIn, doc))
    if evidence:
        graph.add((node, CCK.evidence, Literal("The Chair opened the meeting.")))
    _, results = validate(graph, shapes, ontology)
    flagged = {results.value(r, SH.focusNode) for r in violations(results)}
    assert (node not in flagged) is conforms


def test_an_agenda_item_without_a_meeting_is_reported(
    shapes: Graph, ontology: Graph
) -> None:
    item = BNode()
    graph = Graph()
    graph += [
        (item, RDF.type, CCK.AgendaItem),
        (item, CCK.itemNumber, Literal(1)),
        (item, DCTERMS.title, Literal("Adoption of the agenda")),
    ]
    conforms, results = validate(graph, shapes, ontology)
    assert not conforms
    assert any(
        "exactly one cck:Meeting" in str(results.value(r, SH.resultMessage))
        for r in violations(results)
    )
