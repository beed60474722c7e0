"""Score extracted `Minutes` against hand-made gold annotations.

The design asks for extraction quality to be *measured*: precision and recall
per kind of fact, on minutes the rules were not written against. This module
is that measuring stick. It is deliberately independent of the extractor: it
only knows the record types of `loaders.records` and the gold YAML files in
``tests/gold`` (their schema and naming conventions are in that folder's
README).

Each kind of fact has one ``predicted_<kind>`` and one ``gold_<kind>`` function
that turn a `Minutes` record or a `Gold` annotation into comparable values, so
a reader sees exactly what is compared. Names are compared through a
normaliser (case, a leading "the", a possessive "'s", whitespace and end
punctuation) and an optional alias map, because the extractor may report the
surface form ("Polish delegation") where the gold holds the canonical name
("Poland").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from loaders.records import DateValue, Minutes

__all__ = [
    "KINDS",
    "ORGANISATION_KINDS",
    "Gold",
    "GoldCitation",
    "GoldEvent",
    "GoldOperation",
    "NameMatcher",
    "Report",
    "Score",
    "evaluate",
    "gold_from_dict",
    "gold_citations",
    "gold_documents",
    "gold_events",
    "gold_items",
    "gold_operations",
    "gold_organisations",
    "gold_presentations",
    "gold_threats",
    "label_similarity",
    "load_aliases",
    "load_gold",
    "normalise_name",
    "normalise_number",
    "normalise_text",
    "predicted_citations",
    "predicted_documents",
    "predicted_events",
    "predicted_items",
    "predicted_operations",
    "predicted_organisations",
    "predicted_presentations",
    "predicted_threats",
    "score",
]

KINDS: tuple[str, ...] = (
    "documents",
    "items",
    "presentations",
    "citations",
    "events",
    "operations",
    "organisations",
    "threats",
)
"""The kinds of fact scored, in report order; ``overall`` is added after them."""

ORGANISATION_KINDS = frozenset(
    {"Agency", "MemberState", "Institution", "CouncilBody", "Unit", "Organisation"}
)
"""`EntityRef.kind` values that count as organisations (the `cck:Organisation` subclasses)."""

EVENT_LABEL_THRESHOLD = 0.5
"""Token Jaccard at or above which two event labels are taken to name the same event."""

_HEADER_FIELDS = (
    "number",
    "date",
    "place",
    "language",
    "distribution",
    "doc_type",
    "sender",
    "on",
    "recipient",
    "subject",
)
_DOCUMENT_KEYS = frozenset({*_HEADER_FIELDS, "subject_codes"})
# a gold file holds one "document" (not a list) beside a list per other kind
_TOP_KEYS = frozenset(
    {"source", "held_out", "document", "meeting", *KINDS} - {"documents"}
)
_STOPWORDS = frozenset(
    {"the", "a", "an", "of", "on", "in", "for", "and", "to", "at", "by", "with", "its"}
)


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Score:
    """Counts of one kind of fact; precision/recall/F1 follow from them.

    An empty side counts as perfect (1.0) so that a document without, say,
    operations neither rewards nor punishes an extractor that finds none.
    """

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def _set_score(predicted: Iterable[Any], gold: Iterable[Any]) -> Score:
    pred, want = set(predicted), set(gold)
    return Score(tp=len(pred & want), fp=len(pred - want), fn=len(want - pred))


# --------------------------------------------------------------------------- normalisers

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = {
    ord("\u2018"): "'",
    ord("\u2019"): "'",
    ord("\u201c"): '"',
    ord("\u201d"): '"',
}
_MARKUP = re.compile(r"[*_#`]+")
_SPACE = re.compile(r"\s+")
_END_PUNCT = " \t\n.,;:!?-\"'|"


def normalise_text(text: str) -> str:
    """Fold the differences that do not change what a title or header field says.

    Markdown marks, dash and quote variants, runs of whitespace (pdftotext wraps
    long headings), case and punctuation at the ends all vary between
    conversions of the same PDF.
    """
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    text = _MARKUP.sub(" ", text)
    text = _SPACE.sub(" ", text).strip(_END_PUNCT)
    return text.casefold()


def normalise_name(name: str) -> str:
    """Normalise an organisation, person-like or threat name for comparison.

    On top of `normalise_text`: a leading "the" and a possessive "'s" carry no
    identity ("the Commission", "Europol's").
    """
    text = normalise_text(name)
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"'s\b", "", text)
    text = text.strip(_END_PUNCT)
    return _SPACE.sub(" ", text)


def normalise_number(number: str) -> str:
    """A document number with whitespace runs collapsed; otherwise kept as written.

    Malformed numbers must survive unchanged (the design says they are kept and
    flagged), so nothing but spacing is folded.
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", number)).strip()


