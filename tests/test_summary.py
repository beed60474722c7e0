"""An analyst asks for the events of a period: the calendar the date questions page through.

Ingest keeps a calendar of start dates in the summary graph, with the number of
events starting on and before each; the timeline and forthcoming-events
questions read it instead of ranking every dated statement. Its answers must be
the events that reading every date gives, it must follow each ingest, and
``check`` must say when a store's calendar no longer matches its minutes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from rdflib import Literal
from support.stores import store_of

from kg.backends.embedded import EmbeddedBackend
from kg.catalogue import catalogue
from kg.check import check
from kg.ingest import ingest
from kg.iris import Minter
from kg.namespaces import XSD
from kg.results import rows
from kg.summary import SUMMARY_LINKS, calendar_days, stale_summary

MINUTES = Path(__file__).resolve().parent / "data" / "minutes"

#: every dated event or meeting, read from every statement: what the calendar must agree with
EVERY_DATED_EVENT = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?start ?event WHERE {
  ?event schema:startDate ?start .
  FILTER EXISTS { ?event a ?type FILTER(?type IN (cck:Event, cck:Meeting)) }
}
"""


def _day(value: str) -> Literal:
    kind = XSD.gYearMonth if len(value) == 7 else XSD.date
    return Literal(value, datatype=kind)


def test_a_month_comes_before_its_days_and_each_date_counts_the_events_before_it() -> (
    None
):
    days = calendar_days(
        [
            (_day("2016-09-23"), 3),
            (_day("2016-10"), 1),
            (_day("2016-09"), 2),
            (_day("2016-09-01"), 4),
            (_day("2016-10-01"), 1),
        ]
    )
    assert [str(d.start) for d in days] == [
        "2016-09",
        "2016-09-01",
        "2016-09-23",
        "2016-10",
        "2016-10-01",
    ]
    assert [d.before for d in days] == [0, 2, 6, 9, 10]
    assert days[0].month_only and days[0].first_day == dt.date(2016, 9, 1)


@pytest.mark.parametrize(
    "odd", [Literal("2016-13", datatype=XSD.gYearMonth), Literal("soon"), Literal(7)]
)
def test_a_start_that_is_no_date_stays_out_of_the_calendar(odd: Literal) -> None:
    days = calendar_days([(odd, 5), (_day("2016-09-23"), 1)])
    assert [(str(d.start), d.before) for d in days] == [("2016-09-23", 0)]


def _in_range(start: str, low: str, high: str) -> bool:
    """The catalogue's rule: a month-only date counts when its month overlaps the range."""
    if len(start) == 7:
        return low[:7] <= start <= high[:7]
    return low <= start <= high


def _answer(
    store: EmbeddedBackend, name: str, params: dict[str, str]
) -> list[dict[str, str]]:
    stored = catalogue()[name]
    result = store.query(stored.text, stored.bindings(params, Minter()))
    names = [str(v) for v in result.vars or []]
    return [
        {n: str(v) for n, v in zip(names, row, strict=True) if v is not None}  # type: ignore[arg-type]
        for row in result
    ]


@pytest.mark.parametrize(
    ("low", "high"),
    [
        ("2014-01-01", "2016-12-31"),  # the whole corpus
        ("2015-03-17", "2015-09-02"),  # from and to mid-month
        ("2015-06-01", "2015-06-30"),  # one month, from its first day
        ("2015-06-30", "2015-07-01"),  # two days across a month's end
        ("2030-01-01", "2031-01-01"),  # nothing
    ],
)
def test_the_timeline_holds_the_events_that_every_dated_statement_gives(
    generated_store: EmbeddedBackend, low: str, high: str
) -> None:
    expected = {
        (str(start), str(event))
        for start, event in rows(generated_store, EVERY_DATED_EVENT)
        if _in_range(str(start), low, high)
    }
    answer = _answer(
        generated_store, "timeline", {"from": low, "to": high, "limit": "100000"}
    )
    assert {(r["start"], r["event"]) for r in answer} == expected
    days = [r["start"] for r in answer]
    assert days == sorted(days)


@pytest.mark.parametrize(
    "after", ["2014-01-01", "2015-06-14", "2015-06-30", "2016-12-31"]
)
def test_forthcoming_events_are_those_that_start_after_the_date(
    generated_store: EmbeddedBackend, after: str
) -> None:
    expected = {
        str(event)
        for start, event in rows(generated_store, EVERY_DATED_EVENT)
        if (str(start) >= after[:7] if len(str(start)) == 7 else str(start) > after)
    }
    answer = _answer(
        generated_store, "forthcoming-events", {"after": after, "limit": "100000"}
    )
    assert {r["event"] for r in answer} == expected


