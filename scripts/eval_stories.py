"""``make eval-stories``: the story stage scored on ../shared/news and the story gold.

  python scripts/eval_stories.py [--tables DIR]

Runs vnews over all 2,329 articles of ``../shared/news`` together (``--jobs 2``), or reads the
tables of such a run, then prints B-cubed scores of the stories against the ``cluster`` field
(all, ViMs, KTLAB) beside a plain TF-IDF single-link baseline, and the event-merge and conflict
scores against ``corpora/gold/stories`` (``pipeline/apps/storyeval.py``). Writes
``out/eval-stories/scores.csv``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from pipeline.apps.storyeval import baseline, bcubed, conflicts, event_merge  # noqa: E402
from pipeline.io.formats import read_output  # noqa: E402
from pipeline.io.writer import write_atomic  # noqa: E402

NEWS = ROOT.parent / "shared" / "news"
GOLD = ROOT / "corpora" / "gold" / "stories"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tables", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "eval-stories")
    args = parser.parse_args()
    if not NEWS.is_dir():
        sys.exit(f"{NEWS} not found: the story scores need ../shared/news (third-party, not in the repo)")
    tables = args.tables
    if tables is None:
        tables = args.out / "news"
        subprocess.run([sys.executable, "-m", "pipeline", "run", str(NEWS / "vims.jsonl"), str(NEWS / "ktlab.jsonl"),
                        "--out", str(tables), "--jobs", "2", "--no-progress", "--no-resume"], check=True)
    gold = {}
    for name in ("vims.jsonl", "ktlab.jsonl"):
        with open(NEWS / name, encoding="utf-8") as fh:
            gold.update((r["id"], r["cluster"]) for r in map(json.loads, fh))
    articles = read_output(tables, "articles")
    pred = {a: s for a, s in zip(articles["article_id"], articles["story_id"]) if isinstance(s, str)}
    rows = []
    for scope in ("all", "vims", "ktlab"):
        part = {a: s for a, s in pred.items() if scope == "all" or a.startswith(scope)}
        p, r, f = bcubed(part, gold)
        rows.append({"what": f"stories B-cubed ({scope})", "precision": p, "recall": r, "f1": f})
    base = baseline(tables, gold)
    if base:
        rows.append({"what": f"baseline TF-IDF single link, best threshold {base[0]}", "precision": base[1],
                     "recall": base[2], "f1": base[3]})
    merge, merge_by_story = event_merge(GOLD, tables)
    rows.append({"what": "event merge, pairwise", **merge})
    conflict, conflict_by_story = conflicts(GOLD, tables)
    rows.append({"what": "numbers that conflict, pairs", **conflict})
    scores = pd.DataFrame(rows)
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.precision", 3):
        print(scores.to_string(index=False))
        print("\nevent merge per story:\n" + merge_by_story.to_string(index=False))
        print("\nconflicts per story:\n" + conflict_by_story.to_string(index=False))
    write_atomic(scores, args.out / "scores.csv")


if __name__ == "__main__":
    main()
