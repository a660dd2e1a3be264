"""The gold corpus: which articles have gold tables, of which kind of news, in which split,
and where their texts are.

``corpora/gold/manifest.csv`` lists every gold article (``article_id, cluster, section,
category, split, tables, annotators, adjudicated, annotated_on, note``); the gold tables are
``corpora/gold/<article_id>/<table>.csv``. The texts are third-party news and stay out of the
repository: they are read by id from ``../shared/news/*.jsonl`` (or ``../shared/corpora/<id>.txt``),
and a gold set whose texts are absent says so instead of scoring nothing.

Splits: ``dev`` is what the rules and models may learn from and be tuned on; ``sealed`` is
scored at most once at the end of an issue (see the README) and never read while working.
The reference article (``corpora/reference``) is dev.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "corpora" / "gold"
MANIFEST = GOLD / "manifest.csv"
REFERENCE = ROOT / "corpora" / "reference"
REFERENCE_ID = "nagorno_karabakh_2020"
SHARED = ROOT.parent / "shared"
SPLITS = ("dev", "sealed")


class GoldArticle(NamedTuple):
    article_id: str
    category: str
    split: str
    tables: tuple[str, ...]
    gold_dir: Path


def manifest(path: Path = MANIFEST) -> list[GoldArticle]:
    """Every gold article of the manifest, and the reference article (dev, category ``reference``)."""
    out = [GoldArticle(REFERENCE_ID, "reference", "dev", ("entities", "dates", "quantities", "events"),
                       REFERENCE / "gold")]
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            tables = tuple(t for t in row["tables"].split(";") if t)
            out.append(GoldArticle(row["article_id"], row["category"], row["split"], tables,
                                   GOLD / row["article_id"]))
    return out


def select(articles: list[GoldArticle], split: str) -> list[GoldArticle]:
    """The articles of one split (``dev``, ``sealed``) or ``all``, that have gold tables written."""
    if split not in (*SPLITS, "all"):
        raise ValueError(f"unknown split {split!r}; one of dev, sealed, all")
    return [a for a in articles if (split == "all" or a.split == split) and a.gold_dir.is_dir()
            and any((a.gold_dir / f"{t}.csv").exists() for t in a.tables)]


def _news_lines(shared: Path) -> Iterator[tuple[str, str]]:
    for path in sorted((shared / "news").glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)["id"], line


def texts(ids: set[str], shared: Path = SHARED) -> dict[str, str]:
    """The raw texts of the articles ``ids`` that are found (the reference, ../shared/news,
    ../shared/corpora), by id."""
    from pipeline.io.reader import read_source

    out = {}
    if REFERENCE_ID in ids:
        out[REFERENCE_ID] = read_source(str(REFERENCE / f"{REFERENCE_ID}.txt"))[0].text
    for article_id, line in _news_lines(shared):
        if article_id in ids and article_id not in out:
            out[article_id] = json.loads(line)["text"]
    for article_id in ids - set(out):
        path = shared / "corpora" / f"{article_id}.txt"
        if path.exists():
            out[article_id] = read_source(str(path))[0].text
    return out


def write_inputs(articles: list[GoldArticle], target: Path, shared: Path = SHARED) -> list[str]:
    """Write the texts of ``articles`` where ``vnews run`` reads them: one JSON Lines file of the
    news articles, and the reference and ../shared/corpora files as they are. Returns the ids
    whose text was not found."""
    target.mkdir(parents=True, exist_ok=True)
    wanted = {a.article_id for a in articles}
    found: set[str] = set()
    if REFERENCE_ID in wanted:
        (target / f"{REFERENCE_ID}.txt").write_bytes((REFERENCE / f"{REFERENCE_ID}.txt").read_bytes())
        found.add(REFERENCE_ID)
    with open(target / "news.jsonl", "w", encoding="utf-8") as out:
        for article_id, line in _news_lines(shared):
            if article_id in wanted and article_id not in found:
                out.write(line if line.endswith("\n") else line + "\n")
                found.add(article_id)
    for article_id in sorted(wanted - found):
        path = shared / "corpora" / f"{article_id}.txt"
        if path.exists():
            (target / path.name).write_bytes(path.read_bytes())
            found.add(article_id)
    return sorted(wanted - found)
