"""One event, many mentions: the events of a story's articles that tell the same happening.

Mentions are taken in story order (articles by publication, then as they came; events in
text order) and each joins the first happening it is compatible with, else opens one.
Compatible: the same CAMEO root; each actor the same (actor code, or canonical name, one
name holding the other) or unknown on one side; and dates within ``DAY_SLACK`` days when
both are read from the text (a date that is only the publication date says little).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import NamedTuple

DAY_SLACK = 1
PUBLISHED_SLACK = 7  # days between a date in the text and an undated retelling's publication
MIN_EVIDENCE = 2
OVERLAP = 0.3  # share of the shorter sentence's syllable pairs two retellings of one act have in common
SAME_WORDS = 1  # what that counts as evidence
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


def _same_time(a: Mention, b: Mention) -> bool:
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


def _same_code(a: str, b: str) -> bool:
    return not a or not b or a[:3] == b[:3]


def _same_actor(a: str, b: str, named_a: bool, named_b: bool, code_a: str, code_b: str) -> bool:
    """Two actors may be one: codes of one country (``Nhà Trắng`` USAGOV, ``Hoa Kỳ`` USA), else
    names unless both are names of entities and neither holds the other (a role noun such as
    ``cơ quan chức năng`` says nothing against a name)."""
    if code_a and code_b:
        return code_a[:3] == code_b[:3]
    return not (named_a and named_b) or _same_name(a, b)


def compatible(m: Mention, other: Mention) -> bool:
    """Nothing known of the two says they are different happenings."""
    return (m.root == other.root
            and _same_actor(m.actor1, other.actor1, m.named[0], other.named[0], m.actor1_code, other.actor1_code)
            and _same_actor(m.actor2, other.actor2, m.named[1], other.named[1], m.actor2_code, other.actor2_code)
            and _same_time(m, other))


def _shared(a: str, b: str, code_a: str, code_b: str) -> bool:
    """The same actor known on both sides: the same code, or the same name (one holding the other)."""
    return bool(code_a and code_a == code_b) or bool(a and b and (a == b or a in b or b in a))


def evidence(m: Mention, other: Mention) -> int:
    """How much the two share that a different happening would not: the same doer (2), the same
    target, the same trigger, the same full code, the same day read from the text, sentences that
    retell one another."""
    return (2 * _shared(m.actor1, other.actor1, m.actor1_code, other.actor1_code)
            + _shared(m.actor2, other.actor2, m.actor2_code, other.actor2_code)
            + (m.trigger == other.trigger) + (len(m.code) > 2 and m.code == other.code)
            + (m.day is not None and m.day == other.day)
            + SAME_WORDS * (_overlap(m.words, other.words) >= OVERLAP))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def happenings(ordered: list[Mention]) -> list[list[Mention]]:
    """Each mention joins the happening it shares most with (at least ``MIN_EVIDENCE``, and a
    known doer for a statement: two unnamed ``cho biết`` are not one statement), among those
    it is compatible with in every mention; else it opens one."""
    groups: list[list[Mention]] = []
    by_root: dict[str, list[list[Mention]]] = {}  # the same groups: a mention is compatible only with its root's
    for m in ordered:
        best, best_score = None, MIN_EVIDENCE - 1
        for group in by_root.get(m.root, ()):
            if m.root == "01" and not any(m.actor1 and other.actor1 for other in group):
                continue
            if not all(compatible(m, other) for other in group):
                continue
            score = max(evidence(m, other) for other in group)
            if score > best_score:
                best, best_score = group, score
        if best is None:
            groups.append([m])
            by_root.setdefault(m.root, []).append(groups[-1])
        else:
            best.append(m)
    return groups


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
