"""Numbers that disagree: the quantities of a story's articles lined up by what they count.

What a number counts (``thing``) is its unit (``models/stories/unit_aliases.tsv`` folds
``hành khách`` into ``người``) and its measure, read from its predicate
(``models/stories/measures.tsv``: ``thiệt mạng`` -> ``chết``). Numbers of one thing from at
least two articles become rows. Two values conflict when the ranges their qualifiers allow
cannot overlap (``hơn 20`` and ``25`` agree, ``20`` and ``35`` do not; ``khoảng`` allows 10 %,
at least 1). A thing whose measure is unknown and whose unit says nothing of what is counted
(people, money, percent) is listed but never called a conflict: two unrelated counts of
people in one story are no disagreement.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import pandas as pd

from pipeline.core.lexicon import load_tsv

ABOUT = 0.1  # what "khoảng", "gần", "chừng" allow either side
PART = 2.0  # a number over PART times another of the same thing is taken for a part of it


@functools.cache
def _measures() -> dict[str, str]:
    return {r["word"]: r["measure"] for r in load_tsv("stories/measures.tsv")}


@functools.cache
def _first_words() -> frozenset[str]:
    """The first words of measures.tsv's entries: a run of words starting otherwise is none."""
    return frozenset(word.split()[0] for word in _measures() if word.split())


@functools.cache
def _aliases() -> dict[str, tuple[str, str]]:
    """unit -> (the unit it counts the same kind of thing as, the measure the noun implies)."""
    return {r["unit"]: (r["same_as"], r["measure"]) for r in load_tsv("stories/unit_aliases.tsv")}


def measure(predicate) -> str:
    """The measure of a predicate: its longest run of words found in measures.tsv, or ""."""
    if not isinstance(predicate, str):
        return ""
    words = predicate.lower().split()
    table, first = _measures(), _first_words()
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            if words[start] not in first:
                continue
            found = table.get(" ".join(words[start:start + size]))
            if found:
                return found
    return ""


AFTER, BEFORE = 4, 5  # words after and before a number where its measure is looked for


def context_measure(predicate, before: str, after: str, unit=None) -> str:
    """What a number counts: its predicate's measure, else one in the words right after it
    (``8 người chết``, ``3 người bị thương nặng``), else right before it (``làm chết 8 người``),
    else what its counted noun implies (``8 nghi phạm``)."""
    found = measure(predicate)
    if not found:
        found = measure(" ".join(after.split()[:AFTER]))
    if not found:
        found = measure(" ".join(before.split()[-BEFORE:]))
    if not found and isinstance(unit, str):
        found = _aliases().get(unit, ("", ""))[1]
    return found


def with_measures(quantities: list[dict], sentences: list[dict]) -> list[dict]:
    """``quantities`` (rows as dicts) with a ``measure`` read from their sentences (article_id,
    sentence_id, start_char, text)."""
    told = {(s["article_id"], _int(s["sentence_id"])): (s["start_char"], s["text"]) for s in sentences}
    out = []
    for q in quantities:
        s0, text = told.get((q["article_id"], _int(q["sentence_id"])), (None, None))
        if isinstance(text, str) and s0 is not None:
            a, b = int(q["start_char"]) - int(s0), int(q["end_char"]) - int(s0)
            found = context_measure(q["predicate"], text[max(0, a - 40):a], text[b:b + 60], q["unit"])
        else:
            found = context_measure(q["predicate"], "", "", q["unit"])
        out.append(q | {"measure": found})
    return out


def _int(value) -> int | None:
    return None if value is None else int(value)


@functools.cache
def generic_units() -> frozenset[str]:
    """Units that say nothing of what is counted (people, money, percent, ages: whose?): their numbers are
    compared only when a measure says what they count. A specific unit (``chỗ``, ``đời vợ``,
    ``lít``) is a thing of its own."""
    kinds = {r["canonical"] for r in load_tsv("quantities/units.tsv") if r["kind"] in ("money", "percent", "age")}
    return frozenset(kinds | {"người", "%"})


def unit_of(unit) -> str:
    return _aliases().get(unit, (unit, ""))[0] if isinstance(unit, str) else ""


class Interval(NamedTuple):
    low: float
    high: float


