"""Session-wide fixtures: the example minutes, a store that holds them, and a
store of generated minutes for questions that need many meetings."""

from __future__ import annotations

import importlib
import sys
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
ROOT = TESTS.parent
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


#: 60 synthetic minutes over two years; with this seed one meeting's minutes give
#: no date, and the busiest presenter presented at it
GENERATED_DOCUMENTS, GENERATED_SEED = 60, 6


@pytest.fixture(scope="session")
def generated_minutes(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Minutes files written by the benchmark's corpus generator, in file order (read-only)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    generate = importlib.import_module("bench.corpus").generate
    folder = tmp_path_factory.mktemp("generated")
    return sorted(generate(GENERATED_DOCUMENTS, GENERATED_SEED, folder / "minutes"))


@pytest.fixture(scope="session")
def generated_store(
    tmp_path_factory: pytest.TempPathFactory,
    minter: Minter,
    generated_minutes: list[Path],
) -> Iterator[EmbeddedBackend]:
    """A store of minutes written by the benchmark's corpus generator (read-only by convention)."""
    backend = EmbeddedBackend(tmp_path_factory.mktemp("generated-store"))
    report = ingest(generated_minutes, backend, minter)
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
