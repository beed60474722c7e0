"""How each class looks in every view: one table, so legends agree across views.

Colours are a colour-blind-safe-ish categorical palette; shapes separate the
main families (organisations are dots, operations diamonds, threats triangles),
so a view printed in grey still reads.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CLASS_ORDER",
    "EDGE_COLOURS",
    "ORGANISATION_CLASSES",
    "Style",
    "class_of",
    "style_of",
]


@dataclass(frozen=True)
class Style:
    colour: str
    shape: str


#: most specific first: a node typed with several classes shows the first one here
CLASS_ORDER: tuple[str, ...] = (
    "JointCustomsOperation",
    "Operation",
    "Meeting",
    "Event",
    "Document",
    "AgendaItem",
    "Presentation",
    "Agency",
    "MemberState",
    "Institution",
    "CouncilBody",
    "Unit",
    "Organisation",
    "Threat",
    "Commodity",
    "InformationSystem",
    "Programme",
    "Place",
)

ORGANISATION_CLASSES: frozenset[str] = frozenset(
    {"Organisation", "Agency", "MemberState", "Institution", "CouncilBody", "Unit"}
)

_STYLES: dict[str, Style] = {
    "Agency": Style("#1f77b4", "dot"),
    "MemberState": Style("#2ca02c", "dot"),
    "Institution": Style("#17becf", "dot"),
    "CouncilBody": Style("#9467bd", "dot"),
    "Unit": Style("#6baed6", "dot"),
    "Organisation": Style("#7f7f7f", "dot"),
    "JointCustomsOperation": Style("#ff7f0e", "diamond"),
    "Operation": Style("#fdae6b", "diamond"),
    "Threat": Style("#d62728", "triangle"),
    "Commodity": Style("#8c564b", "triangleDown"),
    "InformationSystem": Style("#bcbd22", "square"),
    "Programme": Style("#e377c2", "star"),
    "Place": Style("#9e9ac8", "hexagon"),
    "Meeting": Style("#393b79", "square"),
    "Event": Style("#6b6ecf", "hexagon"),
    "Event (past)": Style("#6b6ecf", "hexagon"),
    "Event (forthcoming)": Style("#f0a30a", "star"),
    "Document": Style("#636363", "square"),
    "AgendaItem": Style("#bdbdbd", "dot"),
    "Presentation": Style("#ffbb78", "dot"),
}
_OTHER = Style("#cccccc", "dot")

EDGE_COLOURS: dict[str, str] = {
    "presented": "#2ca02c",
    "presented at": "#2ca02c",
    "leads": "#1f77b4",
    "targets": "#d62728",
    "partOf": "#9467bd",
    "cites": "#636363",
    "organised": "#17becf",
    "mentions": "#bdbdbd",
    "copresented": "#ff7f0e",
}


def style_of(cls: str) -> Style:
    return _STYLES.get(cls, _OTHER)


def class_of(types: set[str]) -> str:
    """The display class of a node from its ``rdf:type`` local names (``cck:`` only)."""
    for name in CLASS_ORDER:
        if name in types:
            return name
    return "Thing"