def _iso(value: Any) -> str | None:
    """Gold dates come from YAML as `date` objects or, when month-only, as "YYYY-MM" strings."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", text):
        raise ValueError(f"not an ISO date or year-month: {value!r}")
    return text


def _iso_value(value: DateValue | None) -> str | None:
    return value.isoformat() if value is not None else None


class NameMatcher:
    """Decides whether two names denote the same thing.

    Two names match when they normalise to the same string, or when both belong
    to one alias group (a key of the alias map together with its aliases).
    `canonical` maps a predicted label onto the gold name it matches, so set
    comparisons see one value per real-world entity even when the extractor
    reports several surface forms of it.
    """

    def __init__(self, aliases: Mapping[str, Iterable[str]] | None = None) -> None:
        self._groups: dict[str, set[str]] = {}
        for key, names in (aliases or {}).items():
            group = {normalise_name(key), *(normalise_name(n) for n in names)}
            for name in group:
                self._groups.setdefault(name, set()).update(group)
        self._group_id = {name: min(group) for name, group in self._groups.items()}

    def matches(self, a: str, b: str) -> bool:
        na, nb = normalise_name(a), normalise_name(b)
        return na == nb or nb in self._groups.get(na, ())

    def canonical(self, label: str, gold_names: Iterable[str]) -> str:
        """The normalised gold name ``label`` matches, else a stable stand-in for it."""
        for name in gold_names:
            if self.matches(label, name):
                return normalise_name(name)
        norm = normalise_name(label)
        return self._group_id.get(norm, norm)


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldCitation:
    number: str
    item: int | None = None
    malformed: bool = False


@dataclass(frozen=True)
class GoldEvent:
    label: str
    start: str | None  # ISO date or year-month
    end: str | None = None
    place: str | None = None
    status: str | None = None
    item: int | None = None


@dataclass(frozen=True)
class GoldOperation:
    name: str
    leader: str | None = None
    kind: str = "Operation"


@dataclass
class Gold:
    """One document's hand-made annotation (see ``tests/gold/README.md``)."""

    source: str
    held_out: bool
    document: dict[
        str, Any
    ]  # header fields; ``subject_codes`` a list; dates ISO strings
    meeting_body: str | None
    meeting_date: str | None
    items: list[tuple[int, str]] = field(default_factory=list)
    presentations: list[tuple[int, str]] = field(default_factory=list)
    citations: list[GoldCitation] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)
    operations: list[GoldOperation] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    threats: list[str] = field(default_factory=list)


