import json

import pytest

from pipeline.apps.runner import unique_ids
from pipeline.io.reader import parse_published, read_inputs, read_source


def test_front_matter_and_body(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("---\nid: x1\ntitle: Tin: một tiêu đề\npublished: 2020-09-27\nurl: http://e.vn/1\n---\nNội dung bài.\n",
                 encoding="utf-8")
    [art] = read_source(str(f))
    assert (art.article_id, art.title, art.published, art.url) == ("x1", "Tin: một tiêu đề", "2020-09-27", "http://e.vn/1")
    assert art.text.strip() == "Nội dung bài."
    assert art.ok


def test_plain_text_without_front_matter_uses_file_stem(tmp_path):
    f = tmp_path / "bai-viet.txt"
    f.write_text("Hà Nội mưa lớn.", encoding="utf-8")
    [art] = read_source(str(f))
    assert art.article_id == "bai-viet" and art.published is None and art.ok


def test_json_and_jsonl(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"id": "j1", "text": "Một bài.", "published": "2021-01-02"}),
                                       encoding="utf-8")
    (tmp_path / "many.jsonl").write_text(
        json.dumps({"text": "Bài một."}) + "\n\n" + json.dumps({"id": "k2", "text": "Bài hai."}) + "\n{broken\n",
        encoding="utf-8")
    arts = list(read_inputs([str(tmp_path)]))
    ids = [a.article_id for a in arts]
    assert ids == ["many-1", "k2", "many-4", "j1"]
    assert arts[2].error.startswith("[E009]")
    assert arts[3].published == "2021-01-02"


def test_bad_inputs_give_one_line_errors(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin.txt").write_bytes(b"H\xe0 N\xf4i")  # Windows-1258 bytes
    (tmp_path / "page.txt").write_bytes(b"<!DOCTYPE html><html><body>x</body></html>")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02abc")
    (tmp_path / "open.txt").write_text("---\ntitle: x\nno end", encoding="utf-8")
    (tmp_path / "date.txt").write_text("---\npublished: hôm qua\n---\nBài.", encoding="utf-8")
    (tmp_path / "nojson.json").write_text("[1, 2]", encoding="utf-8")
    errors = {a.article_id: a.error for a in read_inputs([str(tmp_path)])}
    assert errors["empty"].startswith("[E002]")
    assert errors["latin"].startswith("[E003]")
    assert errors["page"].startswith("[E006]")
    assert errors["bin"].startswith("[E005]")
    assert errors["open"].startswith("[E007]")
    assert errors["date"].startswith("[E012]")
    assert errors["nojson"].startswith("[E010]")
    assert all("\n" not in e for e in errors.values())


def test_utf16_with_bom_is_read(tmp_path):
    f = tmp_path / "u16.txt"
    f.write_bytes("Đà Nẵng nắng nóng.".encode("utf-16"))
    [art] = read_source(str(f))
    assert art.ok and art.text == "Đà Nẵng nắng nóng."


def test_too_large_file(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("Tin. " * 100, encoding="utf-8")
    [art] = read_source(str(f), max_bytes=100)
    assert art.error.startswith("[E004]")


def test_ids_made_unique(tmp_path):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "tin.txt").write_text("Bài báo.", encoding="utf-8")
    arts = list(unique_ids(read_inputs([str(tmp_path)])))
    assert [a.article_id for a in arts] == ["tin", "tin-2"]


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese editors wrote it: precomposed vowels, combining tones."""
    import unicodedata
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
                   + "".join(c for c in d if c in tones))
    return "".join(out).encode("cp1258")


SENTENCE = "Thủ tướng Nguyễn Xuân Phúc thăm Hà Nội sáng nay, người dân vui mừng đón chào."


def test_legacy_encodings_are_detected_and_converted(tmp_path):
    from pipeline.text.normalize import normalize_text

    (tmp_path / "w1258.txt").write_bytes(_cp1258(SENTENCE))
    (tmp_path / "u16.txt").write_bytes(SENTENCE.encode("utf-16-le"))  # no BOM
    for name in ("w1258", "u16"):
        [art] = read_source(str(tmp_path / f"{name}.txt"))
        assert art.ok, art.error
        assert normalize_text(art.text) == SENTENCE


@pytest.mark.parametrize("written, iso", [
    ("2020-09-27", "2020-09-27"),
    ("2020-09-27T08:30:00+07:00", "2020-09-27"),
    ("2020/9/27", "2020-09-27"),
    ("27/09/2020", "2020-09-27"),
    ("27-9-2020 08:30", "2020-09-27"),
    ("Chủ nhật, 27/9/2020, 08:30 (GMT+7)", "2020-09-27"),
    ("Ngày 27 tháng 9 năm 2020", "2020-09-27"),
])
def test_published_as_newsrooms_write_it(written, iso):
    assert parse_published(written) == iso


@pytest.mark.parametrize("written", ["hôm qua", "27/9", "31/02/2020", "2020-13-01"])
def test_published_refused_rather_than_guessed(written):
    with pytest.raises(ValueError):
        parse_published(written)


def test_front_matter_day_first_published_is_read(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("---\nid: a\npublished: 22/10/2013\n---\nHôm qua, Hà Nội mưa to.\n", encoding="utf-8")
    (article,) = read_source(str(path))
    assert article.ok and article.published == "2013-10-22"


def test_jsonl_line_holding_a_line_separator_is_one_article(tmp_path):
    # U+2028 and U+0085 occur in real crawled texts; JSON Lines breaks at "\n" only
    rows = [{"id": "a", "text": "Đoạn một.\u2028Đoạn hai.\u0085Đoạn ba."}, {"id": "b", "text": "Bài hai."}]
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    articles = read_source(str(path))
    assert [a.article_id for a in articles] == ["a", "b"] and all(a.ok for a in articles)
    assert articles[0].text == rows[0]["text"]
