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

import base64
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx

from viz.layout import Tick, force_layout
from viz.style import CLASS_ORDER, EDGE_COLOURS, style_of

__all__ = [
    "COMMUNITY_COLOURS",
    "VIS_CSS",
    "VIS_JS",
    "Href",
    "drawing_pictures",
    "render_html",
    "static_pictures",
    "vis_assets",
    "write_vis_assets",
]

Href = Callable[[str], str | None]

COMMUNITY_COLOURS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
)  # fmt: skip
_LABEL_MAX = 42
_MEETINGS_SHOWN = 12
_STATIC: ContextVar[bool] = ContextVar("static_pictures", default=False)


@contextmanager
def static_pictures() -> Iterator[None]:
    """Within this block, `render_html` draws a static SVG picture instead of a
    vis-network page: the static site embeds a neighbourhood view in every entity
    page (in a sandboxed ``srcdoc`` frame, which may not load files), and 700 kB of
    inlined vis-network in each would make the site hundreds of MB."""
    token = _STATIC.set(True)
    try:
        yield
    finally:
        _STATIC.reset(token)


def drawing_pictures() -> bool:
    """Whether `render_html` draws still pictures here (within `static_pictures`)."""
    return _STATIC.get()


_SOURCE_MAP = re.compile(r"//# sourceMappingURL=\S+")
#: the file names of vis-network's script and style sheet in a folder of shared assets
VIS_JS, VIS_CSS = "vis-network.min.js", "vis-network.css"


@cache
def _vis_files() -> tuple[str, str]:
    """vis-network's JS and CSS, read from the pyvis package (no CDN, no copy in our tree)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = _SOURCE_MAP.sub("", (lib / VIS_JS).read_text(encoding="utf-8"))
    css = _SOURCE_MAP.sub("", (lib / VIS_CSS).read_text(encoding="utf-8"))
    return js, css


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as they go inline, unable to close their elements."""
    js, css = _vis_files()
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


def write_vis_assets(folder: Path) -> list[Path]:
    """Write vis-network's JS and CSS into ``folder`` (created if missing), for pages
    rendered with ``assets=`` pointing there; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in zip((VIS_JS, VIS_CSS), _vis_files(), strict=True):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


@cache
def _script_hash(text: str) -> str:
    """The CSP source that lets exactly this inline script run."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _csp(inline_scripts: list[str], *, shared: bool) -> str:
    """The page's Content-Security-Policy: its own inline scripts by hash, never any
    other inline script; with shared assets, also files of the page's own origin."""
    self_ = "'self' " if shared else ""
    scripts = " ".join(_script_hash(s) for s in inline_scripts)
    return (
        f"default-src 'none'; script-src {self_}{scripts}; "
        f"style-src {self_}'unsafe-inline'; img-src data:; font-src data:"
    )


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(
        resources.files("viz")
        .joinpath("assets/view.html.j2")
        .read_text(encoding="utf-8")
    )


@cache
def _asset(name: str) -> str:
    return resources.files("viz").joinpath(f"assets/{name}").read_text(encoding="utf-8")


