"""Scoring predicted tables against gold tables.

A prediction matches a gold row of the same article when their character spans
overlap and their key agrees: the label for entities, the TIMEX value for dates,
the numeric value for quantities (and, in a stricter row, value + qualifier + unit,
units compared in their canonical spelling: ``m3`` = ``m³``),
the CAMEO root code for events. Matching is one-to-one, largest overlap first.
Only articles that were run (status ok in the prediction's articles.csv) are scored.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import pandas as pd

from pipeline.core import errors
from pipeline.core.lexicon import load_tsv
from pipeline.io.formats import read_table

SCORED = ("entities", "dates", "quantities", "events")


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


KEYS = {
    "entities": lambda g, p: g["label"] == p["label"],
    "dates": lambda g, p: _norm(g["value"]) == _norm(p["value"]),
    "quantities": lambda g, p: _same_number(g["value"], p["value"]),
    "quantities_strict": lambda g, p: (_same_number(g["value"], p["value"])
                                       and _same_number(g["value_max"], p["value_max"])
                                       and _norm(g["qualifier"]) == _norm(p["qualifier"])
                                       and _unit(g["unit"]) == _unit(p["unit"])),
    "events": lambda g, p: _norm(g["root_code"] or str(g["cameo_code"])[:2]) == _norm(p["root_code"]),
}


def load_tables(root: Path | list[Path], table: str) -> pd.DataFrame:
    roots = [root] if isinstance(root, Path) else root
    frames = [read_table(path, table) for r in roots for path in sorted(Path(r).rglob(f"{table}.csv"))]
    if not frames:
        return read_table_empty(table)
    return pd.concat(frames, ignore_index=True)


def read_table_empty(table: str) -> pd.DataFrame:
    from pipeline.io.formats import frame
    return frame(table, [])


def match(gold: pd.DataFrame, pred: pd.DataFrame, key) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs: overlapping spans, agreeing key."""
    pairs = []
    for aid, g_art in gold.groupby("article_id"):
        p_art = pred[pred["article_id"] == aid]
        candidates = []
        for gi, g in g_art.iterrows():
            for pi, p in p_art.iterrows():
                overlap = min(g["end_char"], p["end_char"]) - max(g["start_char"], p["start_char"])
                if overlap > 0 and key(g, p):
                    candidates.append((overlap, gi, pi))
        used_g, used_p = set(), set()
        for _, gi, pi in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
            if gi not in used_g and pi not in used_p:
                pairs.append((gi, pi))
                used_g.add(gi)
                used_p.add(pi)
    return pairs


