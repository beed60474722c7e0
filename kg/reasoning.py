"""Reasoning over the graph: OWL 2 RL materialisation and HermiT consistency.

Two engines, for two jobs:

- `entailments` materialises what the ontology lets a consumer conclude
  (``export --infer``). It applies the OWL 2 RL/RDF rules (OWL 2 Profiles §4.3)
  that our ontology uses, as SPARQL updates run to a fixpoint in an in-memory
  Oxigraph store: cax-sco, cax-eqc1/2 (Table 7), prp-dom, prp-rng, prp-spo1,
  prp-spo2 (two-step chains: ``cck:presentedIn``), prp-eqp1/2, prp-inv1/2,
  prp-symp, prp-trp (Table 5). Measured on 1,000 synthetic minutes (182k quads):
  owlrl's ``DeductiveClosure(OWLRL_Semantics)`` applies every rule of the
  profile in pure Python and takes 108 s on that graph (45 s on 100 minutes),
  while these rules take 8 s and produce the data-level entailments of the
  axioms we have (owl:sameAs smushing is left out on purpose: the links to Wikidata and
  the EU authority tables would copy every statement onto outside IRIs).
- `run_hermit` runs HermiT through owlready2 for the full OWL 2 DL check.
  HermiT gets the TBox and a *type/relation-only* ABox (`reasoning_abox`):
  class assertions, object property assertions, owl:sameAs and the values of
  functional datatype properties. Literals such as ``cck:text`` and
  ``cck:evidence`` play no part in any axiom, so dropping them loses no
  inference and halves the input; on 1,000 minutes (88k ABox triples) HermiT
  then takes about 13 s with owlready2's loading, and ``customs-kg check``
  about 60 s in all, SHACL included, at 0.7 GB (Python) and 0.5 GB (Java).

HermiT makes no unique-name assumption, so two values of the functional
``cck:agendaItemOf`` would only make it merge two meetings. Our own IRIs are
minted from distinct keys (`kg.iris`), so two of them never name one thing:
`unique_names` states ``owl:differentFrom`` for exactly the pairs that a
functional property would otherwise merge, which is where the assumption
matters.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import chain
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.backends.base import Backend, Triple
from kg.backends.oxterms import from_ox, to_ox, to_ox_triples
from kg.iris import Minter
from kg.namespaces import OWL, PREFIXES, RDF, RDFS
from kg.reference import ontology_graph
from kg.resources import ontology_dir
from kg.sparql import bind

__all__ = [
    "JAVA_MISSING",
    "RL_RULES",
    "HermitResult",
    "Materialisation",
    "ReasonerUnavailable",
    "data_triples",
    "entailments",
    "reasoning_abox",
    "run_hermit",
    "tbox",
    "unique_names",
]

JAVA_MISSING = "Java is needed for HermiT: install a JRE (Debian: default-jre-headless) or run with --no-reasoner"

_ASSERTED = ox.NamedNode("urn:customs-kg:asserted")

#: OWL 2 RL/RDF rules (OWL 2 Profiles §4.3, Tables 5 and 7) as SPARQL updates;
#: each adds its conclusions to the default graph, and `Materialisation` runs
#: them until the store stops growing.
RL_RULES: tuple[tuple[str, str], ...] = (
    (
        "cax-sco",
        "INSERT { ?x a ?c2 } WHERE { ?c1 rdfs:subClassOf ?c2 . FILTER(isIRI(?c2)) ?x a ?c1 }",
    ),
    (
        "cax-eqc",
        "INSERT { ?x a ?c2 } WHERE { { ?c1 owl:equivalentClass ?c2 } UNION { ?c2 owl:equivalentClass ?c1 }"
        " FILTER(isIRI(?c2)) ?x a ?c1 }",
    ),
    (
        "prp-dom",
        "INSERT { ?x a ?c } WHERE { ?p rdfs:domain ?c . FILTER(isIRI(?c)) ?x ?p ?y }",
    ),
    (
        "prp-rng",
        "INSERT { ?y a ?c } WHERE { ?p rdfs:range ?c . FILTER(isIRI(?c) && !STRSTARTS(STR(?c), STR(xsd:))"
        " && STR(?c) != STR(rdfs:Literal)) ?x ?p ?y . FILTER(!isLiteral(?y)) }",
    ),
    (
        "prp-spo1",
        "INSERT { ?x ?q ?y } WHERE { ?p rdfs:subPropertyOf ?q . FILTER(isIRI(?q)) ?x ?p ?y }",
    ),
    (
        "prp-eqp",
        "INSERT { ?x ?q ?y } WHERE { { ?p owl:equivalentProperty ?q } UNION { ?q owl:equivalentProperty ?p }"
        " FILTER(isIRI(?q)) ?x ?p ?y }",
    ),
    (
        "prp-inv",
        "INSERT { ?y ?q ?x } WHERE { { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p }"
        " FILTER(isIRI(?q)) ?x ?p ?y . FILTER(!isLiteral(?y)) }",
    ),
    (
        "prp-symp",
        "INSERT { ?y ?p ?x } WHERE { ?p a owl:SymmetricProperty . ?x ?p ?y . FILTER(!isLiteral(?y)) }",
    ),
    (
        "prp-trp",
        "INSERT { ?x ?p ?z } WHERE { ?p a owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z }",
    ),
    (
        "prp-spo2",
        "INSERT { ?x ?p ?z } WHERE { ?p owl:propertyChainAxiom ?l . ?l rdf:first ?p1 ; rdf:rest ?l2 ."
        " ?l2 rdf:first ?p2 ; rdf:rest rdf:nil . ?x ?p1 ?y . ?y ?p2 ?z }",
    ),
)

_NEW = "SELECT ?s ?p ?o WHERE { ?s ?p ?o . FILTER NOT EXISTS { GRAPH <urn:customs-kg:asserted> { ?s ?p ?o } } }"

# Everything but the ontology graph (the packaged ontology is used instead, so
# a store loaded by an older version is checked against the current axioms), a
# graph of earlier entailments, and the summary graph: an index the paged
# questions read, rebuilt from the minutes and checked for staleness on its
# own, that would add an eighth to every step's work and nothing to what it finds.
_DATA = (
    "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o }"
    " FILTER(?g != ?ontology && ?g != ?inferred && ?g != ?summary) }"
)


class ReasonerUnavailable(Exception):
    """HermiT cannot run (no Java, or Java failed); the message is one line."""


@cache
def tbox() -> Graph:
    """The ontology with its alignments to outside vocabularies (``ontology/alignments.ttl``)."""
    graph = Graph()
    graph += ontology_graph()
    alignments = ontology_dir() / "alignments.ttl"
    if alignments.is_file():
        graph.parse(alignments, format="turtle")
    return graph


def data_triples(backend: Backend, minter: Minter | None = None) -> Iterator[Triple]:
    """The union of the document and reference graphs, each triple once or more."""
    minter = minter or Minter()
    result = backend.query(
        _DATA,
        {
            "ontology": minter.ontology_graph,
            "inferred": minter.inferred_graph,
            "summary": minter.summary_graph,
        },
    )
    for row in result:
        s, p, o = row  # type: ignore[misc]
        yield s, p, o


class Materialisation:
    """An in-memory Oxigraph store holding TBox + data and their OWL 2 RL closure."""

    def __init__(self, data: Iterable[Triple], ontology: Graph) -> None:
        self.store = ox.Store()
        quads: list[ox.Quad] = []
        for triples in (ontology, data):
            for s, p, o in triples:
                ts, tp, to = to_ox(s), to_ox(p), to_ox(o)
                quads.append(ox.Quad(ts, tp, to, ox.DefaultGraph()))  # type: ignore[arg-type]
                quads.append(ox.Quad(ts, tp, to, _ASSERTED))  # type: ignore[arg-type]
        self.store.extend(quads)
        self.rounds = 0
        size = -1
        while size != len(self.store):
            size = len(self.store)
            self.rounds += 1
            for _, rule in RL_RULES:
                self.store.update(rule, prefixes=PREFIXES)

    def new_triples(self) -> list[Triple]:
        """What the rules added to what was given."""
        out: list[Triple] = []
        solutions = self.store.query(_NEW)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            s, p, o = (from_ox(row[i]) for i in range(3))
            assert s is not None and p is not None and o is not None
            out.append((s, p, o))
        return out

    def select(
        self, sparql: str, bindings: dict[str, URIRef] | None = None
    ) -> list[tuple[Node | None, ...]]:
        """Rows of a SELECT over the closure (the default graph), variables bound by the engine."""
        solutions = self.store.query(
            bind(sparql, dict(bindings or {})), prefixes=PREFIXES
        )
        assert isinstance(solutions, ox.QuerySolutions)
        width = len(solutions.variables)
        return [tuple(from_ox(row[i]) for i in range(width)) for row in solutions]


def entailments(backend: Backend, minter: Minter | None = None) -> list[Triple]:
    """OWL 2 RL entailments of the ontology and the data, minus what is asserted.

    ``export --infer`` writes them to ``minter.inferred_graph``: a meeting is a
    ``cck:Event`` (cax-sco), a presentation is ``cck:presentedIn`` its meeting
    (prp-spo2), an item is ``cck:agendaItemOf`` its meeting (prp-inv), and so on.
    Statements about the ontology's own terms are left out: they are not data.
    """
    ontology = tbox()
    closure = Materialisation(data_triples(backend, minter), ontology)
    terms = set(ontology.subjects())
    return [
        t
        for t in closure.new_triples()
        if t[0] not in terms and not isinstance(t[0], Literal)
    ]


def reasoning_abox(triples: Iterable[Triple], ontology: Graph) -> list[Triple]:
    """The part of the data HermiT can use: types, relations, owl:sameAs and
    functional datatype values; every individual declared ``owl:NamedIndividual``
    so that OWL API reads the N-Triples as OWL 2 DL (OWL 2 Mapping to RDF §3).

    Plain triples, each once, not an rdflib graph: they only pass on to the
    rules' store and HermiT's input file, and filling a graph with half a
    million of them, then copying it, took longer than HermiT's own work."""
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    object_properties = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    functional_data = set(ontology.subjects(RDF.type, OWL.DatatypeProperty)) & set(
        ontology.subjects(RDF.type, OWL.FunctionalProperty)
    )
    abox: dict[Triple, None] = {}  # insertion-ordered and each triple once
    individuals: set[URIRef] = set()
    for s, p, o in triples:
        if not isinstance(s, URIRef):
            continue
        if p == RDF.type:
            if o in classes:
                abox[s, p, o] = None
                individuals.add(s)
        elif p in object_properties or p in (OWL.sameAs, OWL.differentFrom):
            if isinstance(o, URIRef):
                abox[s, p, o] = None
                individuals.update((s, o))
        elif p in functional_data and isinstance(o, Literal):
            abox[s, p, o] = None
            individuals.add(s)
    for individual in individuals - classes - object_properties:
        abox[individual, RDF.type, OWL.NamedIndividual] = None
    return list(abox)


