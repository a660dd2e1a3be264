import pickle

import pytest

from pipeline.io.reader import read_source
from pipeline.text.normalize import normalize_text
from pipeline.text.tokenizer import align_words
from tests.conftest import needs_shared, shared_files


def test_missing_space_after_full_stop_splits_sentences(nlp):
    doc = nlp.make_doc("Cộng hòa Artsakh không được cộng đồng quốc tế công nhận.Căng thẳng giữa Armenia và Azerbaijan tái bùng phát.")
    sents = [s.text for s in doc.sents]
    assert sents == ["Cộng hòa Artsakh không được cộng đồng quốc tế công nhận.",
                     "Căng thẳng giữa Armenia và Azerbaijan tái bùng phát."]


def test_multi_syllable_words_and_pos(nlp):
    doc = nlp.make_doc("Các lực lượng đã bắn hạ 15 máy bay không người lái.")
    words = [t.text for t in doc]
    assert "lực lượng" in words
    assert doc[words.index("15")].tag_ == "M"
    assert all(t.pos_ for t in doc)


def test_name_glued_to_next_syllable_is_cut(nlp):
    # underthesea's segmenter returns "Armenia ban" as one word here
    doc = nlp.make_doc("Trước động thái này, Armenia ban bố thiết quân luật.")
    assert "Armenia" in [t.text for t in doc]


def test_kinship_title_glued_to_a_name_at_a_sentence_start_is_cut(nlp):
    doc = nlp.make_doc("Bà Minh cho biết, trong quá trình tổ chức thực hiện gặp nhiều khó khăn. Tỉnh Bà Rịa - Vũng Tàu.")
    words = [t.text for t in doc]
    assert words[:2] == ["Bà", "Minh"]  # the person is "Minh"; "Bà" is her title
    assert "Bà Rịa" in words or "Bà Rịa - Vũng Tàu" in words  # a place that starts with "Bà" stays whole


def test_tokens_slice_the_text_exactly(reference_doc):
    doc = reference_doc
    for tok in doc:
        assert doc.text[tok.idx:tok.idx + len(tok.text)] == tok.text
    assert "".join(t.text_with_ws for t in doc) == doc.text


def test_token_text_and_lower_lists_are_spacys(reference_doc, nlp):
    from pipeline.core.meta import span_text, token_lowers, token_pos, token_texts

    for doc in (reference_doc, nlp.make_doc("Ông  Trump\n\nnói: “ĐỪNG lo”.")):
        assert token_texts(doc) == [t.text for t in doc]
        assert token_lowers(doc) == [t.lower_ for t in doc]
        assert token_pos(doc) == [t.pos_ for t in doc]
        assert [span_text(s) for s in doc.sents] == [s.text for s in doc.sents]
        assert token_lowers(doc) is token_lowers(doc)  # made once


def test_paragraphs_do_not_merge(nlp):
    doc = nlp.make_doc("Đoạn một không có dấu chấm\n\nĐoạn hai cũng vậy")
    assert [s.text.strip() for s in doc.sents] == ["Đoạn một không có dấu chấm", "Đoạn hai cũng vậy"]


def test_fuzzy_alignment_when_words_differ_from_text():
    # underthesea may return a word spelled differently from the text (its own normalization)
    spans = align_words(["Hà Nội", "hoạc", "Huế"], "Hà Nội hoặc Huế")
    assert spans == [(0, 6), (7, 11), (12, 15)]


def test_tokenizer_pickles(nlp):
    tok = pickle.loads(pickle.dumps(nlp.tokenizer))
    assert [t.text for t in tok("Hà Nội mưa lớn.")] == [t.text for t in nlp.tokenizer("Hà Nội mưa lớn.")]


def test_long_run_on_sentence_is_cut_for_tagging(nlp):
    text = ", ".join(["người dân Hà Nội đi làm"] * 200)
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert max(len(s.text) for s in doc.sents) <= 600


@needs_shared
@pytest.mark.parametrize("path", shared_files(), ids=lambda p: p.stem)
def test_every_shared_article_tokenizes_to_its_text(nlp, path):
    text = normalize_text(read_source(str(path))[0].text)
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert len(list(doc.sents)) >= 1


@needs_shared
@pytest.mark.parametrize("path", shared_files(), ids=lambda p: p.stem)
def test_every_shared_article_runs_through_all_stages(nlp, path):
    from pipeline.io.tables import doc_rows
    from pipeline.language import process

    doc = process(read_source(str(path))[0], nlp)
    rows = doc_rows(doc)
    assert rows["sentences"] and rows["tokens"]


def test_full_stop_of_an_abbreviation_before_a_lower_case_word_ends_no_sentence(nlp):
    doc = nlp.make_doc("Công ty Pratt & Whitney thuộc Tập đoàn United Technologies Corp. tại sự kiện Airshow Singapore "
                       "tháng 2-2016. Hãng đã thắng thầu.")
    assert [s.text.split()[0] for s in doc.sents] == ["Công", "Hãng"]
