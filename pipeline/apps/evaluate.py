"""Scoring predicted tables against gold tables.

A prediction matches a gold row of the same article when their character spans overlap and
their key agrees: the label for entities, the TIMEX value for dates, the numeric value for
quantities (and, in a stricter row, value + qualifier + unit, units compared in their
canonical spelling: ``m3`` = ``m³``), the CAMEO root code for events. Matching is one-to-one,
largest overlap first. Stricter and looser rows beside them: ``entities.exact`` (the same span
and label, CoNLL style), ``entities.span`` (the same span, any label), ``dates.span`` (an
overlapping expression, any value), ``events.sentence`` (the root in the same sentence,
wherever the trigger). An article is scored for a table when it has a gold file for it, even
an empty one (a match report with no events counts every predicted event as false).
Only articles that were run (status ok in the prediction's articles.csv) are scored.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pipeline.core import errors
from pipeline.core.lexicon import load_tsv
from pipeline.io.formats import frame, read_table

SCORED = ("entities", "dates", "quantities", "events")
ARGUMENTS = {"events": ("actor1", "actor2", "date_value"),
             "quantities": ("qualifier", "unit", "predicate", "claimant")}


def _same_number(a, b) -> bool:
    if pd.isna(a) and pd.isna(b):
        return True
    if pd.isna(a) or pd.isna(b):
        return False
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _norm(value) -> str:
    return "" if value is None or pd.isna(value) else str(value).strip().lower()


@functools.lru_cache(maxsize=1)
def _unit_forms() -> dict[str, str]:
    """Spellings of one unit (m3, m³; VNĐ, đồng) -> its canonical form (models/quantities/units.tsv)."""
    return {row["word"].lower(): row["canonical"].lower() for row in load_tsv("quantities/units.tsv")}


def _unit(value) -> str:
    text = _norm(value)
    return _unit_forms().get(text, text)


def _root(g) -> str:
    return _norm(g["root_code"] or str(g["cameo_code"])[:2])


KEYS: dict[str, Callable] = {
    "entities": lambda g, p: g["label"] == p["label"],
    "entities.span": lambda g, p: True,
    "dates": lambda g, p: _norm(g["value"]) == _norm(p["value"]),
    "dates.span": lambda g, p: True,
    "quantities": lambda g, p: _same_number(g["value"], p["value"]),
    "quantities_strict": lambda g, p: (_same_number(g["value"], p["value"])
                                       and _same_number(g["value_max"], p["value_max"])
                                       and _norm(g["qualifier"]) == _norm(p["qualifier"])
                                       and _unit(g["unit"]) == _unit(p["unit"])),
    "events": lambda g, p: _root(g) == _norm(p["root_code"]),
}
KEYS["entities.exact"] = KEYS["entities"]
KEYS["events.sentence"] = KEYS["events"]


def _overlap(g, p) -> float:
    return min(g["end_char"], p["end_char"]) - max(g["start_char"], p["start_char"])


def _exact(g, p) -> float:
    return 1.0 if g["start_char"] == p["start_char"] and g["end_char"] == p["end_char"] else 0.0


def _same_sentence(g, p) -> float:
    """Both in the same sentence: the nearer the triggers, the better the pair."""
    if pd.isna(g["sent"]) or g["sent"] != p["sent"]:
        return 0.0
    return 1.0 / (1.0 + abs(g["start_char"] - p["start_char"]))


# how near a gold and a predicted row must be (> 0) and which pairs go first (the nearest)
NEAR: dict[str, Callable] = {"entities.exact": _exact, "entities.span": _exact, "events.sentence": _same_sentence}


def match(gold: pd.DataFrame, pred: pd.DataFrame, key, near: Callable = _overlap) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs: near enough (overlapping spans by default),
    agreeing key, nearest first."""
    pairs = []
    by_article = {aid: p for aid, p in pred.groupby("article_id")}
    for aid, g_art in gold.groupby("article_id"):
        p_art = by_article.get(aid)
        if p_art is None:
            continue
        candidates = []
        for gi, g in g_art.iterrows():
            for pi, p in p_art.iterrows():
                score = near(g, p)
                if score > 0 and key(g, p):
                    candidates.append((score, gi, pi))
        used_g, used_p = set(), set()
        for _, gi, pi in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
            if gi not in used_g and pi not in used_p:
                pairs.append((gi, pi))
                used_g.add(gi)
                used_p.add(pi)
    return pairs


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``tp`` right among ``n_pred`` predicted and ``n_gold`` gold."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _prf(name: str, n_gold: int, n_pred: int, tp: int) -> dict:
    p, r, f = prf(tp, n_pred, n_gold)
    return {"table": name, "gold": n_gold, "pred": n_pred, "tp": tp,
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def _accuracy(name: str, agree: int, n: int) -> dict:
    acc = round(agree / n, 3) if n else 0.0
    return {"table": name, "gold": n, "pred": n, "tp": agree, "precision": acc, "recall": acc, "f1": acc}


def _lenient(gold, pred) -> bool:
    """Argument agreement: equal, or one names the other (``lực lượng Azerbaijan`` ~ ``Azerbaijan``)."""
    g, p = _norm(gold), _norm(pred)
    return g == p or (bool(g) and bool(p) and (g in p or p in g))


class GoldSet:
    """The gold rows of every table, and for each table the articles that have a gold file for
    it (an empty file counts: that article has no rows of the table)."""

    def __init__(self, gold_dirs: list[Path]):
        self.rows: dict[str, pd.DataFrame] = {}
        self.ids: dict[str, set[str]] = {}
        for table in SCORED:
            frames, ids = [], set()
            for root in gold_dirs:
                for path in sorted(Path(root).rglob(f"{table}.csv")):
                    df = read_table(path, table)
                    frames.append(df)
                    ids |= set(df["article_id"].dropna()) or {path.parent.name}
            self.rows[table] = pd.concat(frames, ignore_index=True) if frames else frame(table, [])
            self.ids[table] = ids

    def restrict(self, ids: set[str]) -> GoldSet:
        out = object.__new__(GoldSet)
        out.rows = {t: df[df["article_id"].isin(ids)].reset_index(drop=True) for t, df in self.rows.items()}
        out.ids = {t: s & ids for t, s in self.ids.items()}
        return out


class Prediction:
    """The tables of a ``vnews run``: the articles it ran, and each table's rows."""

    def __init__(self, pred_dir: Path):
        self.dir = Path(pred_dir)
        articles = self._load("articles")
        if articles.empty:
            raise FileNotFoundError(errors.E041.format(path=pred_dir))
        self.ran = set(articles.loc[articles["status"] == "ok", "article_id"])
        self.tables = {t: self._load(t) for t in (*SCORED, "sentences")}

    def _load(self, table: str) -> pd.DataFrame:
        frames = [read_table(path, table) for path in sorted(self.dir.rglob(f"{table}.csv"))]
        return pd.concat(frames, ignore_index=True) if frames else frame(table, [])

    def sentence_of(self, rows: pd.DataFrame) -> pd.Series:
        """The predicted sentence each row's start falls in (gold rows have none of their own)."""
        sents = self.tables["sentences"]
        by_article = {aid: s for aid, s in sents.groupby("article_id")}

        def find(row):
            s = by_article.get(row["article_id"])
            if s is None:
                return pd.NA
            hit = s[(s["start_char"] <= row["start_char"]) & (row["start_char"] < s["end_char"])]
            return hit["sentence_id"].iloc[0] if len(hit) else pd.NA

        return rows.apply(find, axis=1) if len(rows) else pd.Series(dtype="Int64")

    def done_events(self, events: pd.DataFrame) -> pd.DataFrame:
        """The gold holds events that happened or were committed to (GUIDELINE.md): a denied or
        merely possible one (``có thể``) stays in the table, flagged, and is not counted as done."""
        done = (events["negated"].fillna(False).astype(bool) == False) & (  # noqa: E712
            events["modality"].fillna("") != "possible")
        return events[done].reset_index(drop=True)


def score(gold: GoldSet, pred: Prediction) -> list[dict]:
    """P/R/F1 rows of every table (and per entity label, and argument accuracy)."""
    results = []
    for table in SCORED:
        ids = gold.ids[table] & pred.ran
        if not ids:
            continue
        g = gold.rows[table][gold.rows[table]["article_id"].isin(ids)].reset_index(drop=True)
        p = pred.tables[table][pred.tables[table]["article_id"].isin(ids)].reset_index(drop=True)
        if table == "events":
            p = pred.done_events(p)
            g, p = g.assign(sent=pred.sentence_of(g)), p.assign(sent=p["sentence_id"])
        names = {"entities": ["entities", "entities.exact", "entities.span"], "dates": ["dates", "dates.span"],
                 "quantities": ["quantities", "quantities_strict"], "events": ["events", "events.sentence"]}[table]
        for name in names:
            pairs = match(g, p, KEYS[name], NEAR.get(name, _overlap))
            results.append(_prf(name, len(g), len(p), len(pairs)))
            if name == table:
                results.extend(_details(table, g, p, pairs))
    return results


def _details(table: str, g: pd.DataFrame, p: pd.DataFrame, pairs: list[tuple[int, int]]) -> list[dict]:
    """Per label (entities); argument agreement of matched rows; claimants found (quantities)."""
    out = []
    if table == "entities":
        for label in sorted(set(g["label"].dropna()) | set(p["label"].dropna())):
            tp = sum(1 for gi, _ in pairs if g.loc[gi, "label"] == label)
            n_gold, n_pred = int((g["label"] == label).sum()), int((p["label"] == label).sum())
            out.append(_prf(f"entities:{label}", n_gold, n_pred, tp))
    for col in ARGUMENTS.get(table, ()):
        if table == "events":
            agree = sum(1 for gi, pi in pairs if _lenient(g.loc[gi, col], p.loc[pi, col]))
        else:
            same = _unit if col == "unit" else _norm
            agree = sum(1 for gi, pi in pairs if same(g.loc[gi, col]) == same(p.loc[pi, col]))
        out.append(_accuracy(f"{table}.{col}", agree, len(pairs)))
    if table == "quantities":
        # of the gold numbers someone claims, how many get that claimant
        claimed = g[g["claimant"].notna()]
        found = dict(pairs)
        agree = sum(1 for gi in claimed.index
                    if gi in found and _lenient(g.loc[gi, "claimant"], p.loc[found[gi], "claimant"]))
        out.append(_prf("quantities.claimant_recall", len(claimed), len(claimed), agree))
    return out


def evaluate(gold_dirs: list[Path], pred_dir: Path) -> tuple[pd.DataFrame, list[str]]:
    """P/R/F1 rows per table (and per entity label), plus notes for the user."""
    gold = GoldSet([Path(d) for d in gold_dirs])
    if not any(gold.ids.values()):
        raise FileNotFoundError(errors.E040.format(path=", ".join(str(g) for g in gold_dirs)))
    pred = Prediction(Path(pred_dir))
    notes = []
    skipped = sorted(gold.ids["entities"] - pred.ran)
    if skipped:
        notes.append(errors.W002.format(n=len(skipped), ids=", ".join(skipped)))
    scored = sorted(set().union(*gold.ids.values()) & pred.ran)
    notes.append(f"scored articles: {', '.join(scored)}")
    return pd.DataFrame(score(gold, pred)), notes


def evaluate_by(gold_dirs: list[Path], pred_dir: Path, groups: dict[str, set[str]]) -> pd.DataFrame:
    """The scores of ``evaluate`` for every group of articles (``all`` first, then one per kind
    of news), in one long table with a ``scope`` column."""
    gold = GoldSet([Path(d) for d in gold_dirs])
    pred = Prediction(Path(pred_dir))
    blocks = []
    for scope, ids in groups.items():
        rows = score(gold.restrict(ids), pred)
        if rows:
            blocks.append(pd.DataFrame(rows).assign(scope=scope, articles=len(ids & pred.ran)))
    return pd.concat(blocks, ignore_index=True) if blocks else pd.DataFrame()


def entity_confusion(gold_dirs: list[Path], pred_dir: Path, ids: set[str] | None = None) -> pd.DataFrame:
    """Gold label (rows) x predicted label (columns) of entity spans: each gold span against
    the predicted span that overlaps it most, whatever its label; ``-`` where nothing overlaps
    (a missed gold span, or in the ``-`` row a predicted span with no gold one)."""
    gold = GoldSet([Path(d) for d in gold_dirs])
    pred = Prediction(Path(pred_dir))
    scored = gold.ids["entities"] & pred.ran & (ids if ids is not None else pred.ran)
    g = gold.rows["entities"][gold.rows["entities"]["article_id"].isin(scored)].reset_index(drop=True)
    p = pred.tables["entities"][pred.tables["entities"]["article_id"].isin(scored)].reset_index(drop=True)
    pairs = dict(match(g, p, lambda a, b: True))
    rows = [(g.loc[gi, "label"], p.loc[pairs[gi], "label"] if gi in pairs else "-") for gi in g.index]
    rows += [("-", p.loc[pi, "label"]) for pi in sorted(set(p.index) - set(pairs.values()))]
    if not rows:
        return pd.DataFrame()
    table = pd.DataFrame(rows, columns=["gold", "predicted"])
    return pd.crosstab(table["gold"], table["predicted"])
