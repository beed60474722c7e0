"""SHACL validation of the graph against ``ontology/shapes.ttl`` (pyshacl).

`validate_graph` checks a whole graph (``customs-kg check``);
`document_validator` checks one document's graph before it is stored
(``customs-kg ingest --validate``) and refuses it on any ``sh:Violation``.

No inference is asked of pyshacl (SHACL §1.5 leaves entailment to the caller):
the shapes name every organisation kind explicitly, and on 1,000 minutes
``inference="rdfs"`` multiplies the validation time for no extra result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from pyshacl import validate as pyshacl_validate
from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.build import DocumentGraph
from kg.ingest import ValidationFailed
from kg.iris import Minter
from kg.namespaces import CCK, PREFIXES, RDFS, SH
from kg.reference import reference_graph, shapes_graph

__all__ = ["ShaclResult", "document_validator", "short", "validate_graph"]


def short(term: Node | None) -> str:
    """A prefixed name where a known prefix fits (``cck:Document``), else the IRI."""
    if term is None:
        return ""
    text = str(term)
    for prefix, ns in (
        *PREFIXES.items(),
        ("cks", "https://w3id.org/customs-kg/shapes#"),
    ):
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return text


@dataclass(frozen=True)
class ShaclResult:
    """One SHACL validation result (SHACL §3.6.2), flattened for reports."""

    severity: str  # "Violation", "Warning" or "Info"
    shape: str  # the node shape, and the constrained property's sh:name
    focus: Node
    path: str
    value: Node | None
    message: str

    @property
    def is_violation(self) -> bool:
        return self.severity == "Violation"

    def line(self, where: str = "") -> str:
        """One line for a user: where, shape, focus node, message."""
        head = f"{where}: " if where else ""
        return f"{head}{self.shape}: {self.focus}: {self.message}"


@cache
def _node_shape_of() -> dict[Node, str]:
    """Each property shape → ``cks:NodeShape / name``, so a result names the rule a user can find."""
    shapes = shapes_graph()
    names: dict[Node, str] = {}
    for node_shape, property_shape in shapes.subject_objects(SH.property):
        name = shapes.value(property_shape, SH.name) or shapes.value(
            property_shape, SH.path
        )
        names[property_shape] = (
            f"{short(node_shape)} / {name}" if name is not None else short(node_shape)
        )
    for node_shape in shapes.subjects(RDFS.label, None):
        names.setdefault(node_shape, short(node_shape))
    return names


def _results(report: Graph) -> list[ShaclResult]:
    names = _node_shape_of()
    out: list[ShaclResult] = []
    for result in report.subjects(SH.resultSeverity, None):
        severity = report.value(result, SH.resultSeverity)
        source = report.value(result, SH.sourceShape)
        messages = sorted(
            report.objects(result, SH.resultMessage),
            key=lambda m: (getattr(m, "language", None) != "en", str(m)),
        )
        focus = report.value(result, SH.focusNode)
        assert focus is not None
        out.append(
            ShaclResult(
                severity=str(severity).rsplit("#", 1)[-1],
                shape=names.get(source, short(source)) if source is not None else "",
                focus=focus,
                path=short(report.value(result, SH.resultPath)),
                value=report.value(result, SH.value),
                message=str(messages[0]) if messages else "",
            )
        )
    out.sort(key=lambda r: (r.severity != "Violation", r.shape, str(r.focus)))
    return out


def validate_graph(data: Graph, *, inference: str = "none") -> list[ShaclResult]:
    """Every result of validating ``data`` against the shapes, violations first."""
    _, report, _ = pyshacl_validate(
        data,
        shacl_graph=shapes_graph(),
        inference=inference,
        allow_warnings=True,
        allow_infos=True,
    )
    assert isinstance(report, Graph)
    return _results(report)


@cache
def _context(base: str) -> Graph:
    """What a document's graph refers to: the reference data (its presenters,
    places, threats are typed there) and the ontology."""
    from kg.reasoning import tbox

    graph = Graph()
    graph += reference_graph(Minter(base))
    graph += tbox()
    return graph


def document_validator(minter: Minter | None = None) -> Callable[[DocumentGraph], None]:
    """A ``validate`` callable for `kg.ingest.ingest`: raises `ValidationFailed`
    with one line per ``sh:Violation`` whose focus node the document describes
    (warnings pass; a broken reference entry is `check`'s business, not the document's)."""
    base = (minter or Minter()).base

    def validate(document: DocumentGraph) -> None:
        data = Graph()
        data += _context(base)
        triples = document.rdflib_triples()
        for triple in triples:
            data.add(triple)
        own = _subjects(triples)
        bad = [r for r in validate_graph(data) if r.is_violation and r.focus in own]
        if bad:
            source = next(
                (
                    o
                    for s, p, o in triples
                    if s == document.document and p == CCK.sourceFile
                ),
                None,
            )
            where = (
                f"{source} (document {document.document})"
                if source is not None
                else f"document {document.document}"
            )
            raise ValidationFailed(
                "; ".join(r.line(where) for r in bad[:5])
                + (f" (and {len(bad) - 5} more)" if len(bad) > 5 else "")
            )

    return validate


def _subjects(triples: Iterable[tuple[Node, Node, Node]]) -> set[Node]:
    return {s for s, _, _ in triples if isinstance(s, URIRef)}
