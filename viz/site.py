"""``customs-kg site``: a static site that opens from the file system, offline.

Layout (all links relative, so the folder can be copied, zipped or opened
from a USB stick)::

    index.html                     what the graph holds; links to everything
    classes/<class>.html           the entities of one class, by label
    assets/vis-network.min.js      vis-network, once, for every view (and its .css)
    views/<view>.html              the network views (a long timeline: timeline-<year>.html)
    views/neighbourhood/<m>.html   one neighbourhood per meeting
    id/<path>.html                 one page per entity, <path> its IRI after the base
    minutes/<path>.html            each minutes document, facts highlighted

Entity pages come from `viz.pages.render_entity_page` when that module is
installed, else from a plain page here; the neighbourhood those pages embed is
drawn as a still SVG picture (`viz.render.static_pictures`) so the site stays small.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
from rdflib import Literal, URIRef

from kg.backends.base import Backend
from kg.iris import Minter
from kg.labels import short
from kg.stats import graph_stats
from viz.documents import document_page, minutes_documents
from viz.index import PREFIX, Index, load_index, select
from viz.project import timeline_years
from viz.render import static_pictures, write_vis_assets
from viz.views import VIEWS, build_view, shared_index, view_html

__all__ = [
    "ASSETS",
    "ENTITY_IN",
    "ENTITY_OUT",
    "SiteLinks",
    "SiteReport",
    "write_site",
]

log = logging.getLogger(__name__)

ENTITY_OUT = PREFIX + "SELECT DISTINCT ?p ?o WHERE { ?s ?p ?o } ORDER BY ?p ?o"
ENTITY_IN = PREFIX + "SELECT DISTINCT ?s ?p WHERE { ?s ?p ?o } ORDER BY ?p ?s"
_SAFE = re.compile(r"[^A-Za-z0-9._-]")
_LITERAL_MAX = 300
#: the folder of files every page shares (vis-network)
ASSETS = "assets"


@dataclass
class SiteReport:
    out: Path
    views: list[str] = field(default_factory=list)
    entities: int = 0
    documents: int = 0
    classes: int = 0
    fallback_pages: int = 0

    @property
    def pages(self) -> int:
        return 1 + len(self.views) + self.entities + self.documents + self.classes


class SiteLinks:
    """Where each page of the site lives, and the relative link from one page to another."""

    def __init__(self, base: str) -> None:
        self.base = base

    def _path(self, folder: str, iri: str) -> str | None:
        if not iri.startswith(self.base):
            return None
        parts = [_SAFE.sub("_", p) or "_" for p in iri[len(self.base) :].split("/")]
        parts = ["_" if p in (".", "..") else p for p in parts]
        return f"{folder}/{'/'.join(parts)}.html"

    def entity(self, iri: str) -> str | None:
        return self._path("id", iri)

    def minutes(self, iri: str) -> str | None:
        return self._path("minutes", iri)

    @staticmethod
    def view(name: str) -> str:
        return f"views/{name}.html"

    @staticmethod
    def assets_from(page: str) -> str:
        """The relative URL of the shared assets folder from ``page``."""
        return SiteLinks.relative(page, ASSETS)

    @staticmethod
    def relative(page: str, target: str) -> str:
        """``target`` as a link from ``page``, both paths from the site's root.

        What ``posixpath.relpath`` answers for these normalised paths, by comparing
        folder names (relpath makes both absolute first, and a site asks ~20 links
        per page)."""
        here = page.split("/")[:-1]
        there = target.split("/")
        common = 0
        while (
            common < len(here)
            and common < len(there) - 1
            and here[common] == there[common]
        ):
            common += 1
        return "/".join([".."] * (len(here) - common) + there[common:])

    def href_from(self, page: str, pages: set[str]) -> Callable[[str], str | None]:
        """IRI → link from ``page`` to the entity's page, when the site has one."""

        def href(iri: str) -> str | None:
            target = self.entity(iri)
            return self.relative(page, target) if target in pages else None

        return href

    def href_or_iri(self, page: str, pages: set[str]) -> Callable[[str], str]:
        """Like `href_from`, but an IRI without a page links to itself (ontology terms, Wikidata)."""
        local = self.href_from(page, pages)

        def href(iri: str) -> str:
            return local(iri) or iri

        return href