def _prf(name: str, n_gold: int, n_pred: int, tp: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"table": name, "gold": n_gold, "pred": n_pred, "tp": tp,
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def evaluate(gold_dirs: list[Path], pred_dir: Path) -> tuple[pd.DataFrame, list[str]]:
    """P/R/F1 rows per table (and per entity label), plus notes for the user."""
    notes: list[str] = []
    articles = load_tables(Path(pred_dir), "articles")
    if articles.empty:
        raise FileNotFoundError(errors.E041.format(path=pred_dir))
    ran = set(articles.loc[articles["status"] == "ok", "article_id"])
    results = []
    any_gold = False
    for table in SCORED:
        gold = load_tables(gold_dirs, table)
        if gold.empty:
            continue
        any_gold = True
        skipped = sorted(set(gold["article_id"]) - ran)
        if skipped and table == "entities":
            notes.append(errors.W002.format(n=len(skipped), ids=", ".join(skipped)))
        gold = gold[gold["article_id"].isin(ran)].reset_index(drop=True)
        pred = load_tables(Path(pred_dir), table)
        pred = pred[pred["article_id"].isin(set(gold["article_id"]))].reset_index(drop=True)
        if table == "events" and "negated" in pred.columns:
            # the gold holds events that happened or were committed to (GUIDELINE.md); a denied or
            # merely possible one (`có thể`) stays in the table, flagged, and is not counted as done
            done = (pred["negated"].fillna(False).astype(bool) == False) & (  # noqa: E712
                pred["modality"].fillna("") != "possible")
            pred = pred[done].reset_index(drop=True)
        keys = ["quantities", "quantities_strict"] if table == "quantities" else [table]
        for name in keys:
            pairs = match(gold, pred, KEYS[name])
            results.append(_prf(name, len(gold), len(pred), len(pairs)))
            if table == "entities":
                for label in sorted(set(gold["label"].dropna()) | set(pred["label"].dropna())):
                    g_l = gold[gold["label"] == label]
                    p_l = pred[pred["label"] == label]
                    tp = sum(1 for gi, pi in pairs if gold.loc[gi, "label"] == label)
                    results.append(_prf(f"entities:{label}", len(g_l), len(p_l), tp))
            if table == "quantities" and name == "quantities":
                for col in ("qualifier", "unit", "predicate", "claimant"):
                    same = _unit if col == "unit" else _norm
                    agree = sum(1 for gi, pi in pairs if same(gold.loc[gi, col]) == same(pred.loc[pi, col]))
                    acc = agree / len(pairs) if pairs else 0.0
                    results.append({"table": f"quantities.{col}", "gold": len(pairs), "pred": len(pairs),
                                    "tp": agree, "precision": round(acc, 3), "recall": round(acc, 3),
                                    "f1": round(acc, 3)})
            if table == "quantities" and name == "quantities":
                # of the gold numbers someone claims, how many get that claimant
                claimed = gold[gold["claimant"].notna()]
                found = dict(pairs)
                agree = sum(1 for gi in claimed.index
                            if gi in found and _lenient(gold.loc[gi, "claimant"], pred.loc[found[gi], "claimant"]))
                results.append(_prf("quantities.claimant_recall", len(claimed), len(claimed), agree))
            if table == "events":
                for col in ("actor1", "actor2", "date_value"):
                    agree = sum(1 for gi, pi in pairs if _lenient(gold.loc[gi, col], pred.loc[pi, col]))
                    acc = agree / len(pairs) if pairs else 0.0
                    results.append({"table": f"events.{col}", "gold": len(pairs), "pred": len(pairs),
                                    "tp": agree, "precision": round(acc, 3), "recall": round(acc, 3),
                                    "f1": round(acc, 3)})
    if not any_gold:
        raise FileNotFoundError(errors.E040.format(path=", ".join(str(g) for g in gold_dirs)))
    notes.append(f"scored articles: {', '.join(sorted(ran & _gold_ids(gold_dirs)))}")
    return pd.DataFrame(results), notes


def entity_confusion(gold_dirs: list[Path], pred_dir: Path) -> pd.DataFrame:
    """Gold label (rows) x predicted label (columns) of entity spans: each gold span against
    the predicted span that overlaps it most, whatever its label; ``-`` where nothing overlaps
    (a missed gold span, or in the ``-`` row a predicted span with no gold one)."""
    articles = load_tables(Path(pred_dir), "articles")
    ran = set(articles.loc[articles["status"] == "ok", "article_id"]) if not articles.empty else set()
    gold = load_tables(gold_dirs, "entities")
    gold = gold[gold["article_id"].isin(ran)].reset_index(drop=True)
    pred = load_tables(Path(pred_dir), "entities")
    pred = pred[pred["article_id"].isin(set(gold["article_id"]))].reset_index(drop=True)
    pairs = dict(match(gold, pred, lambda g, p: True))
    rows = [(gold.loc[gi, "label"], pred.loc[pairs[gi], "label"] if gi in pairs else "-") for gi in gold.index]
    rows += [("-", pred.loc[pi, "label"]) for pi in sorted(set(pred.index) - set(pairs.values()))]
    if not rows:
        return pd.DataFrame()
    table = pd.DataFrame(rows, columns=["gold", "predicted"])
    return pd.crosstab(table["gold"], table["predicted"])


def _gold_ids(gold_dirs: list[Path]) -> set[str]:
    ids: set[str] = set()
    for table in SCORED:
        ids |= set(load_tables(gold_dirs, table)["article_id"].dropna())
    return ids


def _lenient(gold, pred) -> bool:
    """Argument agreement: equal, or one names the other (``lực lượng Azerbaijan`` ~ ``Azerbaijan``)."""
    g, p = _norm(gold), _norm(pred)
    return g == p or (bool(g) and bool(p) and (g in p or p in g))
