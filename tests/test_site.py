"""The static site, opened from the file system in Chromium with the network cut off:
the index leads to every view, entity pages and the minutes with facts highlighted."""

from __future__ import annotations

import posixpath
import re
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from kg.backends.embedded import EmbeddedBackend
from tests.test_views import POLAND_SENTENCE, load_fixture
from viz.render import VIS_CSS, VIS_JS
from viz.site import ASSETS, SiteLinks, SiteReport, write_site

if TYPE_CHECKING:
    from support.browser import OfflinePage

#: in vis-network's script and nowhere else
VIS_SIGNATURE = "https://visjs.github.io/vis-network/"
_SCRIPT_SRC = re.compile(r'<script src="([^"]+)"></script>')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteReport]:
    backend = load_fixture(EmbeddedBackend())
    yield write_site(backend, tmp_path_factory.mktemp("site"))
    backend.close()


def test_the_site_holds_views_entities_and_minutes(site: SiteReport) -> None:
    assert {
        "views/cooperation.html",
        "views/timeline.html",
        "views/citations.html",
        "views/copresentation.html",
    } <= set(site.views)
    assert (site.out / "id/org/poland.html").exists()
    assert (site.out / "minutes/doc/12582-16.html").exists() and site.documents == 2
    for page in site.out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'src="http' not in text and "<script>alert(1)" not in text, page


def test_the_site_leaves_out_the_calendar_kept_for_date_questions(
    example_store: EmbeddedBackend, tmp_path: Path
) -> None:
    report = write_site(example_store, tmp_path / "site")
    assert (report.out / "id/org/europol.html").exists()
    assert not (report.out / "id/calendar").exists()
    assert not (report.out / "classes/CalendarDay.html").exists()


def test_the_index_leads_to_a_page_per_class_that_lists_its_entities(
    site: SiteReport,
) -> None:
    index = (site.out / "index.html").read_text(encoding="utf-8")
    assert "id/org/poland.html" not in index, (
        "entities are listed on their class's page"
    )
    classes = re.findall(r'<a href="(classes/[^"]+)">([^<]+)</a>', index)
    assert ("classes/MemberState.html", "MemberState") in classes
    assert site.classes == len(classes)
    for href, _ in classes:
        page = site.out / href
        links = re.findall(r'<li><a href="([^"]+)">', page.read_text(encoding="utf-8"))
        assert links, href
        assert all((page.parent / link).resolve().is_file() for link in links), href
    member_states = (site.out / "classes/MemberState.html").read_text(encoding="utf-8")
    assert '<a href="../id/org/poland.html">Poland</a>' in member_states


def test_a_long_timeline_is_drawn_a_year_per_page(tmp_path: Path) -> None:
    backend = load_fixture(EmbeddedBackend())
    try:
        report = write_site(backend, tmp_path / "site", timeline_limit=1)
    finally:
        backend.close()
    timelines = [v for v in report.views if "timeline" in v]
    assert timelines == [
        "views/timeline-2016.html"
    ]  # the fixture's meetings are all in 2016
    index = (report.out / "index.html").read_text(encoding="utf-8")
    assert 'href="views/timeline-2016.html"' in index
    page = (report.out / timelines[0]).read_text(encoding="utf-8")
    assert "Meetings over time, 2016-01-01 – 2016-12-31" in page


@pytest.mark.parametrize(
    ("page", "target"),
    [
        ("index.html", "views/cooperation.html"),
        ("index.html", "assets"),
        ("views/cooperation.html", "id/org/poland.html"),
        ("views/cooperation.html", "views/timeline.html"),
        ("views/cooperation.html", "assets"),
        ("views/neighbourhood/meeting/ccwp/2016-09-23.html", "assets"),
        ("views/neighbourhood/meeting/ccwp/2016-09-23.html", "index.html"),
        ("id/meeting/ccwp/2016-09-23.html", "id/meeting/ccwp/2016-10-01.html"),
        ("id/meeting/ccwp/2016-09-23.html", "id/meeting/lewp/2017-01-01.html"),
        ("id/org/poland.html", "minutes/doc/12582-16.html"),
        ("id/org.html", "id/org/poland.html"),
        ("id/org/poland.html", "id/org.html"),
    ],
)
def test_relative_links_are_those_of_relpath(page: str, target: str) -> None:
    expected = posixpath.relpath(target, posixpath.dirname(page) or ".")
    assert SiteLinks.relative(page, target) == expected


