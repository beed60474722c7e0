"""Session-wide fixtures: the example minutes, and a store that holds them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.backends.embedded import EmbeddedBackend
from kg.ingest import ingest
from kg.iris import Minter

pytest_plugins = [
    "support.virtuoso",
    "support.browser",
    "support.server",
]  # shared fixtures, registered once

TESTS = Path(__file__).resolve().parent
MINUTES = TESTS / "data" / "minutes"
EXAMPLE = MINUTES / "ccwp-experts-2016-09-23.txt"


@pytest.fixture(scope="session")
def example_path() -> Path:
    """Council document 12582/16: CCWP (Experts), 23 September 2016."""
    return EXAMPLE


@pytest.fixture(scope="session")
def minter() -> Minter:
    return Minter()


@pytest.fixture(scope="session")
def example_store(
    tmp_path_factory: pytest.TempPathFactory, minter: Minter
) -> Iterator[EmbeddedBackend]:
    """An on-disk store holding the example minutes (read-only by convention: do not write)."""
    backend = EmbeddedBackend(tmp_path_factory.mktemp("example-store"))
    report = ingest([EXAMPLE], backend, minter)
    assert not report.failed, report.failed
    yield backend
    backend.close()


@pytest.fixture()
def empty_store(tmp_path: Path) -> Iterator[EmbeddedBackend]:
    backend = EmbeddedBackend(tmp_path / "store")
    yield backend
    backend.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Under CI every server, browser and tool is installed, so a skip means something is missing."""
    outcome = yield
    report = outcome.get_result()
    from support.env import IN_CI

    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = (
            f"skipped under CI=true, where nothing may be missing: {report.longrepr}"
        )