def interval(value: float, value_max: float | None, qualifier: str | None) -> Interval:
    """The values a number with its qualifier allows."""
    high = value_max if value_max is not None and not math.isnan(value_max) else value
    q = qualifier if isinstance(qualifier, str) else "="
    if q in (">", ">="):
        return Interval(value if q == ">=" else math.nextafter(value, math.inf), math.inf)
    if q in ("<", "<="):
        return Interval(-math.inf, value if q == "<=" else math.nextafter(value, -math.inf))
    if q == "~":
        slack = max(abs(value) * ABOUT, 1.0)
        return Interval(value - slack, high + slack)
    return Interval(value, high)


def agree(a: Interval, b: Interval) -> bool:
    return a.low <= b.high and b.low <= a.high


def comparable(a: Interval, b: Interval) -> bool:
    """Two numbers of one thing that tell the same count if either is right: within a factor
    of PART of each other. One more than twice the other is rather a part of it (6 of the 10 kg
    seized, 2 of the 8 arrested) than a disagreement."""
    low = min(x for x in (a.low, a.high, b.low, b.high) if math.isfinite(x))
    high = max(x for x in (a.low, a.high, b.low, b.high) if math.isfinite(x))
    return low > 0 and high / low <= PART


def clash(a: Interval, b: Interval) -> bool:
    """Two headline numbers of one thing from two outlets that disagree: comparable counts
    whose ranges cannot overlap."""
    return not agree(a, b) and comparable(a, b)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def story_claim_rows(story_id: str, quantities: list[dict], canonical: dict[tuple[str, str], str]) -> list[dict]:
    """Rows of ``story_claims`` for one story's quantities (rows as dicts, articles in story
    order, each with its ``measure``)."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in quantities:
        if _missing(r.get("value")) or not isinstance(r.get("unit"), str):
            continue
        meas = r.get("measure")
        meas = meas if isinstance(meas, str) else measure(r.get("predicate"))
        groups.setdefault((unit_of(r["unit"]), meas), []).append(r)
    rows = []
    for (unit, meas), records in groups.items():
        if len({r["article_id"] for r in records}) < 2:
            continue
        heads = headlines(records)
        compared = bool(meas) or unit not in generic_units()
        for i, r in enumerate(records):
            disagree = None
            if compared and i in heads:
                disagree = any(clash(heads[i], heads[j]) for j in heads if records[j]["article_id"] != r["article_id"])
            claimant = r.get("claimant")
            if isinstance(claimant, str):
                claimant = canonical.get((r["article_id"], claimant), claimant)
            rows.append({
                "story_id": story_id, "claim_id": len(rows) + 1, "thing": f"{meas} ({unit})" if meas else f"({unit})",
                "value": r["value"], "value_max": r.get("value_max"), "qualifier": r.get("qualifier"),
                "unit": r["unit"], "claimant": claimant, "article_id": r["article_id"],
                "quantity_id": r["quantity_id"], "conflict": disagree,
                "consensus": None if disagree is None else not disagree,
            })
    return rows


def _span(r: dict) -> Interval:
    vmax = r.get("value_max")
    return interval(float(r["value"]), None if _missing(vmax) else float(vmax), r.get("qualifier"))


def headlines(records: list[dict]) -> dict[int, Interval]:
    """Each article's headline number of a thing: its largest. The smaller ones of the same
    article are parts (``3 of the 8 dead were from Nghi Kiều``), compared with nothing."""
    best: dict[str, int] = {}
    for i, r in enumerate(records):
        j = best.get(r["article_id"])
        if j is None or float(r["value"]) > float(records[j]["value"]):
            best[r["article_id"]] = i
    return {i: _span(records[i]) for i in best.values()}


def conflict_pairs(claims: pd.DataFrame) -> set[tuple[tuple[str, int], tuple[str, int]]]:
    """The pairs of quantities (article_id, quantity_id) that story_claims says cannot both
    hold: headline numbers of one thing from two articles that ``clash``."""
    pairs = set()
    compared = claims[claims["consensus"].notna()]
    for _, group in compared.groupby(["story_id", "thing"]):
        recs = group.to_dict("records")
        for i in range(len(recs)):
            for j in range(i + 1, len(recs)):
                if recs[i]["article_id"] != recs[j]["article_id"] and clash(_span(recs[i]), _span(recs[j])):
                    a = (recs[i]["article_id"], int(recs[i]["quantity_id"]))
                    b = (recs[j]["article_id"], int(recs[j]["quantity_id"]))
                    pairs.add((min(a, b), max(a, b)))
    return pairs
