"""Agreement of two blind annotators on the story gold (what a system can be held to).

  python scripts/story_agreement.py --second /work/annot/stories_gold2

The second annotator's tables (``corpora/gold/stories/GUIDELINE.md``) are given offsets like
the gold (``scripts/story_gold.py``) and compared with ``corpora/gold/stories``: event
mentions are matched across annotators by overlapping triggers in the same article; over the
pairs of mentions both annotated, pairwise P/R/F1 of "one happening" (the gold as reference).
Numbers likewise: conflict pairs both annotators found among numbers both annotated, and
among all. Writes ``corpora/agreement/stories.csv``.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.apps.evaluate import prf  # noqa: E402
from pipeline.apps.storyeval import read_rows  # noqa: E402
from pipeline.text.normalize import normalize_text  # noqa: E402
from scripts.draw_gold_sample import read_news  # noqa: E402
from scripts.story_gold import GOLD, convert  # noqa: E402


def _align(a: list[dict], b: list[dict]) -> dict[int, int]:
    """Row of ``a`` -> row of ``b``: same article, overlapping offsets, one to one, in order."""
    taken, out = set(), {}
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if j not in taken and x["article_id"] == y["article_id"] and \
                    int(x["start_char"]) < int(y["end_char"]) and int(y["start_char"]) < int(x["end_char"]):
                taken.add(j)
                out[i] = j
                break
    return out


def compare(story: str, first: Path, second: Path) -> dict:
    ea, eb = read_rows(first / story / "events.csv"), read_rows(second / story / "events.csv")
    match = _align(ea, eb)
    tp = n_a = n_b = 0
    for i, j in combinations(sorted(match), 2):
        same_a = ea[i]["happening"] == ea[j]["happening"]
        same_b = eb[match[i]]["happening"] == eb[match[j]]["happening"]
        n_a, n_b, tp = n_a + same_a, n_b + same_b, tp + (same_a and same_b)
    na, nb = read_rows(first / story / "numbers.csv"), read_rows(second / story / "numbers.csv")
    nmatch = _align(na, nb)
    ids_b = {r["number_id"]: j for j, r in enumerate(nb)}
    back = {j: i for i, j in nmatch.items()}
    pairs_a = {frozenset((i, k)) for i, r in enumerate(na) for o in filter(None, r["conflicts_with"].split(";"))
               for k, s in enumerate(na) if s["number_id"] == o.strip()}
    pairs_b = set()
    for j, r in enumerate(nb):
        for o in filter(None, r["conflicts_with"].split(";")):
            k = ids_b.get(o.strip())
            a1, a2 = back.get(j), back.get(k)
            pairs_b.add(frozenset((a1, a2)) if a1 is not None and a2 is not None else frozenset((("b", j), ("b", k))))
    merge = prf(tp, n_b, n_a)
    conflict = prf(len(pairs_a & pairs_b), len(pairs_b), len(pairs_a))
    return {"story": story, "mentions_first": len(ea), "mentions_second": len(eb), "mentions_both": len(match),
            "merge_pairs_first": n_a, "merge_pairs_second": n_b, "merge_agree": tp, "merge_f1": merge[2],
            "numbers_first": len(na), "numbers_second": len(nb), "numbers_both": len(nmatch),
            "conflicts_first": len(pairs_a), "conflicts_second": len(pairs_b),
            "conflicts_agree": len(pairs_a & pairs_b), "conflict_f1": conflict[2]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--second", type=Path, required=True)
    parser.add_argument("--news", type=Path, default=ROOT.parent / "shared" / "news")
    parser.add_argument("--out", type=Path, default=ROOT / "corpora" / "agreement" / "stories.csv")
    args = parser.parse_args()
    texts = {r["id"]: normalize_text(r["text"]) for r in read_news(args.news)}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for story in sorted(p.name for p in args.second.iterdir() if (p / "events.csv").exists()):
            convert(story, args.second, texts, Path(tmp))
            rows.append(compare(story, GOLD, Path(tmp)))
    total = {k: sum(r[k] for r in rows) for k in rows[0] if k != "story" and not k.endswith("f1")}
    total["merge_f1"] = prf(total["merge_agree"], total["merge_pairs_second"], total["merge_pairs_first"])[2]
    total["conflict_f1"] = prf(total["conflicts_agree"], total["conflicts_second"], total["conflicts_first"])[2]
    rows.append({"story": "all", **total})
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()})
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
