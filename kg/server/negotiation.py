"""HTTP content negotiation (RFC 9110 §12.5.1) for query results and RDF.

The ``format`` parameter, when given, wins over ``Accept``: it is how a link in
a web page or a shell one-liner asks for CSV without setting headers.
"""

from __future__ import annotations

__all__ = [
    "HTML",
    "RDF_TYPES",
    "RESULT_TYPES",
    "choose",
    "from_format_param",
    "parse_accept",
]

HTML = "text/html"

#: SPARQL 1.1 query results formats, our short name → media type
RESULT_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: RDF serialisations for CONSTRUCT/DESCRIBE, graphs and entity data (short name = file extension)
RDF_TYPES: dict[str, str] = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
}
#: other names clients send for the same types
_ALIASES: dict[str, str] = {
    "application/json": "application/sparql-results+json",
    "application/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    "application/x-json+ld": "application/ld+json",
    "text/plain": "application/n-triples",
    "application/xml": "application/rdf+xml",
}
_FORMAT_NAMES: dict[str, str] = {
    **RESULT_TYPES,
    **RDF_TYPES,
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "n3": "text/turtle",  # Turtle is N3's RDF subset; clients asking for N3 read it
}
#: a results name given for a graph answer means the RDF format of the same family
_FOR_GRAPHS: dict[str, str] = {
    "xml": "application/rdf+xml",
    "json": "application/ld+json",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their weights, best first (stable for equal weights)."""
    if not header:
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float, int]] = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media, q, i))

    def specificity(media: str) -> int:
        return 0 if media == "*/*" else 1 if media.endswith("/*") else 2

    ranges.sort(key=lambda r: (-r[1], -specificity(r[0]), r[2]))
    return [(m, q) for m, q, _ in ranges]


def choose(
    header: str | None, offered: list[str], default: str | None = None
) -> str | None:
    """The offered media type the client prefers; ``default`` for a bare ``*/*``;
    None when nothing offered is acceptable (the caller answers 406)."""
    for media, q in parse_accept(header):
        if q <= 0:
            continue
        media = _ALIASES.get(media, media)
        if media == "*/*":
            return default if default in offered else offered[0]
        if media.endswith("/*"):
            major = media[:-1]
            for o in offered:
                if o.startswith(major):
                    return o
            continue
        if media in offered:
            return media
    return None


def from_format_param(value: str, offered: list[str]) -> str | None:
    """``format=csv`` or ``format=text/csv`` → the media type, if offered."""
    media = _FORMAT_NAMES.get(value.lower().strip(), value.lower().strip())
    media = _ALIASES.get(media, media)
    if media not in offered:
        media = _FOR_GRAPHS.get(value.lower().strip(), media)
    return media if media in offered else None
