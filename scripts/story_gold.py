"""Story gold: annotators' sentence-numbered tables -> repository gold with character offsets.

  python scripts/story_gold.py --annotations /work/annot/stories_gold

For each story of ``corpora/gold/stories/manifest.csv``, the annotators' ``events.csv`` and
``numbers.csv`` (``corpora/gold/stories/GUIDELINE.md``: a sentence number and the copied
trigger or number) become ``corpora/gold/stories/<story>/events.csv`` and ``numbers.csv`` with
``start_char``/``end_char`` into the normalized article text, found in that sentence (the
sentences of ``scripts/draw_story_sample.py``). The article text is never written.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.text.normalize import normalize_text  # noqa: E402
from scripts.draw_gold_sample import read_news  # noqa: E402
from scripts.draw_story_sample import MANIFEST, sentences  # noqa: E402

GOLD = MANIFEST.parent
EVENT_COLUMNS = ["article_id", "start_char", "end_char", "trigger", "happening", "cameo", "note"]
NUMBER_COLUMNS = ["article_id", "start_char", "end_char", "number", "number_id", "thing", "value", "value_max",
                  "qualifier", "source", "conflicts_with", "note"]


def locate(text: str, spans: list[tuple[int, int]], sentence: int, copied: str) -> tuple[int, int, str]:
    """Offsets of ``copied`` (``bắt#2``: its second occurrence) in sentence ``sentence``."""
    copied, _, nth = copied.partition("#")
    nth = int(nth) if nth.isdigit() else 1
    start, end = spans[sentence - 1]
    at = start - 1
    for _ in range(nth):
        at = text.find(copied, at + 1, end)
        if at < 0:
            raise ValueError(f"{copied!r} not in sentence {sentence}")
    return at, at + len(copied), copied


def convert(story: str, source: Path, texts: dict[str, str], root: Path = GOLD) -> tuple[int, int]:
    out = root / story
    out.mkdir(parents=True, exist_ok=True)
    counts = []
    for name, columns, copied in (("events", EVENT_COLUMNS, "trigger"), ("numbers", NUMBER_COLUMNS, "number")):
        rows = []
        with open(source / story / f"{name}.csv", encoding="utf-8") as fh:
            for n, row in enumerate(csv.DictReader(fh), 2):
                text = texts[row["article_id"]]
                try:
                    start, end, found = locate(text, sentences(text), int(row["sentence"]), row[copied])
                except (ValueError, IndexError) as exc:
                    raise SystemExit(f"{source / story / name}.csv line {n}: {exc}") from None
                rows.append({**row, "start_char": start, "end_char": end, copied: found})
        with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        counts.append(len(rows))
    return counts[0], counts[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--annotations", type=Path, required=True)
    parser.add_argument("--news", type=Path, default=ROOT.parent / "shared" / "news")
    args = parser.parse_args()
    texts = {r["id"]: normalize_text(r["text"]) for r in read_news(args.news)}
    with open(MANIFEST, encoding="utf-8") as fh:
        stories = [r["story"] for r in csv.DictReader(fh)]
    for story in stories:
        if (args.annotations / story / "events.csv").exists():
            events, numbers = convert(story, args.annotations, texts)
            print(f"{story}: {events} event mentions, {numbers} numbers")
        else:
            print(f"{story}: not annotated yet")


if __name__ == "__main__":
    main()