#: every presenter's minutes, with their meeting's day when the minutes give one
EVERY_PRESENTER_MINUTES = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT DISTINCT ?presenter ?minutes ?day WHERE {
  GRAPH ?minutes { ?presentation cck:presenter ?presenter }
  OPTIONAL { GRAPH ?minutes { ?meeting cck:heldOn ?day } }
}
"""

#: what the presenter calendars of the summary graph say
PRESENTER_CALENDARS = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT ?presenter ?day ?minutes WHERE {
  ?calendar cck:summarises ?presenter ; cck:presenterMonth/cck:presenterDay ?entry .
  { ?entry cck:presentedOn ?day } UNION { ?entry cck:presentedInUndated ?minutes }
}
"""


def test_a_presenter_calendar_lists_the_days_and_undated_minutes_of_its_presentations(
    generated_store: EmbeddedBackend,
) -> None:
    minutes = rows(generated_store, EVERY_PRESENTER_MINUTES)
    days = {(str(p), str(d)) for p, _, d in minutes if d is not None}
    undated = {(str(p), str(m)) for p, m, d in minutes if d is None}
    calendars = rows(generated_store, PRESENTER_CALENDARS)
    assert {(str(p), str(d)) for p, d, _ in calendars if d is not None} == days
    assert {(str(p), str(m)) for p, _, m in calendars if m is not None} == undated
    assert undated, "the generated corpus has minutes without a date"


#: each presenter's months and days, in the order of their positions
PRESENTER_MONTHS_AND_DAYS = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT ?presenter ?month ?monthCount ?monthBefore ?inMonth ?count ?before ?date WHERE {
  ?calendar cck:summarises ?presenter ; cck:presenterMonth ?month .
  ?month cck:presentationCount ?monthCount ; cck:presentationsBefore ?monthBefore ;
         cck:presenterDay ?day .
  OPTIONAL { ?month cck:inMonth ?inMonth }
  ?day cck:presentationCount ?count ; cck:presentationsBefore ?before .
  OPTIONAL { ?day cck:presentedOn ?date }
}
ORDER BY ?presenter ?before
"""


def test_a_presenter_calendar_counts_what_the_question_lists_day_by_day(
    generated_store: EmbeddedBackend,
) -> None:
    """The page of presentations is cut on these counts: a day that counts one
    too many or too few shifts every later page."""
    calendars: dict[str, list[tuple[str, ...]]] = {}
    for row in rows(generated_store, PRESENTER_MONTHS_AND_DAYS):
        presenter, *rest = (str(v) if v is not None else "" for v in row)
        calendars.setdefault(presenter, []).append(tuple(rest))
    assert len(calendars) > 5
    for presenter, days in calendars.items():
        listed = _answer(
            generated_store,
            "organisation-presentations",
            {"org": presenter, "limit": "100000"},
        )
        # each day starts where the one before it ends, and the last where the answer does
        ends = [int(before) + int(count) for *_, count, before, _ in days]
        assert [int(before) for *_, before, _ in days] == [0, *ends[:-1]]
        assert ends[-1] == len(listed)
        # as many on each date as the answer lists on it
        per_date: dict[str, int] = {}
        for row in listed:
            per_date[row.get("date", "")] = per_date.get(row.get("date", ""), 0) + 1
        on_days: dict[str, int] = {}
        for *_, count, _, date in days:
            on_days[date] = on_days.get(date, 0) + int(count)
        assert on_days == per_date, presenter
        # a month holds its days: their presentations, from where its first day starts
        months: dict[str, list[tuple[str, ...]]] = {}
        for day in days:
            months.setdefault(day[0], []).append(day)
        for month, (first, *rest) in months.items():
            _, month_count, month_before, in_month, _, before, _ = first
            assert month_before == before, month
            assert int(month_count) == sum(int(d[4]) for d in (first, *rest)), month
            assert all(d[6].startswith(in_month) for d in (first, *rest)), month


#: every presenter and meeting, read from every presentation: what the pairs must agree with
EVERY_PRESENTER_MEETING = """
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
SELECT DISTINCT ?presenter ?meeting WHERE {
  ?presentation cck:presenter ?presenter ; cck:presentedIn ?meeting .
}
"""


def test_organisations_that_presented_together_are_those_every_presentation_gives(
    generated_store: EmbeddedBackend,
) -> None:
    """A policy officer asks who works with whom: the pairs are counted on the
    calendars' meetings, and must be the pairs of every meeting's presenters."""
    presenters: dict[str, set[str]] = {}
    for presenter, meeting in rows(generated_store, EVERY_PRESENTER_MEETING):
        presenters.setdefault(str(meeting), set()).add(str(presenter))
    expected = Counter(
        pair for found in presenters.values() for pair in combinations(sorted(found), 2)
    )
    answer = _answer(generated_store, "co-presenters", {})
    assert {
        (r["organisation1"], r["organisation2"]): int(r["meetings"]) for r in answer
    } == expected
    assert max(expected.values()) > 1, "no two presenters met twice in the corpus"
    assert all(r.get("label1") and r.get("label2") for r in answer)


def test_each_ingest_brings_the_calendar_up_to_date(
    empty_store: EmbeddedBackend, minter: Minter
) -> None:
    first, second = sorted(MINUTES.iterdir())[:2]
    report = ingest([first], empty_store, minter)
    assert report.calendar_days and stale_summary(empty_store, minter) is None
    before = report.calendar_days
    report = ingest([second], empty_store, minter)
    assert report.calendar_days > before
    assert stale_summary(empty_store, minter) is None


#: the generated minutes whose meeting gives no date (GENERATED_SEED's corpus)
UNDATED_MINUTES = 23


@pytest.mark.parametrize(
    ("first", "then"),
    [
        pytest.param(range(55), range(55, 60), id="the latest minutes"),
        pytest.param(range(5, 60), range(5), id="the earliest, before every day"),
        pytest.param(
            [i for i in range(60) if i != UNDATED_MINUTES],
            [UNDATED_MINUTES],
            id="minutes whose meeting has no date",
        ),
    ],
)
def test_minutes_added_to_a_store_grow_its_summary_into_what_a_rebuild_gives(
    generated_minutes: list[Path],
    empty_store: EmbeddedBackend,
    minter: Minter,
    first: range | list[int],
    then: range | list[int],
) -> None:
    """A month's minutes added to years of them: only what they change is rewritten."""
    ingest([generated_minutes[i] for i in first], empty_store, minter)
    report = ingest([generated_minutes[i] for i in then], empty_store, minter)
    assert report.summary_grown and not report.failed
    # the summary a rebuild from every minutes would write
    assert stale_summary(empty_store, minter) is None