_FUNCTIONAL_VALUES = """
SELECT ?a ?b WHERE {
  ?p a owl:FunctionalProperty . ?x ?p ?a , ?b .
  FILTER(isIRI(?a) && isIRI(?b) && STR(?a) < STR(?b))
  FILTER NOT EXISTS { ?a owl:sameAs ?b } FILTER NOT EXISTS { ?b owl:sameAs ?a }
}
"""


def unique_names(closure: Materialisation, minter: Minter) -> list[Triple]:
    """``owl:differentFrom`` between two of our IRIs that a functional property
    would merge: the unique-name assumption holds for IRIs minted by `kg.iris`."""
    return [
        (a, OWL.differentFrom, b)
        for a, b in closure.select(_FUNCTIONAL_VALUES)
        if isinstance(a, URIRef)
        and isinstance(b, URIRef)
        and a.startswith(minter.base)
        and b.startswith(minter.base)
    ]


@dataclass
class HermitResult:
    """HermiT's answer: consistent or not, and every individual's named types."""

    consistent: bool
    types: dict[URIRef, set[URIRef]]
    seconds: float = 0.0


def _java() -> str:
    import owlready2

    java = shutil.which(owlready2.JAVA_EXE)
    if java is None:
        raise ReasonerUnavailable(JAVA_MISSING)
    return java