@cache
def _template(name: str) -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(
        resources.files("viz").joinpath(f"assets/{name}").read_text(encoding="utf-8")
    )


@cache
def _css() -> str:
    return (
        resources.files("viz").joinpath("assets/page.css").read_text(encoding="utf-8")
    )


def _entity_page(
    backend: Backend,
    iri: str,
    index: Index,
    href: Callable[[str], str | None],
    home: str,
    text_page: str | None,
    doc_link: Callable[[str], str | None],
) -> str:
    """A plain entity page: the sentences it came from and every link in and out."""
    term = URIRef(iri)
    out_rows: list[tuple[str, str, str | None]] = []
    for r in select(backend, ENTITY_OUT, {"s": term}):
        o = r["o"]
        if isinstance(o, Literal):
            text = str(o)
            out_rows.append(
                (
                    short(r["p"]),
                    text if len(text) <= _LITERAL_MAX else text[:_LITERAL_MAX] + "…",
                    None,
                )
            )
        else:
            out_rows.append(
                (
                    short(r["p"]),
                    index.label(str(o)) if str(o) in index.labels else str(o),
                    href(str(o)),
                )
            )
    in_rows = [
        (short(r["p"]), index.label(str(r["s"])), href(str(r["s"])))
        for r in select(backend, ENTITY_IN, {"o": term})
    ]
    evidence = [
        {"text": e.text, "doc": e.number, "link": doc_link(e.document)}
        for e in index.evidence(iri)
    ]
    return _template("entity.html.j2").render(
        iri=iri,
        label=index.label(iri),
        cls=index.cls(iri),
        evidence=evidence,
        sections=[("Statements", out_rows), ("Referred to by", in_rows)],
        home=home,
        text_page=text_page,
        css=_css(),
    )


def _render_entity(
    backend: Backend,
    iri: str,
    minter: Minter,
    href: Callable[[str], str],
    fallback: Callable[[], str],
) -> tuple[str, bool]:
    """The shared entity page when `viz.pages` exists, else ours; True when ours was used."""
    try:
        from viz.pages import render_entity_page  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return fallback(), True
    try:
        return str(render_entity_page(backend, URIRef(iri), minter, href=href)), False
    except (
        Exception
    ) as err:  # a page that cannot be made must not lose the rest of the site
        log.warning("entity page of %s: %s; writing a plain page", iri, err)
        return fallback(), True


#: meetings and events above which the site draws one timeline per year
TIMELINE_PER_YEAR_ABOVE = 5_000


