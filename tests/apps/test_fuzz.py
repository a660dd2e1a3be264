"""Bad input, tried on purpose: every input ends as ok or one error row, nothing crashes.

Hypothesis generates random bytes, empty and NUL-filled files, HTML, UTF-16, legacy
Windows-1258 bytes, NFD and old-style tone marks, broken front matter and JSON; each
goes through the reader and the whole pipeline as one article of a batch would.
"""

import json
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.apps.runner import run, work
from pipeline.io.reader import read_source
from pipeline.io.schema import TABLES

SENTENCES = [
    "Căng thẳng giữa Armenia và Azerbaijan tái bùng phát vào ngày 27-9.",
    "Thủ tướng Nguyễn Xuân Phúc thăm Hà Nội sáng 2/9, hơn 200 người đón.",
    "Bộ Quốc phòng Azerbaijan tuyên bố đã giải phóng 6 ngôi làng.",
    "Giá xăng hoà bình, thuỷ điện khoẻ: 1,5 tỷ đồng trong quý I/2020.",
]

vietnamese = st.lists(st.sampled_from(SENTENCES), min_size=0, max_size=4).map(" ".join)
mutated = st.tuples(vietnamese, st.sampled_from(["NFC", "NFD", "NFKD"]), st.text(max_size=40)).map(
    lambda t: unicodedata.normalize(t[1], t[0]) + t[2])


def _encode(text: str, how: str) -> bytes:
    if how == "utf-16":
        return text.encode("utf-16")
    if how == "utf-16-nobom":
        return text.encode("utf-16-le")
    if how == "cp1258":
        return unicodedata.normalize("NFD", text).encode("cp1258", errors="replace")
    return text.encode("utf-8", errors="surrogatepass")


bodies = st.one_of(
    st.binary(max_size=600),
    st.just(b""),
    st.binary(max_size=50).map(lambda b: b"\x00" * 8 + b),
    st.tuples(mutated, st.sampled_from(["utf-8", "utf-16", "utf-16-nobom", "cp1258"])).map(lambda t: _encode(*t)),
    mutated.map(lambda t: f"<!DOCTYPE html><html><body><p>{t}</p></body></html>".encode()),
    st.tuples(st.sampled_from(["---\n", "---\ntitle: x\n", "---\npublished: 2020-13-45\n---\n",
                               "---\nid: a\npublished: 2020-09-27\n---\n", "---\nkhông có dấu hai chấm\n---\n"]),
              mutated).map(lambda t: (t[0] + t[1]).encode("utf-8", errors="surrogatepass")),
)
json_bodies = st.one_of(
    st.builds(lambda text, pub: json.dumps({"text": text, "published": pub}, ensure_ascii=False).encode(),
              mutated, st.sampled_from([None, "2020-09-27", "hôm qua", 5])),
    st.builds(lambda text: json.dumps([text]).encode(), mutated),
    st.builds(lambda text: ("{\"text\": " + json.dumps(text))[:-1].encode(), mutated),
    st.builds(lambda a, b: (json.dumps({"text": a}) + "\n{oops\n" + json.dumps({"id": "x", "text": b})).encode(),
              mutated, mutated),
)
inputs = st.one_of(st.tuples(st.just(".txt"), bodies), st.tuples(st.sampled_from([".json", ".jsonl"]), json_bodies))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(inputs)
def test_any_input_is_one_row_per_article(tmp_path, nlp, case):
    suffix, data = case
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    articles = read_source(str(path))
    assert articles, "every input gives at least one row"
    for article in articles:
        row, rows = work(article)
        assert row["status"] in ("ok", "error")
        if row["status"] == "error":
            assert row["error"].startswith("[E") and "\n" not in row["error"]
            assert rows is None
        else:
            assert rows is not None and all(name in TABLES for name in rows)


def test_huge_single_line_and_bad_files_do_not_stop_the_batch(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "huge.txt").write_bytes(("Hà Nội mưa lớn " * 700_000).encode())  # ~10 MB, one line
    (src / "nul.txt").write_bytes(b"\x00\x00\x00")
    (src / "good.txt").write_text("---\npublished: 2020-09-27\n---\nĐức và Pháp kêu gọi ngừng bắn ngày 27-9.",
                                  encoding="utf-8")
    summary = run([str(src)], tmp_path / "out", progress=False, jobs=1)
    assert (summary.ok, summary.failed) == (1, 2)
    text = (tmp_path / "out" / "articles.csv").read_text(encoding="utf-8")
    assert "[E004]" in text and "[E005]" in text
