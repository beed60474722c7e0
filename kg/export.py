"""The whole graph in a standard RDF syntax, with its VoID/DCAT description.

Serialisation goes through Oxigraph's writers (a hundred times faster than
rdflib's on large graphs). Dataset syntaxes (N-Quads, TriG) keep one named graph
per source document; triple syntaxes carry the union, each triple once.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from kg.backends.base import Backend, BackendError
from kg.backends.embedded import RDF_FORMATS
from kg.backends.oxterms import to_ox_quads
from kg.describe import describe
from kg.iris import Minter
from kg.namespaces import PREFIXES
from kg.resources import ontology_dir

__all__ = ["FORMATS", "SUFFIX", "export", "jsonld_context"]

FORMATS = tuple(RDF_FORMATS)
SUFFIX = {
    "ttl": ".ttl",
    "nt": ".nt",
    "nq": ".nq",
    "trig": ".trig",
    "jsonld": ".jsonld",
    "xml": ".rdf",
}
_DATASET = {"nq", "trig"}


def export(
    backend: Backend,
    fmt: str,
    out: BinaryIO | Path,
    minter: Minter | None = None,
    *,
    description: bool = True,
    extra: dict | None = None,
) -> None:
    """Write the dataset in ``fmt`` (one of `FORMATS`) to ``out``.

    ``extra`` maps further named-graph IRIs to triples (the entailments of
    ``--infer``) so that consumers can take or leave them.
    """
    if fmt not in RDF_FORMATS:
        raise BackendError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    minter = minter or Minter()
    graphs = dict(extra or {})
    if description:
        graphs[minter.dataset] = list(describe(backend, minter))
    added = [
        q
        for graph_iri, triples in graphs.items()
        for q in to_ox_quads(triples, graph_iri)
    ]
    stream: Iterable[ox.Quad] | Iterable[ox.Triple]
    if fmt in _DATASET:
        stream = itertools.chain(backend.ox_quads(), added)
    else:
        stream = itertools.chain(
            backend.ox_distinct_triples(),
            (ox.Triple(q.subject, q.predicate, q.object) for q in added),
        )
    prefixes = PREFIXES if fmt in {"ttl", "trig", "xml"} else None
    if fmt == "jsonld":
        _write_jsonld(ox.serialize(stream, None, ox.RdfFormat.JSON_LD) or b"[]", out)
        return
    target = str(out) if isinstance(out, Path) else out
    ox.serialize(stream, target, RDF_FORMATS[fmt], prefixes=prefixes)


def jsonld_context() -> dict[str, Any]:
    """The published context (`ontology/context.jsonld`): the project's prefixes."""
    return json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))


def _write_jsonld(body: bytes, out: BinaryIO | Path) -> None:
    """Oxigraph's node objects under ``@graph``, with the published ``@context`` inlined.

    The nodes keep absolute IRIs, which stay valid under the context; a consumer
    compacts with it when it wants short names. Inlining keeps the file usable
    on a closed network.
    """
    head = (
        b'{"@context": '
        + json.dumps(jsonld_context()["@context"]).encode()
        + b', "@graph": '
    )
    if isinstance(out, Path):
        with out.open("wb") as fh:
            fh.write(head + body + b"}\n")
    else:
        out.write(head + body + b"}\n")
