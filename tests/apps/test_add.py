"""vnews add: new articles appended to an existing output, the rows already there untouched."""

import json

import pandas as pd
import pytest
from click.testing import CliRunner

import pipeline.apps.runner as runner
from pipeline import load
from pipeline.apps.cli import main
from pipeline.io.schema import TABLES
from tests.conftest import REFERENCE

TEXTS = [
    "Chiều 7/9, bão số 3 đổ bộ vào Quảng Ninh, hơn 2.000 cây xanh bị đổ.",
    "Sáng 5/3, Thủ tướng Phạm Minh Chính tiếp Đại sứ Hoa Kỳ tại Hà Nội.",
    "Theo Bộ Y tế, 12 người bị thương trong vụ cháy tại quận Hoàn Kiếm hôm qua.",
    "Đội tuyển Việt Nam thắng Thái Lan 2-1 tại sân Mỹ Đình tối 20/11.",
]


@pytest.fixture
def folders(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for n, text in enumerate(TEXTS[:3]):
        (first / f"a{n}.json").write_text(json.dumps({"id": f"a{n}", "text": text, "published": "2024-09-08"},
                                                     ensure_ascii=False), encoding="utf-8")
    # the second batch: one article again under another file name, one new whose id is taken
    (second / "again.json").write_text((first / "a1.json").read_text(encoding="utf-8"), encoding="utf-8")
    (second / "new.json").write_text(json.dumps({"id": "a0", "text": TEXTS[3], "published": "2024-11-21"},
                                                ensure_ascii=False), encoding="utf-8")
    (second / "empty.txt").write_text("", encoding="utf-8")
    return first, second


def _add(*args):
    result = CliRunner().invoke(main, ["add", *map(str, args), "--no-progress"])
    return result


@pytest.mark.parametrize("fmt", ["csv", "parquet", "duckdb"])
def test_add_keeps_existing_rows_and_ids_and_skips_what_is_there(tmp_path, folders, fmt):
    first, second = folders
    out = tmp_path / "out"
    assert _add(first, "--out", out, "--format", fmt).exit_code == 0
    before = load(out)
    before_bytes = {n: (out / f"{n}.csv").read_bytes() for n in TABLES} if fmt == "csv" else None

    result = _add(first, second, "--out", out)  # the format of the output is kept
    assert result.exit_code == 1  # the empty file is one error row
    assert "1 articles ok, 1 failed, 4 already there" in result.output
    after = load(out)
    assert list(after.articles["article_id"]) == ["a0", "a1", "a2", "empty", "a0-2"]  # folders in name order
    for name in TABLES:  # every row that was there is there, unchanged, first
        old, new = getattr(before, name), getattr(after, name)
        pd.testing.assert_frame_equal(new.iloc[:len(old)], old, check_categorical=False)
        if before_bytes:
            assert (out / f"{name}.csv").read_bytes().startswith(before_bytes[name])
    assert "Thái Lan" in set(after.entities.loc[after.entities["article_id"] == "a0-2", "text"])

    again = _add(second, first, "--out", out)
    assert again.exit_code == 0 and "0 articles ok, 0 failed, 6 already there" in again.output
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(load(out), name), getattr(after, name))
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(
        {"csv": [f"{n}.csv" for n in TABLES], "parquet": [f"{n}.parquet" for n in TABLES],
         "duckdb": ["vnews.duckdb"]}[fmt])


def test_add_interrupted_leaves_the_old_tables(tmp_path, folders, monkeypatch):
    first, second = folders
    out = tmp_path / "out"
    runner.add([str(first)], out, progress=False)
    before = {n: (out / f"{n}.csv").read_bytes() for n in TABLES}

    def crash(article):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "work", crash)
    with pytest.raises(KeyboardInterrupt):
        runner.add([str(second)], out, progress=False)
    assert {n: (out / f"{n}.csv").read_bytes() for n in TABLES} == before
    assert not list(out.glob(".*.tmp"))


def test_add_to_an_output_of_an_older_schema_gains_the_new_column(tmp_path):
    out = tmp_path / "out"
    runner.run([str(REFERENCE)], out, progress=False)
    articles = pd.read_csv(out / "articles.csv", dtype=str).drop(columns=["content_hash"])
    articles.to_csv(out / "articles.csv", index=False)  # as written before content_hash existed
    summary = runner.add([str(REFERENCE)], out, progress=False)
    assert summary.ok == 1  # no hash to compare with: added again, under a new id
    assert list(load(out).articles["article_id"]) == ["nagorno_karabakh_2020", "nagorno_karabakh_2020-2"]
