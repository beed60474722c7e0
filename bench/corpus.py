"""Synthetic "Outcome of proceedings" minutes for benchmarking customs-kg.

The benchmark needs thousands of minutes, and the Council publishes only a
handful of them in a form we may bundle.  This module writes documents in the
same genre as ``tests/data/minutes``: a Council header block, numbered agenda
items, Member States and agencies presenting operations, citations to other
Council documents, past and forthcoming events, systems, units and threats.

It deliberately shares no code with ``loaders/`` or ``kg/``: it writes text
only, so a bug in the extractor cannot be mirrored here and go unnoticed.  No
gold is written; ``MANIFEST.tsv`` only gives per-document counts that the
harness and humans use for sanity checks.

Everything comes from one ``random.Random(seed)``: the same ``n`` and
``seed`` give byte-identical files (no global random, no clock, no iteration
over sets).

Usage::

    python bench/corpus.py 10000 --seed 1 -o bench/work/corpus
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# --------------------------------------------------------------------------
# vocabulary
# --------------------------------------------------------------------------

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip

# name, adjective (for "the Polish delegation"), capital, needs "the"
MEMBER_STATES: tuple[tuple[str, str, str, bool], ...] = (
    ("Austria", "Austrian", "Vienna", False),
    ("Belgium", "Belgian", "Brussels", False),
    ("Bulgaria", "Bulgarian", "Sofia", False),
    ("Croatia", "Croatian", "Zagreb", False),
    ("Cyprus", "Cypriot", "Nicosia", False),
    ("Czech Republic", "Czech", "Prague", True),
    ("Denmark", "Danish", "Copenhagen", False),
    ("Estonia", "Estonian", "Tallinn", False),
    ("Finland", "Finnish", "Helsinki", False),
    ("France", "French", "Paris", False),
    ("Germany", "German", "Berlin", False),
    ("Greece", "Greek", "Athens", False),
    ("Hungary", "Hungarian", "Budapest", False),
    ("Ireland", "Irish", "Dublin", False),
    ("Italy", "Italian", "Rome", False),
    ("Latvia", "Latvian", "Riga", False),
    ("Lithuania", "Lithuanian", "Vilnius", False),
    ("Luxembourg", "Luxembourg", "Luxembourg", False),
    ("Malta", "Maltese", "Valletta", False),
    ("Netherlands", "Netherlands", "The Hague", True),
    ("Poland", "Polish", "Warsaw", False),
    ("Portugal", "Portuguese", "Lisbon", False),
    ("Romania", "Romanian", "Bucharest", False),
    ("Slovakia", "Slovak", "Bratislava", False),
    ("Slovenia", "Slovenian", "Ljubljana", False),
    ("Spain", "Spanish", "Madrid", False),
    ("Sweden", "Swedish", "Stockholm", False),
    ("United Kingdom", "UK", "London", True),
)
MS_BY_NAME = {m[0]: m for m in MEMBER_STATES}
BREXIT = dt.date(2020, 1, 31)

# Rotating Council Presidencies, one per half-year.
PRESIDENCIES = (
    "Greece", "Italy", "Latvia", "Luxembourg", "Netherlands", "Slovakia",
    "Malta", "Estonia", "Bulgaria", "Austria", "Romania", "Finland",
    "Croatia", "Germany", "Portugal", "Slovenia", "France", "Czech Republic",
    "Sweden", "Spain", "Belgium", "Hungary", "Poland", "Denmark",
)  # fmt: skip

# agency key -> surface forms (first is the plain name), seat
AGENCIES: dict[str, tuple[tuple[str, ...], str]] = {
    "Europol": (("Europol", "the Europol representative", "Europol"), "The Hague"),
    "Frontex": (
        ("Frontex", "the European Border and Coast Guard Agency (Frontex)"),
        "Warsaw",
    ),
    "OLAF": (
        ("OLAF", "the European Anti-Fraud Office (OLAF)", "the OLAF representative"),
        "Brussels",
    ),
    "WCO": (
        ("WCO", "the World Customs Organization (WCO)", "the WCO representative"),
        "Brussels",
    ),
    "Eurojust": (("Eurojust", "the Eurojust representative"), "The Hague"),
    "eu-LISA": (("eu-LISA", "the eu-LISA representative"), "Tallinn"),
    "CEPOL": (
        ("CEPOL", "the European Union Agency for Law Enforcement Training (CEPOL)"),
        "Budapest",
    ),
    "EMCDDA": (
        (
            "EMCDDA",
            "the European Monitoring Centre for Drugs and Drug Addiction (EMCDDA)",
        ),
        "Lisbon",
    ),
    "Interpol": (("Interpol", "the Interpol representative"), "Lyon"),
    "Commission": (
        ("the Commission", "the Commission representative", "the Commission"),
        "Brussels",
    ),
    "DG TAXUD": (("DG TAXUD", "the Commission (DG TAXUD)"), "Brussels"),
}
AGENCY_KEYS = tuple(AGENCIES)
OP_AGENCIES = ("Europol", "Frontex", "OLAF", "WCO", "Interpol")

# unit name, acronym, parent
UNITS = (
    ("European Counter Terrorism Centre", "ECTC", "Europol"),
    ("European Migrant Smuggling Centre", "EMSC", "Europol"),
    ("European Cybercrime Centre", "EC3", "Europol"),
    ("EU Internet Referral Unit", "EU IRU", "Europol"),
    ("Financial Intelligence Group", "FIG", "Europol"),
    ("Risk Analysis Unit", "RAU", "Frontex"),
)
SYSTEMS = (
    ("SIENA", "the Secure Information Exchange Network Application (SIENA)"),
    ("CIS", "the Customs Information System (CIS)"),
    ("AFIS", "the Anti-Fraud Information System (AFIS)"),
    ("ContainerComm", "the WCO ContainerComm secure communication system"),
    ("PNR", "Passenger Name Record (PNR) data"),
    ("ICS", "the Import Control System (ICS)"),
    ("SIS II", "the Schengen Information System (SIS II)"),
    ("ANPR", "Automatic Number Plate Recognition (ANPR)"),
    ("API", "Advance Passenger Information (API)"),
    ("CRMS", "the Customs Risk Management System (CRMS)"),
)
PROGRAMMES = (
    "EMPACT", "the WCO Security Programme", "Programme Global Shield",
    "the EU Policy Cycle", "the Customs Action Plan", "the SALW Project",
    "the EU Strategy and Action Plan for customs risk management",
)  # fmt: skip

# threat key -> phrasings
THREATS: dict[str, tuple[str, ...]] = {
    "cigarettes": (
        "cigarette smuggling",
        "smuggling of cigarettes",
        "cigarettes and other tobacco products",
        "cheap whites",
    ),
    "mineral oils": (
        "excise fraud on mineral oils",
        "excise duties for mineral oils",
        "the smuggling of mineral oils",
    ),
    "drugs": (
        "drug trafficking",
        "drug shipments",
        "synthetic drugs and precursors",
        "cocaine hidden in legal shipments",
    ),
    "weapons": (
        "firearms trafficking",
        "weapons and explosives",
        "illicit trafficking of weapons",
    ),
    "cash": ("cash smuggling", "illicit cash movements", "undeclared cash"),
    "cultural goods": (
        "trafficking in cultural goods",
        "illicit trade in cultural goods",
    ),
    "counterfeit goods": (
        "counterfeit goods",
        "IPR infringing goods",
        "counterfeit medicines",
    ),
    "procedure 42.00": (
        "fraud regarding customs procedure 42.00",
        "customs procedure 42.00 fraud",
        "VAT fraud under customs procedure 42.00",
    ),
    "alcohol": ("smuggling of alcohol", "excise fraud on alcoholic beverages"),
    "undervaluation": (
        "undervaluation of textiles and footwear",
        "undervaluation fraud",
    ),
}
THREAT_KEYS = tuple(THREATS)
SEIZED = (
    "cigarettes", "drugs", "weapons", "cash", "cultural goods", "counterfeit goods",
    "mineral oils", "alcohol", "precursors", "tobacco",
)  # fmt: skip
OTHER_THREATS = (
    "terrorism financing", "money laundering", "migrant smuggling",
    "environmental crime", "trafficking in human beings", "foreign terrorist fighters",
    "organised property crime", "waste trafficking",
)  # fmt: skip
ROUTES = (
    "North Africa", "Belarus", "Ukraine", "the Western Balkans", "Turkey", "China",
    "South America", "West Africa", "the Black Sea region", "Moldova", "Russia",
)  # fmt: skip
CITIES = (
    "Riga", "Warsaw", "Bratislava", "The Hague", "Vienna", "Lisbon", "Brussels",
    "Tallinn", "Budapest", "Vilnius", "Rotterdam", "Antwerp", "Hamburg", "Gdansk",
    "Valletta", "Athens", "Sofia", "Prague", "Madrid", "Rome", "Luxembourg",
    "Helsinki", "Ljubljana", "Zagreb", "Bucharest", "Lyon", "Copenhagen",
)  # fmt: skip

OP_ADJ = (
    "Chess", "Silver", "Black", "Red", "Blue", "Golden", "Iron", "Northern",
    "Southern", "Eastern", "Western", "Baltic", "Danube", "Amber", "Crystal",
    "Stone", "Storm", "Arctic", "Desert", "Swift", "Hidden", "Quiet", "Bright",
    "Dark", "White", "Green", "Steel", "Copper", "Jade", "Ruby", "Cobalt",
    "Falcon", "Thunder", "Shadow", "Polar", "Coral", "Emerald", "Scarlet",
    "Ivory", "Onyx", "Granite", "Velvet", "Hollow", "Wild", "Lunar", "Solar",
)  # fmt: skip
OP_NOUN = (
    "Knight", "Octopus", "Orion", "Wave", "Arrow", "Bridge", "Fox", "Eagle",
    "Harbour", "Shield", "Falcon", "Anchor", "Compass", "Lantern", "Tiger",
    "Wolf", "Heron", "Pike", "Lynx", "Comet", "Sentinel", "Trident", "Beacon",
    "Horizon", "Raven", "Mosaic", "Puzzle", "Carousel", "Scorpion", "Cobra",
    "Dolphin", "Spectrum", "Meridian", "Gate", "Tide", "Frontier", "Hammer",
    "Bison", "Viper", "Magnet", "Prism", "Pegasus", "Atlas", "Hydra", "Sparrow",
)  # fmt: skip
ROMAN = ("II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

VERBS = (
    "presented", "briefed the delegates on", "informed the delegates about",
    "gave a presentation on", "reported on", "updated the delegates on",
    "briefly informed the delegates about", "outlined",
)  # fmt: skip

DOC_TITLES = (
    "the Draft Council Conclusions on the Progress Report on the implementation of"
    " the EU Strategy and Action Plan for customs risk management",
    "the survey on information exchange on {threat}",
    "the timeline for the EU Policy Cycle activities in {year}",
    "the revised version of the Renewed European Union Internal Security"
    " Implementation Paper",
    "Europol's updated contribution on its short-term activities in the"
    " implementation of the Roadmap on information exchange and interoperability",
    "the Communication from the Commission on the fight against {threat}",
    "the Overview of Joint Customs Operations",
    "the Customs Cooperation Working Party Action Plan {year}-{year2}",
    "the final report of the Joint Customs Operation {op}",
    "the questionnaire on the use of {system} by customs authorities",
    "the Presidency note on {threat}",
    "the handbook on Joint Customs Operations",
)

EVENTS = (
    # name, usual place kind: "europol", "frontex", "brussels", "presidency", "city"
    ("meeting of the Customs DGs", "europol"),
    ("European Police Chiefs Convention", "europol"),
    ("PCCC Conference", "europol"),
    ("{nth} meeting of the Heads of Central Coordination Units", "city"),
    ("High Level Meeting of the Directors General of Customs", "presidency"),
    ("conference of the Task Group Cigarettes", "city"),
    ("seminar on {threat}", "city"),
    ("workshop on the use of {system}", "city"),
    ("Frontex / Eurosur Fusion Services awareness session", "frontex"),
    ("OAP drafting meetings", "europol"),
    ("meeting of the Coordinating Mechanism for JCOs", "brussels"),
    ("joint meeting of the EMPACT Drivers, Co-Drivers and Action leaders", "europol"),
    ("informal meeting of the Justice and Home Affairs Ministers", "presidency"),
    ("conference on customs and security", "presidency"),
    ("CEPOL training course on {threat}", "city"),
    ("Operational Action Plan kick-off meeting", "europol"),
)


@dataclass(frozen=True)
class Body:
    """A Council body whose minutes we imitate, with its usual subject codes."""

    name: str
    slug: str
    codes: tuple[str, ...]
    first: int
    last: int
    topics: tuple[str, ...]
    weight: int = 1  # customs bodies meet (and matter here) more often


BODIES = (
    Body(
        "Customs Cooperation Working Party (Experts)",
        "ccwp-experts",
        ("JAI", "ENFOCUSTOM"),
        2014,
        2019,
        ("ops", "ops", "ops", "threat", "coord", "terror", "systems", "agency"),
        3,
    ),
    Body(
        "Customs Cooperation Working Party",
        "ccwp",
        ("JAI", "ENFOCUSTOM"),
        2014,
        2019,
        ("ops", "coord", "policy", "threat", "programme", "systems", "third"),
        2,
    ),
    Body(
        "Law Enforcement Working Party (Customs)",
        "lewp-customs",
        ("JAI", "ENFOCUSTOM", "ENFOPOL"),
        2020,
        2025,
        ("ops", "ops", "coord", "threat", "systems", "agency", "terror"),
        4,
    ),
    Body(
        "Law Enforcement Working Party",
        "lewp",
        ("JAI", "ENFOPOL"),
        2014,
        2025,
        ("ops", "terror", "systems", "agency", "policy", "third"),
        2,
    ),
    Body(
        "Standing Committee on Operational Cooperation on Internal Security (COSI)",
        "cosi",
        ("JAI", "COSI", "ENFOPOL"),
        2014,
        2025,
        ("policy", "policy", "terror", "agency", "programme", "systems"),
    ),
    Body(
        "Working Party on JHA Information Exchange (IXIM)",
        "ixim",
        ("JAI", "IXIM", "ENFOPOL"),
        2017,
        2025,
        ("systems", "systems", "agency", "policy", "terror"),
    ),
    Body(
        "Working Party on Terrorism",
        "twp",
        ("JAI", "ENFOPOL", "COTER"),
        2014,
        2025,
        ("terror", "terror", "agency", "systems", "threat", "policy"),
    ),
)

AWKWARD = ("no-codes", "no-on", "malformed", "empty-item", "spacing")
AWKWARD_RATE = 0.05
OPS_PER_POOL = 5  # one named operation per this many documents


# --------------------------------------------------------------------------
# formatting utilities
# --------------------------------------------------------------------------


def fmt_date(d: dt.date) -> str:
    """'5 October 2016' -- spelt out here so no locale can change the bytes."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def cap(s: str) -> str:
    """Capitalise the first letter only ('the Commission' -> 'The Commission')."""
    if not s or s.startswith("eu-"):  # 'eu-LISA' keeps its lower case
        return s
    return s[:1].upper() + s[1:]


