"""Article metadata carried on the Doc (``doc._.meta``): id, title, published, ..."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from pipeline.core.constants import DOC_META, USER_DATA_LOWER, USER_DATA_POS, USER_DATA_TEXT, USER_DATA_WORDS

if not Doc.has_extension(DOC_META):
    Doc.set_extension(DOC_META, default=None)


DEFAULT_ID = "text"  # the article id of a Doc made from a bare string, nlp("...")


def get_meta(doc: Doc) -> dict:
    return doc._.get(DOC_META) or {}


def article_id(doc: Doc) -> str:
    return get_meta(doc).get("article_id") or DEFAULT_ID


def publication_date(doc: Doc) -> dt.date | None:
    value = get_meta(doc).get("published")
    return dt.date.fromisoformat(value) if value else None


def doc_text(doc: Doc) -> str:
    """The article's text: kept by the tokenizer, as ``doc.text`` joins every token anew each time."""
    text = doc.user_data.get(USER_DATA_TEXT)
    return doc.text if text is None else text


def span_text(span) -> str:
    """``span.text`` sliced from the article's text (spaCy joins the span's tokens anew each time)."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def token_texts(doc: Doc) -> list[str]:
    """Every token's text (``doc[i].text``), kept by the tokenizer or read once."""
    words = doc.user_data.get(USER_DATA_WORDS)
    if words is None or len(words) != len(doc):
        words = doc.user_data[USER_DATA_WORDS] = [t.text for t in doc]
    return words


def token_lowers(doc: Doc) -> list[str]:
    """Every token's lower case (``doc[i].lower_``), made once per Doc."""
    lower = doc.user_data.get(USER_DATA_LOWER)
    if lower is None or len(lower) != len(doc):
        lower = doc.user_data[USER_DATA_LOWER] = [w.lower() for w in token_texts(doc)]
    return lower


def token_pos(doc: Doc) -> list[str]:
    """Every token's coarse part of speech (``doc[i].pos_``), read once per Doc."""
    pos = doc.user_data.get(USER_DATA_POS)
    if pos is None or len(pos) != len(doc):
        strings = doc.vocab.strings
        pos = doc.user_data[USER_DATA_POS] = [strings[p] for p in doc.to_array("POS").tolist()] if len(doc) else []
    return pos


USER_DATA_PUNCT = "vnews.punct"


def token_punct(doc: Doc) -> list[bool]:
    """Every token's ``is_punct``, read once per Doc (a spaCy Token per access is slow)."""
    punct = doc.user_data.get(USER_DATA_PUNCT)
    if punct is None or len(punct) != len(doc):
        flags = doc.to_array("IS_PUNCT").tolist() if len(doc) else []
        punct = doc.user_data[USER_DATA_PUNCT] = [bool(p) for p in flags]
    return punct
