"""Network views of the graph: RDF → networkx projections, analytics, offline
vis-network pages, and a static site of views, entity pages and documents."""

from __future__ import annotations

from viz.views import VIEWS, build_view, export_graph, neighbourhood_html, view_html

__all__ = ["VIEWS", "build_view", "export_graph", "neighbourhood_html", "view_html"]
