"""The views in a real browser, from the file system, with the network cut off:
they draw, search, filter, show the sentence behind a link on hover, and never
run a script that came in with the minutes."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pytest

from kg.backends.embedded import EmbeddedBackend
from tests.test_views import (
    CHESS,
    EUROPOL,
    IMG,
    POLAND,
    POLAND_SENTENCE,
    SCRIPT,
    TERRORISM,
    load_fixture,
)
from viz.render import render_html
from viz.views import VIEWS, build_view, view_html

if TYPE_CHECKING:
    from support.browser import OfflinePage

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parent.parent / "docs"
NAMES = [v for v in VIEWS if v != "neighbourhood"]


@pytest.fixture(scope="module")
def views(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, tuple[Path, nx.Graph]]]:
    folder = tmp_path_factory.mktemp("views")
    backend = load_fixture(EmbeddedBackend())
    out: dict[str, tuple[Path, nx.Graph]] = {}
    for name in NAMES:
        g = build_view(backend, name)
        path = folder / f"{name}.html"
        path.write_text(view_html(backend, name, graph=g), encoding="utf-8")
        out[name] = (path, g)
    g = build_view(backend, "neighbourhood", entity=POLAND, depth=2)
    path = folder / "neighbourhood.html"
    path.write_text(
        view_html(backend, "neighbourhood", entity=POLAND, graph=g), encoding="utf-8"
    )
    out["neighbourhood"] = (path, g)
    yield out
    backend.close()


@pytest.mark.parametrize("name", [*NAMES, "neighbourhood"])
def test_every_view_opens_offline_with_all_its_nodes(
    offline_page: OfflinePage, views: Any, name: str
) -> None:
    path, g = views[name]
    offline_page.open(path)
    assert (
        offline_page.page.evaluate("network.body.data.nodes.length")
        == g.number_of_nodes()
    )
    assert (
        offline_page.page.evaluate("network.body.data.edges.length")
        == g.number_of_edges()
    )
    offline_page.page.mouse.move(700, 400)
    offline_page.page.wait_for_timeout(200)
    offline_page.clean()


def test_search_finds_europol(offline_page: OfflinePage, views: Any) -> None:
    offline_page.open(views["cooperation"][0])
    offline_page.page.fill("#kg-search", "europol")
    assert "Europol" in offline_page.page.inner_text("#kg-results")
    assert offline_page.page.evaluate("network.getSelectedNodes().length") >= 1
    offline_page.clean()


def test_hovering_a_presentation_link_shows_its_sentence(
    offline_page: OfflinePage, views: Any
) -> None:
    page = offline_page.page
    offline_page.open(views["cooperation"][0])
    point = page.evaluate(
        """([a, b]) => {
            const p = network.getPositions([a, b]);
            const mid = network.canvasToDOM({x: (p[a].x + p[b].x) / 2, y: (p[a].y + p[b].y) / 2});
            const box = document.getElementById('kg-network').getBoundingClientRect();
            return {x: box.left + mid.x, y: box.top + mid.y};
        }""",
        [POLAND, CHESS],
    )
    page.mouse.move(point["x"] - 5, point["y"] - 5)
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=3000)
    assert POLAND_SENTENCE in tooltip.inner_text()
    assert "presented" in tooltip.inner_text()
    assert POLAND_SENTENCE in page.inner_text("#kg-details")
    offline_page.clean()


def test_a_filter_hides_a_class(offline_page: OfflinePage, views: Any) -> None:
    page = offline_page.page
    path, g = views["cooperation"]
    offline_page.open(path)
    threats = sum(1 for _, c in g.nodes(data="cls") if c == "Threat")
    page.uncheck('input[data-cls="Threat"]')
    hidden = page.evaluate(
        "network.body.data.nodes.get({filter: n => n.hidden}).length"
    )
    assert hidden == threats > 0
    assert page.inner_text("#kg-node-count") == str(g.number_of_nodes() - threats)
    page.check('input[data-cls="Threat"]')
    assert (
        page.evaluate("network.body.data.nodes.get({filter: n => n.hidden}).length")
        == 0
    )
    offline_page.clean()


def test_injected_markup_stays_text(offline_page: OfflinePage, views: Any) -> None:
    page = offline_page.page
    offline_page.open(views["cooperation"][0])
    page.evaluate(
        "([a, b]) => kgView.showEdge(kgView.edges.get({filter: e => e.from === a && e.to === b})[0].id)",
        [EUROPOL, TERRORISM],
    )
    assert SCRIPT in page.inner_text("#kg-details") and IMG in page.inner_text(
        "#kg-details"
    )
    assert page.locator("#kg-details img, #kg-details script").count() == 0
    offline_page.open(views["timeline"][0])
    page.fill("#kg-search", "PCCC")
    assert "PCCC Conference <b>bold</b>" in page.inner_text("#kg-results")
    offline_page.clean()


def test_a_large_view_opens_within_seconds(
    offline_page: OfflinePage, tmp_path: Path
) -> None:
    """5,000 nodes and 20,000 links: layout in Python, no physics in the browser."""
    rng = random.Random(7)
    g = nx.gnm_random_graph(5000, 20000, seed=7)
    g = nx.relabel_nodes(g, {n: f"n{n}" for n in g})
    classes = ["Agency", "MemberState", "JointCustomsOperation", "Threat", "Commodity"]
    for n in g:
        g.nodes[n].update(label=f"node {n}", cls=rng.choice(classes), evidence=[])
    for _, _, d in g.edges(data=True):
        d.update(kind="presented", evidence=[])
    started = time.perf_counter()
    path = tmp_path / "big.html"
    path.write_text(render_html(g, title="big"), encoding="utf-8")
    built = time.perf_counter() - started
    started = time.perf_counter()
    offline_page.open(path)
    drawn = time.perf_counter() - started
    assert offline_page.page.evaluate("network.body.data.nodes.length") == 5000
    assert built < 20 and drawn < 20, (built, drawn)
    offline_page.clean()


def test_screenshot_of_the_cooperation_map(
    offline_page: OfflinePage, example_store: EmbeddedBackend, tmp_path: Path
) -> None:
    """The picture in the README: the cooperation map of the example minutes."""
    path = tmp_path / "cooperation.html"
    path.write_text(view_html(example_store, "cooperation"), encoding="utf-8")
    offline_page.open(path)
    assert offline_page.page.evaluate("network.body.data.nodes.length") > 0
    offline_page.page.fill("#kg-search", "Europol")
    assert "Europol" in offline_page.page.inner_text("#kg-results")
    offline_page.page.fill("#kg-search", "")
    offline_page.page.evaluate("network.fit({animation: false})")
    offline_page.page.wait_for_timeout(200)
    DOCS.mkdir(exist_ok=True)
    offline_page.page.screenshot(path=str(DOCS / "cooperation-map.png"))
    offline_page.clean()
