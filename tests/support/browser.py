"""Chromium through Playwright, with the network cut off.

Every request that is not ``file://`` (or to an origin the test serves itself,
`OfflinePage.allow`) is aborted and recorded, so a test that passes proves the
page needs nothing from a CDN or the internet. The browser
is the Debian ``/usr/bin/chromium``: nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from support.env import need_executable

__all__ = ["CHROMIUM_ARGS", "OfflinePage", "browser", "offline_page"]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class OfflinePage:
    """A page plus what went wrong on it: console errors, page errors, blocked requests, dialogs."""

    page: Any
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    #: origins besides ``file://`` the page may reach (a loopback server of the test)
    allowed: list[str] = field(default_factory=list)

    def allow(self, origin: str) -> None:
        self.allowed.append(origin.rstrip("/") + "/")

    def may_reach(self, url: str) -> bool:
        return url.startswith("file://") or any(url.startswith(o) for o in self.allowed)

    def open(self, path: Path) -> None:
        self.open_url(path.resolve().as_uri())

    def open_url(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_function(
            "document.body.getAttribute('data-ready') === 'true' || !window.vis"
        )

    def clean(self) -> None:
        assert not self.errors, self.errors
        assert not self.blocked, f"the page tried to reach the network: {self.blocked}"
        assert not self.dialogs, f"a script from the data ran: {self.dialogs}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = need_executable("chromium", "the browser tests drive it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def offline_page(browser: Any) -> Iterator[OfflinePage]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    result = OfflinePage(page)

    def route(r: Any) -> None:
        if result.may_reach(r.request.url):
            r.continue_()
        else:
            result.blocked.append(r.request.url)
            r.abort()

    def dialog(d: Any) -> None:
        result.dialogs.append(d.message)
        d.dismiss()

    context.route("**/*", route)
    page.on(
        "console", lambda m: result.errors.append(m.text) if m.type == "error" else None
    )
    page.on("pageerror", lambda e: result.errors.append(str(e)))
    page.on("dialog", dialog)
    yield result
    context.close()
