"""The Python API: from pipeline import extract, extract_many, nlp."""

import pandas as pd
import pytest
import tomllib

import pipeline
from pipeline import extract, extract_many, load, nlp
from pipeline.io.schema import TABLES
from pipeline.io.tables import doc_rows
from tests.conftest import REFERENCE, ROOT

TEXT = ("Sáng 5/3, Thủ tướng Phạm Minh Chính tiếp Đại sứ Hoa Kỳ tại Hà Nội. "
        "Theo Bộ Y tế, hơn 20 người bị thương trong vụ cháy hôm qua.")


def test_extract_returns_the_typed_tables_of_one_text():
    t = extract(TEXT, published="05/03/2024", article_id="a1", title="Tin sáng")
    for name in TABLES:
        df = getattr(t, name)
        assert isinstance(df, pd.DataFrame) and list(df.columns) == list(TABLES[name])
    assert t.articles.loc[0, "article_id"] == "a1" and t.articles.loc[0, "published"] == pd.Timestamp("2024-03-05")
    assert set(t.entities["article_id"]) == {"a1"}
    assert {"Phạm Minh Chính", "Hoa Kỳ", "Hà Nội"} <= set(t.entities["text"])
    assert t.entities["label"].dtype == "category" and t.quantities["value"].dtype == "float64"
    assert "2024-03-04" in set(t.dates["value"])  # hôm qua, against the publication date
    assert (t.events["cameo_code"] == "043").any()
    assert len(t.events_with_actors()) == len(t.events)


def test_extract_matches_the_command_line(tmp_path):
    from click.testing import CliRunner

    from pipeline.apps.cli import main

    assert CliRunner().invoke(main, ["run", str(REFERENCE), "--out", str(tmp_path)]).exit_code == 0
    batch = load(tmp_path)
    body = REFERENCE.read_text(encoding="utf-8").split("---\n", 2)[2]
    one = extract(body, published=str(batch.articles.loc[0, "published"].date()), article_id="nagorno_karabakh_2020")
    for name in ("entities", "dates", "quantities", "events"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(batch, name), check_categorical=False)


@pytest.mark.parametrize("text, published, code", [("", None, "E002"), ("Hà Nội mưa.", "hôm qua", "E012")])
def test_extract_refuses_what_is_no_article(text, published, code):
    with pytest.raises(ValueError, match=code):
        extract(text, published=published)


def test_extract_many_keeps_going_past_a_bad_item_and_jobs_do_not_change_tables():
    items = [TEXT, {"text": "Bão số 3 đổ bộ vào Quảng Ninh chiều 7/9.", "id": "bao", "published": "2024-09-07"},
             {"text": ""}, {"id": "x", "text": TEXT}, {"id": "x", "text": "Hà Nội mưa to."}]
    one = extract_many(items)
    assert list(one.articles["article_id"]) == ["text-1", "bao", "text-3", "x", "x-2"]
    assert list(one.articles["status"]) == ["ok", "ok", "error", "ok", "ok"]
    two = extract_many(items, jobs=2)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name))


def test_nlp_works_on_a_plain_string():
    doc = nlp()("Ông Nguyễn Văn Thưởng thăm Đà Nẵng hôm 5/3/2024. Hoà bình.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Nguyễn Văn Thưởng", "PER"), ("Đà Nẵng", "LOC")]
    assert doc.text.endswith("Hòa bình.")  # normalized: new-style tone marks
    rows = doc_rows(doc)  # no KeyError without metadata
    assert rows["entities"][0]["article_id"] == "text" and rows["dates"][0]["value"] == "2024-03-05"


def test_version_is_the_packages():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pipeline.__version__ == meta["project"]["version"]
