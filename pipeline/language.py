"""Builds the vnews spaCy pipeline and turns an Article into a processed Doc."""

from __future__ import annotations

import functools
import sys

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.core.constants import DOC_META, STAGES
from pipeline.io.reader import Article
from pipeline.stages import dates, entities, events, quantities  # noqa: F401  registers factories
from pipeline.text import tokenizer as _tokenizer  # noqa: F401  registers vnews.underthesea_tokenizer.v1


def make_nlp() -> Language:
    """``spacy.blank("vi")`` with underthesea as tokenizer and the vnews stages."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vnews.underthesea_tokenizer.v1"}}})
    for name in STAGES:
        nlp.add_pipe(name)
    # spaCy's guard (E088) is about the memory of its own parser and NER, which vnews does not
    # use; the reader's --max-bytes is the one size limit, so any article it accepts is processed.
    nlp.max_length = sys.maxsize
    return nlp


@functools.lru_cache(maxsize=1)
def default_nlp() -> Language:
    return make_nlp()


def process(article: Article, nlp: Language | None = None) -> Doc:
    """Normalize the article's text, tokenize it, attach metadata, run every stage."""
    nlp = nlp or default_nlp()
    return nlp(_with_meta(nlp.make_doc(article.text), article))  # the tokenizer normalizes


def tokenize_many(articles: list[Article], nlp: Language | None = None) -> list[Doc]:
    """The articles' Docs, tokenized together (the CRFs run once for all their sentences), with
    their metadata; ``nlp(doc)`` runs the stages on each (what ``process`` does, one by one)."""
    nlp = nlp or default_nlp()
    return [_with_meta(doc, a) for doc, a in zip(nlp.tokenizer.make_docs([a.text for a in articles]), articles)]


def _with_meta(doc: Doc, article: Article) -> Doc:
    doc._.set(DOC_META, {"article_id": article.article_id, "source": article.source,
                         "title": article.title, "published": article.published, "url": article.url})
    return doc
