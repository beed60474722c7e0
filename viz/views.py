"""The views by name: projection + sizes + colours + layout → HTML, GraphML, GEXF.

One function per job, called alike by the CLI, the server and the static site:
`build_view` (the networkx graph), `view_html` (the page), `export_graph`
(files for Gephi, Cytoscape, yEd), `neighbourhood_html` (the small view
embedded in entity pages).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from kg.backends.base import Backend
from kg.namespaces import DEFAULT_BASE
from viz import project
from viz.analytics import community_of, degree
from viz.index import Index, load_index
from viz.layout import Tick, force_layout, radial_layout, timeline_layout
from viz.render import Href, drawing_pictures, render_html

__all__ = [
    "COLOURINGS",
    "VIEWS",
    "View",
    "build_view",
    "export_graph",
    "flat_copy",
    "neighbourhood_html",
    "served_href",
    "shared_index",
    "view_html",
]

COLOURINGS = ("class", "community")
_SHARED: ContextVar[Index | None] = ContextVar("shared_index", default=None)


@contextmanager
def shared_index(index: Index) -> Iterator[None]:
    """Within this block, views built without an index of their own use ``index``:
    the static site builds a neighbourhood per entity page, and what one page
    fetched (classes, labels) serves the next."""
    token = _SHARED.set(index)
    try:
        yield
    finally:
        _SHARED.reset(token)


MIN_SIZE, MAX_SIZE = 10.0, 40.0


@dataclass(frozen=True)
class View:
    name: str
    title: str
    description: str
    project: Callable[..., nx.Graph]


VIEWS: dict[str, View] = {
    v.name: v
    for v in (
        View(
            "cooperation",
            "Cooperation map",
            "Organisations, the operations they lead or present, and the threats and goods those target.",
            project.cooperation,
        ),
        View(
            "timeline",
            "Meetings over time",
            "Meetings and events by date (past and forthcoming), who presented at them, and the documents cited.",
            project.timeline,
        ),
        View(
            "citations",
            "Document citations",
            "Council documents citing Council documents; larger means cited more often.",
            project.citations,
        ),
        View(
            "copresentation",
            "Co-presentation",
            "Organisations linked when both presented at the same meeting; thicker means more meetings.",
            project.copresentation,
        ),
        View(
            "neighbourhood",
            "Neighbourhood",
            "Everything linked to one entity.",
            project.neighbourhood,
        ),
    )
}


def served_href(base: str = DEFAULT_BASE) -> Href:
    """Node → ``/id/…``, the entity's page on the server (``customs-kg serve``)."""

    def href(iri: str) -> str | None:
        return "/id/" + iri[len(base) :] if iri.startswith(base) else None

    return href


def build_view(
    backend: Backend,
    name: str,
    *,
    entity: str | None = None,
    depth: int = 1,
    index: Index | None = None,
    since: date | None = None,
    until: date | None = None,
) -> nx.Graph:
    """The view's graph, each node with a ``size`` (degree centrality, or times cited
    for citations) and a ``community`` number (Louvain). ``since``/``until`` bound
    the timeline to the meetings and events overlapping that window."""
    if name not in VIEWS:
        raise ValueError(f"no view {name!r}; choose one of {', '.join(VIEWS)}")
    if (since or until) and name != "timeline":
        raise ValueError(f"only the timeline takes a date window, not {name}")
    if since and until and since > until:
        raise ValueError(f"the window ends ({until}) before it starts ({since})")
    index = index or _SHARED.get() or load_index(backend)
    if name == "timeline":
        g = project.timeline(backend, index=index, since=since, until=until)
    elif name == "neighbourhood":
        if not entity:
            raise ValueError("the neighbourhood view needs an entity IRI (--entity)")
        g = project.neighbourhood(backend, entity, depth, index=index)
    else:
        g = VIEWS[name].project(backend, index=index)
    _size(g)
    if not drawing_pictures():  # a still picture is coloured by class only
        for node, number in community_of(g).items():
            g.nodes[node]["community"] = number
    return g


