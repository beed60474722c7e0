"""Positions computed in Python, so the browser draws and never simulates.

Decision: every view is rendered with ``physics: false`` and positions from
here. vis-network's own Barnes–Hut stabilisation of a 5,000-node /
20,000-edge graph takes tens of seconds in the browser and moves nodes while
the user reads; a precomputed layout opens at once and stays put.

- up to `SMALL` nodes: networkx ``spring_layout`` with a bounded number of
  iterations (its dense Fruchterman–Reingold, numpy only);
- above: `sampled_force_layout`, Fruchterman–Reingold with repulsion estimated
  from a random sample of nodes per iteration (O(n·s + m) per step instead of
  O(n²)) — networkx's own large-graph path needs scipy, which we do not ship;
- the timeline is not a force layout at all: x is time, y a lane per class;
- nor is a neighbourhood whose every link touches its centre (one link deep):
  `radial_layout` puts the centre in the middle and the rest on rings around
  it, which is what a force layout of a star converges to, in O(n) instead of
  O(n²) per iteration (a hub's 400 neighbours took 1.6 s, now a millisecond).
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date

import networkx as nx
import numpy as np

from viz.style import CLASS_ORDER

__all__ = [
    "SMALL",
    "Tick",
    "force_layout",
    "radial_layout",
    "sampled_force_layout",
    "timeline_layout",
]

SMALL = 500
Position = tuple[float, float]
Tick = tuple[float, str]


def _scale(
    pos: dict[str, np.ndarray] | dict[str, tuple[float, float]], n: int
) -> dict[str, Position]:
    """Layout units → screen pixels, spread so labels of a few hundred nodes do not overlap."""
    if not pos:
        return {}
    arr = np.array(list(pos.values()), dtype=float)
    centre = arr.mean(axis=0)
    span = float(np.abs(arr - centre).max()) or 1.0
    radius = 250.0 + 90.0 * math.sqrt(n)
    return {
        k: (
            float((v[0] - centre[0]) / span * radius),
            float((v[1] - centre[1]) / span * radius),
        )
        for k, v in pos.items()
    }


def sampled_force_layout(
    g: nx.Graph, iterations: int = 60, sample: int = 64, seed: int = 7
) -> dict[str, Position]:
    """Fruchterman–Reingold with sampled repulsion: about a second for 5,000 nodes / 20,000 edges."""
    nodes = list(g)
    n = len(nodes)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    if n <= 1:
        return _scale({nodes[i]: pos[i] for i in range(n)}, n)
    where = {node: i for i, node in enumerate(nodes)}
    edges = np.array(
        [(where[u], where[v]) for u, v in g.edges() if u != v], dtype=int
    ).reshape(-1, 2)
    k = 1.0 / math.sqrt(n)
    s = min(sample, n)
    temperature = 0.1
    for step in range(iterations):
        picked = rng.choice(n, size=s, replace=False)
        delta = pos[:, None, :] - pos[None, picked, :]
        dist2 = np.maximum((delta**2).sum(axis=-1), 1e-6)
        disp = (delta * (k * k / dist2)[..., None]).sum(axis=1) * (n / s)
        if len(edges):
            d = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.sqrt((d**2).sum(axis=1)) + 1e-9
            pull = d * (dist / k)[:, None]
            np.add.at(disp, edges[:, 0], -pull)
            np.add.at(disp, edges[:, 1], pull)
        length = np.sqrt((disp**2).sum(axis=1)) + 1e-9
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature = 0.1 * (1 - (step + 1) / (iterations + 1))
    return _scale({nodes[i]: pos[i] for i in range(n)}, n)


def force_layout(g: nx.Graph, seed: int = 7) -> dict[str, Position]:
    """Spring layout for small graphs, `sampled_force_layout` above `SMALL` nodes."""
    n = g.number_of_nodes()
    if n > SMALL:
        return sampled_force_layout(g, seed=seed)
    undirected = g.to_undirected(as_view=True) if g.is_directed() else g
    return _scale(
        nx.spring_layout(
            undirected,
            k=2.5 / math.sqrt(max(n, 1)),
            iterations=80,
            seed=seed,
            weight=None,
        ),
        n,
    )


#: pixels from the centre to the first ring, between rings, and between neighbours on a ring
RING_RADIUS, RING_GAP, RING_SPACING = 220.0, 110.0, 70.0


def radial_layout(g: nx.Graph, centre: str) -> dict[str, Position]:
    """``centre`` in the middle, every other node on rings around it, grouped by
    class (in `CLASS_ORDER`) and then by label, so like sits next to like; each
    ring holds as many nodes as fit `RING_SPACING` apart, outer rings more."""
    rank = {c: i for i, c in enumerate(CLASS_ORDER)}
    others = sorted(
        (n for n in g if n != centre),
        key=lambda n: (
            rank.get(str(g.nodes[n].get("cls", "")), len(rank)),
            str(g.nodes[n].get("label", n)),
            str(n),
        ),
    )
    out: dict[str, Position] = {centre: (0.0, 0.0)} if centre in g else {}
    at, ring = 0, 0
    while at < len(others):
        radius = RING_RADIUS + RING_GAP * ring
        fits = max(1, int(2 * math.pi * radius / RING_SPACING))
        on_ring = others[at : at + fits]
        turn = 0.5 * (
            ring % 2
        )  # every other ring half a step round, off its neighbour's spokes
        for i, node in enumerate(on_ring):
            angle = 2 * math.pi * (i + turn) / len(on_ring) - math.pi / 2
            out[node] = (radius * math.cos(angle), radius * math.sin(angle))
        at += len(on_ring)
        ring += 1
    return out


def _day(iso: str) -> date:
    return date.fromisoformat(iso[:10])


def _pack(
    items: list[tuple[float, str]], y0: float, step: float, gap: float = 110.0
) -> dict[str, Position]:
    """Nodes in one lane at their x; a node too close to the last in a row goes to the next row."""
    rows: list[float] = []
    out: dict[str, Position] = {}
    for x, node in sorted(items):
        for r, last in enumerate(rows):
            if x - last >= gap:
                rows[r] = x
                break
        else:
            rows.append(x)
            r = len(rows) - 1
        out[node] = (x, y0 + step * r)
    return out


def _spread(
    items: list[tuple[float, str]], gap: float = 120.0
) -> list[tuple[float, str]]:
    """Nodes anchored at the same x fan out sideways (√k columns), instead of one tall stack."""
    groups: dict[float, list[str]] = defaultdict(list)
    for x, node in items:
        groups[round(x, 1)].append(node)
    out: list[tuple[float, str]] = []
    for x, members in groups.items():
        columns = math.ceil(math.sqrt(len(members)))
        for i, node in enumerate(sorted(members)):
            out.append((x + (i % columns - (columns - 1) / 2) * gap, node))
    return out


def timeline_layout(g: nx.Graph) -> tuple[dict[str, Position], list[Tick]]:
    """x by date; meetings and events in the middle lanes, organisations above, documents below.

    Undated nodes sit at the mean x of the dated nodes they link to. Returns
    the positions and month ticks for the axis.
    """
    dated = {n: _day(d) for n, d in g.nodes(data="date") if d}
    if not dated:
        return force_layout(g), []
    first, last = min(dated.values()), max(dated.values())
    span = max((last - first).days, 1)
    per_day = min(40.0, max(3.0, 2400.0 / span))

    def x_of(d: date) -> float:
        return (d - first).days * per_day

    pos: dict[str, Position] = {}
    meetings = [
        (x_of(d), n) for n, d in dated.items() if g.nodes[n]["cls"] == "Meeting"
    ]
    events = [(x_of(d), n) for n, d in dated.items() if g.nodes[n]["cls"] != "Meeting"]
    pos.update(_pack(meetings, 0.0, 70.0))
    pos.update(_pack(events, -160.0, -70.0))
    lanes: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for n, cls in g.nodes(data="cls"):
        if n in dated:
            continue
        xs = [pos[m][0] for m in nx.all_neighbors(g, n) if m in pos]
        lanes["Document" if cls == "Document" else "other"].append(
            (sum(xs) / len(xs) if xs else 0.0, n)
        )
    for lane in lanes.values():
        lane[:] = _spread(lane)
    low = max((y for _, y in pos.values()), default=0.0)
    high = min((y for _, y in pos.values()), default=0.0)
    pos.update(_pack(lanes["other"], high - 200.0, -60.0))
    pos.update(_pack(lanes["Document"], low + 200.0, 60.0))
    ticks: list[Tick] = []
    month = date(first.year, first.month, 1)
    while month <= last:
        ticks.append((x_of(month), month.strftime("%b %Y")))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return pos, ticks
