"""The ontology's HTML documentation opens offline in a browser and names every contract class."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kg.docs import offline_check, write_docs
from tests.support.env import need_executable

CONTRACT_CLASSES = [
    "Document", "Meeting", "Event", "AgendaItem", "Presentation", "Organisation", "Agency",
    "MemberState", "Institution", "CouncilBody", "Unit", "Operation", "JointCustomsOperation",
    "Threat", "Commodity", "InformationSystem", "Programme", "Place",
]  # fmt: skip

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def page_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("pylode") is None:
        pytest.skip("pyLODE is in the docs extra: pip install 'customs-kg[docs]'")
    return write_docs(tmp_path_factory.mktemp("ontology-docs"))


def test_the_page_loads_nothing_from_the_network(page_path: Path) -> None:
    assert offline_check(page_path.read_text(encoding="utf-8")) == []


@pytest.mark.browser
def test_every_contract_class_is_on_the_page(page_path: Path) -> None:
    chromium = need_executable("chromium", "the ontology docs are checked in a real browser")
    from playwright.sync_api import Route, sync_playwright

    blocked: list[str] = []

    def only_files(route: Route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", only_files)
            page.goto(page_path.as_uri())
            text = page.inner_text("body")
        finally:
            browser.close()
    missing = [c for c in CONTRACT_CLASSES if c not in text]
    assert not missing, f"not on the page: {missing}"
    assert "customs-kg ontology" in text
    assert blocked == []
    # each class is shown with its full IRI, the name outside tools use
    assert [c for c in CONTRACT_CLASSES if f"https://w3id.org/customs-kg/ontology#{c}" not in text] == []
