"""Draw the stories of the story gold (issue 20) from ../shared/news/ with a fixed seed.

Stories of 4 to 6 articles, stratified by kind of news (``corpora/gold/categories.csv``),
weighted to the kinds whose stories count things (disasters, crime and courts, world news),
leaving out stories with a sealed-split article. Writes ``corpora/gold/stories/manifest.csv``;
with ``--dump DIR`` also writes, for the blind annotators, each story's articles as
normalized text with numbered sentences (``DIR/<story>/<article_id>.txt``). The dumps hold
third-party text: keep DIR out of the repository.

The sentence numbers come from a plain splitter here (paragraphs, then a sentence end
before a capital), not from vnews: annotators never see vnews output.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.text.normalize import normalize_text  # noqa: E402
from scripts.draw_gold_sample import read_news  # noqa: E402

SEED = 20261203
PLAN = {"disaster": 4, "law": 3, "world": 3, "politics": 1, "society": 2, "health": 1, "economy": 1, "football": 1}
MANIFEST = ROOT / "corpora" / "gold" / "stories" / "manifest.csv"
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s*(?=[\"“(]?[A-ZĐÀ-Ỹ])")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a normalized text: paragraphs, then sentence ends."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for cut in _SENTENCE_END.finditer(para.group()):
            end = para.start() + cut.start()
            if text[start:end].strip():
                spans.append((start, end))
            start = para.start() + cut.end()
        if text[start:para.end()].strip():
            spans.append((start, para.end()))
    return spans


def draw(rows: list[dict], categories: dict[str, str], sealed: set[str]) -> list[str]:
    rng = random.Random(SEED)
    by_cluster = defaultdict(list)
    for row in rows:
        by_cluster[row["cluster"]].append(row)
    eligible = defaultdict(list)
    for cluster, arts in sorted(by_cluster.items()):
        if 4 <= len(arts) <= 6 and not any(a["id"] in sealed for a in arts) and cluster in categories:
            eligible[categories[cluster]].append(cluster)
    drawn = []
    for category, n in PLAN.items():
        pool = sorted(eligible[category])
        rng.shuffle(pool)
        drawn.extend(pool[:n])
    return drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--news", type=Path, default=ROOT.parent / "shared" / "news")
    parser.add_argument("--dump", type=Path, default=None)
    args = parser.parse_args()
    rows = read_news(args.news)
    with open(ROOT / "corpora" / "gold" / "categories.csv", encoding="utf-8") as fh:
        categories = {r["cluster"]: r["category"] for r in csv.DictReader(fh)}
    with open(ROOT / "corpora" / "gold" / "manifest.csv", encoding="utf-8") as fh:
        sealed = {r["article_id"] for r in csv.DictReader(fh) if r["split"] == "sealed"}
    stories = draw(rows, categories, sealed)
    MANIFEST.parent.mkdir(parents=True, exist_ok=True)
    with open(MANIFEST, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["story", "category", "article_ids"])
        for story in stories:
            ids = [r["id"] for r in rows if r["cluster"] == story]
            writer.writerow([story, categories[story], ";".join(ids)])
    print(f"{len(stories)} stories -> {MANIFEST}")
    if args.dump:
        for story in stories:
            folder = args.dump / story
            folder.mkdir(parents=True, exist_ok=True)
            for row in (r for r in rows if r["cluster"] == story):
                text = normalize_text(row["text"])
                lines = [f"# {row['id']}", f"# title: {row['title']}", f"# published: {row['published']}",
                         f"# url: {row['url']}", ""]
                lines += [f"[S{n}] {text[s:e]}" for n, (s, e) in enumerate(sentences(text), 1)]
                (folder / f"{row['id']}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
