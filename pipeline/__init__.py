"""vnews: Vietnamese news extraction pipeline (spaCy + underthesea).

    from pipeline import extract, extract_many, load, nlp
    t = extract(text, published="2024-03-05")   # one article's tables, typed DataFrames
    t = extract_many(texts_or_dicts, jobs=2)     # many articles' tables together
    t = load("out")                              # the tables of a `vnews run` / `vnews add` output
    doc = nlp()(text)                            # the spaCy Language: a Doc with every stage's marks

Imports are lazy: ``import pipeline`` loads no model.
"""

__version__ = "0.2.0"


def load(out="out"):
    """Typed, validated tables of a ``vnews run`` output folder (pipeline.io.loader.load)."""
    from pipeline.io.loader import load as _load

    return _load(out)


def extract(text, published=None, article_id=None, title=None, url=None):
    """The tables of one text as typed DataFrames (pipeline.apps.api.extract)."""
    from pipeline.apps.api import extract as _extract

    return _extract(text, published=published, article_id=article_id, title=title, url=url)


def extract_many(items, jobs=1, published=None):
    """The tables of many texts (str, or dicts with text/id/title/published/url) together."""
    from pipeline.apps.api import extract_many as _extract_many

    return _extract_many(items, jobs=jobs, published=published)


def nlp():
    """The vnews spaCy ``Language`` (loaded once per process): ``nlp()("Hà Nội ...")`` is a Doc
    with entities, dates, quantities and events; ``pipeline.io.tables.doc_rows`` gives its rows
    (per table a sequence of row dicts; ``list()`` of one is a plain list, for JSON)."""
    from pipeline.language import default_nlp

    return default_nlp()
