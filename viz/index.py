"""What every view needs to know about a node: its class, its label, and the
sentences of the minutes it came from (``cck:evidence``, in the named graph of
its source document).

Fetched for the nodes a view draws, not for the whole graph: a view first
collects its nodes and edges, then asks `Index.describe` for their classes and
labels and `Index.fetch` for the few sentences it shows, in ``VALUES`` batches
(a few queries per thousand nodes, never one per node). What was fetched is
kept, so several views built with one `Index` (the static site) do not ask twice.

The union default graph answers a triple once per named graph that holds it,
and minted entities carry their type and label in every document that
mentions them, so every query here is ``DISTINCT``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from rdflib.term import Node

from kg.backends.base import Backend
from kg.namespaces import CCK_IRI
from kg.sparql import BindingError, check_iri
from kg.summary import SUMMARY_CLASSES
from viz.style import class_of

__all__ = [
    "BATCH",
    "EVIDENCE_OF",
    "Evidence",
    "IN_MINUTES_OF",
    "Index",
    "LABELS",
    "LABELS_OF",
    "OFFSETS_IN",
    "OTHER_GRAPHS",
    "PREFIX",
    "SENTENCES_IN",
    "TYPES",
    "TYPES_OF",
    "Want",
    "iri_values",
    "load_index",
    "select",
    "texts",
]

PREFIX = """PREFIX cck: <https://w3id.org/customs-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
"""

#: IRIs per ``VALUES`` block
BATCH = 1000

#: every typed node of a ``cck:`` class (the static site lists them all), but the
#: calendars of the summary graph: an index for paged questions, not a thing the
#: minutes speak of
TYPES = (
    PREFIX
    + """SELECT DISTINCT ?x ?c WHERE {
  ?x a ?c .
  FILTER(isIRI(?x) && STRSTARTS(STR(?c), STR(cck:)) && ?c NOT IN ("""
    + ", ".join(f"<{c}>" for c in SUMMARY_CLASSES)
    + """))
}"""
)

#: the ``cck:`` classes of some nodes
TYPES_OF = (
    PREFIX
    + """SELECT DISTINCT ?x ?c WHERE {
  VALUES ?x { %s }
  ?x a ?c .
  FILTER(STRSTARTS(STR(?c), STR(cck:)))
}"""
)

_NAMES = """{ ?x rdfs:label ?label BIND(1 AS ?rank) }
  UNION { ?x skos:prefLabel ?label BIND(2 AS ?rank) }
  UNION { ?x dct:identifier ?label BIND(3 AS ?rank) }"""

#: names, best first: rdfs:label, then skos:prefLabel, then the document number
LABELS = (
    PREFIX
    + """SELECT DISTINCT ?x ?label ?rank (LANG(?label) AS ?lang) WHERE {
  """
    + _NAMES
    + """
  FILTER(isIRI(?x))
}"""
)

LABELS_OF = (
    PREFIX
    + """SELECT DISTINCT ?x ?label ?rank (LANG(?label) AS ?lang) WHERE {
  VALUES ?x { %s }
  """
    + _NAMES
    + """
}"""
)

#: each evidence sentence of some nodes, with the document (named graph) it was read from
EVIDENCE_OF = (
    PREFIX
    + """SELECT DISTINCT ?x ?ev ?doc WHERE {
  VALUES ?x { %s }
  GRAPH ?doc { ?x cck:evidence ?ev }
}"""
)

#: the numbers of some documents
NUMBERS_OF = (
    PREFIX
    + """SELECT DISTINCT ?doc ?number WHERE {
  VALUES ?doc { %s }
  ?doc dct:identifier ?number .
}"""
)

#: the sentences read from one document, and where they start in its text
SENTENCES_IN = (
    PREFIX
    + """SELECT DISTINCT ?x ?ev WHERE {
  GRAPH %s { ?x cck:evidence ?ev }
}"""
)
OFFSETS_IN = (
    PREFIX
    + """SELECT DISTINCT ?x ?start WHERE {
  GRAPH %s { ?x cck:evidenceStart ?start }
}"""
)

#: the named graphs that are not a document's (reference data, the ontology): a handful
OTHER_GRAPHS = (
    PREFIX
    + """SELECT ?g WHERE { GRAPH ?g { } FILTER NOT EXISTS { ?g a cck:Document } }"""
)

#: those of some nodes that occur in a document's graph (not one of %s): what the minutes speak of
IN_MINUTES_OF = (
    PREFIX
    + """SELECT ?x WHERE {
  VALUES ?x { %s }
  FILTER(EXISTS { GRAPH ?d { ?x ?p ?v } FILTER(?d NOT IN (%s)) }
      || EXISTS { GRAPH ?d { ?v ?p ?x } FILTER(?d NOT IN (%s)) })
}"""
)


def _is_iri(value: str) -> bool:
    try:
        check_iri(value)
    except BindingError:
        return False
    return True


def iri_values(iris: Iterable[str]) -> str:
    """IRIs as the body of a ``VALUES`` block; each one checked against the IRI grammar."""
    return " ".join(f"<{check_iri(i)}>" for i in iris)


def _batches(items: Sequence[str], size: int = BATCH) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def texts(backend: Backend, sparql: str) -> Iterator[tuple[str | None, ...]]:
    """A SELECT's rows as the lexical values of their terms (None when unbound).

    Straight from Oxigraph when the backend offers it: a view reads tens of
    thousands of rows and needs their strings only, not rdflib terms."""
    native = getattr(backend, "query_native", None)
    if native is not None:
        for row in native(sparql):
            yield tuple(None if t is None else t.value for t in row)
        return
    result = backend.query(sparql)
    for row in result:
        if isinstance(row, tuple):
            yield tuple(None if t is None else str(t) for t in row)


def select(
    backend: Backend, sparql: str, bindings: Mapping[str, Node] | None = None
) -> list[dict[str, Node]]:
    """A SELECT as a list of ``{variable: term}`` (unbound variables left out)."""
    result = backend.query(sparql, bindings)
    names = [str(v) for v in result.vars or []]
    out: list[dict[str, Node]] = []
    for row in result:
        if isinstance(row, tuple):
            out.append(
                {n: v for n, v in zip(names, row, strict=False) if v is not None}
            )
    return out


@dataclass(frozen=True)
class Evidence:
    """One sentence of the minutes, and the document it is in."""

    text: str
    document: str
    number: str

    def as_dict(self) -> dict[str, str]:
        return {
            "text": self.text,
            "doc": self.number or self.document.rsplit("/", 1)[-1],
        }


#: sentences wanted: of ``iri``, read from ``document`` (any when None)
Want = tuple[str, str | None]


class Index:
    """Classes, labels and evidence of nodes, fetched in batches when first asked for.

    `describe` and `fetch` take all the nodes a view needs at once;
    `label`, `cls` and `sentences` then answer from memory (a node never
    described is described on its own, a fallback that views avoid).
    """

    def __init__(self, backend: Backend, *, evidence: bool = True) -> None:
        self.backend = backend
        #: False for pictures that show no sentences (the site's entity pages)
        self.with_evidence = evidence
        self.classes: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self._described: set[str] = set()
        self._evidence: dict[str, list[Evidence]] = {}
        self._numbers: dict[str, str] = {}
        self._everything = False
        self._other_graphs: str | None = None
        self._answers: dict[str, list[tuple[str | None, ...]]] = {}

    # -- classes and labels ------------------------------------------------------

    def describe(self, iris: Iterable[str]) -> None:
        """Fetch the classes and labels of those of ``iris`` not yet known."""
        if self._everything:
            return
        todo = [i for i in dict.fromkeys(iris) if i not in self._described]
        self._described.update(todo)
        todo = [i for i in todo if _is_iri(i)]
        types: dict[str, set[str]] = defaultdict(set)
        ranked: dict[str, tuple[int, int, str]] = {}
        for batch in _batches(todo):
            values = iri_values(batch)
            for x, c in texts(self.backend, TYPES_OF % values):
                if x and c:
                    types[x].add(c[len(CCK_IRI) :])
            self._rank(texts(self.backend, LABELS_OF % values), ranked)
        self.classes.update((iri, class_of(names)) for iri, names in types.items())
        self.labels.update((iri, key[2]) for iri, key in ranked.items())

    def rows(self, sparql: str) -> list[tuple[str | None, ...]]:
        """The rows of a whole-graph query, read once: the site draws a long timeline
        year by year, each year from the same dates, presenters and citations."""
        if sparql not in self._answers:
            self._answers[sparql] = list(texts(self.backend, sparql))
        return self._answers[sparql]

    def describe_all(self) -> None:
        """Every typed node and every label in the store (the static site lists them all)."""
        types: dict[str, set[str]] = defaultdict(set)
        for x, c in texts(self.backend, TYPES):
            if x and c:
                types[x].add(c[len(CCK_IRI) :])
        ranked: dict[str, tuple[int, int, str]] = {}
        self._rank(texts(self.backend, LABELS), ranked)
        self.classes = {iri: class_of(names) for iri, names in types.items()}
        self.labels = {iri: key[2] for iri, key in ranked.items()}
        self._everything = True

    @staticmethod
    def _rank(
        rows: Iterable[tuple[str | None, ...]], ranked: dict[str, tuple[int, int, str]]
    ) -> None:
        for x, label, rank, lang in rows:
            if x is None or label is None or rank is None:
                continue
            key = (int(rank), 0 if lang in (None, "", "en") else 1, label)
            if x not in ranked or key < ranked[x]:
                ranked[x] = key

    def without_evidence(self) -> Index:
        """An index sharing these classes and labels that fetches no sentences
        (for still pictures, which show none)."""
        other = Index(self.backend, evidence=False)
        other.classes, other.labels = self.classes, self.labels
        other._described, other._everything = self._described, self._everything
        other._other_graphs = self._other_graphs
        return other

    def _known(self, iri: str) -> None:
        if not self._everything and iri not in self._described:
            self.describe([iri])

    def label(self, iri: str) -> str:
        self._known(iri)
        return self.labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]

    def cls(self, iri: str) -> str:
        self._known(iri)
        return self.classes.get(iri, "Thing")

    def typed(self, iri: str) -> bool:
        """Whether the node has a ``cck:`` class."""
        self._known(iri)
        return iri in self.classes

    # -- evidence -----------------------------------------------------------------

    def fetch(self, iris: Iterable[str]) -> None:
        """Fetch the evidence of those of ``iris`` not yet fetched, with their documents' numbers."""
        todo = [i for i in dict.fromkeys(iris) if i not in self._evidence]
        if not self.with_evidence:
            self._evidence.update((i, []) for i in todo)
            return
        found: dict[str, list[Evidence]] = {i: [] for i in todo}
        todo = [i for i in todo if _is_iri(i)]
        rows: list[tuple[str, str, str]] = []
        for batch in _batches(todo):
            for x, ev, doc in texts(self.backend, EVIDENCE_OF % iri_values(batch)):
                if x and ev is not None and doc:
                    rows.append((x, ev, doc))
        self._fetch_numbers({doc for _, _, doc in rows})
        # in document order, then as written: the same sentences whatever order the store answers in
        for x, ev, doc in sorted(rows, key=lambda r: (r[2], r[1])):
            found[x].append(Evidence(ev, doc, self._numbers.get(doc, "")))
        self._evidence.update(found)

    def _fetch_numbers(self, documents: Iterable[str]) -> None:
        todo = sorted(d for d in documents if d not in self._numbers)
        for batch in _batches(todo):
            numbers: dict[str, str] = {}
            for doc, number in texts(self.backend, NUMBERS_OF % iri_values(batch)):
                if doc and number and (doc not in numbers or number < numbers[doc]):
                    numbers[doc] = number
            self._numbers.update((d, numbers.get(d, "")) for d in batch)

    def evidence(self, iri: str) -> list[Evidence]:
        """Every sentence of ``iri``, by document."""
        if iri not in self._evidence:
            self.fetch([iri])
        return self._evidence[iri]

    def sentences(
        self, iri: str, document: str | None = None, mention: str | None = None
    ) -> list[Evidence]:
        """Evidence of ``iri``, in one document if given; those naming ``mention``
        first when any do (an operation's sentence that names the threat it targets)."""
        found = [
            e for e in self.evidence(iri) if document is None or e.document == document
        ]
        if mention:
            folded = mention.casefold()
            naming = [e for e in found if folded in e.text.casefold()]
            if naming:
                return naming
        return found

    def document_sentences(
        self, document: str
    ) -> tuple[dict[str, list[str]], dict[str, list[int]]]:
        """The sentences read from one document by node, and where each node's sentences start."""
        graph = f"<{check_iri(document)}>"
        sentences: dict[str, list[str]] = defaultdict(list)
        for x, ev in sorted(
            texts(self.backend, SENTENCES_IN % graph),
            key=lambda r: (r[0] or "", r[1] or ""),
        ):
            if x and ev is not None:
                sentences[x].append(ev)
        starts: dict[str, list[int]] = defaultdict(list)
        for x, start in texts(self.backend, OFFSETS_IN % graph):
            if x and start is not None:
                starts[x].append(int(start))
        return dict(sentences), dict(starts)

    def in_minutes(self, iris: Iterable[str]) -> set[str]:
        """Those of ``iris`` that occur in some document's graph."""
        todo = [i for i in dict.fromkeys(iris) if _is_iri(i)]
        if self._other_graphs is None:
            self._other_graphs = ", ".join(
                f"<{g}>" for (g,) in texts(self.backend, OTHER_GRAPHS) if g
            )
        out: set[str] = set()
        others = self._other_graphs
        for batch in _batches(todo):
            query = IN_MINUTES_OF % (iri_values(batch), others, others)
            out.update(x for (x,) in texts(self.backend, query) if x)
        return out


def load_index(backend: Backend) -> Index:
    """An empty `Index` on ``backend``, filled as views ask."""
    return Index(backend)
