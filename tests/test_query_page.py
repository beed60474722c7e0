"""A person at the query page: picks a catalogue question, runs it, reads the table, opens an entity.

Every request that does not go to the local server is aborted and recorded, so a
passing test proves the page works on a closed network.
"""

from __future__ import annotations

from typing import Any

import pytest
from support.server import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture()
def local_page(browser: Any, served: LiveServer) -> Any:
    context = browser.new_context()
    page = context.new_page()
    page.blocked = []
    page.errors = []

    def route(r: Any) -> None:
        if r.request.url.startswith(served.url + "/"):
            r.continue_()
        else:
            page.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def test_run_a_catalogue_query_from_the_page(
    local_page: Any, served: LiveServer
) -> None:
    page = local_page
    page.goto(served.url + "/")
    page.wait_for_selector(".yasqe")
    page.wait_for_function("document.querySelectorAll('#stored option').length > 15")
    page.select_option("#stored", "documents-cited-by-meeting")
    page.wait_for_function("!document.getElementById('run').disabled")
    page.click("#run")
    page.wait_for_selector(".yasr table td:has-text('5109/2/1 REV 2')", timeout=15000)
    assert "Documents cited by a meeting" in page.inner_text("#stored")
    assert not page.blocked, f"the page tried to reach the network: {page.blocked}"
    assert not page.errors, page.errors


def test_open_an_entity_page(local_page: Any, served: LiveServer) -> None:
    page = local_page
    page.goto(served.url + "/id/org/europol")
    assert page.inner_text("h1#label") == "Europol"
    page.goto(served.url + "/id/doc/12582-16")
    assert "12582/16" in page.inner_text("body")
    assert not page.blocked, f"the page tried to reach the network: {page.blocked}"
    assert not page.errors, page.errors
