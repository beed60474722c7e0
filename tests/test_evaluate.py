"""The scorer counts exactly what it should, and the gold agrees with its documents.

Two halves: a toy extraction scored against a toy gold with known counts per
kind (so a change to the matching rules shows up as a changed number), and
checks that every gold file under ``tests/gold`` is consistent with the minutes
it annotates, since a gold that disagrees with its text makes every score
meaningless.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from loaders.evaluate import (
    KINDS,
    Gold,
    Report,
    Score,
    evaluate,
    gold_from_dict,
    label_similarity,
    load_aliases,
    load_gold,
    normalise_name,
    normalise_text,
    score,
)
from loaders.records import (
    AgendaItem,
    Citation,
    DateValue,
    EntityRef,
    Event,
    Header,
    Meeting,
    Minutes,
    Operation,
    Presentation,
)

TESTS = Path(__file__).resolve().parent
GOLD_DIR = TESTS / "gold"
MINUTES_DIR = TESTS / "data" / "minutes"
GOLD_FILES = sorted(p for p in GOLD_DIR.glob("*.yaml") if p.name != "aliases.yaml")
HELD_OUT = {"cosi-2018-05-22.txt", "ccwp-plenary-2019-11-07.txt"}
CANONICAL_THREATS = {
    "drug trafficking",
    "cigarette smuggling",
    "excise fraud",
    "customs fraud",
    "customs procedure 42 fraud",
    "VAT fraud",
    "terrorism",
    "terrorism financing",
    "money laundering",
    "firearms trafficking",
    "WMD proliferation",
    "cultural goods trafficking",
    "migrant smuggling",
    "corruption",
    "IPR infringement",
    "environmental crime",
    "cash smuggling",
    "trafficking in human beings",
    "cybercrime",
}

# --------------------------------------------------------------------------- the toy case

TOY_GOLD = {
    "source": "toy.txt",
    "held_out": False,
    "document": {
        "number": "1234/16",
        "date": dt.date(2016, 10, 5),
        "place": "Brussels",
        "language": "en",
        "subject_codes": ["JAI 1", "ENFOCUSTOM 2"],
        "distribution": "LIMITE",
        "doc_type": "OUTCOME OF PROCEEDINGS",
    },
    "meeting": {
        "body": "Customs Cooperation Working Party (Experts)",
        "date": dt.date(2016, 9, 23),
    },
    "items": [
        {"number": 1, "title": "Adoption of the agenda"},
        {"number": 2, "title": "Joint Customs Operations"},
        {"number": 3, "title": "AOB"},
    ],
    "presentations": [
        {"item": 2, "presenter": "Poland"},
        {"item": 2, "presenter": "Europol"},
        {"item": 3, "presenter": "Presidency"},
    ],
    "citations": [
        {"number": "CM 3821/16", "item": 1},
        {"number": "5109/2/1 REV 2", "item": 2, "malformed": True},
        {"number": "12164/16", "item": 2},
    ],
    "events": [
        {
            "label": "PCCC Conference",
            "start": dt.date(2016, 10, 11),
            "end": dt.date(2016, 10, 12),
            "place": "Europol",
        },
        {"label": "OAP drafting meetings", "start": "2016-09", "end": "2016-10"},
    ],
    "operations": [
        {
            "name": "Chess Knight IV",
            "leader": "Poland",
            "kind": "JointCustomsOperation",
        },
        {"name": "Octopus", "leader": "France", "kind": "JointCustomsOperation"},
    ],
    "organisations": ["Poland", "Europol", "Presidency", "France"],
    "threats": ["excise fraud", "drug trafficking"],
}

TOY_ALIASES = {
    "Poland": {"Polish delegation"},
    "Customs Cooperation Working Party (Experts)": {"CCWP"},
    "drug trafficking": {"drugs"},
}


def ref(kind: str, label: str) -> EntityRef:
    return EntityRef(kind=kind, label=label, key=label.casefold())


def toy_minutes() -> Minutes:
    """An extraction with known hits, misses and extras in every kind."""
    header = Header(
        number="1234/16",
        date=DateValue(2016, 10, 5),
        place="Brussels",
        language="en",
        subject_codes=["JAI 1", "ENFOCUSTOM  2"],  # spacing differs: still a hit
        distribution=None,  # missed
        doc_type="Outcome of Proceedings",  # case differs: still a hit
        sender="General Secretariat of the Council",  # not in this gold: extra
    )
    meeting = Meeting(
        body=ref("CouncilBody", "CCWP"), date=DateValue(2016, 9, 22)
    )  # body via alias; wrong date
    poland = ref("MemberState", "Polish delegation")
    return Minutes(
        source="toy.txt",
        text="",
        header=header,
        meeting=meeting,
        items=[
            AgendaItem(1, "**Adoption of the agenda**", "", 0, 0),
            AgendaItem(2, "Joint customs operations.", "", 0, 0),
            AgendaItem(4, "Any other business", "", 0, 0),  # extra; item 3 missing
        ],
        presentations=[
            Presentation(presenter=poland, item=2, sentence=0, verb="presented"),
            Presentation(
                presenter=ref("Agency", "Europol's"),
                item=2,
                sentence=1,
                verb="presented",
            ),
            Presentation(
                presenter=ref("Institution", "Commission"),
                item=3,
                sentence=2,
                verb="informed",
            ),
        ],
        citations=[
            Citation("CM  3821/16", "cm-3821-16", 0, 1),
            Citation("5109/2/1 REV 2", "5109-2-1-rev-2", 1, 2, malformed=True),
            Citation("12582/16", "12582-16", 1, 2),
        ],
        events=[
            Event(
                "the PCCC Conference held at Europol",
                3,
                2,
                start=DateValue(2016, 10, 11),
                end=DateValue(2016, 10, 12),
            ),
            Event(
                "PCCC conference",
                4,
                2,
                start=DateValue(2016, 10, 11),
                end=DateValue(2016, 10, 12),
            ),  # duplicate
            Event(
                "OAP drafting meetings", 5, 2, start=DateValue(2016, 9)
            ),  # end missing: no match
        ],
        operations=[
            Operation(
                "chess knight IV", 0, 2, kind="JointCustomsOperation", leader=poland
            ),
            Operation("Octopus", 1, 2, kind="JointCustomsOperation", leader=None),
        ],
        entities=[
            (poland, 0),
            (ref("MemberState", "Poland"), 0),  # same entity, other surface form
            (ref("Agency", "Europol"), 1),
            (ref("CouncilBody", "the Presidency"), 2),
            (ref("Institution", "Commission"), 2),  # not in gold
            (ref("InformationSystem", "SIENA"), 2),  # not an organisation kind
            (ref("Threat", "excise fraud"), 0),
            (ref("Threat", "drugs"), 1),
            (ref("Threat", "money laundering"), 2),  # not in gold
        ],
    )


EXPECTED = {
    "documents": (8, 2, 2),
    "items": (2, 1, 1),
    "presentations": (2, 1, 1),
    "citations": (2, 1, 1),
    "events": (1, 1, 1),
    "operations": (1, 1, 1),
    "organisations": (3, 1, 1),
    "threats": (2, 1, 0),
}


def counts(s: Score) -> tuple[int, int, int]:
    return (s.tp, s.fp, s.fn)


def test_toy_extraction_scores_exactly_as_expected() -> None:
    scores = score(toy_minutes(), gold_from_dict(TOY_GOLD), TOY_ALIASES)
    assert {k: counts(scores[k]) for k in KINDS} == EXPECTED
    total = tuple(sum(c[i] for c in EXPECTED.values()) for i in range(3))
    assert counts(scores["overall"]) == total


def test_without_aliases_surface_forms_do_not_match() -> None:
    scores = score(toy_minutes(), gold_from_dict(TOY_GOLD))
    assert counts(scores["presentations"]) == (
        1,
        2,
        2,
    )  # "Polish delegation" is no longer Poland
    assert counts(scores["operations"]) == (0, 2, 2)  # nor as a leader
    assert counts(scores["threats"]) == (
        1,
        2,
        1,
    )  # "drugs" is no longer drug trafficking
    assert counts(scores["documents"]) == (
        7,
        3,
        3,
    )  # "CCWP" is no longer the meeting body


def test_score_ratios() -> None:
    s = Score(tp=3, fp=1, fn=2)
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(0.6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Score(0, 0, 0).precision == Score(0, 0, 0).recall == 1.0


def test_name_and_text_normalisers() -> None:
    assert normalise_name("the Commission's") == "commission"
    assert normalise_name("  Europol’s ") == "europol"
    assert (
        normalise_text("### **3. Coordination  Mechanism –  update.**")
        == "3. coordination mechanism - update"
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("PCCC Conference", "the PCCC Conference (Europol)", True),  # containment
        (
            "meeting of the Heads of Central Coordination Units",
            "9th meeting of Heads of Central Coordination Units",
            True,
        ),
        ("European Police Chiefs Convention", "meeting of Customs DGs", False),
        (
            "conference of the Task Group Cigarette",
            "Conference of the Task Group Cigarettes",
            True,
        ),  # Jaccard 3/5
    ],
)
def test_event_label_similarity(a: str, b: str, same: bool) -> None:
    assert (label_similarity(a, b) >= 0.5) is same


def test_unknown_gold_keys_are_rejected() -> None:
    bad = dict(TOY_GOLD, presentation=[])
    with pytest.raises(ValueError, match="unknown keys"):
        gold_from_dict(bad)


def test_evaluate_pools_documents_and_lists_missing_ones(tmp_path: Path) -> None:
    import yaml

    (tmp_path / "toy.yaml").write_text(yaml.safe_dump(TOY_GOLD), encoding="utf-8")
    (tmp_path / "other.yaml").write_text(
        yaml.safe_dump(dict(TOY_GOLD, source="other.txt", held_out=True)),
        encoding="utf-8",
    )
    report = evaluate({"some/dir/toy.txt": toy_minutes()}, tmp_path, TOY_ALIASES)
    assert isinstance(report, Report)
    assert report.missing == ["other.txt"]
    assert counts(report.pooled()["overall"]) == counts(
        report.documents["toy.txt"]["overall"]
    )
    assert counts(report.pooled(held_out=True)["overall"]) == (0, 0, 0)
    table = report.table()
    assert table.splitlines()[0].split()[:4] == ["kind", "P", "R", "F1"]
    assert (
        "presentations" in table
        and "2/1/1" in table
        and "not extracted: other.txt" in table
    )


# --------------------------------------------------------------------------- the real gold


@pytest.fixture(scope="module")
def golds() -> dict[str, Gold]:
    return {p.name: load_gold(p) for p in GOLD_FILES}


@pytest.fixture(scope="module")
def aliases() -> dict[str, set[str]]:
    return load_aliases(GOLD_DIR / "aliases.yaml")


def text_of(gold: Gold) -> str:
    return (MINUTES_DIR / gold.source).read_text(encoding="utf-8")


def test_every_minutes_file_has_gold_and_held_out_is_as_designated(
    golds: dict[str, Gold],
) -> None:
    sources = {g.source for g in golds.values()}
    bundled = {p.name for p in MINUTES_DIR.iterdir() if p.suffix in {".txt", ".md"}}
    assert sources == bundled, (
        "every bundled minutes file needs a gold file, and every gold file its minutes"
    )
    assert {g.source for g in golds.values() if g.held_out} == HELD_OUT
    for name, gold in golds.items():
        assert Path(gold.source).stem == Path(name).stem


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_is_consistent_with_its_minutes(
    path: Path, aliases: dict[str, set[str]]
) -> None:
    gold = load_gold(path)
    text = text_of(gold)
    flat = normalise_text(text)

    assert gold.document["number"] and gold.document["number"] in text
    assert gold.meeting_date and gold.meeting_body
    for code in gold.document["subject_codes"]:
        assert code in text, code

    numbers = [n for n, _ in gold.items]
    assert numbers == list(range(1, len(numbers) + 1)), "items numbered 1..n in order"
    for _, title in gold.items:
        assert normalise_text(title) in flat, title

    for c in gold.citations:
        assert c.number in text, c.number
        assert c.item in numbers, c
    assert len({c.number for c in gold.citations}) == len(gold.citations)

    for e in gold.events:
        assert e.start, e
        assert normalise_text(e.label) in flat, e.label
        assert e.end is None or e.end >= e.start, e
        assert e.item is None or e.item in numbers, e

    orgs = {normalise_name(o) for o in gold.organisations}
    assert len(orgs) == len(gold.organisations), "organisations deduplicated"
    for o in gold.organisations:
        assert o.strip()
        forms = {o, *aliases.get(o, set())}
        assert any(
            re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text, re.IGNORECASE)
            for f in forms
        ), f"{o} not in text"
    for item, presenter in gold.presentations:
        assert presenter.strip() and item in numbers
        assert normalise_name(presenter) in orgs, (
            f"presenter {presenter} not among organisations"
        )
    assert len(set(gold.presentations)) == len(gold.presentations)

    for op in gold.operations:
        assert op.name.casefold() in text.casefold(), op.name
        assert op.kind in {"Operation", "JointCustomsOperation"}
        assert op.leader is None or normalise_name(op.leader) in orgs, op.leader

    assert gold.threats and set(gold.threats) <= CANONICAL_THREATS, (
        set(gold.threats) - CANONICAL_THREATS
    )
    assert len(set(gold.threats)) == len(gold.threats)


def test_alias_keys_cover_the_names_used_in_gold(
    golds: dict[str, Gold], aliases: dict[str, set[str]]
) -> None:
    """Every alias key is a canonical name that some gold uses (no stray spellings)."""
    used = {
        n
        for g in golds.values()
        for n in (*g.organisations, *g.threats, *(p for _, p in g.presentations))
    }
    stray = set(aliases) - used - CANONICAL_THREATS
    assert not stray, stray
