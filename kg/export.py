"""The whole graph in a standard RDF syntax, with its VoID/DCAT description.

Serialisation goes through Oxigraph's writers (a hundred times faster than
rdflib's on large graphs). Dataset syntaxes (N-Quads, TriG) keep one named graph
per source document; triple syntaxes carry the union, each triple once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from kg.backends.base import Backend, BackendError
from kg.backends.embedded import RDF_FORMATS, EmbeddedBackend
from kg.backends.oxterms import to_ox_quads
from kg.describe import describe
from kg.iris import Minter
from kg.namespaces import PREFIXES
from kg.resources import ontology_dir

__all__ = ["FORMATS", "SUFFIX", "export", "jsonld_context"]

FORMATS = tuple(RDF_FORMATS)
SUFFIX = {"ttl": ".ttl", "nt": ".nt", "nq": ".nq", "trig": ".trig", "jsonld": ".jsonld", "xml": ".rdf"}
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
    tmp = ox.Store()
    if isinstance(backend, EmbeddedBackend):
        quads = backend.ox_store.quads_for_pattern(None, None, None, None)
        tmp.bulk_extend(quads)
    else:
        import io

        buf = io.BytesIO()
        backend.dump(buf, "nq")
        tmp.load(buf.getvalue(), ox.RdfFormat.N_QUADS)
    graphs = dict(extra or {})
    if description:
        graphs[minter.dataset] = list(describe(backend, minter))
    for graph_iri, triples in graphs.items():
        tmp.bulk_extend(to_ox_quads(triples, graph_iri))
    if fmt not in _DATASET:
        solutions = tmp.query("SELECT DISTINCT ?s ?p ?o { ?s ?p ?o }", use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)
        union = ox.Store()
        union.bulk_extend(ox.Quad(row[0], row[1], row[2]) for row in solutions)
        tmp = union
    kwargs: dict = {}
    if fmt in {"ttl", "trig", "xml"}:
        kwargs["prefixes"] = PREFIXES
    if fmt not in _DATASET:
        kwargs["from_graph"] = ox.DefaultGraph()
    if fmt == "jsonld":
        _write_jsonld(tmp, out, kwargs)
        return
    target = str(out) if isinstance(out, Path) else out
    tmp.dump(target, RDF_FORMATS[fmt], **kwargs)


def jsonld_context() -> dict[str, Any]:
    """The published context (`ontology/context.jsonld`): the project's prefixes."""
    return json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))


def _write_jsonld(store: ox.Store, out: BinaryIO | Path, kwargs: dict) -> None:
    """Oxigraph's node objects under ``@graph``, with the published ``@context`` inlined.

    The nodes keep absolute IRIs, which stay valid under the context; a consumer
    compacts with it when it wants short names. Inlining keeps the file usable
    on a closed network.
    """
    body = store.dump(None, ox.RdfFormat.JSON_LD, **kwargs) or b"[]"
    head = b'{"@context": ' + json.dumps(jsonld_context()["@context"]).encode() + b', "@graph": '
    if isinstance(out, Path):
        with out.open("wb") as fh:
            fh.write(head + body + b"}\n")
    else:
        out.write(head + body + b"}\n")
