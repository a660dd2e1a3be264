"""``vnews eval --split dev|sealed``: run vnews on the gold articles of a split and score it,
overall, per kind of news and per entity label, with the confusion of entity labels."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from pipeline.apps import goldset
from pipeline.apps.evaluate import entity_confusion, evaluate_by
from pipeline.apps.runner import run
from pipeline.core.lexicon import MODELS_DIR

# The columns of the per-category summary: (scores row, measure) -> column name.
SUMMARY = {
    ("entities", "f1"): "ent F1", ("entities.exact", "f1"): "ent exact F1",
    ("dates", "f1"): "dates F1", ("quantities", "f1"): "qty F1",
    ("quantities.claimant_recall", "recall"): "claimants", ("events", "precision"): "ev P",
    ("events", "recall"): "ev R", ("events", "f1"): "ev F1", ("events.actor1", "f1"): "actor1",
}


class SplitScores(NamedTuple):
    scores: pd.DataFrame  # long: one row per (scope, measure)
    confusion: pd.DataFrame
    missing: list[str]  # gold articles whose text was not found


def run_split(split: str, out: Path, shared: Path = goldset.SHARED, jobs: int = 1,
              progress: bool = False) -> SplitScores:
    articles = goldset.select(goldset.manifest(), split)
    if not articles:
        raise FileNotFoundError(f"no gold articles in split {split!r} ({goldset.MANIFEST})")
    inputs = out / "inputs"
    shutil.rmtree(inputs, ignore_errors=True)
    missing = goldset.write_inputs(articles, inputs, shared)
    if len(missing) == len(articles):
        raise FileNotFoundError(f"none of the {len(articles)} texts of split {split!r} found under {shared} "
                                f"(../shared/news and ../shared/corpora are not in the repo)")
    pred = out / "pred"
    run([str(inputs)], pred, progress=progress, jobs=jobs, resume=False)
    shutil.rmtree(inputs, ignore_errors=True)  # third-party texts: not left in the output
    gold_dirs = sorted({a.gold_dir for a in articles})
    groups = {"all": {a.article_id for a in articles}}
    for category in sorted({a.category for a in articles}):
        groups[category] = {a.article_id for a in articles if a.category == category}
    scores = evaluate_by(gold_dirs, pred, groups)
    confusion = entity_confusion(gold_dirs, pred, groups["all"])
    return SplitScores(scores, confusion, missing)


def category_summary(scores: pd.DataFrame) -> pd.DataFrame:
    """One row per scope (all, then each kind of news): the headline measures side by side."""
    rows = []
    for scope, block in scores.groupby("scope", sort=False):
        by_name = block.set_index("table")
        row = {"scope": scope, "articles": int(block["articles"].iloc[0])}
        for (name, measure), column in SUMMARY.items():
            row[column] = by_name.loc[name, measure] if name in by_name.index else None
        row["ev gold"] = int(by_name.loc["events", "gold"]) if "events" in by_name.index else None
        rows.append(row)
    return pd.DataFrame(rows)


def loco_scores() -> pd.DataFrame | None:
    """The entity model's leave-one-category-out scores written by ``make train``: one row per
    kind of news left out (its F1 and its per-label F1), the mean first; None without the file."""
    path = MODELS_DIR / "entities" / "loco.csv"
    if not path.exists():
        return None
    df = pd.read_csv(path)
    main = df[df["table"] == "entities"][["scope", "gold", "precision", "recall", "f1"]].reset_index(drop=True)
    labels = df[df["table"].str.startswith("entities:")].pivot(index="scope", columns="table", values="f1")
    labels.columns = [c.split(":")[1] for c in labels.columns]
    return main.merge(labels, left_on="scope", right_index=True, how="left")
