"""Meetings, conferences, seminars and conventions mentioned in the minutes (`cck:Event`),
with dates (`schema:startDate`/`endDate`), place (`cck:heldIn`), host
(`cck:organisedBy`) and whether they were past or forthcoming at the minuted meeting.

An event is a phrase around a head noun (meeting, conference, seminar,
convention, workshop, session, Plenary …): capitalised words and a few
modifiers before it ("the European Police Chiefs Convention", "half-day joint
meeting", "OAP drafting meetings"), and a complement after it ("of the Heads of
Central Coordination Units") up to a bracket, a clause or a date. A bare
"meeting" or "the forthcoming meetings" names no particular event and is skipped.

Date and place are read from the stretch after the phrase, up to the next
event: a bracket "(29 - 30 September 2016, Frontex Headquarters in Warsaw,
Poland)" or running text "will take place in Brussels on 19 October 2016". An
organisation in the bracket is the host: "(Europol, 14 September 2016)" sets
the organiser and, with no city given, no place.
"""

from __future__ import annotations

import re

from loaders.dates import find_dates
from loaders.extract.context import NEW_CONFIDENCE, ORGANISATION_KINDS, Context, new_key
from loaders.records import DateValue, EntityRef, Event, Sentence

__all__ = ["extract_events"]

#: the lookahead lists the heads' first letters: without it the scan tries every
#: alternative at every position of every sentence, a third of this module's time
_HEAD = re.compile(
    r"""(?xi)(?=[acfkmprstw])\b(?P<head>
        meetings? | conferences? | seminars? | conventions? | workshops? | summits? | forums? | fora
      | symposi(?:um|a) | webinars? | congress | round[\s-]?tables? | (?:awareness\s+)?sessions?
      | training(?:\s+(?:course|session))? | kick-off | (?-i:Plenary) | (?-i:Committee)
    )\b"""
)
_KIND = {
    "meeting": "Meeting", "conference": "Conference", "seminar": "Seminar", "convention": "Convention",
    "workshop": "Workshop", "summit": "Summit", "forum": "Forum", "fora": "Forum", "symposium": "Symposium", "symposia": "Symposium",
    "webinar": "Webinar", "congress": "Congress", "session": "Session", "training": "Training",
    "kick-off": "Meeting", "plenary": "Meeting", "committee": "Meeting", "roundtable": "Meeting", "round": "Meeting",
}  # fmt: skip
_MODIFIER = (
    r"[A-Z0-9][\w'’.&-]*|/|&|-|–|joint|informal|annual|drafting|expert|experts'|technical|regional|"
    r"international|high[- ]level|kick-off|final|first|second|third|next|plenary|"
    r"operational|strategic|awareness|preparatory|ministerial|bilateral|trilateral|multilateral|"
    r"thematic|closing|opening|inaugural|\d+(?:st|nd|rd|th)"
)
_BEFORE = re.compile(rf"(?:(?:{_MODIFIER})\s+)*$")
_COMPLEMENT_START = re.compile(
    r"^\s+(?:of|for|on|between|with|among|against|dedicated\s+to|in\s+the\s+framework\s+of)\s+(?!\d)",
    re.I,
)
_STOP = re.compile(
    r"""(?x)\s*\((?![A-Z][a-z]+\))|;|:|\.(?:\s|$)|,\s+(?![A-Z][\w-]*(?:\s+and|,|\s+[A-Z]))|\s+(?:which|that|who|will|would|took|takes|was|were|is|are|has|have|had|to\s+be|held|organised|organized|
        hosted|scheduled|planned|where|when|as\s+well\s+as|and\s+the|and\s+a|on\s+(?:the\s+)?\d|in\s+(?:[A-Z]|\d)|at\s+[A-Z]|from\s+\d)\b"""
)
_FUTURE = re.compile(
    r"\b(?:will|shall|to\s+be\s+held|forthcoming|upcoming|next|planned|scheduled|future)\b",
    re.I,
)
_PAST = re.compile(
    r"\b(?:took\s+place|was\s+held|were\s+held|past|last|previous|recent(?:ly)?|had\s+been|attended)\b",
    re.I,
)
_HOST = re.compile(
    r"\b(?:organised|organized|hosted|convened|chaired)\s+by\s+(?:the\s+)?$", re.I
)
_IN_PLACE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)(?![\w'’-]|\s*\d)"
)
_MINUTED = re.compile(
    r"\b(?:this|today'?s|present|current)\s+(?:meeting|session)\b", re.I
)


def _specific(label: str, head: str, complement: bool, dated: bool) -> bool:
    """Whether the phrase names one event: a proper name, number or ordinal besides the head,
    a complement ("seminar on detection of explosives precursors"), or "next" with a date."""
    words = [w for w in re.split(r"[\s/]+", label) if w]
    head_words = {w.casefold() for w in head.split()}
    if complement or (dated and words and words[0].casefold() == "next"):
        return True
    return any(
        (w[:1].isupper() or w[:1].isdigit())
        and w.casefold() not in head_words
        and w not in ("The", "A", "-", "–")
        for w in words
    )


def _label_span(text: str, head: re.Match[str]) -> tuple[int, int, bool]:
    """Start and end of the event phrase around ``head``, relative to ``text``, and whether
    a complement follows the head."""
    pre = _BEFORE.search(text[: head.start()])
    start = pre.start() if pre else head.start()
    # leading list marks and punctuation are not part of the name
    while start < head.start() and text[start] in "-–•/&  ":
        start += 1
    end = head.end()
    # a second head word right after ("seminar awareness session")
    more = re.match(
        r"^(?:\s+[\w-]+)?\s+(?:awareness\s+)?(?:session|meeting|seminar|workshop)s?\b",
        text[end:],
        re.I,
    )
    if more:
        return start, end + more.end(), False
    quoted = re.match(r"^\s+[\"“][^\"”]{3,150}[\"”]", text[end:])
    if quoted:
        return start, end + quoted.end(), True
    if not _COMPLEMENT_START.match(text[end:]):
        return start, end, False
    pos = end + 1
    while True:
        stop = _STOP.search(text, pos)
        if stop is None:
            return start, len(text), True
        # "joint meeting of the LEWP and the Customs Cooperation Working Party": "and the"
        # ends the phrase only when another event follows it
        if stop.group(0).strip().startswith("and"):
            rest = re.split(r"[(,;]", text[stop.end() :], maxsplit=1)[0]
            if not _HEAD.search(rest):
                pos = stop.end()
                continue
        return start, stop.start(), True


def _status(
    start: DateValue | None,
    end: DateValue | None,
    meeting: DateValue | None,
    cue: str | None,
) -> str | None:
    if start is not None and meeting is not None:
        last = end or start
        if start.precision == "day" and meeting.precision == "day":
            if last.as_date() < meeting.as_date():
                return "past"
            if start.as_date() > meeting.as_date():
                return "forthcoming"
        else:
            first_month = (start.year, start.month)
            last_month = (last.year, last.month)
            here = (meeting.year, meeting.month)
            if last_month < here:
                return "past"
            if first_month > here:
                return "forthcoming"
    return cue


def _cue(text: str) -> str | None:
    future, past = _FUTURE.search(text), _PAST.search(text)
    if future and not past:
        return "forthcoming"
    if past and not future:
        return "past"
    if future and past:
        return "forthcoming" if future.start() < past.start() else "past"
    return None


def _place_and_host(
    ctx: Context, start: int, end: int
) -> tuple[EntityRef | None, EntityRef | None]:
    """Place and organiser named in ``[start, end)`` of `Minutes.text`."""
    text = ctx.minutes.text
    region = text[start:end]
    place: EntityRef | None = None
    host: EntityRef | None = None
    names = ctx.names_in(start, end)
    # "(Europol, 14 September 2016)" right after the name, or a dated bracket after its complement
    bracket = next(
        (
            b
            for b in re.finditer(r"\((?P<inner>[^()]*)\)", region)
            if b.start() < 3 or find_dates(b.group("inner"), ctx.year)
        ),
        None,
    )
    if bracket:
        b_start = start + bracket.start("inner")
        offset = 0
        for part in bracket.group("inner").split(","):
            p_start = b_start + offset + (len(part) - len(part.lstrip()))
            offset += len(part) + 1
            stripped = part.strip()
            if (
                not stripped
                or find_dates(stripped, ctx.year)
                or re.fullmatch(r"[\d\s–-]+", stripped)
            ):
                continue
            part_names = ctx.names_in(p_start, p_start + len(stripped))
            for n in part_names:
                if n.kind == "Place" and place is None:
                    place = n.ref
                elif n.kind in ORGANISATION_KINDS and host is None:
                    host = n.ref
                elif n.kind == "MemberState" and place is None:
                    place = EntityRef(
                        kind="Place", label=n.ref.label, key=new_key(n.ref.label)
                    )
            if (
                not part_names
                and place is None
                and re.fullmatch(
                    r"(?:the\s+)?[A-Z][\w'’-]*(?:[\s-][A-Z][\w'’-]*){0,2}", stripped
                )
            ):
                label = stripped.removeprefix("the ")
                place = EntityRef(
                    kind="Place",
                    label=label,
                    key=new_key(label),
                    confidence=NEW_CONFIDENCE,
                )
        return place, host
    for n in names:
        before = text[max(start, n.start - 30) : n.start]
        if n.kind in ORGANISATION_KINDS and host is None and _HOST.search(before):
            host = n.ref
        elif (
            n.kind == "Place"
            and place is None
            and re.search(r"\b(?:in|at)\s+(?:the\s+)?$", before)
        ):
            place = n.ref
    if place is None:
        for m in _IN_PLACE.finditer(region):
            word = m.group("place")
            if find_dates(word, ctx.year) or any(
                n.start <= start + m.start("place") < n.end for n in names
            ):
                continue
            place = EntityRef(
                kind="Place", label=word, key=new_key(word), confidence=NEW_CONFIDENCE
            )
            break
    return place, host


def _own_meeting(ctx: Context, start: int, end: int) -> EntityRef | None:
    """ "conference of the Task Group Cigarette", "next meeting of the LEWP": the one
    organisation the phrase's complement names holds the event."""
    text = ctx.minutes.text
    of = re.search(r"\b(?:of|by)\s+(?:the\s+)?", text[start:end])
    if of is None:
        return None
    names = [
        n for n in ctx.names_in(start + of.end(), end) if n.kind in ORGANISATION_KINDS
    ]
    return (
        names[0].ref if len(names) == 1 and names[0].start == start + of.end() else None
    )


def _list_cue(ctx: Context, sentence: Sentence) -> str | None:
    """The past/forthcoming heading of the list a sentence belongs to ("Regarding the forthcoming meetings, …:")."""
    if not sentence.text.lstrip().startswith(("-", "•", "–", "*")):
        return None
    sentences = ctx.minutes.sentences
    for i in range(sentence.index - 1, -1, -1):
        prev = sentences[i]
        if prev.item != sentence.item:
            return None
        if prev.text.rstrip().endswith(":"):
            return _cue(prev.text)
        if not prev.text.lstrip().startswith(("-", "•", "–", "*")):
            return None
    return None


def extract_events(ctx: Context) -> None:
    minutes = ctx.minutes
    meeting = minutes.meeting.date
    seen: set[tuple[str, str | None]] = set()
    for sentence in minutes.sentences:
        if sentence.item is None:
            continue
        text = sentence.text
        found: list[tuple[int, int, str]] = []
        covered = -1
        for head in _HEAD.finditer(text):
            if head.start() < covered:
                continue
            start, end, complement = _label_span(text, head)
            covered = end
            label = text[start:end].strip(" ,-–")
            label = re.sub(r"^(?:the|a|an)\s+", "", label, flags=re.I)
            after = text[end : end + 60]
            dated = label[:5].casefold() == "next " and bool(
                find_dates(after, ctx.year)
            )
            if head.group("head") == "Committee" and not re.match(
                r"\s*(?:\(|on\s+\d|,\s*\d)", after
            ):
                continue  # a committee is a body; dated, it is one of its meetings
            if not _specific(label, head.group("head"), complement, dated):
                continue
            if _MINUTED.search(text[max(0, head.start() - 12) : head.end()]):
                continue
            found.append((start, end, head.group("head")))
        list_cue = _list_cue(ctx, sentence) if found else None
        for k, (start, end, head_word) in enumerate(found):
            region_end = found[k + 1][0] if k + 1 < len(found) else len(text)
            label = re.sub(
                r"^(?:the|a|an)\s+", "", text[start:end].strip(" ,-–"), flags=re.I
            )
            region = text[end:region_end]
            dates = find_dates(region, ctx.year)
            first = dates[0] if dates else None
            s_date = first.start if first else None
            e_date = first.end if first else None
            if (
                s_date is not None
                and s_date == meeting
                and e_date is None
                and head_word.casefold() in ("meeting", "plenary")
            ):
                continue  # the minuted meeting itself
            key = (new_key(label), s_date.isoformat() if s_date else None)
            if key in seen:
                continue
            seen.add(key)
            place, host = _place_and_host(
                ctx, sentence.start + end, sentence.start + region_end
            )
            if host is None:
                host = _own_meeting(ctx, sentence.start + start, sentence.start + end)
            cue = _cue(text[:region_end]) or list_cue
            words = head_word.split()
            kind = _KIND.get(
                words[-1].casefold().rstrip("s"),
                _KIND.get(words[0].casefold(), "Event"),
            )
            minutes.events.append(
                Event(
                    label=label,
                    sentence=sentence.index,
                    item=sentence.item,
                    kind=kind,
                    start=s_date,
                    end=e_date,
                    place=place,
                    organiser=host,
                    status=_status(s_date, e_date, meeting, cue),
                )
            )
