"""One event, many mentions: a story's events as mentions (actors by canonical name, dates as
far as the text tells them, the syllable pairs of their sentences), what two mentions share
or where they clash (used by the learned pair model of ``merge.py``), and the rows of the
happenings they form.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import NamedTuple

DAY_SLACK = 1
PUBLISHED_SLACK = 7  # days between a date in the text and an undated retelling's publication
_SYLLABLE = re.compile(r"\w+")


class Mention(NamedTuple):
    article_id: str
    event_id: int
    outlet: str | None
    code: str
    root: str
    actor1: str  # canonical, lower case, "" when unknown
    actor2: str
    named: tuple[bool, bool]  # actor1, actor2 are entities (names), not role nouns (cơ quan chức năng)
    actor1_code: str
    actor2_code: str
    when: str  # date read from the text, as far as known ("" when none)
    day: int | None  # the same as a day number, when it names a day
    published: str  # for an event with no date of its own, the publication date it carries
    trigger: str
    words: frozenset[str]  # syllable pairs of its sentence
    row: dict


def _text(value) -> str:
    return value if isinstance(value, str) else ""


_WHEN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


def _when(row: dict) -> str:
    """The date read from the event's sentence, as far as it is known (``2016``, ``2016-04``,
    ``2016-04-02``); "" for one that is only the publication date."""
    if row.get("date_source") != "sentence":
        return ""
    found = _WHEN.match(_text(row.get("date_value")))
    return found.group() if found else ""


def _day(when: str) -> int | None:
    try:
        return dt.date.fromisoformat(when).toordinal() if len(when) == 10 else None
    except ValueError:
        return None


def _published(row: dict) -> str:
    """The publication date an event with no date of its own carries ("" otherwise)."""
    if row.get("date_source") == "sentence":
        return ""
    found = _WHEN.match(_text(row.get("date_value")))
    return found.group() if found else ""


def _agree(a: str, b: str, slack: int) -> bool:
    if len(a) == len(b) == 10:
        return abs(dt.date.fromisoformat(a).toordinal() - dt.date.fromisoformat(b).toordinal()) <= slack
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def same_time(a: Mention, b: Mention) -> bool:
    """Dates read from the text agree (within DAY_SLACK days, or the same year and month as far
    as the vaguer says); a date read from the text agrees with an undated mention's
    publication date within PUBLISHED_SLACK days (a 2016 clash is not a 2020 one)."""
    try:
        if a.when and b.when:
            return _agree(a.when, b.when, DAY_SLACK)
        if a.when and b.published:
            return _agree(a.when, b.published, PUBLISHED_SLACK)
        if b.when and a.published:
            return _agree(b.when, a.published, PUBLISHED_SLACK)
    except ValueError:  # a date that is no calendar date
        return True
    return True


def _pairs(text: str) -> frozenset[str]:
    """The syllable pairs of a sentence: what two retellings of one act share."""
    syllables = _SYLLABLE.findall(text.lower())
    return frozenset([f"{a} {b}" for a, b in zip(syllables, syllables[1:])])


def mentions(events: list[dict], canonical: dict[tuple[str, str], str], outlets: dict[str, str | None],
             sentences: dict[tuple[str, int], str] | None = None):
    """The story's events as Mentions; ``canonical`` maps (article, name as written) to the
    entity's canonical name, so that ``Thủ tướng Putin`` and ``Putin`` can meet."""
    def name(row: dict, key: str) -> str:
        written = _text(row.get(key))
        return canonical.get((row["article_id"], written), written).lower()

    out = []
    pairs: dict[str, frozenset[str]] = {}  # by sentence: an article often tells several events in one
    for row in events:
        aid = row["article_id"]
        sid = row.get("sentence_id")
        said = (sentences or {}).get((aid, int(sid)), "") if sid is not None and sid == sid else ""
        if said not in pairs:
            pairs[said] = _pairs(said)
        named = ((aid, _text(row.get("actor1"))) in canonical, (aid, _text(row.get("actor2"))) in canonical)
        when = _when(row)
        out.append(Mention(aid, int(row["event_id"]), outlets.get(aid), _text(row.get("cameo_code")),
                           _text(row.get("root_code")) or _text(row.get("cameo_code"))[:2], name(row, "actor1"),
                           name(row, "actor2"), named, _text(row.get("actor1_code")), _text(row.get("actor2_code")),
                           when, _day(when), _published(row), _text(row.get("trigger")).lower(), pairs[said], row))
    return out


def _same_name(a: str, b: str) -> bool:
    return not a or not b or a == b or a in b or b in a


def same_actor(a: str, b: str, named_a: bool, named_b: bool, code_a: str, code_b: str) -> bool:
    """Two actors may be one: codes of one country (``Nhà Trắng`` USAGOV, ``Hoa Kỳ`` USA), else
    names unless both are names of entities and neither holds the other (a role noun such as
    ``cơ quan chức năng`` says nothing against a name)."""
    if code_a and code_b:
        return code_a[:3] == code_b[:3]
    return not (named_a and named_b) or _same_name(a, b)


def shared(a: str, b: str, code_a: str, code_b: str) -> bool:
    """The same actor known on both sides: the same code, or the same name (one holding the other)."""
    return bool(code_a and code_a == code_b) or bool(a and b and (a == b or a in b or b in a))


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _first(values) -> str | None:
    return next((v for v in values if isinstance(v, str) and v), None)


def story_event_rows(story_id: str, groups: list[list[Mention]]) -> list[dict]:
    rows = []
    for n, group in enumerate(groups, 1):
        told = [m.code for m in group]
        codes = Counter(told)
        code = max(codes, key=lambda c: (codes[c], len(c), -told.index(c)))
        dated = [m.row.get("date_value") for m in group if m.when]
        dated = dated or [m.row.get("date_value") for m in group]
        rows.append({
            "story_id": story_id, "story_event_id": n, "cameo_code": code, "root_code": group[0].root,
            "actor1": _first(m.row.get("actor1") for m in group), "actor1_code": _first(m.actor1_code for m in group),
            "actor2": _first(m.row.get("actor2") for m in group), "actor2_code": _first(m.actor2_code for m in group),
            "location": _first(m.row.get("location") for m in group), "date_value": _first(dated),
            "n_mentions": len(group), "n_articles": len({m.article_id for m in group}),
            "n_sources": len({m.outlet or m.article_id for m in group}), "first_article": group[0].article_id,
            "event_ids": ";".join(f"{m.article_id}:{m.event_id}" for m in group),
        })
    return rows