def join_and(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def presidency_of(d: dt.date) -> str:
    """The Member State holding the Council Presidency on date ``d``."""
    i = (d.year - 2014) * 2 + (0 if d.month <= 6 else 1)
    return PRESIDENCIES[max(0, min(i, len(PRESIDENCIES) - 1))]


def to_roman(k: int) -> str:
    """Roman numeral, for numbering operation series ('Chess Knight IV')."""
    out = ""
    for v, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while k >= v:
            out += sym
            k -= v
    return out


def wrap(text: str, width: int, indent: str = "", first: str = "") -> list[str]:
    """Greedy word wrap; much faster than textwrap for 10,000 documents."""
    lines: list[str] = []
    cur = first
    base = len(first)
    for word in text.split(" "):
        if not word:
            continue
        if len(cur) > base and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = indent + word
            base = len(indent)
        else:
            cur = cur + " " + word if len(cur) > base else cur + word
    lines.append(cur)
    return lines


@dataclass
class Operation:
    """A named operation that recurs over a stretch of consecutive meetings."""

    name: str
    leader: str  # Member State name or agency key
    targets: tuple[str, ...]
    kind: str  # "jco" or "op"


@dataclass
class DocPlan:
    """Everything fixed before any text is written: identity and dates."""

    index: int
    number: str
    doc_date: dt.date
    meeting_date: dt.date
    body: Body
    style: str  # "md" or "txt"
    awkward: str | None


@dataclass
class Item:
    """One agenda item: title and blocks ("p", text) or ("ul", [texts])."""

    title: str
    blocks: list[tuple[str, str | list[str]]] = field(default_factory=list)


# --------------------------------------------------------------------------
# the writer of one document
# --------------------------------------------------------------------------


class Writer:
    """Builds one document's items; counts presentations and citations as it goes."""

    def __init__(self, gen: Corpus, plan: DocPlan) -> None:
        self.g = gen
        self.r = gen.rng
        self.p = plan
        self.md = plan.style == "md"
        self.n_pres = 0
        self.cites: list[str] = []
        self.d = plan.meeting_date
        self.pres_ms = presidency_of(self.d)
        self.has_malformed = False

    # ---- surface forms -------------------------------------------------

    def b(self, s: str) -> str:
        """Bold a name sometimes, in markdown only: the real marks are inconsistent."""
        if self.md and self.r.random() < 0.45:
            return f"**{s}**"
        return s

    def member_states(self) -> list[tuple[str, str, str, bool]]:
        if self.d > BREXIT:
            return [m for m in MEMBER_STATES if m[0] != "United Kingdom"]
        return list(MEMBER_STATES)

    def ms_form(self, name: str) -> str:
        """'Poland', 'the Polish delegation', '**France**', 'the delegation of X'."""
        _, adj, _, the = MS_BY_NAME[name]
        plain = ("the " if the else "") + name
        x = self.r.random()
        if x < 0.55:
            return self.b(plain)
        if x < 0.85:
            return f"the {adj} delegation"
        return f"the delegation of {plain}"

    def org_form(self, key: str) -> str:
        """Surface form of a Member State or agency."""
        if key in MS_BY_NAME:
            return self.ms_form(key)
        if key == "Presidency":
            x = self.r.random()
            adj = MS_BY_NAME[self.pres_ms][1]
            if x < 0.7:
                return "the Presidency"
            return f"the {adj} Presidency"
        forms = AGENCIES[key][0]
        f = forms[0] if self.r.random() < 0.6 else self.r.choice(forms)
        return self.b(f) if f == forms[0] and not f.startswith("the ") else f

    def any_presenter(self) -> str:
        x = self.r.random()
        if x < 0.5:
            return self.r.choice(self.member_states())[0]
        if x < 0.9:
            return self.r.choice(AGENCY_KEYS)
        return "Presidency"

    def threat(self, key: str | None = None) -> str:
        if key is None:
            key = self.r.choice(THREAT_KEYS)
        return self.r.choice(THREATS[key])

    def op_ref(self, op: Operation) -> str:
        """'Joint Customs Operation X', 'JCO X', 'operation "X"', 'the X operation'."""
        name = self.b(op.name)
        x = self.r.random()
        if op.kind == "jco":
            if x < 0.4:
                return f"Joint Customs Operation {name}"
            if x < 0.8:
                return f"JCO {name}"
            if x < 0.9:
                return f"the Joint Customs Operation {name}"
            return f"the {name} operation"
        if x < 0.5:
            return f'operation "{name}"'
        if x < 0.8:
            return f"Operation {name}"
        return f"the joint operation {name}"

    # ---- dates and events ------------------------------------------------

    def rel_date(self, past: bool) -> dt.date:
        days = self.r.randint(3, 120)
        return (
            self.d - dt.timedelta(days=days)
            if past
            else self.d + dt.timedelta(days=days)
        )

    def date_expr(self, d: dt.date) -> tuple[str, str]:
        """A date phrase and its kind: single, range, cross-month range, month-only."""
        x = self.r.random()
        dash = self.r.choice((" – ", " - ", "-", " – ", "–"))
        if x < 0.45:
            return fmt_date(d), "on"
        if x < 0.75:
            e = d + dt.timedelta(days=self.r.randint(1, 2))
            if e.month == d.month:
                return f"{d.day}{dash}{fmt_date(e)}", "on"
            return f"{d.day} {MONTHS[d.month - 1]}{dash}{fmt_date(e)}", "on"
        if x < 0.92:
            return f"{MONTHS[d.month - 1]} {d.year}", "in"
        e = d.replace(day=1) + dt.timedelta(days=32)
        if e.year == d.year:
            return f"{MONTHS[d.month - 1]} and {MONTHS[e.month - 1]} {d.year}", "in"
        return f"{MONTHS[d.month - 1]} {d.year}", "in"

    def event_name(self) -> tuple[str, str]:
        name, kind = self.r.choice(EVENTS)
        if "{nth}" in name:
            n = self.r.randint(2, 14)
            suf = {1: "st", 2: "nd", 3: "rd"}.get(
                n % 10 if n not in (11, 12, 13) else 0, "th"
            )
            name = name.replace("{nth}", f"{n}{suf}")
        name = name.replace("{threat}", self.threat()).replace(
            "{system}", self.r.choice(SYSTEMS)[0]
        )
        return name, kind

    def place(self, kind: str) -> tuple[str, str]:
        """(place as written in brackets, city for 'in CITY' phrasing)."""
        if kind == "europol":
            return self.r.choice(
                ("Europol", "Europol headquarters, The Hague")
            ), "The Hague"
        if kind == "frontex":
            return "Frontex Headquarters in Warsaw, Poland", "Warsaw"
        if kind == "brussels":
            return "Brussels", "Brussels"
        if kind == "presidency":
            city = MS_BY_NAME[self.pres_ms][2]
            return f"{city}, {self.pres_ms}", city
        city = self.r.choice(CITIES)
        country = next((m[0] for m in MEMBER_STATES if m[2] == city), None)
        if country and self.r.random() < 0.6:
            return (
                f"{city}, {('the ' if MS_BY_NAME[country][3] else '') + country}",
                city,
            )
        return city, city

    def event_phrase(self, past: bool) -> str:
        """An event with date and place, in one of the bracketed or running forms."""
        name, kind = self.event_name()
        when, prep = self.date_expr(self.rel_date(past))
        where, city = self.place(kind)
        x = self.r.random()
        if x < 0.6:
            return f"the {name} ({when}, {where})"
        if past:
            return f"the {name} which took place in {city} {prep} {when}"
        return f"the {name}, which will take place in {city} {prep} {when}"

    # ---- citations ---------------------------------------------------------

    def cite(self, s: str) -> str:
        if s not in self.cites:
            self.cites.append(s)
        return s

    def earlier_doc(self) -> str | None:
        """Number of an earlier generated document, preferring recent ones."""
        i = self.p.index
        if i == 0:
            return None
        back = min(i, 1 + int(self.r.expovariate(1 / 40)))
        return self.g.plans[i - back].number

    def cite_any(self) -> str:
        """A citation in one of the Council forms, often to an earlier generated doc."""
        yy = self.p.doc_date.year % 100
        x = self.r.random()
        if x < 0.45:
            n = self.earlier_doc()
            if n is not None:
                if self.r.random() < 0.12:
                    return self.cite(n + self.r.choice((" ADD 1", " COR 1", " ADD 2")))
                return self.cite(n)
        if x < 0.6:
            return self.cite(f"CM {self.r.randint(1000, 5999)}/{yy:02d}")
        if x < 0.7 and self.p.doc_date.year >= 2017:
            return self.cite(
                f"WK {self.r.randint(100, 14999)}/{self.p.doc_date.year} INIT"
            )
        num = self.g.external_number(self.p.doc_date.year)
        if x < 0.85:
            k = self.r.randint(1, 3)
            base, y = num.split("/")
            return self.cite(f"{base}/{k}/{y} REV {k}")
        return self.cite(num)

    def malformed(self) -> str:
        """'5109/2/6 REV 2': the year cut to one digit, as seen in real minutes."""
        self.has_malformed = True
        base = self.g.external_number(self.p.doc_date.year).split("/")[0]
        k = self.r.randint(1, 3)
        return self.cite(f"{base}/{k}/{self.p.doc_date.year % 10} REV {k}")

    def doc_title(self) -> str:
        t = self.r.choice(DOC_TITLES)
        y = self.d.year
        return (
            t.replace("{threat}", self.threat())
            .replace("{year2}", str(y + 1))
            .replace("{year}", str(y))
            .replace("{system}", self.r.choice(SYSTEMS)[0])
            .replace("{op}", self.g.pick_op(self.p.index).name)
        )

    # ---- sentences -------------------------------------------------------

    def pres(self, subject: str, rest: str) -> str:
        """A presentation sentence: counted for the manifest."""
        self.n_pres += 1
        return f"{cap(subject)} {rest}"

    def op_sentence(self, op: Operation) -> str:
        leader = op.leader
        presenter = leader if self.r.random() < 0.8 else self.any_presenter()
        subj = self.org_form(presenter)
        t = self.threat(op.targets[0])
        t2 = join_and([self.threat(k) for k in op.targets])
        ref = self.op_ref(op)
        x = self.r.random()
        if presenter == leader:
            if x < 0.3:
                return self.pres(
                    subj, f"presented a state of play of {ref} focusing on {t}."
                )
            if x < 0.5:
                v = self.r.choice(VERBS)
                return self.pres(
                    subj, f"{v} the results of {ref}, which targeted {t2}."
                )
            if x < 0.65:
                return self.pres(
                    subj,
                    f'presented its operation "{self.b(op.name)}" dealing with {t}.',
                )
            if x < 0.8:
                v = self.r.choice(VERBS)
                return self.pres(
                    subj,
                    f"{v} the preparation of {ref}, planned for "
                    f"{MONTHS[self.rel_date(False).month - 1]} and targeting {t2}.",
                )
            self.n_pres += 1
            c = self.cite_any()
            return f"The final report of {ref} ({c}) was presented by {subj}."
        lead = self.org_form(leader)
        v = self.r.choice(VERBS)
        if x < 0.6:
            return self.pres(subj, f"{v} {ref}, led by {lead} and dealing with {t2}.")
        return self.pres(
            subj,
            f"{v} the participation of its services in {ref}, "
            f"which was led by {lead} and targeted {t}.",
        )

    def follow_up(self) -> str:
        """A non-presentation sentence that still carries entities."""
        r = self.r
        x = r.random()
        if x < 0.2:
            cs = r.sample(SEIZED, 3)
            return f"Examples were given regarding seizures of {join_and(list(cs))}."
        if x < 0.35:
            return (
                f"New {r.choice(('cigarettes', 'drugs', 'weapons', 'cash'))} smuggling "
                f"routes via {r.choice(ROUTES)} and {r.choice(ROUTES)} were identified."
            )
        if x < 0.5:
            s = r.choice(SYSTEMS)
            return (
                f"The speaker underlined that the information was exchanged via "
                f"{s[1] if r.random() < 0.5 else s[0]}."
            )
        if x < 0.6:
            return (
                "Delegations welcomed the presentation and several Member States "
                "expressed interest in participating."
            )
        if x < 0.7:
            return (
                f"Its findings will feed into the discussions to be held during "
                f"{self.event_phrase(past=False)}."
            )
        if x < 0.8:
            t = r.choice(OTHER_THREATS)
            return f"The threat posed by {t} was considered to be increasing."
        if x < 0.9:
            u = r.choice(UNITS)
            return (
                "In this context, the Commission invited customs authorities to engage "
                f"more with {u[2]}/{u[1]}."
            )
        return "Member States were invited to send their comments in writing."

    # ---- agenda items --------------------------------------------------------

    def item_adoption(self) -> Item:
        title = self.r.choice(
            (
                "Adoption of the agenda",
                "Adoption of the agenda",
                "Approval of the agenda",
            )
        )
        yy = self.p.doc_date.year % 100
        cm = self.cite(f"CM {self.r.randint(1000, 5999)}/{yy:02d}")
        x = self.r.random()
        if x < 0.6:
            text = f"The agenda was adopted as set out in {cm}."
        elif x < 0.85:
            text = (
                f"The agenda was adopted as set out in {cm}, with one AOB point added."
            )
        else:
            self.cites.remove(cm)
            text = "The agenda was adopted without changes."
        return Item(title, [("p", text)])

    def item_previous(self) -> Item:
        prev = self.g.last_of_body.get(self.p.body.slug)
        if prev is None:
            return self.item_agency()
        held = fmt_date(prev.meeting_date)
        title = f"Approval of the outcome of proceedings of the meeting held on {held}"
        num = self.cite(prev.number)
        text = f"The outcome of proceedings ({num}) was approved without changes."
        if self.r.random() < 0.3:
            who = self.ms_form(self.r.choice(self.member_states())[0])
            text = (
                f"The outcome of proceedings as set out in {num} was "
                f"approved, subject to a correction requested by {who}."
            )
        return Item(title, [("p", text)])

    def item_presidency(self) -> Item:
        r = self.r
        blocks: list[tuple[str, str | list[str]]] = []
        intro = self.pres(
            "the Presidency",
            "gave a comprehensive picture of customs relevant "
            "documents issued in different fora and of past and forthcoming meetings.",
        )
        other = self.g.last_doc_before(self.p.index)
        if other is not None:
            intro += (
                f" Several of these were also mentioned during the {other.body.name}"
                " on "
                f"{fmt_date(other.meeting_date)} (Outcome of proceedings set out in "
                f"{self.cite(other.number)})."
            )
        blocks.append(("p", intro))
        docs = [
            f"{self.doc_title()} ({self.cite_any()})" for _ in range(r.randint(1, 5))
        ]
        nd = self.b("new documents")
        blocks.append(("p", f"The following {nd} were presented: {', '.join(docs)}."))
        past = [self.event_phrase(True) for _ in range(r.randint(1, 3))]
        were = "were" if len(past) > 1 else "was"
        blocks.append(
            (
                "p",
                f"Among the {self.b('past meetings')}, {join_and(past)} {were} "
                "presented with a certain level of detail. Regarding the forthcoming "
                "meetings, the following were highlighted:",
            )
        )
        fut = [self.event_phrase(False) for _ in range(r.randint(1, 4))]
        blocks.append(("ul", fut))
        return Item(
            self.r.choice(
                (
                    "Information from the Presidency",
                    "Information from the Presidency",
                    "Information by the Presidency",
                )
            ),
            blocks,
        )

    def item_ops(self) -> Item:
        r = self.r
        ops = self.g.pick_ops(self.p.index, r.randint(1, 4))
        sents: list[str] = []
        paras: list[tuple[str, str | list[str]]] = []
        for op in ops:
            sents.append(self.op_sentence(op))
            if r.random() < 0.4:
                sents.append(self.follow_up())
            if len(sents) >= 3 or r.random() < 0.3:
                paras.append(("p", " ".join(sents)))
                sents = []
        if sents:
            paras.append(("p", " ".join(sents)))
        if r.random() < 0.3:
            fut = ops[0]
            paras.append(
                (
                    "p",
                    f"{cap(self.op_ref(fut))}, led by {self.org_form(fut.leader)}, "
                    f"will continue in {self.d.year + 1} and will target "
                    f"{self.threat(fut.targets[-1])}.",
                )
            )
        title = r.choice(
            (
                "Joint Customs Operations and other operations",
                "Joint Customs Operations - state of play",
                "Operational activities",
                "Update on ongoing operations",
                "Joint Customs Operations (JCOs)",
            )
        )
        if len(ops) == 1 and r.random() < 0.5:
            title = (
                f"Results of JCO {ops[0].name}"
                if ops[0].kind == "jco"
                else f"Operation {ops[0].name} - final report"
            )
        return Item(title, paras)

    def item_threat(self) -> Item:
        r = self.r
        key = r.choice(
            (
                "cigarettes",
                "mineral oils",
                "drugs",
                "weapons",
                "cash",
                "cultural goods",
                "counterfeit goods",
                "procedure 42.00",
            )
        )
        d = self.rel_date(True)
        city = r.choice(CITIES)
        ev = r.choice(
            ("Conference of the Task Group", "seminar", "expert meeting", "workshop")
        )
        month = f"{MONTHS[d.month - 1]} {d.year}"
        title = f"{cap(self.threat(key))}: outcome of the {ev} ({city}, {month})"
        who = self.org_form(
            r.choice(("OLAF", "Europol", "WCO", "Commission", "DG TAXUD"))
        )
        v = r.choice(VERBS)
        head = self.pres(
            who,
            f"{v} several of the aspects discussed during the {ev} which "
            f"took place in {city} in {MONTHS[d.month - 1]} {d.year}:",
        )
        bullets = [
            "the necessity to avoid multiple delivery of information in investigations",
            f"new smuggling routes via {r.choice(ROUTES)} and {r.choice(ROUTES)}",
            f"{self.threat(key)} detected at border crossing points near "
            f"{r.choice(CITIES)}",
            f"the use of {r.choice(SYSTEMS)[0]} for the exchange of information",
            f"possible links with {r.choice(OTHER_THREATS)}",
        ]
        r.shuffle(bullets)
        return Item(title, [("p", head), ("ul", bullets[: r.randint(2, 5)])])

    def item_coord(self) -> Item:
        r = self.r
        ev = self.rel_date(False)
        s1 = self.pres(
            "the Presidency",
            "informed the delegates that the meeting of the "
            f"Coordinating Mechanism for JCOs will take place in Brussels on "
            f"{fmt_date(ev)}.",
        )
        ref = self.malformed() if self.p.awkward == "malformed" else self.cite_any()
        s2 = (
            "Member States were also requested to send the necessary information for "
            f"updating the document containing the Overview of JCOs ({ref}) via the "
            "appropriate channels."
        )
        blocks: list[tuple[str, str | list[str]]] = [("p", f"{s1} {s2}")]
        if r.random() < 0.4:
            op = self.g.pick_op(self.p.index)
            blocks.append(("p", self.op_sentence(op)))
        return Item(
            r.choice(
                (
                    "Coordination Mechanism for Joint Customs Operations - update",
                    "Coordinating Mechanism for JCOs",
                )
            ),
            blocks,
        )

    def item_terror(self) -> Item:
        r = self.r
        unit = r.choice(UNITS)
        sents = [
            self.pres(
                self.org_form(unit[2]),
                f"presented its {self.b(unit[0])}, its activities and latest "
                "statistics.",
            )
        ]
        s = r.choice(SYSTEMS[:3])
        sents.append(
            f"The speaker mentioned that for counter-terrorism the use of {s[0]} "
            "by customs authorities should be increased."
        )
        blocks: list[tuple[str, str | list[str]]] = [("p", " ".join(sents))]
        ms = r.choice(self.member_states())[0]
        v = r.choice(VERBS)
        topic = r.choice(
            (
                "changes in customs tasks after the terrorist attacks",
                "national strategy against terrorism financing",
                "role of customs in the fight against " + r.choice(OTHER_THREATS),
            )
        )
        blocks.append(
            (
                "p",
                self.pres(
                    self.ms_form(ms),
                    f"{v} the {topic}.",
                )
                + " "
                + self.follow_up(),
            )
        )
        if r.random() < 0.4:
            blocks.append(("p", "The speaker also presented the programmes concerned:"))
            blocks.append(
                (
                    "ul",
                    [
                        f"{p} - {r.choice(OTHER_THREATS)}"
                        for p in r.sample(PROGRAMMES, 2)
                    ],
                )
            )
        return Item(
            r.choice(
                (
                    "Fight against terrorism from customs perspective",
                    "Counter-terrorism: state of play",
                    "Terrorism financing and the role of customs",
                    "Common analytical and enforcement centres",
                )
            ),
            blocks,
        )

    def item_systems(self) -> Item:
        r = self.r
        s = r.choice(SYSTEMS)
        who = r.choice(("eu-LISA", "Europol", "OLAF", "Commission", "DG TAXUD"))
        v = r.choice(VERBS)
        s1 = self.pres(self.org_form(who), f"{v} the state of play of {s[1]}.")
        s2 = (
            f"Regarding {s[0]}, it was also mentioned that {r.randint(3, 27)} Member"
            " States "
            f"use it for the exchange of information on {self.threat()}."
        )
        blocks: list[tuple[str, str | list[str]]] = [("p", f"{s1} {s2}")]
        if r.random() < 0.5:
            blocks.append(
                ("p", f"The relevant document is set out in {self.cite_any()}.")
            )
        return Item(
            r.choice(
                (
                    f"Use of {s[0]} by customs authorities",
                    "Interoperability of information systems",
                    f"{s[0]} - state of play",
                    "Information exchange",
                )
            ),
            blocks,
        )

    def item_policy(self) -> Item:
        r = self.r
        year = self.d.year
        who = self.org_form(r.choice(("Europol", "Commission", "Presidency")))
        s1 = self.pres(
            who,
            f"{r.choice(VERBS)} the implementation of the EU Policy Cycle "
            f"{year}-{year + 1} and the EMPACT priority on {self.threat()}.",
        )
        s2 = f"The timeline is set out in {self.cite_any()}."
        blocks: list[tuple[str, str | list[str]]] = [("p", f"{s1} {s2}")]
        if r.random() < 0.5:
            blocks.append(
                ("p", f"Delegations were informed of {self.event_phrase(False)}.")
            )
        return Item(
            r.choice(
                (
                    "EU Policy Cycle / EMPACT - state of play",
                    f"EMPACT {year} - implementation",
                    "Internal security strategy",
                )
            ),
            blocks,
        )

    def item_programme(self) -> Item:
        adj = MS_BY_NAME[self.pres_ms][1]
        s1 = self.pres(
            f"the {adj} Presidency",
            "presented its work programme in the field of "
            f"customs cooperation ({self.cite_any()}).",
        )
        s2 = (
            f"Particular attention will be paid to {self.threat()} and {self.threat()}."
        )
        return Item(
            f"Presentation of the {adj} Presidency work programme",
            [("p", f"{s1} {s2}")],
        )

    def item_third(self) -> Item:
        r = self.r
        country = r.choice(
            ("Ukraine", "Moldova", "China", "Turkey", "Belarus", "Morocco")
        )
        s1 = self.pres(
            self.org_form(r.choice(("Commission", "DG TAXUD", "OLAF"))),
            f"{r.choice(VERBS)} the cooperation with {country} on {self.threat()}.",
        )
        s2 = (
            f"A joint operation with {country} is being considered, to be coordinated "
            f"with {self.org_form(r.choice(OP_AGENCIES))}."
        )
        return Item(
            f"Cooperation with third countries: {country}", [("p", f"{s1} {s2}")]
        )

    def item_agency(self) -> Item:
        key = self.r.choice(AGENCY_KEYS)
        plain = AGENCIES[key][0][0]
        s1 = self.pres(
            self.org_form(key),
            f"{self.r.choice(VERBS)} its new mandate and "
            "competences and the possible synergies with customs.",
        )
        return Item(f"Presentation by {plain}", [("p", f"{s1} {self.follow_up()}")])

    def item_aob(self) -> Item:
        r = self.r
        title = r.choice(("AOB", "AOB", "Any other business"))
        if r.random() < 0.55:
            return Item(title, [("p", "No point was raised under this item.")])
        ms = r.choice(self.member_states())[0]
        s = self.pres(
            self.ms_form(ms),
            f"informed the delegates about {self.event_phrase(False)}.",
        )
        return Item(title, [("p", s)])

    def items(self) -> list[Item]:
        r = self.r
        n = r.randint(3, 15)
        out = [self.item_adoption()]
        middle = n - 2
        if (
            middle >= 1
            and self.p.body.slug in self.g.last_of_body
            and r.random() < 0.35
        ):
            out.append(self.item_previous())
            middle -= 1
        if middle >= 1 and r.random() < 0.8:
            out.append(self.item_presidency())
            middle -= 1
        used: dict[str, int] = {}
        for _ in range(middle):
            topic = r.choice(self.p.body.topics)
            if used.get(topic, 0) >= TOPIC_LIMIT.get(topic, 2):
                free = [
                    t for t in TOPIC_FUNCS if used.get(t, 0) < TOPIC_LIMIT.get(t, 2)
                ]
                topic = r.choice(free) if free else "agency"
            used[topic] = used.get(topic, 0) + 1
            out.append(TOPIC_FUNCS[topic](self))
        out.append(self.item_aob())
        if self.p.awkward == "empty-item" and len(out) > 2:
            out[r.randint(1, len(out) - 2)].blocks = []
        if self.p.awkward == "malformed" and not self.has_malformed:
            at = out[r.randint(1, len(out) - 2)] if len(out) > 2 else out[0]
            at.blocks.append(
                ("p", f"The updated overview is set out in {self.malformed()}.")
            )
        return out


# how often one kind of item may appear in one meeting (default 2)
TOPIC_LIMIT = {"coord": 1, "programme": 1, "ops": 3, "agency": 4}
TOPIC_FUNCS: dict[str, Callable[[Writer], Item]] = {
    "ops": Writer.item_ops,
    "threat": Writer.item_threat,
    "coord": Writer.item_coord,
    "terror": Writer.item_terror,
    "systems": Writer.item_systems,
    "policy": Writer.item_policy,
    "programme": Writer.item_programme,
    "third": Writer.item_third,
    "agency": Writer.item_agency,
}


# --------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------


def header_fields(w: Writer) -> dict[str, object]:
    """Values of the Council header block, with the awkward omissions applied."""
    p = w.p
    codes = [] if p.awkward == "no-codes" else w.g.subject_codes(p)
    to = p.body.name if w.r.random() < 0.8 else "Delegations"
    if to == "Delegations":  # the minutes then name their body in the subject
        subject = w.r.choice(
            (
                f"Summary of discussions of the {p.body.name}",
                f"Summary of discussions of the {p.body.name} on {fmt_date(p.meeting_date)}",
                f"Outcome of proceedings of the {p.body.name}",
            )
        )
    else:
        subject = w.r.choice(
            (
                "Summary of discussions",
                "Summary of discussions",
                f"Summary of discussions of the meeting on {fmt_date(p.meeting_date)}",
                "Outcome of proceedings",
            )
        )
    return {
        "date": f"Brussels, {fmt_date(p.doc_date)}",
        "number": p.number,
        "limite": w.r.random() < 0.4,
        "codes": codes,
        "from": w.r.choice(
            ("General Secretariat of the Council",) * 3 + ("Presidency",)
        ),
        "on": None if p.awkward == "no-on" else fmt_date(p.meeting_date),
        "to": to,
        "subject": subject,
    }


def render_md(w: Writer, items: list[Item]) -> str:
    """Markdown-ish text as converted from the Council PDF, with inconsistent marks."""
    r = w.r
    h = header_fields(w)
    out: list[str] = ["", "", ""]
    if r.random() < 0.3:
        out += ["Council of the European Union", ""]
    out += [f"{h['date']}  ", "(OR. en)", "", str(h["number"])]
    if h["limite"]:
        out += ["", "LIMITE"]
    out.append("")
    codes = h["codes"]
    assert isinstance(codes, list)
    if codes:
        out += [f"{c}  " for c in codes[:-1]] + [codes[-1], ""]
    out += [
        r.choice(
            (
                "## OUTCOME OF PROCEEDINGS",
                "OUTCOME OF PROCEEDINGS",
                "# OUTCOME OF PROCEEDINGS",
            )
        ),
        "",
        "---",
        "",
    ]
    out.append(f"From: {h['from']}  ")
    if h["on"]:
        out.append(f"On: {h['on']}  ")
    out += [f"To: {h['to']}  ", f"Subject: {h['subject']}", "", "---", ""]
    for i, it in enumerate(items, 1):
        x = r.random()
        if x < 0.35:
            head = f"### {i}. {it.title}"
        elif x < 0.5:
            head = f"### **{i}. {it.title}**"
        elif x < 0.65:
            head = f"#### {i}. {it.title}"
        elif x < 0.9:
            head = f"**{i}. {it.title}**"
        else:
            head = f"## {i}. {it.title}"
        out += [head, ""]
        for kind, content in it.blocks:
            if kind == "p":
                assert isinstance(content, str)
                out += [content, ""]
            else:
                assert isinstance(content, list)
                last = len(content) - 1
                for j, c in enumerate(content):
                    end = ";" if j < last else "."
                    if j == last - 1 and r.random() < 0.5:
                        end = "; and"
                    out.append(f"- {c}{end}")
                out.append("")
    out.append("---")
    return "\n".join(out) + "\n"


def render_txt(w: Writer, items: list[Item]) -> str:
    """Plain pdftotext-like text: right-set header, wrapped lines, page footers."""
    r = w.r
    p = w.p
    h = header_fields(w)
    pad = " " * r.randint(40, 56)
    width = r.randint(80, 96)
    initials = (
        f"{r.choice('ABCDEFGHJKLMNPRSTV')}{r.choice('ABCDEFGHJKLMNPRSTV')}/"
        f"{r.choice('abcdefghklmnprst')}{r.choice('abcdefghklmnprst')}"
    )
    dg = r.choice(("JAI.1", "JAI.2", "DGD 1A", "DGD 1C", "JAI.1"))
    mark = "LIMITE" if h["limite"] else ""
    lines: list[str] = ["", "Council of the", "European Union", ""]
    lines += [pad + str(h["date"]), pad + "(OR. en)", "", pad + str(h["number"])]
    if h["limite"]:
        lines.append(pad + "LIMITE")
    lines.append("")
    codes = h["codes"]
    assert isinstance(codes, list)
    lines += [pad + c for c in codes]
    lines += ["", "OUTCOME OF PROCEEDINGS"]
    lab = r.choice((9, 11, 14))
    lines.append("From:".ljust(lab) + str(h["from"]))
    if h["on"]:
        lines.append("On:".ljust(lab) + str(h["on"]))
    lines.append("To:".ljust(lab) + str(h["to"]))
    lines.append("Subject:".ljust(lab) + str(h["subject"]))
    lines.append("")
    page = 1
    page_len = r.randint(44, 56)
    page_start = 0

    def footer() -> list[str]:
        return [
            "",
            f"{p.number}{' ' * 30}{initials}{' ' * 30}{page}",
            f"{' ' * 30}{dg}{' ' * 20}{mark}{' ' * 10}EN",
        ]

    def push(block: list[str]) -> None:
        nonlocal page, page_start
        if len(lines) - page_start + len(block) > page_len:
            lines.extend(footer())
            lines.append("\f")
            page += 1
            page_start = len(lines)
        lines.extend(block)

    sep = r.choice(("\t", "     ", "    "))
    for i, it in enumerate(items, 1):
        push([f"{i}.{sep}{it.title}", ""])
        for kind, content in it.blocks:
            if kind == "p":
                assert isinstance(content, str)
                push(wrap(content, width) + [""])
            else:
                assert isinstance(content, list)
                bullet = r.choice(("-", "•", "–"))
                last = len(content) - 1
                blk: list[str] = []
                for j, c in enumerate(content):
                    end = ";" if j < last else "."
                    blk += wrap(c + end, width, indent="    ", first=f"{bullet}   ")
                push(blk + [""])
    lines.extend(footer())
    return "\n".join(lines) + "\n"


def odd_spacing(text: str, rng: random.Random) -> str:
    """Doubled spaces, trailing blanks, extra empty lines, as conversions leave."""
    out: list[str] = []
    for line in text.split("\n"):
        if line and rng.random() < 0.3:
            line = line.replace(". ", ".  ", 1).replace(", ", " , ", 1)
        if rng.random() < 0.1:
            line += "   "
        out.append(line)
        if rng.random() < 0.05:
            out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------
# the corpus
# --------------------------------------------------------------------------


def sitting_bodies(year: int) -> list[Body]:
    """The bodies that existed in ``year``."""
    return [b for b in BODIES if b.first <= year <= b.last]


def _in_session(d: dt.date) -> bool:
    """Working parties sit neither in August nor over Christmas."""
    return d.month != 8 and (1, 6) < (d.month, d.day) < (12, 20)


def _weekday(d: dt.date) -> dt.date:
    """A meeting drawn on a weekend is held on the Friday before."""
    return d - dt.timedelta(days=d.weekday() - 4) if d.weekday() >= 5 else d


class Corpus:
    """Plans all documents first (numbers, dates) so citations can point backwards."""

    def __init__(self, n: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = n
        self.plans: list[DocPlan] = []
        self.used_numbers: set[str] = set()
        self.ops: list[Operation] = []
        self.code_counters: dict[tuple[str, int], int] = {}
        self.last_of_body: dict[str, DocPlan] = {}
        self._plan()
        self._make_ops()

    def _plan(self) -> None:
        r = self.rng
        start = dt.date(2014, 1, 8).toordinal()
        end = dt.date(2025, 12, 1).toordinal()
        # each body meets at most once a day, so a day holds at most as many
        # meetings as there are bodies sitting that year
        days = {
            _weekday(d)
            for d in map(dt.date.fromordinal, range(start, end + 1))
            if _in_session(d)
        }
        capacity = sum(len(sitting_bodies(d.year)) for d in days)
        if self.n > capacity:
            raise ValueError(
                f"{self.n} minutes do not fit the calendar from"
                f" {dt.date.fromordinal(start)} to {dt.date.fromordinal(end)}:"
                f" at most {capacity} meetings, one per body and working day"
            )
        meetings: list[tuple[dt.date, dt.date]] = []
        booked: dict[dt.date, int] = {}
        for _ in range(self.n):
            while True:
                d = dt.date.fromordinal(r.randint(start, end))
                if not _in_session(d):
                    continue
                d = _weekday(d)
                if booked.get(d, 0) < len(sitting_bodies(d.year)):
                    break
            booked[d] = booked.get(d, 0) + 1
            meetings.append((d, d + dt.timedelta(days=r.randint(3, 28))))
        meetings.sort()
        # Document dates, like numbers, never go backwards in the meeting order.
        for i in range(1, len(meetings)):
            if meetings[i][1] < meetings[i - 1][1]:
                meetings[i] = (meetings[i][0], meetings[i - 1][1])
        last: dict[int, int] = {}
        sitting: set[tuple[str, dt.date]] = set()
        for i, (meet, doc_date) in enumerate(meetings):
            # Council numbers run from about 5000 in January to 17000 in December
            y = doc_date.year
            doy = doc_date.timetuple().tm_yday
            k = max(5000 + int(doy * 32.8) + r.randint(0, 30), last.get(y, 0) + 1)
            last[y] = k
            num = f"{k}/{y % 100:02d}"
            self.used_numbers.add(num)
            bodies = sitting_bodies(meet.year)
            # a body meets once a day: its minutes of one day describe one meeting
            free = [b for b in bodies if (b.name, meet) not in sitting]
            body = r.choices(free, weights=[b.weight for b in free])[0]
            sitting.add((body.name, meet))
            style = "md" if r.random() < 0.5 else "txt"
            awkward = r.choice(AWKWARD) if r.random() < AWKWARD_RATE else None
            self.plans.append(DocPlan(i, num, doc_date, meet, body, style, awkward))

    def _make_ops(self) -> None:
        r = self.rng
        k = max(3, self.n // OPS_PER_POOL)
        seen: set[str] = set()
        ms_names = [m[0] for m in MEMBER_STATES]
        while len(self.ops) < k:
            x = r.random()
            if x < 0.2:
                name = r.choice(OP_NOUN)
            elif x < 0.55:
                name = f"{r.choice(OP_ADJ)} {r.choice(OP_NOUN)}"
            else:
                name = f"{r.choice(OP_ADJ)} {r.choice(OP_NOUN)} {r.choice(ROMAN)}"
            k_ = 2
            base = name
            while name in seen:  # a large N exhausts the pairs: number the series on
                name = f"{base} {to_roman(k_)}"
                k_ += 1
            seen.add(name)
            if r.random() < 0.7:
                leader, kind = r.choice(ms_names), "jco"
            else:
                leader = r.choice(OP_AGENCIES)
                kind = "jco" if leader == "OLAF" else "op"
            targets = tuple(r.sample(THREAT_KEYS, r.choice((1, 1, 2))))
            self.ops.append(Operation(name, leader, targets, kind))

    def pick_op(self, index: int) -> Operation:
        """An operation alive around this document; each spans ~a dozen documents."""
        centre = index / OPS_PER_POOL
        j = int(round(self.rng.gauss(centre, 2.5)))
        return self.ops[max(0, min(j, len(self.ops) - 1))]

    def pick_ops(self, index: int, k: int) -> list[Operation]:
        out: list[Operation] = []
        for _ in range(k * 3):
            op = self.pick_op(index)
            if op not in out:
                out.append(op)
            if len(out) == k:
                break
        return out

    def external_number(self, year: int) -> str:
        """A plausible number of a Council document we did not generate."""
        y = max(2012, year - int(self.rng.random() < 0.3))
        while True:
            num = f"{self.rng.randint(5000, 16999)}/{y % 100:02d}"
            if num not in self.used_numbers:
                return num

    def subject_codes(self, p: DocPlan) -> list[str]:
        out = []
        for c in p.body.codes:
            if c != "JAI" and self.rng.random() < 0.25:
                continue
            key = (c, p.doc_date.year)
            start = self.code_counters.get(key, self.rng.randint(1, 20))
            v = start + self.rng.randint(1, 3)
            self.code_counters[key] = v
            out.append(f"{c} {v}")
        return out

    def last_doc_before(self, index: int) -> DocPlan | None:
        if index == 0:
            return None
        return self.plans[index - 1 - min(index - 1, int(self.rng.expovariate(1 / 3)))]

    def render(self, plan: DocPlan) -> tuple[str, Writer, int]:
        w = Writer(self, plan)
        items = w.items()
        text = render_md(w, items) if plan.style == "md" else render_txt(w, items)
        if plan.awkward == "spacing":
            text = odd_spacing(text, self.rng)
        self.last_of_body[plan.body.slug] = plan
        return text, w, len(items)


def file_name(plan: DocPlan, width: int) -> str:
    ext = "md" if plan.style == "md" else "txt"
    """'00042-ccwp-experts-2016-09-23.md': sortable, and readable in a listing."""
    day = plan.meeting_date.isoformat()
    return f"{plan.index + 1:0{width}d}-{plan.body.slug}-{day}.{ext}"


def _stale_files(out: Path) -> list[Path]:
    """Files listed by a previous run, so that a smaller N leaves no leftovers."""
    manifest = out / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    rows = manifest.read_text(encoding="utf-8").splitlines()[1:]
    return [
        out / row.split("\t", 1)[0]
        for row in rows
        if row and "/" not in row.split("\t")[0]
    ]


def generate(n: int, seed: int, out: Path) -> list[Path]:
    """Write ``n`` minutes and ``MANIFEST.tsv`` into ``out``; return the documents."""
    if n < 1:
        raise ValueError("n must be at least 1")
    # plans first: a corpus that cannot be planned writes nothing
    corpus = Corpus(n, seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stale = _stale_files(out)
    width = max(5, len(str(n)))
    paths: list[Path] = []
    rows = ["file\tnumber\tbody\tmeeting_date\tn_items\tn_presentations\tn_citations"]
    for plan in corpus.plans:
        text, w, n_items = corpus.render(plan)
        name = file_name(plan, width)
        path = out / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
        rows.append(
            f"{name}\t{plan.number}\t{plan.body.name}\t{plan.meeting_date.isoformat()}"
            f"\t{n_items}\t{w.n_pres}\t{len(w.cites)}"
        )
    keep = set(paths)
    for old in stale:
        if old not in keep and old.is_file():
            old.unlink()
    (out / "MANIFEST.tsv").write_bytes(("\n".join(rows) + "\n").encode("utf-8"))
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``corpus.py N --seed S -o DIR``."""
    ap = argparse.ArgumentParser(
        description="Write synthetic Council minutes for benchmarks."
    )
    ap.add_argument("n", type=int, help="number of documents")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument(
        "-o",
        "--out",
        type=Path,
        default=Path("bench/work/corpus"),
        help="output folder (default bench/work/corpus)",
    )
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    try:
        paths = generate(args.n, args.seed, args.out)
    except ValueError as err:  # more minutes than the calendar has meetings
        ap.error(str(err))
    print(f"wrote {len(paths)} documents and MANIFEST.tsv to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