def write_site(
    backend: Backend,
    out: Path,
    minter: Minter | None = None,
    *,
    timeline_limit: int = TIMELINE_PER_YEAR_ABOVE,
) -> SiteReport:
    """Write the whole site under ``out`` (created if missing); returns what was written.

    A corpus with more than ``timeline_limit`` dated meetings and events gets one
    timeline per year: the whole of 10,000 minutes is a page of 84,000 nodes."""
    minter = minter or Minter()
    links = SiteLinks(minter.base)
    index = load_index(backend)
    index.describe_all()
    out.mkdir(parents=True, exist_ok=True)
    report = SiteReport(out)
    entities = sorted(iri for iri in index.classes if links.entity(iri) is not None)
    pages = {p for iri in entities if (p := links.entity(iri))}
    documents = minutes_documents(backend)

    def write(page: str, html: str) -> None:
        path = out / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")

    # views, all drawn by one shared copy of vis-network
    write_vis_assets(out / ASSETS)
    view_entries = []
    years = timeline_years(index)
    by_year = sum(years.values()) > timeline_limit
    for name, view in VIEWS.items():
        if name == "neighbourhood":
            continue
        windows: list[tuple[str, str, date | None, date | None]] = [
            (links.view(name), view.title, None, None)
        ]
        if name == "timeline" and by_year:
            windows = [
                (
                    links.view(f"timeline-{year}"),
                    f"{view.title}, {year}",
                    date(year, 1, 1),
                    date(year, 12, 31),
                )
                for year in years
            ]
        for page, title, since, until in windows:
            g = build_view(backend, name, index=index, since=since, until=until)
            write(
                page,
                view_html(
                    backend,
                    name,
                    graph=g,
                    href=links.href_from(page, pages),
                    home="../index.html",
                    assets=links.assets_from(page),
                ),
            )
            report.views.append(page)
            view_entries.append(
                {
                    "href": page,
                    "title": title,
                    "description": view.description,
                    "nodes": g.number_of_nodes(),
                    "edges": g.number_of_edges(),
                }
            )
    for meeting in (iri for iri in entities if index.cls(iri) == "Meeting"):
        entity_page = links.entity(meeting)
        assert entity_page is not None
        page = "views/neighbourhood/" + entity_page[len("id/") :]
        g = build_view(backend, "neighbourhood", entity=meeting, depth=1, index=index)
        home = links.relative(page, "index.html")
        write(
            page,
            view_html(
                backend,
                "neighbourhood",
                entity=meeting,
                graph=g,
                href=links.href_from(page, pages),
                home=home,
                assets=links.assets_from(page),
            ),
        )
        report.views.append(page)
        view_entries.append(
            {
                "href": page,
                "title": f"Neighbourhood of {index.label(meeting)}",
                "description": VIEWS["neighbourhood"].description,
                "nodes": g.number_of_nodes(),
                "edges": g.number_of_edges(),
            }
        )
    # minutes
    doc_pages = {d: p for d in documents if (p := links.minutes(d))}
    for doc, page in doc_pages.items():
        href = links.href_from(page, pages)
        write(
            page,
            document_page(
                backend,
                doc,
                href=href,
                home=links.relative(page, "index.html"),
                index=index,
            ),
        )
        report.documents += 1
    # entities; the neighbourhood each page embeds is a still picture, without sentences
    pictures = index.without_evidence()
    for iri in entities:
        entity_page = links.entity(iri)
        assert entity_page is not None
        page = entity_page
        href = links.href_from(page, pages)
        home = links.relative(page, "index.html")
        text_page = links.relative(page, doc_pages[iri]) if iri in doc_pages else None

        def doc_link(d: str, page: str = page) -> str | None:
            return links.relative(page, doc_pages[d]) if d in doc_pages else None

        def fallback(
            iri: str = iri,
            href: Callable[[str], str | None] = href,
            home: str = home,
            text_page: str | None = text_page,
            doc_link: Callable[[str], str | None] = doc_link,
        ) -> str:
            return _entity_page(backend, iri, index, href, home, text_page, doc_link)

        with static_pictures(), shared_index(pictures):
            html, ours = _render_entity(
                backend, iri, minter, links.href_or_iri(page, pages), fallback
            )
        write(page, html)
        report.entities += 1
        report.fallback_pages += ours
    # one page per class: an index naming every entity grew to megabytes
    by_class: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for iri in entities:
        listed = links.entity(iri)
        assert listed is not None
        by_class[index.cls(iri)].append((index.label(iri), listed))
    class_entries = []
    for cls, items in sorted(by_class.items()):
        page = f"classes/{_SAFE.sub('_', cls)}.html"
        write(
            page,
            _template("class.html.j2").render(
                cls=cls,
                entities=[
                    (label, links.relative(page, target))
                    for label, target in sorted(items)
                ],
                home=links.relative(page, "index.html"),
                css=_css(),
            ),
        )
        report.classes += 1
        class_entries.append({"cls": cls, "count": len(items), "href": page})
    counts = [(k, v) for k, v in graph_stats(backend).items()]
    write(
        "index.html",
        _template("index.html.j2").render(
            views=view_entries,
            documents=[
                {"href": p, "label": index.label(d), "title": ""}
                for d, p in doc_pages.items()
            ],
            counts=counts,
            classes=class_entries,
            css=_css(),
        ),
    )
    return report
