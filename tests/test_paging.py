"""An analyst pages through a busy organisation's presentations, a year of events, a hub's statements.

The paged look-ups rank only what can reach the requested page (the first
offset + limit minutes, start dates or neighbour groups), so on a corpus of
many minutes every page must be exactly its slice of the whole answer: no row
lost at a page's edge, none shown twice, the order kept.
"""

from __future__ import annotations

import pytest
from support.answers import answer, paged
from support.stores import store_of

from kg.backends.embedded import EmbeddedBackend

EUROPOL = "https://w3id.org/customs-kg/id/org/europol"


@pytest.fixture(scope="module")
def corpus(generated_store: EmbeddedBackend) -> EmbeddedBackend:
    """60 generated minutes over two years; one meeting's minutes give no date."""
    return generated_store


@pytest.mark.parametrize(
    ("name", "params", "size"),
    [
        pytest.param(
            "organisation-presentations", {"org": EUROPOL}, 7, id="presentations"
        ),
        pytest.param(
            "forthcoming-events", {"after": "2014-01-01"}, 9, id="forthcoming"
        ),
        pytest.param(
            "timeline", {"from": "2014-01-01", "to": "2016-12-31"}, 11, id="timeline"
        ),
        pytest.param(
            "entity-neighbourhood", {"entity": EUROPOL}, 13, id="neighbourhood"
        ),
        pytest.param("meetings", {}, 8, id="meetings"),
        pytest.param("most-cited-documents", {}, 10, id="most-cited"),
    ],
)
def test_pages_are_slices_of_the_whole_answer(
    corpus: EmbeddedBackend, name: str, params: dict[str, str], size: int
) -> None:
    whole = answer(corpus, name, dict(params, limit="100000", offset="0"))
    assert len(whole) > 5 * size, f"{name}: too small an answer to page through"
    assert paged(corpus, name, params, size, len(whole)) == whole


@pytest.mark.parametrize(
    ("name", "params"),
    [
        pytest.param(
            "organisation-presentations", {"org": EUROPOL}, id="presentations"
        ),
        pytest.param("meetings", {}, id="meetings"),
    ],
)
def test_minutes_without_a_date_come_last(
    corpus: EmbeddedBackend, name: str, params: dict[str, str]
) -> None:
    everything = dict(params, limit="100000")
    rows = answer(corpus, name, everything)
    dated = [d for (d,) in answer(corpus, name, everything, "date")]
    undated = [i for i, d in enumerate(dated) if d is None]
    assert undated, "the corpus should hold a meeting without a date; pick another seed"
    assert undated == list(range(len(rows) - len(undated), len(rows)))
    days = [d for d in dated if d is not None]
    assert days == sorted(days)
    # the last page, which reaches past the dated presentations, holds them too
    last = answer(
        corpus,
        name,
        dict(params, limit="3", offset=str(len(rows) - len(undated) - 1)),
    )
    assert last == rows[len(rows) - len(undated) - 1 :][:3]


def _minutes(number: str, body: str, day: str | None, items: int) -> str:
    """One minutes graph in which Europol presented under each of ``items`` agenda items."""
    doc, meeting = f"id:doc\\/{number}", f"id:meeting\\/{body}\\/{number}"
    dated = (
        f'; cck:heldOn "{day}"^^xsd:date ; schema:startDate "{day}"^^xsd:date'
        if day
        else ""
    )
    lines = [f"{doc} {{", f"  {meeting} a cck:Meeting ; cck:recordedIn {doc} {dated} ."]
    for n in range(1, items + 1):
        item = f"id:meeting\\/{body}\\/{number}\\/item\\/{n}"
        lines += [
            f"  {item} a cck:AgendaItem ; cck:itemNumber {n} ; cck:agendaItemOf {meeting} .",
            f"  {item}\\/europol a cck:Presentation ; cck:presenter id:org\\/europol ;",
            f"      cck:presentedAt {item} ; cck:presentedIn {meeting} .",
        ]
    return "\n".join([*lines, "}"])


SAME_DAY = "\n".join(
    [
        "@prefix cck: <https://w3id.org/customs-kg/ontology#> .",
        "@prefix schema: <https://schema.org/> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "@prefix id: <https://w3id.org/customs-kg/id/> .",
        _minutes("1-16", "ccwp", "2016-09-20", 1),
        _minutes("2-16", "lewp", "2016-09-23", 1),
        _minutes("3-16", "ccwp", "2016-09-23", 2),
        _minutes("4-16", "cosi", "2016-09-23", 1),
        _minutes("9-16", "gena", "2016-09-23", 1),
        _minutes("10-16", "atwp", "2016-09-23", 2),
        _minutes("5-16", "ccwp", "2016-10-04", 1),
        _minutes("6-16", "ccwp", None, 1),
        _minutes("7-16", "lewp", None, 1),
        _minutes("8-16", "cosi", None, 2),
    ]
)


@pytest.mark.parametrize("size", [1, 2, 3, 4])
def test_meetings_on_one_day_keep_their_presentations_on_the_page(size: int) -> None:
    with store_of(SAME_DAY) as store:
        params = {"org": EUROPOL}
        whole = answer(store, "organisation-presentations", dict(params, limit="100"))
        assert len(whole) == 13
        assert paged(store, "organisation-presentations", params, size, 13) == whole
        meetings = [
            m
            for (m,) in answer(
                store,
                "organisation-presentations",
                dict(params, limit="100"),
                "meeting",
            )
        ]
        # by day, a day's meetings one after another; the undated ones last, by their minutes
        bodies = [m.rsplit("/", 2)[-2] for m in meetings]
        dated = ["ccwp", "atwp", "atwp", "ccwp", "ccwp", "cosi", "gena", "lewp", "ccwp"]
        assert bodies == [*dated, "ccwp", "lewp", "cosi", "cosi"]