def test_the_site_writes_vis_network_once(site: SiteReport) -> None:
    script = site.out / ASSETS / VIS_JS
    holders = [
        p.relative_to(site.out)
        for p in site.out.rglob("*")
        if p.is_file() and VIS_SIGNATURE in p.read_text(encoding="utf-8")
    ]
    assert holders == [Path(ASSETS, VIS_JS)]
    assert sorted(p.name for p in (site.out / ASSETS).iterdir()) == [VIS_CSS, VIS_JS]
    assert any(v.startswith("views/neighbourhood/") for v in site.views)
    for view in site.views:
        page = site.out / view
        html = page.read_text(encoding="utf-8")
        # the view's own data and code, not the library
        assert len(html) < 100_000, view
        (src,) = _SCRIPT_SRC.findall(html)
        (css,) = _STYLESHEET.findall(html)
        assert (page.parent / src).resolve() == script.resolve(), view
        assert (page.parent / css).resolve() == (site.out / ASSETS / VIS_CSS).resolve()


def _policy(html: str) -> dict[str, list[str]]:
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert found, "every view page carries its policy"
    return {
        name: values for name, *values in (d.split() for d in found.group(1).split(";"))
    }


def test_a_site_view_runs_shared_files_and_only_its_own_inline_script(
    site: SiteReport,
) -> None:
    html = (site.out / "views/cooperation.html").read_text(encoding="utf-8")
    policy = _policy(html)
    assert policy["default-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["script-src"][0] == "'self'" and len(policy["script-src"]) == 2
    assert "'self'" in policy["style-src"]
    assert len(re.findall(r"<script>", html)) == 1  # the view's own code, by hash


@pytest.mark.browser
def test_index_links_to_every_view(offline_page: OfflinePage, site: SiteReport) -> None:
    page = offline_page.page
    offline_page.open(site.out / "index.html")
    links = page.eval_on_selector_all(
        ".kg-views a", "as => as.map(a => a.getAttribute('href'))"
    )
    assert set(site.views) == set(links)
    for link in links:
        offline_page.open(site.out / link)
        assert page.evaluate("network.body.data.nodes.length") > 0, link
    offline_page.clean()


@pytest.mark.browser
def test_a_view_node_leads_to_its_entity_page(
    offline_page: OfflinePage, site: SiteReport
) -> None:
    page = offline_page.page
    offline_page.open(site.out / "views/cooperation.html")
    url = page.evaluate(
        "network.body.data.nodes.get('https://w3id.org/customs-kg/id/org/poland').url"
    )
    assert url == "../id/org/poland.html"
    offline_page.open(site.out / "views" / url)
    assert "Poland" in page.inner_text("h1")
    offline_page.clean()


@pytest.mark.browser
def test_minutes_page_highlights_a_fact(
    offline_page: OfflinePage, site: SiteReport
) -> None:
    page = offline_page.page
    offline_page.open(site.out / "minutes/doc/12582-16.html")
    marks = page.eval_on_selector_all(
        "mark.kg-fact", "ms => ms.map(m => m.textContent)"
    )
    assert POLAND_SENTENCE in marks
    assert "<script>alert(1)</script>" in page.inner_text(".kg-minutes")
    facts = page.inner_text(".kg-facts")
    assert "Chess Knight IV" in facts and "Poland presented (item 1)" in facts
    page.click(".kg-facts a[href$='chess-knight-iv.html']")
    assert "Chess Knight IV" in page.inner_text("h1")
    offline_page.clean()


def _shared_script_drew(offline_page: OfflinePage, script_url: str) -> None:
    page = offline_page.page
    assert page.evaluate("network.body.data.nodes.length") > 0
    assert page.evaluate("document.body.dataset.ready") == "true"
    assert page.evaluate(
        "[...document.scripts].filter(s => s.src).map(s => s.src)"
    ) == [script_url]
    assert page.evaluate(
        "[...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet)"
    )
    offline_page.clean()


@pytest.mark.browser
def test_a_neighbourhood_draws_with_the_shared_script_from_disk(
    offline_page: OfflinePage, site: SiteReport
) -> None:
    loaded: list[str] = []
    offline_page.page.on("requestfinished", lambda r: loaded.append(r.url))
    for view in (
        "views/cooperation.html",
        next(v for v in site.views if v.startswith("views/neighbourhood/")),
    ):
        offline_page.open(site.out / view)
        script = (site.out / ASSETS / VIS_JS).resolve().as_uri()
        _shared_script_drew(offline_page, script)
        assert script in loaded
    assert all(url.startswith("file://") for url in loaded)


@pytest.fixture()
def served_site(site: SiteReport) -> Iterator[str]:
    """The site over HTTP from a loopback port, as a web server would serve its folder."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(Quiet, directory=str(site.out))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_a_neighbourhood_draws_with_the_shared_script_over_http(
    offline_page: OfflinePage, site: SiteReport, served_site: str
) -> None:
    offline_page.allow(served_site)
    view = next(v for v in site.views if v.startswith("views/neighbourhood/"))
    offline_page.open_url(f"{served_site}/{view}")
    _shared_script_drew(offline_page, f"{served_site}/{ASSETS}/{VIS_JS}")
