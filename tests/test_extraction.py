"""What an analyst reads out of the minutes: who presented what, which operations
ran and who led them, which meetings happened or are coming, which documents
were cited, which units belong to which agency.

The first half checks the example minutes (Council document 12582/16) end to
end; the second half is one table per rule, each row the sentence that
motivated the rule, run through the whole loader inside a minimal document.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from support.example import CITED

from kg.iris import Minter
from kg.reference import gazetteer
from loaders import load_minutes, parse_minutes
from loaders.extract.citations import cited_title
from loaders.gazetteer import Gazetteer
from loaders.nlp import SENTENCE_ENDS, pipeline
from loaders.records import Minutes


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


@pytest.fixture(scope="module")
def example(example_path: Path, gaz: Gazetteer) -> Minutes:
    return load_minutes(example_path, gaz)


def _doc(body: str, gaz: Gazetteer, on: str = "23 September 2016") -> Minutes:
    """``body`` as item 1 of an otherwise minimal outcome of proceedings."""
    raw = (
        "Brussels, 5 October 2016\n(OR. en)\n\n12582/16\n\nOUTCOME OF PROCEEDINGS\n\n"
        f"From: General Secretariat of the Council\nOn: {on}\n"
        "To: Customs Cooperation Working Party (Experts)\nSubject: Summary of discussions\n\n"
        f"1. Item under discussion\n\n{body}\n"
    )
    return parse_minutes(raw, "rule.txt", gaz)


# --------------------------------------------------------------------------- the example


def test_the_meeting_body_is_the_reference_ccwp_experts(example: Minutes) -> None:
    body = example.meeting.body
    assert (
        body is not None
        and body.ref is not None
        and body.ref.endswith("/org/ccwp-experts")
    )
    assert (
        example.meeting.date is not None
        and example.meeting.date.isoformat() == "2016-09-23"
    )


def _minutes(header: str, items: str, gaz: Gazetteer) -> Minutes:
    raw = f"Brussels, 12 October 2015\n(OR. en)\n\n14348/15\n\nOUTCOME OF PROCEEDINGS\n\n{header}\n\n{items}\n"
    return parse_minutes(raw, "rule.txt", gaz)


_OTHER_MEETING = (
    "1. Approval of the agenda\n\nThe agenda was adopted.\n\n"
    "2. Approval of the outcome of proceedings of the meeting held on 11 September 2015\n\nApproved.\n\n"
    "3. Information by the Presidency\n\nThese were also mentioned during the Customs Cooperation "
    "Working Party (Experts) on 2 October 2015.\n"
)


@pytest.mark.parametrize(
    ("header", "body", "date"),
    [
        # the body in the subject, sent to delegations by the Secretariat
        (
            "From: General Secretariat of the Council\nOn: 2 October 2015\nTo: Delegations\n"
            "Subject: Summary of discussions of the Law Enforcement Working Party",
            "/org/lewp",
            "2015-10-02",
        ),
        # a name with two "on" parts, then its acronym and the date
        (
            "From: General Secretariat of the Council\nOn: 16 September 2014\nTo: Delegations\n"
            "Subject: Summary of discussions of the Standing Committee on Operational"
            " Cooperation on Internal Security (COSI) on 16 September 2014",
            "/org/cosi",
            "2014-09-16",
        ),
        # nothing names the body: "of the Council" in the sender is not a meeting body, and
        # the working party an item reports on is another meeting; no date either
        (
            "From: General Secretariat of the Council\nTo: Delegations\nSubject: Summary of discussions",
            None,
            None,
        ),
    ],
)
def test_a_minutes_meeting_is_never_taken_from_another_meeting_it_reports_on(
    header: str, body: str | None, date: str | None, gaz: Gazetteer
) -> None:
    minutes = _minutes(header, _OTHER_MEETING, gaz)
    found = minutes.meeting.body
    assert (found.ref if found else None) == (
        None if body is None else Minter().base + body.lstrip("/")
    )
    assert (minutes.meeting.date.isoformat() if minutes.meeting.date else None) == date


def test_every_presenter_of_the_example_at_its_item(example: Minutes) -> None:
    found = {(p.item, p.presenter.label) for p in example.presentations}
    assert found == {
        (2, "Presidency"),
        (3, "Presidency"),
        (4, "Poland"),
        (4, "France"),
        (4, "Greece"),
        (4, "Frontex"),
        (4, "WCO"),
        (5, "OLAF"),
        (6, "Slovakia"),
        (6, "Europol"),
        (6, "WCO"),
        (6, "Germany"),
        (6, "France"),
    }


def test_presentations_say_what_they_were_about(example: Minutes) -> None:
    by = {(p.item, p.presenter.label): p for p in example.presentations}
    assert (
        by[(4, "Poland")].topic is not None
        and "Chess Knight IV" in by[(4, "Poland")].topic
    )
    assert [a.label for a in by[(4, "France")].about] == ["Octopus"]
    assert [a.label for a in by[(4, "Greece")].about] == ["Orion"]
    assert "European Counter Terrorism Centre" in [
        a.label for a in by[(6, "Europol")].about
    ]
    # "The speaker also presented the WCO Security Programme" adds to WCO's presentation
    assert "WCO Security Programme" in [a.label for a in by[(6, "WCO")].about]
    assert by[(6, "Slovakia")].verb == "gave a general presentation"


def test_the_four_operations_with_their_leaders_and_targets(example: Minutes) -> None:
    ops = {o.name: o for o in example.operations}
    assert {
        n: (o.kind, o.leader.label if o.leader else None) for n, o in ops.items()
    } == {
        "Chess Knight IV": ("JointCustomsOperation", "Poland"),
        "Octopus": ("JointCustomsOperation", "France"),
        "Orion": ("JointCustomsOperation", "Greece"),
        "Sports bag": ("Operation", "WCO"),
    }
    assert [t.label for t in ops["Chess Knight IV"].targets] == [
        "excise fraud on mineral oils"
    ]
    # "Both operations deal with fraud regarding customs procedure 42.00."
    for name in ("Octopus", "Orion"):
        assert [t.label for t in ops[name].targets] == ["fraud on customs procedure 42"]
    assert "drug trafficking" in [t.label for t in ops["Sports bag"].targets]
    assert [s.label for s in ops["Sports bag"].systems] == ["ContainerComm"]


EXAMPLE_EVENTS = [
    ("CCWP Plenary", "2016-09-12", None, None, None, "past"),
    ("meeting of Customs DGs", "2016-09-14", None, None, "Europol", "past"),
    ("European Police Chiefs Convention", "2016-09-15", None, None, "Europol", "past"),
    (
        "joint meeting of the EMPACT Drivers, Co-Drivers and Action leaders of the 8th Action Plan",
        "2016-09-21",
        None,
        None,
        "Europol",
        "past",
    ),
    (
        "Frontex / Eurosur Fusion Services seminar awareness session",
        "2016-09-29",
        "2016-09-30",
        "Warsaw",
        "Frontex",
        "forthcoming",
    ),
    ("PCCC Conference", "2016-10-11", "2016-10-12", None, "Europol", "forthcoming"),
    (
        "9th meeting of the Heads of Central Coordination Units",
        "2016-11-24",
        "2016-11-25",
        "Bratislava",
        None,
        "forthcoming",
    ),
    ("OAP drafting meetings", "2016-09", "2016-10", None, "Europol", "forthcoming"),
    (
        "meeting of the Coordinating Mechanism for JCOs",
        "2016-10-19",
        None,
        "Brussels",
        None,
        "forthcoming",
    ),
    (
        "High Level Meeting of the Directors General of Customs",
        "2016-10-25",
        None,
        None,
        None,
        "forthcoming",
    ),
    (
        "conference of the Task Group Cigarette",
        "2016-06",
        None,
        "Riga",
        "Task Group Cigarette",
        "past",
    ),
]


def test_every_event_with_dates_place_host_and_status(example: Minutes) -> None:
    found = [
        (
            e.label,
            e.start.isoformat() if e.start else None,
            e.end.isoformat() if e.end else None,
            e.place.label if e.place else None,
            e.organiser.label if e.organiser else None,
            e.status,
        )
        for e in example.events
    ]
    assert found == EXAMPLE_EVENTS


def test_a_host_without_a_city_is_no_place(example: Minutes) -> None:
    pccc = next(e for e in example.events if e.label == "PCCC Conference")
    assert (
        pccc.organiser is not None
        and pccc.organiser.label == "Europol"
        and pccc.place is None
    )


def test_nine_citations_as_written_one_malformed(example: Minutes) -> None:
    numbers = [c.number for c in example.citations]
    assert numbers == CITED
    assert [c.number for c in example.citations if c.malformed] == ["5109/2/1 REV 2"]
    titles = {c.number: c.title for c in example.citations}
    assert titles["12164/16"] == (
        "Draft Council Conclusions on the Progress Report on the implementation of the EU Strategy"
        " and Action Plan for customs risk management"
    )
    assert titles["CM 3821/16"] is None and titles["12159/16"] is None
    assert titles["5109/2/1 REV 2"] == "Overview of JCOs"


def test_units_belong_to_their_organisations(example: Minutes) -> None:
    part_of = {
        (r.subject.label, r.object.label)
        for r in example.relations
        if r.predicate == "partOf"
    }
    assert ("European Counter Terrorism Centre", "Europol") in part_of
    assert ("Joint Terrorism Centre", "Germany") in part_of
    assert ("National Security and Analytical Centre", "Slovakia") in part_of
    components = {
        r.object.label
        for r in example.relations
        if r.predicate == "hasComponent" and r.subject.label == "WCO Security Programme"
    }
    assert components == {
        "Programme Global Shield",
        "Strategic Trade Control Enforcement Project",
        "SALW Project",
    }
    targets = {
        (r.subject.label, r.object.label)
        for r in example.relations
        if r.predicate == "targets"
    }
    assert ("Programme Global Shield", "improvised explosive devices") in targets


def test_entities_carry_their_sentence(example: Minutes) -> None:
    for _ref, index in example.entities:
        sentence = example.sentence(index)
        assert sentence.index == index
        assert example.text[sentence.start : sentence.end] == sentence.text
    kinds = {ref.kind for ref, _ in example.entities}
    assert {
        "Agency",
        "MemberState",
        "Threat",
        "Commodity",
        "Place",
        "InformationSystem",
        "Programme",
        "Unit",
    } <= kinds
    labels = {ref.label for ref, _ in example.entities}
    assert {
        "General Secretariat of the Council",
        "North Africa",
        "Belarus",
        "SIENA",
        "SIS II",
        "ANPR",
    } <= labels


# --------------------------------------------------------------------------- rules, sentence by sentence

PRESENTERS = [
    pytest.param(
        "Poland presented a state of play of JCO Octopus.",
        [("Poland", "presented")],
        id="active",
    ),
    pytest.param(
        "France presented a state of play of JCO Octopus and Greece briefed the delegates about JCO Orion.",
        [("France", "presented"), ("Greece", "briefed")],
        id="two-in-one-sentence",
    ),
    pytest.param(
        "The Polish delegation informed the delegates about seizures.",
        [("Poland", "informed")],
        id="adjectival",
    ),
    pytest.param(
        "The delegation of Spain reported on the Joint Action Days.",
        [("Spain", "reported")],
        id="delegation-of",
    ),
    pytest.param(
        "OLAF briefly informed the delegates with respect to cigarettes.",
        [("OLAF", "informed")],
        id="adverb",
    ),
    pytest.param(
        "Slovakia gave a general presentation on its centre.",
        [("Slovakia", "gave a general presentation")],
        id="gave-presentation",
    ),
    pytest.param(
        "WCO's presentation focused on the way customs role shifted.",
        [("WCO", "presentation")],
        id="possessive",
    ),
    pytest.param(
        "The Commission (DG HOME) informed delegations that funding remains.",
        [("European Commission", "informed")],
        id="bracketed-service",
    ),
    pytest.param(
        "Spain, as driver of the EMPACT priority Firearms, presented the plan.",
        [("Spain", "presented")],
        id="apposition",
    ),
    pytest.param(
        "Europol and Frontex jointly presented the results.",
        [("Europol", "presented"), ("Frontex", "presented")],
        id="coordinated",
    ),
    pytest.param(
        "The Presidency recalled the conclusions of the meeting and presented a draft questionnaire.",
        [("Presidency", "presented")],
        id="second-verb",
    ),
    pytest.param(
        "The Croatian Presidency informed the delegates about the agenda.",
        [("Presidency", "informed")],
        id="national-presidency",
    ),
    pytest.param(
        "Several delegations (BE, CZ, PT) stressed the need to avoid duplication.",
        [],
        id="stressed-is-no-presentation",
    ),
    pytest.param(
        "The Commission invited customs authorities to engage more with Europol.",
        [],
        id="invited-is-no-presentation",
    ),
    pytest.param(
        "Europol's updated contribution was noted.", [], id="updated-as-adjective"
    ),
]


@pytest.mark.parametrize(("body", "expected"), PRESENTERS)
def test_presentation_rules(
    body: str, expected: list[tuple[str, str]], gaz: Gazetteer
) -> None:
    found = [(p.presenter.label, p.verb) for p in _doc(body, gaz).presentations]
    assert found == expected


def test_the_speaker_adds_to_the_previous_presentation(gaz: Gazetteer) -> None:
    m = _doc(
        "WCO presented its work. The speaker also presented the WCO Security Programme.",
        gaz,
    )
    assert [
        (p.presenter.label, [a.label for a in p.about]) for p in m.presentations
    ] == [("WCO", ["WCO Security Programme"])]


def test_passive_presentation_goes_to_the_established_presenter(gaz: Gazetteer) -> None:
    m = _doc(
        "The Presidency gave a comprehensive picture.\n\nThe following new documents were presented: the survey (CM 3817/16).",
        gaz,
    )
    assert [(p.presenter.label, p.sentence) for p in m.presentations] == [
        ("Presidency", 0)
    ]


OPERATIONS = [
    pytest.param(
        "Poland presented a state of play of Joint Customs Operation Chess Knight IV focusing on excise duties for mineral oils.",
        [
            (
                "Chess Knight IV",
                "JointCustomsOperation",
                "Poland",
                ["excise fraud on mineral oils"],
            )
        ],
        id="jco-long-form",
    ),
    pytest.param(
        'Finally, WCO presented its operation "Sports bag" dealing with drug shipments.',
        [("Sports bag", "Operation", "WCO", ["drug trafficking"])],
        id="quoted",
    ),
    pytest.param(
        "The Netherlands presented the results of operation Kestrel, led by Belgium, which targeted weapons.",
        [("Kestrel", "Operation", "Belgium", ["weapons"])],
        id="led-by",
    ),
    pytest.param(
        "Europol presented the Joint Action Days Trident 2020, coordinated by Frontex.",
        [("Trident 2020", "Operation", "Frontex", [])],
        id="joint-action-days",
    ),
    pytest.param(
        "France presented JCO Octopus and Greece briefed on JCO Orion. Both operations deal with fraud regarding customs procedure 42.00.",
        [
            (
                "Octopus",
                "JointCustomsOperation",
                "France",
                ["fraud on customs procedure 42"],
            ),
            (
                "Orion",
                "JointCustomsOperation",
                "Greece",
                ["fraud on customs procedure 42"],
            ),
        ],
        id="both-operations",
    ),
    pytest.param(
        "Lithuania presented the Silver Wave operation.",
        [("Silver Wave", "Operation", "Lithuania", [])],
        id="name-before",
    ),
    pytest.param(
        "Joint Customs Operations and other operations were discussed.",
        [],
        id="plural-is-no-name",
    ),
]


@pytest.mark.parametrize(("body", "expected"), OPERATIONS)
def test_operation_rules(
    body: str, expected: list[tuple[str, str, str, list[str]]], gaz: Gazetteer
) -> None:
    found = [
        (
            o.name,
            o.kind,
            o.leader.label if o.leader else None,
            [t.label for t in o.targets],
        )
        for o in _doc(body, gaz).operations
    ]
    assert found == expected


EVENTS = [
    pytest.param(
        "- the PCCC Conference (11 – 12 October 2016, Europol);",
        ("PCCC Conference", "2016-10-11", "2016-10-12", None, "Europol", "forthcoming"),
        id="bracket-host",
    ),
    pytest.param(
        "- 9th meeting of the Heads of Central Coordination Units (24 – 25 November 2016, Bratislava, Slovakia);",
        (
            "9th meeting of the Heads of Central Coordination Units",
            "2016-11-24",
            "2016-11-25",
            "Bratislava",
            None,
            "forthcoming",
        ),
        id="bracket-city-country",
    ),
    pytest.param(
        "The Presidency informed the delegates that the meeting of the Coordinating Mechanism for JCOs will take place in Brussels on 19 October 2016.",
        (
            "meeting of the Coordinating Mechanism for JCOs",
            "2016-10-19",
            None,
            "Brussels",
            None,
            "forthcoming",
        ),
        id="running-text",
    ),
    pytest.param(
        "Several of these were also mentioned during the CCWP Plenary on 12 September.",
        ("CCWP Plenary", "2016-09-12", None, None, None, "past"),
        id="no-year",
    ),
    pytest.param(
        "- OAP drafting meetings (September and October 2016, Europol).",
        ("OAP drafting meetings", "2016-09", "2016-10", None, "Europol", None),
        id="months",
    ),
    pytest.param(
        "The Presidency concluded that the results would be presented at the next joint meeting, planned for May 2017.",
        ("next joint meeting", "2017-05", None, None, None, "forthcoming"),
        id="next-meeting",
    ),
    pytest.param(
        "Latvia informed the delegates about the seminar on detection of explosives precursors organised by Latvia in Riga in May 2020.",
        (
            "seminar on detection of explosives precursors",
            "2020-05",
            None,
            "Riga",
            "Latvia",
            "forthcoming",
        ),
        id="seminar-on",
    ),
    pytest.param(
        "- the WCO Enforcement Committee (WCO headquarters, Brussels, 16 – 20 March 2020);",
        (
            "WCO Enforcement Committee",
            "2020-03-16",
            "2020-03-20",
            "Brussels",
            "WCO",
            "forthcoming",
        ),
        id="dated-committee",
    ),
    pytest.param(
        'Germany informed the delegations about the conference "Customs and police – partners against organised crime" which it will host in Wiesbaden in October 2017.',
        (
            'conference "Customs and police – partners against organised crime"',
            "2017-10",
            None,
            "Wiesbaden",
            None,
            "forthcoming",
        ),
        id="quoted-title-new-place",
    ),
]


@pytest.mark.parametrize(("body", "expected"), EVENTS)
def test_event_rules(
    body: str, expected: tuple[str | None, ...], gaz: Gazetteer
) -> None:
    events = _doc(body, gaz).events
    assert len(events) == 1
    e = events[0]
    found = (
        e.label,
        e.start.isoformat() if e.start else None,
        e.end.isoformat() if e.end else None,
        e.place.label if e.place else None,
        e.organiser.label if e.organiser else None,
        e.status,
    )
    assert found == expected


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        ("meeting", "Meeting"),
        ("meetings", "Meeting"),
        ("conference", "Conference"),
        ("seminar", "Seminar"),
        ("convention", "Convention"),
        ("workshop", "Workshop"),
        ("summit", "Summit"),
        ("forum", "Forum"),
        ("fora", "Forum"),
        ("symposium", "Symposium"),
        ("symposia", "Symposium"),
        ("webinar", "Webinar"),
        ("congress", "Congress"),
        ("round table", "Meeting"),
        ("roundtable", "Meeting"),
        ("awareness session", "Session"),
        ("session", "Session"),
        ("training", "Training"),
        ("training course", "Training"),
        ("kick-off", "Meeting"),
        ("Plenary", "Meeting"),
    ],
)
def test_every_kind_of_event_the_minutes_name(
    head: str, kind: str, gaz: Gazetteer
) -> None:
    body = (
        f"Europol informed the delegations about the Annual {head} on Cigarette "
        "Smuggling, which will take place in Brussels on 19 October 2016."
    )
    events = _doc(body, gaz).events
    assert [(e.label, e.kind) for e in events] == [
        (f"Annual {head} on Cigarette Smuggling", kind)
    ]


@pytest.mark.parametrize(
    ("wording", "verb"),
    [
        ("gave a presentation on", "gave a presentation"),
        ("made an overview of", "made an overview"),
        ("delivered a short briefing on", "delivered a short briefing"),
        ("held a presentation on", "held a presentation"),
        ("provided information on", "provided information"),
        ("provided further details on", "provided further details"),
        ("presented", "presented"),
        ("briefed the delegations on", "briefed"),
        ("informed the delegations about", "informed"),
        ("outlined", "outlined"),
        ("introduced", "introduced"),
        ("announced", "announced"),
        ("reported on", "reported"),
        ("reported back on", "reported back"),
        ("updated the delegations on", "updated"),
    ],
)
def test_every_wording_of_a_presentation(
    wording: str, verb: str, gaz: Gazetteer
) -> None:
    minutes = _doc(f"Europol {wording} the fight against cigarette smuggling.", gaz)
    assert [(p.presenter.label, p.verb) for p in minutes.presentations] == [
        ("Europol", verb)
    ]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            "Regarding the forthcoming meetings, the followings were highlighted:",
            id="generic-plural",
        ),
        pytest.param(
            "The Presidency gave a picture of past and forthcoming meetings.",
            id="past-and-forthcoming",
        ),
        pytest.param(
            "The Presidency thanked delegations for their contributions to this meeting.",
            id="this-meeting",
        ),
    ],
)
def test_no_event_without_a_name(body: str, gaz: Gazetteer) -> None:
    assert [e.label for e in _doc(body, gaz).events] == []


ORGANISATIONS = [
    pytest.param(
        "In this context, the Commission invited customs to engage more with Europol/ECTC.",
        {"European Commission", "Europol", "European Counter Terrorism Centre"},
        id="slash",
    ),
    pytest.param(
        "The routine use of SIS II by French customs also contributes.",
        {"France"},
        id="adjective",
    ),
    pytest.param(
        "Several delegations (BE, CZ, PT) stressed the need to avoid duplication.",
        {"Belgium", "Czech Republic", "Portugal"},
        id="country-codes",
    ),
    pytest.param(
        "Tobacco produced in the UK but smuggled from China via Germany.",
        set(),
        id="countries-as-places",
    ),
    pytest.param(
        "Slovakia gave a presentation on the National Security and Analytical Centre.",
        {"Slovakia", "National Security and Analytical Centre"},
        id="known-unit",
    ),
    pytest.param(
        "Malta presented its new Maritime Fusion Centre.",
        {"Malta", "Maritime Fusion Centre"},
        id="new-unit",
    ),
]


@pytest.mark.parametrize(("body", "expected"), ORGANISATIONS)
def test_organisation_rules(body: str, expected: set[str], gaz: Gazetteer) -> None:
    m = _doc(body, gaz)
    orgs = {
        ref.label
        for ref, s in m.entities
        if m.sentence(s).item is not None
        and ref.kind in ("Agency", "MemberState", "Institution", "CouncilBody", "Unit")
    }
    assert orgs == expected


def test_a_new_unit_is_a_guess_with_a_key(gaz: Gazetteer) -> None:
    m = _doc("Malta presented its new Maritime Fusion Centre.", gaz)
    unit = next(ref for ref, _ in m.entities if ref.label == "Maritime Fusion Centre")
    assert (unit.kind, unit.ref, unit.key) == ("Unit", None, "maritime fusion centre")
    assert unit.confidence < 1
    assert any(
        r.predicate == "partOf" and r.object.label == "Malta" for r in m.relations
    )


THREATS = [
    pytest.param(
        "Examples were given regarding seizures of cigarettes, drugs and weapons.",
        {
            "cigarette and tobacco smuggling",
            "drug trafficking",
            "firearms and weapons trafficking",
        },
        id="goods-denote-threats",
    ),
    pytest.param(
        "Similar developments took place with respect to seizures of cultural goods.",
        {"trafficking in cultural goods"},
        id="cultural-goods",
    ),
    pytest.param(
        "The operation focused on excise duties for mineral oils.",
        {"excise fraud on mineral oils", "excise fraud"},
        id="narrow-and-broad",
    ),
    pytest.param(
        "- new cigarettes smuggling routes via North Africa and Belarus;",
        {"cigarette and tobacco smuggling"},
        id="route",
    ),
]


@pytest.mark.parametrize(("body", "expected"), THREATS)
def test_threat_rules(body: str, expected: set[str], gaz: Gazetteer) -> None:
    m = _doc(body, gaz)
    assert {ref.label for ref, _ in m.entities if ref.kind == "Threat"} == expected


TITLES = [
    pytest.param(
        "The following new documents were presented: the Draft Council Conclusions on the Progress Report (",
        "Draft Council Conclusions on the Progress Report",
        id="after-list-intro",
    ),
    pytest.param(
        "…(CM 3817/16), the timeline for the EU Policy Cycle activities in 2016 (",
        "timeline for the EU Policy Cycle activities in 2016",
        id="list-entry",
    ),
    pytest.param(
        "the revised version of the Implementation Paper: second half of 2016 (",
        "revised version of the Implementation Paper: second half of 2016",
        id="colon-inside-title",
    ),
    pytest.param(
        "send the information for updating the document containing the Overview of JCOs (",
        "Overview of JCOs",
        id="after-verb",
    ),
    pytest.param("The agenda was adopted as set out in ", None, id="running-text"),
    pytest.param("(Outcome of proceedings set out in ", None, id="inside-bracket"),
]


@pytest.mark.parametrize(("before", "expected"), TITLES)
def test_cited_title_rules(before: str, expected: str | None) -> None:
    assert cited_title(before) == expected


# --------------------------------------------------------------------------- sentences

MINUTES = Path(__file__).resolve().parent / "data" / "minutes"

_AWKWARD = [
    "",
    ".",
    "No full stop",
    ". Then it starts.",
    "Ends here… and (here.) Then “quoted.” Next?! Last;",
    "- the PCCC Conference (Vienna);\n- the JCO Arktos;",
    "OR. en\n\n12582/16 e.g. this; i.e. that.",
]


def _sentences(nlp: Language, text: str) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in nlp(text).sents] if text else []


@pytest.mark.parametrize(
    "text",
    [
        *(pytest.param(p.read_text(), id=p.name) for p in sorted(MINUTES.iterdir())),
        *(pytest.param(t, id=f"awkward-{i}") for i, t in enumerate(_AWKWARD)),
    ],
)
def test_sentences_end_where_spacys_sentencizer_ends_them(text: str) -> None:
    reference = spacy.blank("en")
    reference.tokenizer = pipeline().tokenizer
    reference.add_pipe("sentencizer", config={"punct_chars": list(SENTENCE_ENDS)})
    assert _sentences(pipeline(), text) == _sentences(reference, text)
