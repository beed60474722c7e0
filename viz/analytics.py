"""Who is central, which groups form, who works on which threat.

The same figures size the nodes of the views (degree centrality) and colour
them with ``--colour community``; `customs-kg viz stats` prints them.
Functions return dataclasses; printing is the CLI's job.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from viz.style import ORGANISATION_CLASSES

__all__ = [
    "BETWEENNESS_SAMPLE",
    "Centrality",
    "Community",
    "GraphStats",
    "ThreatOrganisations",
    "betweenness",
    "communities",
    "community_of",
    "degree",
    "graph_stats",
    "top_organisations_per_threat",
]

#: above this many nodes betweenness is estimated from this many sources (exact is O(n·m))
BETWEENNESS_SAMPLE = 200


@dataclass(frozen=True)
class Centrality:
    node: str
    label: str
    cls: str
    degree: float
    betweenness: float


@dataclass(frozen=True)
class Community:
    number: int
    members: list[str]  # labels, most central first

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class ThreatOrganisations:
    threat: str
    cls: str
    organisations: list[tuple[str, int]]  # (label, number of links), most first


@dataclass
class GraphStats:
    view: str
    nodes: int
    edges: int
    centrality: list[Centrality] = field(default_factory=list)
    communities: list[Community] = field(default_factory=list)
    threats: list[ThreatOrganisations] = field(default_factory=list)


def degree(g: nx.Graph) -> dict[str, float]:
    return (
        dict(nx.degree_centrality(g))
        if g.number_of_nodes() > 1
        else dict.fromkeys(g, 0.0)
    )


def betweenness(g: nx.Graph, seed: int = 7) -> dict[str, float]:
    """Betweenness on the undirected graph (influence runs both ways along a link); sampled when large."""
    u = g.to_undirected(as_view=True) if g.is_directed() else g
    k = BETWEENNESS_SAMPLE if u.number_of_nodes() > 1000 else None
    return dict(nx.betweenness_centrality(u, k=k, seed=seed))


def communities(g: nx.Graph, seed: int = 7) -> list[set[str]]:
    """Louvain communities (networkx's own), largest first; a fixed seed keeps colours stable."""
    if g.number_of_nodes() == 0:
        return []
    u = g.to_undirected(as_view=True) if g.is_directed() else g
    found = nx.community.louvain_communities(u, weight="weight", seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def community_of(g: nx.Graph, seed: int = 7) -> dict[str, int]:
    return {
        node: i for i, members in enumerate(communities(g, seed)) for node in members
    }


def top_organisations_per_threat(
    g: nx.Graph, top: int = 5
) -> list[ThreatOrganisations]:
    """For each threat or commodity, the organisations linked to it directly
    (presented it) or through an operation, programme or unit that targets it
    (led it, presented it, or is its parent)."""
    out: list[ThreatOrganisations] = []
    u = g.to_undirected(as_view=True) if g.is_directed() else g
    for t, cls in sorted(
        g.nodes(data="cls"), key=lambda nc: str(g.nodes[nc[0]].get("label"))
    ):
        if cls not in ("Threat", "Commodity"):
            continue
        score: Counter[str] = Counter()
        for n in u[t]:
            if g.nodes[n].get("cls") in ORGANISATION_CLASSES:
                score[n] += 1
            for m in u[n]:
                if m != t and g.nodes[m].get("cls") in ORGANISATION_CLASSES and m != n:
                    score[m] += 1
        if score:
            ranked = sorted(
                score.items(), key=lambda kv: (-kv[1], str(g.nodes[kv[0]].get("label")))
            )[:top]
            out.append(
                ThreatOrganisations(
                    str(g.nodes[t].get("label")),
                    cls,
                    [(str(g.nodes[o].get("label")), c) for o, c in ranked],
                )
            )
    return out


def graph_stats(g: nx.Graph, top: int = 10) -> GraphStats:
    deg, btw = degree(g), betweenness(g)
    ranked = sorted(g, key=lambda n: (-deg[n], -btw[n], str(g.nodes[n].get("label"))))
    central = [
        Centrality(
            n,
            str(g.nodes[n].get("label", n)),
            str(g.nodes[n].get("cls", "")),
            deg[n],
            btw[n],
        )
        for n in ranked[:top]
    ]
    groups = [
        Community(
            i + 1,
            [str(g.nodes[n].get("label", n)) for n in sorted(c, key=lambda n: -deg[n])],
        )
        for i, c in enumerate(communities(g))
    ]
    return GraphStats(
        view=str(g.graph.get("view", "")),
        nodes=g.number_of_nodes(),
        edges=g.number_of_edges(),
        centrality=central,
        communities=groups,
        threats=top_organisations_per_threat(g),
    )
