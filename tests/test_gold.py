"""Gold tables are consistent with the texts they annotate."""

from pathlib import Path

import pandas as pd
import pytest

from pipeline.io.reader import read_source
from pipeline.io.schema import TABLES
from pipeline.text.normalize import normalize_text
from tests.conftest import REFERENCE, ROOT, SHARED

GOLD_FILES = sorted(p for p in (ROOT / "corpora").rglob("gold/**/*.csv") if p.stem in TABLES)


def _text_of(article_id: str) -> str | None:
    if article_id == "nagorno_karabakh_2020":
        path = REFERENCE
    else:
        path = SHARED / f"{article_id}.txt"
        if not path.exists():
            return None
    return normalize_text(read_source(str(path))[0].text)


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_gold_offsets_slice_the_normalized_text(path: Path):
    table = path.stem
    assert table in TABLES
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert set(TABLES[table]) >= set(df.columns) - {"root_code"}
    for aid, rows in df.groupby("article_id"):
        text = _text_of(aid)
        if text is None:
            pytest.skip(f"text of {aid} not present ({SHARED})")
        for row in rows.itertuples():
            key = "trigger" if table == "events" else "text"
            assert text[int(row.start_char):int(row.end_char)] == getattr(row, key)


def test_reference_gold_exists():
    assert GOLD_FILES, "corpora/reference/gold must hold the hand-made gold tables"
