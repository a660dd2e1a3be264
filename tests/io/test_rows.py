"""Tokens travel as ColumnRows: the same rows as dicts, and the same CSV bytes as a frame."""

import io
import pickle

import pytest

from pipeline.core.meta import doc_text
from pipeline.io.formats import frame
from pipeline.io.rows import COLUMNAR, ColumnRows, records, with_article_id
from pipeline.io.schema import SchemaError, plain_columns
from pipeline.io.tables import doc_rows
from pipeline.io.writer import TableWriter


def _csv(rows, fmt="csv", tmp=None):
    with TableWriter(tmp, fmt) as writer:
        writer.append({"tokens": rows})
        writer.commit()
    return (tmp / "tokens.csv").read_bytes()


def test_tokens_are_columns_that_read_as_rows(reference_doc):
    tokens = doc_rows(reference_doc)["tokens"]
    assert isinstance(tokens, ColumnRows)
    rows = list(tokens)
    assert len(rows) == len(tokens) > 300
    assert [r["token_id"] for r in rows] == list(range(1, len(rows) + 1))
    text = doc_text(reference_doc)
    assert all(text[r["start_char"]:r["end_char"]] == r["text"] for r in rows)
    assert tokens[0] == rows[0] and tokens[5:9] == rows[5:9]
    assert any(r["text"] == "," for r in rows) and "Azerbaijan" in tokens.columns["text"]
    assert pickle.loads(pickle.dumps(tokens)) == tokens


def test_extend_append_and_another_id():
    rows = ColumnRows.empty("tokens")
    rows.append({"article_id": "a", "sentence_id": 1, "token_id": 1, "text": "Hà Nội", "start_char": 0,
                 "end_char": 6, "pos": "Np"})
    rows.extend(rows[:])
    rows.extend([{"article_id": "a", "token_id": 3, "text": "mưa"}])
    assert len(rows) == 3 and rows[2]["pos"] is None and rows[1]["text"] == "Hà Nội"
    _, moved = with_article_id({"article_id": "a"}, {"tokens": rows, "entities": [{"article_id": "a"}]}, "a-2")
    assert set(moved["tokens"].columns["article_id"]) == {"a-2"} and moved["entities"][0]["article_id"] == "a-2"
    assert rows.columns["article_id"] == ["a"] * 3
    moved["tokens"].append({"article_id": "a-2", "token_id": 4})  # the copy has lists of its own
    assert len(rows) == 3 and len(rows.columns["token_id"]) == 3 and len(moved["tokens"]) == 4


def test_written_tokens_are_the_bytes_a_frame_writes(reference_doc, tmp_path):
    tokens = doc_rows(reference_doc)["tokens"]
    tricky = ColumnRows({"article_id": ["x,1"] * 4, "sentence_id": [1, 1, 2, None], "token_id": [1, 2, 3, 4],
                         "text": ['"Chào"', "a\nb", "", "Đà Nẵng"], "start_char": [0, 7, 10, 11],
                         "end_char": [6, 10, 10, 18], "pos": ["CH", "N", None, "Np"]})
    for rows in (tokens, tricky):
        assert plain_columns("tokens", rows.columns)
        out = io.StringIO()
        frame("tokens", rows).to_csv(out, index=False)
        assert _csv(rows, tmp=tmp_path).decode("utf-8") == out.getvalue()


def test_rows_that_are_not_plain_go_through_the_frame(tmp_path):
    base = {"article_id": ["a", "a"], "sentence_id": [1, 1], "token_id": [1, 2], "text": ["Hà", "Nội"],
            "start_char": [0, 3], "end_char": [2, 6], "pos": ["Np", "Np"]}
    floats = ColumnRows({**base, "start_char": [0.0, 3.0]})  # converted by the Int64 dtype
    assert not plain_columns("tokens", floats.columns)
    assert _csv(floats, tmp=tmp_path).decode().splitlines()[1] == "a,1,1,Hà,0,2,Np"
    for bad in ({**base, "token_id": [1, 1]}, {**base, "article_id": ["a", None]}):
        assert not plain_columns("tokens", bad)
        with pytest.raises(SchemaError):
            _csv(ColumnRows(bad), tmp=tmp_path)


def test_plain_tables_travel_as_columns_and_read_the_same_as_dicts(reference_doc):
    rows = doc_rows(reference_doc)
    assert all(isinstance(rows[name], ColumnRows) and plain_columns(name, rows[name].columns) for name in COLUMNAR)
    entities = list(rows["entities"])
    assert {"Azerbaijan", "Armenia"} <= {e["text"] for e in entities}
    picked = ("article_id", "text", "canonical")
    assert list(records(rows["entities"], picked)) == list(records(entities, picked)) == \
        [{k: e[k] for k in picked} for e in entities]
