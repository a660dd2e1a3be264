"""The gold corpus: its shape (manifest) and its tables' consistency with the texts they annotate."""

import collections
from pathlib import Path

import pandas as pd
import pytest

from pipeline.apps import goldset
from pipeline.io.schema import TABLES
from pipeline.text.normalize import normalize_text
from tests.conftest import ROOT

GOLD_FILES = sorted(p for p in (ROOT / "corpora").rglob("gold/**/*.csv")
                    if p.stem in TABLES and "stories" not in p.relative_to(ROOT).parts)
ARTICLES = goldset.manifest()[1:]  # the manifest's articles, without the reference


@pytest.fixture(scope="module")
def gold_texts():
    ids = {p.parent.name for p in GOLD_FILES} | {goldset.REFERENCE_ID}
    return {aid: normalize_text(text) for aid, text in goldset.texts(ids).items()}


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_gold_offsets_slice_the_normalized_text(path: Path, gold_texts):
    table = path.stem
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert set(TABLES[table]) >= set(df.columns) - {"root_code"}
    for aid, rows in df.groupby("article_id"):
        text = gold_texts.get(aid)
        if text is None:
            pytest.skip(f"text of {aid} not present ({goldset.SHARED} holds the third-party texts)")
        for row in rows.itertuples():
            key = "trigger" if table == "events" else "text"
            assert text[int(row.start_char):int(row.end_char)] == getattr(row, key), (aid, row)


def test_every_manifest_article_has_its_gold_tables():
    for article in ARTICLES:
        for table in article.tables:
            assert (article.gold_dir / f"{table}.csv").exists(), (article.article_id, table)


def test_gold_covers_many_kinds_of_news_and_a_sealed_split():
    with_tables = [a for a in ARTICLES if {"entities", "dates", "quantities"} <= set(a.tables)]
    assert len(with_tables) >= 150 and len({a.category for a in with_tables}) >= 12
    assert sum("events" in a.tables for a in ARTICLES) >= 60
    sealed = [a for a in ARTICLES if a.split == "sealed"]
    assert len(sealed) >= 40 and len({a.category for a in sealed}) >= 10


def test_sealed_and_dev_never_share_a_story():
    import csv

    with open(goldset.MANIFEST, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    stories = collections.defaultdict(set)
    for row in rows:
        stories[row["cluster"]].add(row["split"])
    assert not [c for c, splits in stories.items() if len(splits) > 1]
    assert max(collections.Counter(row["cluster"] for row in rows).values()) <= 2


def test_forty_articles_are_double_annotated_and_adjudicated():
    import csv

    with open(goldset.MANIFEST, encoding="utf-8") as fh:
        double = [r for r in csv.DictReader(fh) if r["annotators"] == "2" and r["adjudicated"]]
    assert len(double) >= 40
