"""networkx graph → one self-contained HTML file drawn by vis-network.

Not pyvis's ``Network``: its ``from_nx`` is slow on large graphs and its
templates reach a CDN even with ``cdn_resources="in_line"``. We only borrow the
vis-network 9.1.2 build that pyvis ships, and inline its JS and CSS into our
own template, so a view opens with no network at all (the page's
Content-Security-Policy forbids any fetch). Text from the minutes travels as
JSON in a ``<script type="application/json">`` island with ``<``, ``>`` and
``&`` escaped, and the page puts it into the DOM with ``textContent`` only.

Layout: positions come from `viz.layout`; the page runs with ``physics:
false`` (see there for why).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx

from viz.layout import Tick, force_layout
from viz.style import CLASS_ORDER, EDGE_COLOURS, style_of

__all__ = ["COMMUNITY_COLOURS", "Href", "render_html", "vis_assets"]

Href = Callable[[str], str | None]

COMMUNITY_COLOURS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
)  # fmt: skip
_LABEL_MAX = 42
_SOURCE_MAP = re.compile(r"//# sourceMappingURL=\S+")


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS, read from the pyvis package (no CDN, no copy in our tree)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = _SOURCE_MAP.sub("", (lib / "vis-network.min.js").read_text(encoding="utf-8"))
    css = _SOURCE_MAP.sub("", (lib / "vis-network.css").read_text(encoding="utf-8"))
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(resources.files("viz").joinpath("assets/view.html.j2").read_text(encoding="utf-8"))


@cache
def _asset(name: str) -> str:
    return resources.files("viz").joinpath(f"assets/{name}").read_text(encoding="utf-8")


def _json_island(value: Any) -> str:
    """JSON that cannot close its ``<script>`` element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_MAX else label[: _LABEL_MAX - 1] + "…"


def _node_lines(data: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    if data.get("number") and data.get("number") != data.get("label"):
        lines.append(f"Number: {data['number']}")
    if data.get("title"):
        lines.append(f"Title: {data['title']}")
    if data.get("date"):
        span = f"{data['date']} – {data['end']}" if data.get("end") else str(data["date"])
        lines.append(f"Date: {span}" + (f" ({data['when']})" if data.get("when") else ""))
    if "cited" in data:
        lines.append(f"Cited {data['cited']} time{'s' if data['cited'] != 1 else ''}")
    if "community" in data:
        lines.append(f"Community {int(data['community']) + 1}")
    return lines


def render_html(
    g: nx.Graph,
    *,
    title: str,
    description: str = "",
    positions: Mapping[str, tuple[float, float]] | None = None,
    ticks: list[Tick] | None = None,
    href: Href | None = None,
    home: str | None = None,
    colour: str = "class",
) -> str:
    """The view as one HTML string.

    Node attributes used: ``label``, ``cls``, ``evidence``, ``size`` (pixels),
    optional ``community`` (when ``colour="community"``), ``date``/``when``,
    ``title``, ``cited``. ``href`` maps a node to the page it opens on click.
    """
    pos = dict(positions) if positions is not None else force_layout(g)
    nodes: list[dict[str, Any]] = []
    for n, data in g.nodes(data=True):
        x, y = pos.get(n, (0.0, 0.0))
        label = str(data.get("label", n))
        item: dict[str, Any] = {
            "id": n,
            "label": _short(label),
            "full": label,
            "cls": data.get("cls", "Thing"),
            "x": round(x, 1),
            "y": round(y, 1),
            "size": round(float(data.get("size", 12.0)), 1),
            "ev": data.get("evidence", []),
            "lines": _node_lines(data),
        }
        if colour == "community" and "community" in data:
            item["colour"] = COMMUNITY_COLOURS[int(data["community"]) % len(COMMUNITY_COLOURS)]
        if href is not None and (url := href(n)):
            item["url"] = url
        if g.graph.get("centre") == n:
            item["centre"] = True
        nodes.append(item)
    edges: list[dict[str, Any]] = []
    for i, (s, o, data) in enumerate(g.edges(data=True)):
        lines = [f"Meetings: {', '.join(data['meetings'])}"] if data.get("meetings") else []
        edges.append(
            {
                "id": f"e{i}",
                "from": s,
                "to": o,
                "kind": str(data.get("kind", "link")),
                "weight": data.get("weight", 1),
                "ev": data.get("evidence", []),
                "lines": lines,
            }
        )
    classes = {item["cls"] for item in nodes} | set(CLASS_ORDER)
    payload: dict[str, Any] = {
        "nodes": nodes,
        "edges": edges,
        "directed": g.is_directed(),
        "styles": {c: {"colour": style_of(c).colour, "shape": style_of(c).shape} for c in sorted(classes)},
        "edgeColours": EDGE_COLOURS,
        "colour": colour,
        "ticks": [[round(x, 1), label] for x, label in (ticks or [])],
    }
    if colour == "community":
        count = 1 + max((int(d) for _, d in g.nodes(data="community") if d is not None), default=-1)
        payload["communities"] = [
            {"name": f"community {i + 1}", "colour": COMMUNITY_COLOURS[i % len(COMMUNITY_COLOURS)]} for i in range(count)
        ]
    vis_js, vis_css = vis_assets()
    return _template().render(
        title=title,
        description=description,
        home=home,
        node_count=len(nodes),
        edge_count=len(edges),
        data_json=_json_island(payload),
        vis_js=vis_js,
        vis_css=vis_css,
        view_js=_asset("view.js"),
        view_css=_asset("view.css"),
    )
