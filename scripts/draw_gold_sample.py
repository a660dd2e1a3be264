"""Draw the gold articles from ../shared/news/ with a fixed seed, before anyone reads them.

Stratified by kind of news (``corpora/gold/categories.csv``: one category per story, decided
from the stories' titles by a helper who saw no article text and no vnews output). For each
category, in a fixed order, the eligible stories are shuffled with one seeded generator:
the first ``--sealed`` stories give the sealed test split, the next ``--dev`` the dev split,
one article per story (so sealed and dev never share a story). Stories that hold an article
the rules were already built on (``../shared/corpora/``, the older gold) are left out, so no
sealed article is a retelling of a text somebody tuned on.

Writes the new rows of ``corpora/gold/manifest.csv`` (existing rows are kept as they are).
Run once; it refuses to redraw over a manifest that already has drawn rows unless told.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.text.normalize import normalize_text  # noqa: E402

SEED = 20261202
MANIFEST_COLUMNS = ["article_id", "cluster", "section", "category", "split", "tables", "annotators",
                    "adjudicated", "annotated_on", "note"]
MIN_CHARS, MAX_CHARS = 400, 6000  # short enough to annotate with care, long enough to hold facts


def read_news(news: Path) -> list[dict]:
    rows = []
    for name in ("vims.jsonl", "ktlab.jsonl"):
        with open(news / name, encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    return rows


def tuned_clusters(shared: Path, by_id: dict[str, dict]) -> set[str]:
    """Stories with an article somebody has read while writing rules."""
    ids = set()
    with open(shared / "corpora" / "manifest.csv", encoding="utf-8") as fh:
        ids.update(row["id"] for row in csv.DictReader(fh))
    manifest = ROOT / "corpora" / "gold" / "manifest.csv"
    if manifest.exists():  # the older gold, marked tuned (the first draw ran before the manifest held more)
        with open(manifest, encoding="utf-8") as fh:
            ids.update(row["article_id"] for row in csv.DictReader(fh) if row["note"].startswith("tuned"))
    else:
        ids.update(p.name for p in (ROOT / "corpora" / "gold").iterdir() if p.is_dir())
    return {by_id[i]["cluster"] for i in ids if i in by_id}


def draw(news_rows: list[dict], categories: dict[str, str], excluded: set[str],
         n_sealed: int, n_dev: int, n_events_dev: int, n_double_sealed: int, n_double_dev: int,
         seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    eligible: dict[str, list[dict]] = {}
    for art in news_rows:
        n = len(normalize_text(art["text"]))
        if art["cluster"] in excluded or not art.get("published") or not MIN_CHARS <= n <= MAX_CHARS:
            continue
        eligible.setdefault(art["cluster"], []).append(art)
    out = []
    for category in sorted(set(categories.values())):
        clusters = sorted(c for c in eligible if categories.get(c) == category)
        rng.shuffle(clusters)
        for rank, cluster in enumerate(clusters[: n_sealed + n_dev]):
            art = rng.choice(sorted(eligible[cluster], key=lambda a: a["id"]))
            sealed = rank < n_sealed
            dev_rank = rank - n_sealed
            events = sealed or dev_rank < n_events_dev
            double = rank < n_double_sealed if sealed else dev_rank < n_double_dev
            out.append({
                "article_id": art["id"], "cluster": cluster, "section": art.get("section", ""),
                "category": category, "split": "sealed" if sealed else "dev",
                "tables": "entities;dates;quantities" + (";events" if events else ""),
                "annotators": "2" if double else "1", "adjudicated": "", "annotated_on": "", "note": "",
            })
    return out


def draw_more(news_rows: list[dict], categories: dict[str, str], excluded: set[str], plan: dict[str, int],
              seed: int, tables: str = "entities;dates;quantities", taken: set[str] = frozenset()) -> list[dict]:
    """More dev articles from stories outside ``excluded``, ``plan[category]`` of each kind of news;
    an article already in the gold (``taken``) is never drawn again."""
    rng = random.Random(seed)
    eligible: dict[str, list[dict]] = {}
    for art in news_rows:
        n = len(normalize_text(art["text"]))
        if art["cluster"] in excluded or art["id"] in taken or not art.get("published") \
                or not MIN_CHARS <= n <= MAX_CHARS:
            continue
        eligible.setdefault(art["cluster"], []).append(art)
    out = []
    for category in sorted(plan):
        clusters = sorted(c for c in eligible if categories.get(c) == category)
        rng.shuffle(clusters)
        for cluster in clusters[:plan[category]]:
            art = rng.choice(sorted(eligible[cluster], key=lambda a: a["id"]))
            out.append({"article_id": art["id"], "cluster": cluster, "section": art.get("section", ""),
                        "category": category, "split": "dev", "tables": tables,
                        "annotators": "1", "adjudicated": "", "annotated_on": "", "note": ""})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--sealed", type=int, default=3, help="sealed stories per category")
    ap.add_argument("--dev", type=int, default=8, help="dev stories per category")
    ap.add_argument("--events-dev", type=int, default=3, help="dev articles per category with events")
    ap.add_argument("--double-sealed", type=int, default=2, help="sealed articles per category annotated twice")
    ap.add_argument("--double-dev", type=int, default=1, help="dev articles per category annotated twice")
    ap.add_argument("--print", action="store_true", help="print the draw, write nothing")
    ap.add_argument("--more", type=int, default=0, metavar="K",
                    help="draw K more dev stories per kind of news from stories no gold article tells (second round)")
    ap.add_argument("--plan", default=None, metavar="CAT=K,...",
                    help="with --more: how many per kind of news (default K for every kind)")
    ap.add_argument("--second-article", action="store_true",
                    help="with --more: also draw a second article of a dev story (never of a sealed one)")
    ap.add_argument("--tables", default="entities;dates;quantities", help="with --more: the tables to annotate")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    news = args.shared / "news"
    if not news.is_dir():
        print(f"{news} not found: the draw needs ../shared/news/", file=sys.stderr)
        return 2
    rows = read_news(news)
    by_id = {r["id"]: r for r in rows}
    with open(ROOT / "corpora" / "gold" / "categories.csv", encoding="utf-8") as fh:
        categories = {row["cluster"]: row["category"] for row in csv.DictReader(fh)}
    path = ROOT / "corpora" / "gold" / "manifest.csv"
    if args.more:
        with open(path, encoding="utf-8") as fh:
            manifest_rows = list(csv.DictReader(fh))
        sealed = {row["cluster"] for row in manifest_rows if row["split"] == "sealed"}
        counts: dict[str, int] = {}
        for row in manifest_rows:
            counts[row["cluster"]] = counts.get(row["cluster"], 0) + 1
        # at most two articles per story: a story with two is full; without --second-article, any used one is
        full = {c for c, n in counts.items() if n >= 2 or not args.second_article}
        plan = ({k: int(v) for k, v in (item.split("=") for item in args.plan.split(","))} if args.plan
                else {c: args.more for c in set(categories.values())})
        drawn = draw_more(rows, categories, sealed | full | tuned_clusters(args.shared, by_id), plan, args.seed,
                          args.tables, {row["article_id"] for row in manifest_rows})
    else:
        drawn = draw(rows, categories, tuned_clusters(args.shared, by_id), args.sealed, args.dev,
                     args.events_dev, args.double_sealed, args.double_dev, args.seed)
    if args.print:
        for row in drawn:
            print(",".join(row[c] for c in MANIFEST_COLUMNS))
        return 0
    kept = []
    if path.exists():
        with open(path, encoding="utf-8") as fh:
            kept = list(csv.DictReader(fh))
    drawn_ids = {r["article_id"] for r in drawn}
    if any(r["article_id"] in drawn_ids for r in kept):
        print(f"{path} already holds drawn articles; not redrawing", file=sys.stderr)
        return 1
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept + drawn)
    print(f"{len(drawn)} articles drawn into {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
