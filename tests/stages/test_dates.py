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


def test_relative_day_in_a_quotation_resolves_against_the_day_it_was_spoken(make_doc):
    doc = make_doc('Phát biểu ngày 18/5, Bộ trưởng cho biết: "Ngày mai chúng tôi sẽ công bố kết quả. '
                   'Hôm nay chúng tôi họp". Hôm qua, kết quả đã được công bố. '
                   '"Hôm qua chúng tôi đã họp", ông nói thêm hôm 18/5.', published="2016-05-20")
    rows = [(r["text"], r["value"], r["anchor"]) for r in doc_rows(doc)["dates"]]
    assert ("Ngày mai", "2016-05-19", "quotation") in rows
    assert ("Hôm nay", "2016-05-18", "quotation") in rows  # the quotation runs on
    assert ("Hôm qua", "2016-05-19", "published") in rows  # outside it: the publication day
    assert ("Hôm qua", "2016-05-17", "quotation") in rows  # dated by the attribution after it


def test_relative_day_apposed_to_its_date_is_one_mention(make_doc):
    doc = make_doc("Tối qua (3/11), hàng nghìn người đổ về quảng trường.", published="2013-11-04")
    [row] = doc_rows(doc)["dates"]
    assert (row["text"], row["value"]) == ("Tối qua (3/11)", "2013-11-03TEV")


def test_set_scores_are_no_dates(make_doc):
    doc = make_doc("Nadal thắng Djokovic 6/4, 6/7 (5/7), 6/3 ngày 15/5 tại Rome.", published="2016-05-20")
    assert [r["text"] for r in doc_rows(doc)["dates"]] == ["ngày 15/5"]


def test_quoted_tokens_agree_with_in_quotation(make_doc):
    from pipeline.grammar.spans import in_quotation, quoted_tokens

    doc = make_doc('Ông nói: "Ngày mai chúng tôi họp". Bà đáp: “Tôi đồng ý”, rồi rời đi. '
                   'Chúng tôi sẽ trở lại", ông Hùng chia sẻ.', published="2016-05-20")
    for sent in doc.sents:
        assert quoted_tokens(doc, sent) == [k for k in range(sent.start, sent.end) if in_quotation(doc, sent, k)]
    assert any(quoted_tokens(doc, sent) for sent in doc.sents)