def _size(g: nx.Graph) -> None:
    if g.graph.get("view") == "citations":
        score = {n: float(g.nodes[n].get("cited", 0)) for n in g}
    else:
        score = degree(g)
    top = max(score.values(), default=0.0) or 1.0
    for n, s in score.items():
        g.nodes[n]["size"] = MIN_SIZE + (MAX_SIZE - MIN_SIZE) * (s / top) ** 0.5


def _layout(g: nx.Graph) -> tuple[dict[str, tuple[float, float]], list[Tick]]:
    if g.graph.get("view") == "timeline":
        return timeline_layout(g)
    centre = g.graph.get("centre")
    if centre in g and all(centre in (s, o) for s, o in g.edges()):
        return radial_layout(g, centre), []
    return force_layout(g), []


def view_html(
    backend: Backend,
    name: str,
    *,
    entity: str | None = None,
    depth: int = 1,
    colour: str = "class",
    href: Href | None = None,
    home: str | None = None,
    index: Index | None = None,
    graph: nx.Graph | None = None,
    assets: str | None = None,
) -> str:
    """One view as a self-contained HTML page (vis-network inlined, no network needed),
    or, with ``assets``, one that loads vis-network from that folder (see `render_html`)."""
    if colour not in COLOURINGS:
        raise ValueError(f"colour by {colour!r}? choose one of {', '.join(COLOURINGS)}")
    entity = str(entity) if entity else entity  # nodes are plain strings, not URIRefs
    g = (
        graph
        if graph is not None
        else build_view(backend, name, entity=entity, depth=depth, index=index)
    )
    positions, ticks = _layout(g)
    view = VIEWS[name]
    title = view.title
    if g.graph.get("window"):
        title = f"{title}, {g.graph['window']}"
    if name == "neighbourhood" and entity:
        title = f"Neighbourhood of {g.nodes[entity]['label']}" if entity in g else title
    return render_html(
        g,
        title=title,
        description=view.description,
        positions=positions,
        ticks=ticks,
        href=href,
        home=home,
        colour=colour,
        assets=assets,
    )


def neighbourhood_html(
    backend: Backend, iri: str, depth: int = 1, *, href: Href | None = None
) -> str:
    """A small neighbourhood view for an entity page; nodes link to ``/id/…`` unless ``href`` says otherwise."""
    return view_html(
        backend, "neighbourhood", entity=iri, depth=depth, href=href or served_href()
    )


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return " | ".join(
            f"{v['text']} [{v['doc']}]"
            if isinstance(v, dict) and v.get("doc")
            else str(v.get("text", v) if isinstance(v, dict) else v)
            for v in value
        )
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value


def flat_copy(g: nx.Graph) -> nx.Graph:
    """The graph with list and dict attributes written out as text, as GraphML and GEXF require."""
    out = g.__class__()
    out.graph.update({k: _flat(v) for k, v in g.graph.items()})
    out.add_nodes_from(
        (n, {k: _flat(v) for k, v in d.items()}) for n, d in g.nodes(data=True)
    )
    out.add_edges_from(
        (s, o, {k: _flat(v) for k, v in d.items()}) for s, o, d in g.edges(data=True)
    )
    return out


def export_graph(
    g: nx.Graph, *, graphml: Path | None = None, gexf: Path | None = None
) -> None:
    """Write the view's graph for other tools (positions as ``x``/``y`` attributes)."""
    flat = flat_copy(g)
    positions, _ = _layout(g)
    for n, (x, y) in positions.items():
        if n in flat:
            flat.nodes[n]["x"], flat.nodes[n]["y"] = float(x), float(y)
    if graphml is not None:
        nx.write_graphml(flat, graphml)
    if gexf is not None:
        nx.write_gexf(flat, gexf)
