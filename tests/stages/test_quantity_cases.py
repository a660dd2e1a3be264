"""The quantities stage against a table of number expressions written from the Vietnamese."""

import math
from pathlib import Path

import pytest

from pipeline.io.tables import doc_rows

CASES = [(line.rstrip("\n").split("\t") + [""] * 6)[:6] for line in
         (Path(__file__).parent.parent / "data" / "quantity_cases.tsv").read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.startswith("#")][1:]


def _num(text: str):
    return float(text) if text else None


@pytest.mark.parametrize("sentence, text, value, value_max, qualifier, unit", CASES, ids=[c[0][:40] for c in CASES])
def test_quantity(make_doc, sentence, text, value, value_max, qualifier, unit):
    rows = doc_rows(make_doc(sentence))["quantities"]
    if not text:
        assert rows == [], [r["text"] for r in rows]
        return
    found = {r["text"]: r for r in rows}
    assert text in found, list(found)
    row = found[text]
    assert math.isclose(row["value"], _num(value))
    if value_max:
        assert math.isclose(row["value_max"], _num(value_max))
    else:
        assert row["value_max"] is None
    assert row["qualifier"] == qualifier
    assert (row["unit"] or "") == unit


def test_table_is_large_enough():
    assert len(CASES) >= 100
    assert sum(1 for c in CASES if not c[1]) >= 10  # negatives: years, dates, ordinals, codes