def run_hermit(
    ontology: Graph, abox: Iterable[Triple], *, java_memory: int = 2000
) -> HermitResult:
    """Classify and realise TBox + ABox with HermiT (owlready2's ``sync_reasoner``).

    Runs in an isolated ``World`` from an N-Triples file in a temporary
    directory, so nothing leaks into owlready2's default world. xsd:date and
    xsd:gYearMonth are outside the OWL 2 datatype map (OWL 2 Syntax §4); HermiT
    is told to ignore them (they occur only in datatype ranges, not in the ABox).
    """
    import time

    import owlready2

    _java()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="customs-kg-hermit-") as tmp:
        path = Path(tmp) / "check.nt"
        # Oxigraph's writer: rdflib's took seconds for what this does in a fraction
        ox.serialize(to_ox_triples(chain(ontology, abox)), path, ox.RdfFormat.N_TRIPLES)
        world = owlready2.World()
        previous = owlready2.JAVA_MEMORY
        owlready2.JAVA_MEMORY = java_memory
        previous_tmp = tempfile.tempdir
        tempfile.tempdir = tmp  # owlready2 writes the file it hands to Java here
        try:
            world.get_ontology(path.as_uri()).load(format="ntriples")
            owlready2.sync_reasoner(
                world,
                infer_property_values=False,
                debug=0,
                ignore_unsupported_datatypes=True,
            )
        except owlready2.OwlReadyInconsistentOntologyError:
            return HermitResult(False, {}, time.monotonic() - started)
        except FileNotFoundError as err:
            raise ReasonerUnavailable(JAVA_MISSING) from err
        except (
            owlready2.OwlReadyJavaError,
            subprocess.SubprocessError,
            OSError,
        ) as err:
            first = next(
                (line for line in str(err).splitlines()[1:] if line.strip()), str(err)
            )
            raise ReasonerUnavailable(
                f"HermiT failed: {first.strip()[:200]} (try a larger --java-memory, or --no-reasoner)"
            ) from err
        finally:
            owlready2.JAVA_MEMORY = previous
            tempfile.tempdir = previous_tmp
        types: dict[URIRef, set[URIRef]] = defaultdict(set)
        for s, _, o in world.as_rdflib_graph().triples((None, RDF.type, None)):
            if (
                isinstance(s, URIRef)
                and isinstance(o, URIRef)
                and not str(o).startswith(str(OWL))
            ):
                types[s].add(o)
        world.close()
    return HermitResult(True, dict(types), time.monotonic() - started)


def superclasses(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Each named class with all its named superclasses (itself included)."""
    out: dict[URIRef, set[URIRef]] = {}
    for cls in set(ontology.subjects(RDF.type, OWL.Class)):
        if isinstance(cls, URIRef):
            out[cls] = {
                c
                for c in ontology.transitive_objects(cls, RDFS.subClassOf)
                if isinstance(c, URIRef)
            }
    return out
