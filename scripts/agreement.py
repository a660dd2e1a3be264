"""Agreement between the two annotators of the double-annotated gold articles, scored like the
system (pipeline/apps/evaluate.py: overlapping spans, agreeing key), per table and per kind of
news, with the first annotator as reference; and each annotator against the adjudicated gold.

  python scripts/agreement.py [--round corpora/agreement/round2]

Prints Markdown tables (pasted into corpora/agreement/AGREEMENT.md).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.apps.evaluate import KEYS, NEAR, SCORED, _overlap, match  # noqa: E402
from pipeline.io.formats import read_table  # noqa: E402

MEASURES = {"entities": ("entities", "entities.exact"), "dates": ("dates",), "quantities": ("quantities",),
            "events": ("events",)}


def load(folder: Path, ids: list[str], table: str) -> pd.DataFrame:
    frames = [read_table(folder / aid / f"{table}.csv", table) for aid in ids
              if (folder / aid / f"{table}.csv").exists()]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def f1(ref: pd.DataFrame, other: pd.DataFrame, name: str) -> tuple[int, int, int]:
    if ref.empty and other.empty:
        return 0, 0, 0
    if ref.empty or other.empty:
        return len(ref), len(other), 0
    return len(ref), len(other), len(match(ref, other, KEYS[name], NEAR.get(name, _overlap)))


def fmt(n_ref: int, n_other: int, tp: int) -> str:
    p = tp / n_other if n_other else 0.0
    r = tp / n_ref if n_ref else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{f:.3f}" if n_ref or n_other else "–"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--round", type=Path, default=ROOT / "corpora" / "agreement" / "round2")
    args = ap.parse_args()
    with open(ROOT / "corpora" / "gold" / "manifest.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if (args.round / "annotator_b" / r["article_id"]).is_dir()]
    groups: dict[str, list[str]] = {"all": [r["article_id"] for r in rows]}
    for r in sorted(rows, key=lambda r: r["category"]):
        groups.setdefault(r["category"], []).append(r["article_id"])
    a_dir, b_dir, gold = args.round / "annotator_a", args.round / "annotator_b", ROOT / "corpora" / "gold"
    names = [n for t in SCORED for n in MEASURES[t]]
    print("| kind of news | articles | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for group, ids in groups.items():
        cells = []
        for table in SCORED:
            a, b = load(a_dir, ids, table), load(b_dir, ids, table)
            cells += [fmt(*f1(a, b, name)) for name in MEASURES[table]]
        print(f"| {group} | {len(ids)} | " + " | ".join(cells) + " |")
    print("\n| against the adjudicated gold | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for who, folder in (("annotator A", a_dir), ("annotator B", b_dir)):
        cells = []
        for table in SCORED:
            g, x = load(gold, groups["all"], table), load(folder, groups["all"], table)
            cells += [fmt(*f1(g, x, name)) for name in MEASURES[table]]
        print(f"| {who} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