def test_a_revision_of_stored_minutes_adds_to_their_days_and_no_neighbours(
    generated_minutes: list[Path],
    empty_store: EmbeddedBackend,
    minter: Minter,
    tmp_path: Path,
) -> None:
    """The same meeting's minutes under a revision's number: every presentation
    counts again on its day, and every link it states is one already known."""
    ingest(generated_minutes[:55], empty_store, minter)
    original = generated_minutes[54]
    number = next(
        line.split("\t")[1]
        for line in (original.parent / "MANIFEST.tsv").read_text().splitlines()
        if line.startswith(original.name)
    )
    serial, year = number.split("/")
    revision = tmp_path / original.name
    revision.write_text(
        original.read_text().replace(number, f"{serial}/1/{year} REV 1", 1)
    )
    report = ingest([revision], empty_store, minter)
    assert report.summary_grown and report.loaded and not report.failed
    assert stale_summary(empty_store, minter) is None


def test_an_ingest_cut_short_leaves_the_next_to_rebuild_the_summary(
    generated_minutes: list[Path],
    empty_store: EmbeddedBackend,
    minter: Minter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C after the minutes are written but before the summary counts them."""
    ingest(generated_minutes[:50], empty_store, minter)

    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("kg.ingest.refresh_summary", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest(generated_minutes[50:53], empty_store, minter)
    monkeypatch.undo()
    report = ingest(generated_minutes[53:55], empty_store, minter)
    assert not report.summary_grown
    assert stale_summary(empty_store, minter) is None


def test_an_ingest_that_stores_nothing_leaves_the_summary_current(
    generated_minutes: list[Path],
    empty_store: EmbeddedBackend,
    minter: Minter,
    tmp_path: Path,
) -> None:
    ingest(generated_minutes[:50], empty_store, minter)
    unreadable = tmp_path / "not-minutes.txt"
    unreadable.write_text("Nothing here is a Council document.\n")
    report = ingest([unreadable], empty_store, minter)
    assert report.failed and not report.loaded
    report = ingest(generated_minutes[50:52], empty_store, minter)
    assert report.summary_grown
    assert stale_summary(empty_store, minter) is None


@pytest.mark.parametrize(
    "then",
    [
        pytest.param([0], id="minutes read again"),
        pytest.param(range(40, 60), id="more minutes than a small share of the store"),
    ],
)
def test_minutes_that_replace_others_or_many_rebuild_the_summary(
    generated_minutes: list[Path],
    empty_store: EmbeddedBackend,
    minter: Minter,
    then: range | list[int],
) -> None:
    ingest(generated_minutes[:40], empty_store, minter)
    report = ingest(
        [generated_minutes[i] for i in then], empty_store, minter, again=True
    )
    assert not report.summary_grown and report.calendar_days
    assert stale_summary(empty_store, minter) is None


def test_check_says_when_the_calendar_no_longer_matches_the_minutes(
    empty_store: EmbeddedBackend, minter: Minter, example_path: Path
) -> None:
    ingest([example_path], empty_store, minter)
    other = next(p for p in sorted(MINUTES.iterdir()) if p != example_path)
    # minutes written into the store without going through ingest
    from kg.reading import read_document

    graph = read_document(other, minter).graph
    empty_store.replace_graphs({graph.graph: graph.triples})
    report = check(empty_store, minter, reasoner=False, shacl=False)
    assert report.stale_summary and "differs from the minutes" in report.stale_summary
    empty_store.drop_graphs([minter.summary_graph])
    assert "has no summary graph" in (stale_summary(empty_store, minter) or "")
    # any ingest rebuilds it
    ingest([example_path], empty_store, minter)
    assert stale_summary(empty_store, minter) is None


DATED = """
@prefix cck: <https://w3id.org/customs-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/customs-kg/id/> .
id:doc\\/1-16 {
  id:event\\/a a cck:Event ; rdfs:label "A" ; schema:startDate "2016-09-30"^^xsd:date .
  id:event\\/b a cck:Event ; rdfs:label "B" ; schema:startDate "2016-10-01"^^xsd:date .
  id:event\\/c a cck:Event ; rdfs:label "C" ; schema:startDate "2016-10"^^xsd:gYearMonth .
  id:event\\/d a cck:Event ; rdfs:label "D" ; schema:startDate "2016-10-02"^^xsd:date .
  id:event\\/e a cck:Event ; rdfs:label "E" ; schema:startDate "2016-09"^^xsd:gYearMonth .
}
"""


@pytest.mark.parametrize(
    ("name", "params", "labels"),
    [
        ("forthcoming-events", {"after": "2016-09-30"}, ["E", "C", "B", "D"]),
        ("forthcoming-events", {"after": "2016-09-29"}, ["E", "A", "C", "B", "D"]),
        ("timeline", {"from": "2016-10-01", "to": "2016-10-31"}, ["C", "B", "D"]),
        ("timeline", {"from": "2016-09-30", "to": "2016-10-01"}, ["E", "A", "C", "B"]),
    ],
)
@pytest.mark.parametrize("size", [1, 2, 100])
def test_a_month_only_date_is_on_the_page_before_the_days_of_its_month(
    name: str, params: dict[str, str], labels: list[str], size: int
) -> None:
    with store_of(DATED) as store:
        pages = [
            row["label"]
            for offset in range(0, len(labels) + size, size)
            for row in _answer(
                store, name, dict(params, limit=str(size), offset=str(offset))
            )
        ]
        assert pages == labels


def test_an_entity_neighbourhood_leaves_the_calendars_out(
    generated_store: EmbeddedBackend,
) -> None:
    """The calendars summarise a presenter and list undated minutes: that is an
    index of the graph, not a statement about the presenter or the minutes."""
    europol = "https://w3id.org/customs-kg/id/org/europol"
    undated = next(
        str(m)
        for _, _, m in rows(generated_store, PRESENTER_CALENDARS)
        if m is not None
    )
    for entity in (europol, undated):
        answer = _answer(
            generated_store,
            "entity-neighbourhood",
            {"entity": entity, "limit": "100000"},
        )
        assert answer, entity
        assert not {r["property"] for r in answer} & {str(p) for p in SUMMARY_LINKS}, (
            entity
        )
