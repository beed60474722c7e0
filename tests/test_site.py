"""The static site, opened from the file system in Chromium with the network cut off:
the index leads to every view, entity pages and the minutes with facts highlighted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from kg.backends.embedded import EmbeddedBackend
from tests.test_views import POLAND_SENTENCE, load_fixture
from viz.site import SiteReport, write_site

if TYPE_CHECKING:
    from support.browser import OfflinePage



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
