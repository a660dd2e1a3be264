import unicodedata

import pytest

from pipeline.text.normalize import normalize_text, normalize_tone_marks


@pytest.mark.parametrize("old, new", [
    ("hoà bình", "hòa bình"), ("thuỷ điện", "thủy điện"), ("khoẻ mạnh", "khỏe mạnh"),
    ("Uỷ ban", "Ủy ban"), ("toả sáng", "tỏa sáng"), ("hoá học", "hóa học"), ("tuỳ", "tùy"),
])
def test_old_style_tone_marks_move_to_the_first_vowel(old, new):
    assert normalize_tone_marks(old) == new


@pytest.mark.parametrize("word", ["hoàng", "quý", "quá", "khuya", "hòa", "thuế", "người", "hoạch"])
def test_words_already_correct_are_unchanged(word):
    assert normalize_tone_marks(word) == word


def test_combining_tone_marks_become_nfc():
    text = unicodedata.normalize("NFD", "Hà Nội và thuỷ điện")
    out = normalize_text(text)
    assert out == "Hà Nội và thủy điện"
    assert unicodedata.is_normalized("NFC", out)


def test_whitespace_and_invisible_characters():
    text = "\u200bTiêu đề\r\n\r\n\r\nĐoạn  một\u00a0có\tkhoảng trắng.  \n\nĐoạn hai. "
    assert normalize_text(text) == "Tiêu đề\n\nĐoạn một có khoảng trắng.\n\nĐoạn hai."


def test_normalization_is_idempotent():
    text = "Nagorno-Karabakh, còn được biết với tên gọi Cộng hoà Artsakh.Căng thẳng"
    once = normalize_text(text)
    assert normalize_text(once) == once