def _check_keys(where: str, data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def gold_from_dict(data: Mapping[str, Any], origin: str = "<gold>") -> Gold:
    """Build a `Gold` from parsed YAML, rejecting unknown keys.

    A misspelt key would otherwise silently drop facts from the gold and make
    the extractor look better than it is.
    """
    _check_keys(origin, data, _TOP_KEYS)
    if not data.get("source"):
        raise ValueError(f"{origin}: 'source' is required")
    document = dict(data.get("document") or {})
    if True in document:  # YAML 1.1 reads a bare `on:` key as the boolean true
        document["on"] = document.pop(True)
    _check_keys(f"{origin} document", document, _DOCUMENT_KEYS)
    document["date"] = _iso(document.get("date"))
    document["subject_codes"] = [str(c) for c in document.get("subject_codes") or []]
    meeting = dict(data.get("meeting") or {})
    _check_keys(f"{origin} meeting", meeting, {"body", "date"})

    items = [(int(i["number"]), str(i["title"])) for i in data.get("items") or []]
    presentations = [
        (int(p["item"]), str(p["presenter"])) for p in data.get("presentations") or []
    ]
    citations = []
    for c in data.get("citations") or []:
        _check_keys(f"{origin} citation", c, {"number", "item", "malformed"})
        citations.append(
            GoldCitation(
                str(c["number"]),
                _opt_int(c.get("item")),
                bool(c.get("malformed", False)),
            )
        )
    events = []
    for e in data.get("events") or []:
        _check_keys(
            f"{origin} event", e, {"label", "start", "end", "place", "status", "item"}
        )
        events.append(
            GoldEvent(
                label=str(e["label"]),
                start=_iso(e.get("start")),
                end=_iso(e.get("end")),
                place=e.get("place"),
                status=e.get("status"),
                item=_opt_int(e.get("item")),
            )
        )
    operations = []
    for o in data.get("operations") or []:
        _check_keys(f"{origin} operation", o, {"name", "leader", "kind"})
        operations.append(
            GoldOperation(
                str(o["name"]), o.get("leader"), str(o.get("kind") or "Operation")
            )
        )
    return Gold(
        source=str(data["source"]),
        held_out=bool(data.get("held_out", False)),
        document=document,
        meeting_body=meeting.get("body"),
        meeting_date=_iso(meeting.get("date")),
        items=items,
        presentations=presentations,
        citations=citations,
        events=events,
        operations=operations,
        organisations=[str(o) for o in data.get("organisations") or []],
        threats=[str(t) for t in data.get("threats") or []],
    )


def load_gold(path: Path | str) -> Gold:
    """Read one gold YAML file."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, Mapping):
        raise ValueError(f"{path}: not a mapping")
    return gold_from_dict(data, origin=str(path))


def load_aliases(path: Path | str) -> dict[str, set[str]]:
    """Read an alias map (canonical name → list of other names) from YAML."""
    with Path(path).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {str(k): {str(v) for v in (vs or [])} for k, vs in data.items()}


# --------------------------------------------------------------------------- facts per kind
# Each pair below defines one kind: the values on both sides are directly comparable.

Fact = tuple[str, str]


def _text_facts(fields: Mapping[str, Any]) -> set[Fact]:
    facts: set[Fact] = set()
    for name in _HEADER_FIELDS:
        value = fields.get(name)
        if value is None or value == "":
            continue
        if name == "number":
            facts.add((name, normalise_number(str(value))))
        elif name == "date":
            facts.add((name, str(value)))
        else:
            facts.add((name, normalise_text(str(value))))
    for code in fields.get("subject_codes") or []:
        facts.add(("subject_code", normalise_text(code)))
    return facts


def gold_documents(gold: Gold) -> set[Fact]:
    """Header fields (each subject code its own fact) plus meeting body and date."""
    facts = _text_facts(gold.document)
    if gold.meeting_body:
        facts.add(("meeting.body", normalise_name(gold.meeting_body)))
    if gold.meeting_date:
        facts.add(("meeting.date", gold.meeting_date))
    return facts


def predicted_documents(
    minutes: Minutes, gold: Gold | None = None, matcher: NameMatcher | None = None
) -> set[Fact]:
    """The same facts read from `Minutes.header` and `Minutes.meeting`."""
    h = minutes.header
    fields = {
        "number": h.number,
        "date": _iso_value(h.date),
        "place": h.place,
        "language": h.language,
        "distribution": h.distribution,
        "doc_type": h.doc_type,
        "sender": h.sender,
        "on": h.on,
        "recipient": h.recipient,
        "subject": h.subject,
        "subject_codes": h.subject_codes,
    }
    facts = _text_facts(fields)
    body = minutes.meeting.body
    if body is not None:
        matcher = matcher or NameMatcher()
        wanted = [gold.meeting_body] if gold is not None and gold.meeting_body else []
        facts.add(("meeting.body", matcher.canonical(body.label, wanted)))
    if minutes.meeting.date is not None:
        facts.add(("meeting.date", minutes.meeting.date.isoformat()))
    return facts


def gold_items(gold: Gold) -> set[tuple[int, str]]:
    return {(n, normalise_text(t)) for n, t in gold.items}


def predicted_items(minutes: Minutes) -> set[tuple[int, str]]:
    """Agenda items as (number, normalised title)."""
    return {(i.number, normalise_text(i.title)) for i in minutes.items}


def gold_presentations(gold: Gold) -> set[tuple[int, str]]:
    return {(i, normalise_name(p)) for i, p in gold.presentations}


def predicted_presentations(
    minutes: Minutes, gold: Gold | None = None, matcher: NameMatcher | None = None
) -> set[tuple[int, str]]:
    """(item, presenter) with the presenter label mapped onto a gold name where it matches one."""
    matcher = matcher or NameMatcher()
    names = [p for _, p in gold.presentations] if gold is not None else []
    return {
        (p.item, matcher.canonical(p.presenter.label, names))
        for p in minutes.presentations
    }


def gold_citations(gold: Gold) -> set[str]:
    return {normalise_number(c.number) for c in gold.citations}


def predicted_citations(minutes: Minutes) -> set[str]:
    """Cited document numbers as written; the document's own number is not a citation."""
    return {normalise_number(c.number) for c in minutes.citations}


def _tokens(label: str) -> set[str]:
    words = re.findall(r"[0-9a-z]+", normalise_name(label))
    return {w for w in words if w not in _STOPWORDS} or set(words)


def label_similarity(a: str, b: str) -> float:
    """1.0 when one label's tokens contain the other's, else their Jaccard overlap.

    Event labels are phrases cut from running text; the extractor may take
    more or fewer words ("PCCC Conference" vs "the PCCC Conference (Europol)"),
    so containment counts as a full match.
    """
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    if ta <= tb or tb <= ta:
        return 1.0
    return len(ta & tb) / len(ta | tb)


EventKey = tuple[str, str | None, str | None]  # (label, start, end)


def gold_events(gold: Gold) -> list[EventKey]:
    return [(e.label, e.start, e.end) for e in gold.events]


def _same_event(pred: EventKey, want: EventKey) -> bool:
    (plabel, pstart, pend), (glabel, gstart, gend) = pred, want
    if gstart is None or pstart != gstart:
        return False
    if gend is not None and pend != gend:
        return False
    return label_similarity(plabel, glabel) >= EVENT_LABEL_THRESHOLD


def predicted_events(minutes: Minutes) -> list[EventKey]:
    """(label, start, end) per event, near-duplicates merged.

    The same event is often named twice (in an item's title and in its text);
    the gold lists it once, so two predictions with the same dates and
    matching labels count as one.
    """
    out: list[EventKey] = []
    for e in minutes.events:
        key = (e.label, _iso_value(e.start), _iso_value(e.end))
        if not any(
            key[1:] == o[1:] and label_similarity(key[0], o[0]) >= EVENT_LABEL_THRESHOLD
            for o in out
        ):
            out.append(key)
    return out


def _event_score(predicted: list[EventKey], gold: list[EventKey]) -> Score:
    """One-to-one matching: each gold event takes the most similar unused prediction."""
    unused = list(predicted)
    tp = 0
    for want in gold:
        candidates = [p for p in unused if _same_event(p, want)]
        if candidates:
            best = max(candidates, key=lambda p: label_similarity(p[0], want[0]))
            unused.remove(best)
            tp += 1
    return Score(tp=tp, fp=len(unused), fn=len(gold) - tp)


def _op_name(name: str) -> str:
    return normalise_text(name).strip("\"'")


def gold_operations(gold: Gold) -> set[tuple[str, str]]:
    return {(_op_name(o.name), normalise_name(o.leader or "")) for o in gold.operations}


def predicted_operations(
    minutes: Minutes, gold: Gold | None = None, matcher: NameMatcher | None = None
) -> set[tuple[str, str]]:
    """(name, leader): name case-insensitive, leader matched like any other name; no leader is ""."""
    matcher = matcher or NameMatcher()
    leaders = (
        [o.leader for o in gold.operations if o.leader] if gold is not None else []
    )
    return {
        (
            _op_name(o.name),
            matcher.canonical(o.leader.label, leaders) if o.leader else "",
        )
        for o in minutes.operations
    }


def gold_organisations(gold: Gold) -> set[str]:
    return {normalise_name(o) for o in gold.organisations}


def predicted_organisations(
    minutes: Minutes, gold: Gold | None = None, matcher: NameMatcher | None = None
) -> set[str]:
    """Entities of the organisation kinds, each mapped onto the gold name it matches."""
    names = gold.organisations if gold is not None else []
    return _named_entities(minutes, ORGANISATION_KINDS, names, matcher)


def gold_threats(gold: Gold) -> set[str]:
    return {normalise_name(t) for t in gold.threats}


def predicted_threats(
    minutes: Minutes, gold: Gold | None = None, matcher: NameMatcher | None = None
) -> set[str]:
    """Entities of kind ``Threat``, each mapped onto the gold name it matches."""
    names = gold.threats if gold is not None else []
    return _named_entities(minutes, {"Threat"}, names, matcher)


def _named_entities(
    minutes: Minutes,
    kinds: Collection[str],
    gold_names: Sequence[str],
    matcher: NameMatcher | None,
) -> set[str]:
    """Entities of ``kinds`` under the gold name each matches, so that organisations
    and threats are compared by one rule and a fix to it reaches both."""
    matcher = matcher or NameMatcher()
    return {
        matcher.canonical(e.label, gold_names)
        for e, _ in minutes.entities
        if e.kind in kinds
    }


# --------------------------------------------------------------------------- scoring


def score(
    minutes: Minutes, gold: Gold, aliases: Mapping[str, set[str]] | None = None
) -> dict[str, Score]:
    """Per-kind scores of one document, plus ``overall`` (micro-average over the kinds)."""
    m = NameMatcher(aliases)
    scores = {
        "documents": _set_score(
            predicted_documents(minutes, gold, m), gold_documents(gold)
        ),
        "items": _set_score(predicted_items(minutes), gold_items(gold)),
        "presentations": _set_score(
            predicted_presentations(minutes, gold, m), gold_presentations(gold)
        ),
        "citations": _set_score(predicted_citations(minutes), gold_citations(gold)),
        "events": _event_score(predicted_events(minutes), gold_events(gold)),
        "operations": _set_score(
            predicted_operations(minutes, gold, m), gold_operations(gold)
        ),
        "organisations": _set_score(
            predicted_organisations(minutes, gold, m), gold_organisations(gold)
        ),
        "threats": _set_score(predicted_threats(minutes, gold, m), gold_threats(gold)),
    }
    scores["overall"] = _total(scores.values())
    return scores


def _total(scores: Iterable[Score]) -> Score:
    total = Score(0, 0, 0)
    for s in scores:
        total = total + s
    return total


@dataclass
class Report:
    """Scores per document and pooled over documents (sums of counts, not means of ratios)."""

    documents: dict[str, dict[str, Score]]
    held_out: dict[str, bool]
    missing: list[str] = field(
        default_factory=list
    )  # gold sources with no extracted minutes

    def pooled(self, held_out: bool | None = None) -> dict[str, Score]:
        """Pooled scores over all documents, or only held-out (True) / only the others (False)."""
        chosen = [
            s
            for src, s in self.documents.items()
            if held_out is None or self.held_out[src] == held_out
        ]
        kinds = (*KINDS, "overall")
        return {k: _total(doc[k] for doc in chosen) for k in kinds}

    def table(self, source: str | None = None, held_out: bool | None = None) -> str:
        """A plain-text table (kind, P, R, F1, tp/fp/fn) of one document or of the pool."""
        scores = self.documents[source] if source is not None else self.pooled(held_out)
        rows = [f"{'kind':<14} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn"]
        for kind in (*KINDS, "overall"):
            s = scores[kind]
            rows.append(
                f"{kind:<14} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {s.tp}/{s.fp}/{s.fn}"
            )
        if source is None and self.missing:
            rows.append("not extracted: " + ", ".join(self.missing))
        return "\n".join(rows)


def evaluate(
    minutes_by_source: Mapping[str, Minutes],
    gold_dir: Path | str,
    aliases: Mapping[str, set[str]] | None = None,
) -> Report:
    """Score every gold file in ``gold_dir`` whose source was extracted.

    Keys of ``minutes_by_source`` may be file names or paths; they are matched on
    the file name. Gold documents with no extraction are listed in
    `Report.missing` rather than silently ignored.
    """
    by_name = {Path(k).name: v for k, v in minutes_by_source.items()}
    documents: dict[str, dict[str, Score]] = {}
    held_out: dict[str, bool] = {}
    missing: list[str] = []
    for path in sorted(Path(gold_dir).glob("*.yaml")):
        if path.name == "aliases.yaml":
            continue
        gold = load_gold(path)
        minutes = by_name.get(gold.source)
        if minutes is None:
            missing.append(gold.source)
            continue
        documents[gold.source] = score(minutes, gold, aliases)
        held_out[gold.source] = gold.held_out
    return Report(documents=documents, held_out=held_out, missing=missing)