def _json_island(value: Any) -> str:
    """JSON that cannot close its ``<script>`` element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_MAX else label[: _LABEL_MAX - 1] + "…"


def _meetings_line(meetings: list[str]) -> str:
    """The meetings of an edge, the first `_MEETINGS_SHOWN` of them when there are more."""
    if len(meetings) <= _MEETINGS_SHOWN:
        return f"Meetings: {', '.join(meetings)}"
    shown = ", ".join(meetings[:_MEETINGS_SHOWN])
    return f"Meetings ({len(meetings)}): {shown}, …"


def _node_lines(data: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    if data.get("number") and data.get("number") != data.get("label"):
        lines.append(f"Number: {data['number']}")
    if data.get("title"):
        lines.append(f"Title: {data['title']}")
    if data.get("date"):
        span = (
            f"{data['date']} – {data['end']}" if data.get("end") else str(data["date"])
        )
        lines.append(
            f"Date: {span}" + (f" ({data['when']})" if data.get("when") else "")
        )
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
    assets: str | None = None,
) -> str:
    """The view as one HTML string.

    Node attributes used: ``label``, ``cls``, ``evidence``, ``size`` (pixels),
    optional ``community`` (when ``colour="community"``), ``date``/``when``,
    ``title``, ``cited``. ``href`` maps a node to the page it opens on click.

    With ``assets`` (a relative URL of the folder `write_vis_assets` wrote), the
    page loads vis-network from there instead of inlining it: the static site
    shares one copy among all its views.
    """
    pos = dict(positions) if positions is not None else force_layout(g)
    if _STATIC.get():
        return render_svg(g, pos, title=title, href=href)
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
            item["colour"] = COMMUNITY_COLOURS[
                int(data["community"]) % len(COMMUNITY_COLOURS)
            ]
        if href is not None and (url := href(n)):
            item["url"] = url
        if g.graph.get("centre") == n:
            item["centre"] = True
        nodes.append(item)
    edges: list[dict[str, Any]] = []
    for i, (s, o, data) in enumerate(g.edges(data=True)):
        meetings = data.get("meetings") or []
        lines = [_meetings_line(meetings)] if meetings else []
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
        "styles": {
            c: {"colour": style_of(c).colour, "shape": style_of(c).shape}
            for c in sorted(classes)
        },
        "edgeColours": EDGE_COLOURS,
        "colour": colour,
        "ticks": [[round(x, 1), label] for x, label in (ticks or [])],
    }
    if colour == "community":
        count = 1 + max(
            (int(d) for _, d in g.nodes(data="community") if d is not None), default=-1
        )
        payload["communities"] = [
            {
                "name": f"community {i + 1}",
                "colour": COMMUNITY_COLOURS[i % len(COMMUNITY_COLOURS)],
            }
            for i in range(count)
        ]
    view_js = _asset("view.js")
    if assets is None:
        vis_js, vis_css = vis_assets()
        csp = _csp([vis_js, view_js], shared=False)
    else:
        vis_js = vis_css = ""
        csp = _csp([view_js], shared=True)
    return _template().render(
        title=title,
        description=description,
        home=home,
        node_count=len(nodes),
        edge_count=len(edges),
        data_json=_json_island(payload),
        csp=csp,
        assets=assets.rstrip("/") if assets is not None else None,
        vis_js_file=VIS_JS,
        vis_css_file=VIS_CSS,
        vis_js=vis_js,
        vis_css=vis_css,
        view_js=view_js,
        view_css=_asset("view.css"),
    )


def render_svg(
    g: nx.Graph,
    positions: Mapping[str, tuple[float, float]],
    *,
    title: str,
    href: Href | None = None,
) -> str:
    """A still picture of the graph as one small HTML page with inline SVG: no script,
    every text escaped, node names as SVG ``<title>`` tooltips, nodes linked to their pages."""
    from html import escape

    pad = 60.0
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    x0, y0 = min(xs) - pad, min(ys) - pad
    width, height = max(xs) - x0 + pad, max(ys) - y0 + pad
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{escape(title)}</title><style>body{{margin:0;font-family:system-ui,sans-serif}}"
        "svg{width:100%;height:100vh}text{font-size:11px;fill:#333}</style></head><body>",
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.0f} {y0:.0f} {width:.0f} {height:.0f}" role="img">',
        f"<title>{escape(title)}</title>",
    ]
    for s, o, data in g.edges(data=True):
        (ax, ay), (bx, by) = positions.get(s, (0.0, 0.0)), positions.get(o, (0.0, 0.0))
        colour = EDGE_COLOURS.get(str(data.get("kind", "")).split(", ")[0], "#999999")
        parts.append(
            f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" stroke="{colour}" stroke-opacity="0.7">'
            f"<title>{escape(str(data.get('kind', '')))}</title></line>"
        )
    for n, data in g.nodes(data=True):
        x, y = positions.get(n, (0.0, 0.0))
        label = str(data.get("label", n))
        st = style_of(str(data.get("cls", "")))
        r = float(data.get("size", 12.0)) / 2
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{st.colour}" stroke="#333">'
        shape += f"<title>{escape(label)} ({escape(str(data.get('cls', '')))})</title></circle>"
        shape += f'<text x="{x:.1f}" y="{y + r + 12:.1f}" text-anchor="middle">{escape(_short(label))}</text>'
        url = href(n) if href is not None else None
        parts.append(f'<a href="{escape(url)}">{shape}</a>' if url else shape)
    parts.append("</svg></body></html>")
    return "".join(parts)
