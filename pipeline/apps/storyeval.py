"""Scoring the story stage: stories against news clusters, merged events and conflicting
numbers against the hand-checked story gold (``corpora/gold/stories``).

- B-cubed precision, recall and F1 of ``articles.story_id`` against a reference clustering
  (the ``cluster`` field of ``../shared/news``), with a plain TF-IDF single-link baseline over
  the same tokens at its best threshold beside it (scikit-learn, the ``train`` extra).
- Event merge: gold event mentions are matched to vnews events (same article, overlapping
  trigger); over the pairs of matched mentions of a story, a pair is merged in the gold when
  both tell one happening and in vnews when both are in one story event. Pairwise P/R/F1.
- Conflicts: gold numbers are matched to vnews quantities (same article, overlapping text);
  a gold conflict pair is found when vnews says the two quantities cannot both hold.
  Precision over vnews's conflict pairs within the gold stories, recall over all gold pairs.
"""

from __future__ import annotations

import collections
import csv
from itertools import combinations
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from pipeline.apps.evaluate import prf
from pipeline.io.formats import read_columns, read_output
from pipeline.stories.claims import conflict_pairs
from pipeline.stories.events import Mention, mentions
from pipeline.stories.signature import outlet


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    items = [a for a in pred if a in gold]
    if not items:
        return 0.0, 0.0, 0.0
    by_gold, by_pred = collections.defaultdict(set), collections.defaultdict(set)
    for a in items:
        by_gold[gold[a]].add(a)
        by_pred[pred[a]].add(a)
    p = sum(len(by_gold[gold[a]] & by_pred[pred[a]]) / len(by_pred[pred[a]]) for a in items) / len(items)
    r = sum(len(by_gold[gold[a]] & by_pred[pred[a]]) / len(by_gold[gold[a]]) for a in items) / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)  # B-cubed: averages, not counts


def baseline(tables: Path, gold: dict[str, str], thresholds=(0.15, 0.2, 0.25, 0.3, 0.35, 0.4)):
    """TF-IDF over the tokens vnews wrote, single link at each threshold, no date blocking:
    (threshold, P, R, F1) at the best threshold; None without scikit-learn."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError:
        return None
    tokens = read_columns(tables, "tokens", ["article_id", "text"])
    docs = tokens.dropna().groupby("article_id", sort=False)["text"].agg(lambda t: " ".join(t.str.lower()))
    ids = list(docs.index)
    matrix = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True).fit_transform(docs.to_numpy())
    sims = (matrix @ matrix.T).toarray()
    best = None
    for t in thresholds:
        parent = list(range(len(ids)))
        for i, j in zip(*(sims >= t).nonzero()):
            if i < j:
                parent[_root(parent, i)] = _root(parent, j)
        p, r, f = bcubed({a: str(_root(parent, i)) for i, a in enumerate(ids)}, gold)
        if best is None or f > best[3]:
            best = (t, p, r, f)
    return best


def _root(parent: list[int], i: int) -> int:
    """Union-find: the representative of ``i``'s set (path halving)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _match(gold_rows: list[dict], pred: pd.DataFrame, id_col: str) -> dict[int, object]:
    """Gold row number -> id of the overlapping prediction of the same article (1-1, in order)."""
    taken, out = set(), {}
    by_article = {a: g for a, g in pred.groupby("article_id")}
    for n, row in enumerate(gold_rows):
        cand = by_article.get(row["article_id"])
        if cand is None:
            continue
        s, e = int(row["start_char"]), int(row["end_char"])
        hits = cand[(cand["start_char"] < e) & (cand["end_char"] > s)]
        for pid in hits[id_col]:
            key = (row["article_id"], int(pid))
            if key not in taken:
                taken.add(key)
                out[n] = key
                break
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p, r, f = prf(tp, n_pred, n_gold)
    return {"precision": p, "recall": r, "f1": f, "predicted": n_pred, "gold": n_gold, "correct": tp}


def event_merge(gold_dir: Path, tables: Path) -> tuple[dict, pd.DataFrame]:
    events = read_output(tables, "events")
    story_events = read_output(tables, "story_events")
    merged = {}
    for sid, seid, ids in zip(story_events["story_id"], story_events["story_event_id"], story_events["event_ids"]):
        for item in str(ids).split(";"):
            aid, _, eid = item.rpartition(":")
            merged[(aid, int(eid))] = (sid, int(seid))
    tp = n_pred = n_gold = 0
    per_story, n_mentions, n_matched = [], 0, 0
    for folder in sorted(p for p in gold_dir.iterdir() if (p / "events.csv").exists()):
        rows = read_rows(folder / "events.csv")
        found = _match(rows, events, "event_id")
        n_mentions += len(rows)
        n_matched += len(found)
        s_tp = s_pred = s_gold = 0
        for i, j in combinations(sorted(found), 2):
            same_gold = rows[i]["happening"] == rows[j]["happening"]
            same_pred = merged.get(found[i]) is not None and merged.get(found[i]) == merged.get(found[j])
            s_gold += same_gold
            s_pred += same_pred
            s_tp += same_gold and same_pred
        per_story.append({"story": folder.name, "mentions": len(rows), "matched": len(found),
                          **_prf(s_tp, s_pred, s_gold)})
        tp, n_pred, n_gold = tp + s_tp, n_pred + s_pred, n_gold + s_gold
    total = {"mentions": n_mentions, "matched": n_matched, **_prf(tp, n_pred, n_gold)}
    return total, pd.DataFrame(per_story)


