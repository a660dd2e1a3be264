"""Dates: resolution against the publication date, datelines, anaphora."""

from pipeline.io.tables import doc_rows


def test_dates_resolve_against_publication_date(reference_doc):
    rows = doc_rows(reference_doc)["dates"]
    values = {(r["text"], r["value"]) for r in rows}
    assert ("ngày 27-9", "2020-09-27") in values
    assert ("từ năm 1988 đến 1994", "1988/1994") in values
    assert not any(e.text.startswith("ngày") for e in reference_doc.ents)

def test_unknown_publication_date_leaves_year_unknown(make_doc):
    doc = make_doc("Giao tranh tái bùng phát vào ngày 27-9.", published=None)
    [row] = doc_rows(doc)["dates"]
    assert row["value"] == "XXXX-09-27" and row["date_from"] is None

def test_dateline_used_when_metadata_has_no_date(make_doc):
    doc = make_doc("TIME: 19/10/2013 14:43. Máy bay rơi hôm qua, thi thể được vớt ngày 17-10.", published=None)
    rows = {r["text"]: r for r in doc_rows(doc)["dates"]}
    assert (rows["hôm qua"]["value"], rows["hôm qua"]["anchor"]) == ("2013-10-18", "dateline")
    assert rows["ngày 17-10"]["value"] == "2013-10-17"

def test_same_day_refers_to_the_last_date_across_sentences(make_doc):
    doc = make_doc("Máy bay mất tích ngày 19/5. Cùng ngày, Ai Cập lập ủy ban điều tra.", published="2016-05-20")
    rows = {r["text"]: r for r in doc_rows(doc)["dates"]}
    assert (rows["Cùng ngày"]["value"], rows["Cùng ngày"]["anchor"]) == ("2016-05-19", "previous")
