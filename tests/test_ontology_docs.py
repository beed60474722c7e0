"""The ontology's HTML documentation opens offline in a browser and names every contract class."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from support.browser import OfflinePage

from kg.docs import offline_check, write_docs

CONTRACT_CLASSES = [
    "Document", "Meeting", "Event", "AgendaItem", "Presentation", "Organisation", "Agency",
    "MemberState", "Institution", "CouncilBody", "Unit", "Operation", "JointCustomsOperation",
    "Threat", "Commodity", "InformationSystem", "Programme", "Place",
]  # fmt: skip


@pytest.fixture(scope="module")
def page_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("pylode") is None:
        pytest.skip("pyLODE is in the docs extra: pip install 'customs-kg[docs]'")
    return write_docs(tmp_path_factory.mktemp("ontology-docs"))


def test_the_page_loads_nothing_from_the_network(page_path: Path) -> None:
    assert offline_check(page_path.read_text(encoding="utf-8")) == []


@pytest.mark.browser
def test_every_contract_class_is_on_the_page(
    page_path: Path, offline_page: OfflinePage
) -> None:
    offline_page.page.goto(page_path.as_uri())
    text = offline_page.page.inner_text("body")
    missing = [c for c in CONTRACT_CLASSES if c not in text]
    assert not missing, f"not on the page: {missing}"
    assert "customs-kg ontology" in text
    assert offline_page.blocked == []
    # each class is shown with its full IRI, the name outside tools use
    assert [
        c
        for c in CONTRACT_CLASSES
        if f"https://w3id.org/customs-kg/ontology#{c}" not in text
    ] == []