def conflicts(gold_dir: Path, tables: Path) -> tuple[dict, pd.DataFrame]:
    quantities = read_output(tables, "quantities")
    claims = read_output(tables, "story_claims")
    predicted = conflict_pairs(claims)
    tp = n_pred = n_gold = 0
    per_story = []
    for folder in sorted(p for p in gold_dir.iterdir() if (p / "numbers.csv").exists()):
        rows = read_rows(folder / "numbers.csv")
        articles = {r["article_id"] for r in read_rows(folder / "events.csv")} | {r["article_id"] for r in rows}
        found = _match(rows, quantities, "quantity_id")
        key = {r["number_id"]: found.get(n) for n, r in enumerate(rows)}
        gold_pairs = set()
        for r in rows:
            for other in filter(None, (r.get("conflicts_with") or "").split(";")):
                a, b = key.get(r["number_id"]), key.get(other.strip())
                if a and b:
                    gold_pairs.add((min(a, b), max(a, b)))
                else:  # a number vnews did not find: the pair counts as missed
                    gold_pairs.add(("unmatched", *sorted((r["number_id"], other.strip()))))
        mine = {p for p in predicted if p[0][0] in articles and p[1][0] in articles}
        s_tp = len(mine & gold_pairs)
        per_story.append({"story": folder.name, "numbers": len(rows), "matched": len(found),
                          **_prf(s_tp, len(mine), len(gold_pairs))})
        tp, n_pred, n_gold = tp + s_tp, n_pred + len(mine), n_gold + len(gold_pairs)
    return _prf(tp, n_pred, n_gold), pd.DataFrame(per_story)


class GoldStory(NamedTuple):
    """A story of the gold: its articles' event mentions in story order (as vnews found them),
    and the gold happening of each mention matched to a gold row."""
    name: str
    mentions: list[Mention]
    happening: dict[tuple[str, int], str]  # (article_id, event_id) -> gold happening


def gold_stories(gold_dir: Path, tables: Path) -> list[GoldStory]:
    """The gold stories (``corpora/gold/stories``) with the mentions of a vnews run's tables:
    what the pair model of ``stories/merge.py`` is trained and scored on."""
    arts = read_output(tables, "articles")
    events, entities = read_output(tables, "events"), read_output(tables, "entities")
    sentences = read_output(tables, "sentences")
    arrival = {a: n for n, a in enumerate(arts["article_id"])}
    published = dict(zip(arts["article_id"], arts["published"].fillna("")))
    outlets = {a: outlet(u) for a, u in zip(arts["article_id"], arts["url"])}
    canonical = {(a, t): c for a, t, c in zip(entities["article_id"], entities["text"], entities["canonical"])
                 if isinstance(c, str)}
    said = {(a, int(s)): t for a, s, t in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"])
            if isinstance(t, str)}
    out = []
    for folder in sorted(p for p in gold_dir.iterdir() if (p / "events.csv").exists()):
        rows = read_rows(folder / "events.csv")
        found = _match(rows, events, "event_id")
        story = sorted({r["article_id"] for r in rows}, key=lambda a: (published.get(a, ""), arrival.get(a, 0)))
        rank = {a: n for n, a in enumerate(story)}
        told = events[events["article_id"].isin(rank)]
        told = told.assign(rank=told["article_id"].map(rank)).sort_values(["rank", "event_id"], kind="stable")
        records = [{k: (None if v is pd.NA or v != v else v) for k, v in r.items()}
                   for r in told.drop(columns=["rank"]).to_dict("records")]
        out.append(GoldStory(folder.name, mentions(records, canonical, outlets, said),
                             {found[i]: rows[i]["happening"] for i in found}))
    return out


def merge_pairs(story: GoldStory, groups: list[list[Mention]]) -> tuple[int, int, int]:
    """(merged in both, merged by vnews, merged in the gold) over the story's matched mention pairs."""
    group_of = {(m.article_id, m.event_id): n for n, group in enumerate(groups) for m in group}
    matched = [key for key in group_of if key in story.happening]
    tp = n_pred = n_gold = 0
    for a, b in combinations(matched, 2):
        same_gold = story.happening[a] == story.happening[b]
        same_pred = group_of[a] == group_of[b]
        tp, n_pred, n_gold = tp + (same_gold and same_pred), n_pred + same_pred, n_gold + same_gold
    return tp, n_pred, n_gold
