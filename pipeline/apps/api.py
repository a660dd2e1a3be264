"""The Python API: one text (or many) in, the tables out as typed DataFrames (the seven of the
articles, and the stories they tell together).

    from pipeline import extract
    t = extract("Sáng 5/3, Thủ tướng ...", published="2024-03-05")
    t.entities, t.events, t.events_with_actors()

The tables are those of ``vnews run`` (same columns and dtypes as ``load``), made in memory.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.apps.runner import results_in_order, unique_ids, work
from pipeline.io.loader import Tables, tables_from_rows
from pipeline.io.reader import Article, article_from_object, parse_published
from pipeline.io.tables import empty_rows
from pipeline.stories.build import StoryBuilder

Item = str | dict | Article


def to_article(item: Item, n: int = 1, published: str | None = None) -> Article:
    """A text, a dict (``text`` and optional ``id``, ``title``, ``published``, ``url``, as in
    a .json input) or an Article -> an Article; ``published`` for one that carries none."""
    if isinstance(item, Article):
        article = item
    elif isinstance(item, str):
        article = article_from_object({"text": item}, f"<text {n}>", f"text-{n}")
    elif isinstance(item, dict):
        article = article_from_object(item, f"<item {n}>", f"text-{n}")
    else:
        raise TypeError(f"item {n}: a text, a dict with 'text' or an Article, not {type(item).__name__}")
    if published and not article.published:
        article.published = parse_published(published)
    return article


def extract(text: str, published: str | None = None, article_id: str | None = None, title: str | None = None,
            url: str | None = None) -> Tables:
    """The tables of one article. ``published`` (``2024-03-05``, ``05/03/2024`` ...) anchors
    relative dates; ValueError with the coded reason for a text that is no article (empty) or
    a date that is no date."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    obj = {"text": text, "id": article_id, "title": title, "published": published, "url": url}
    article = article_from_object(obj, "<text>", "text")
    if article.error:
        raise ValueError(article.error)
    row, rows = work(article)
    if rows is None:
        raise ValueError(row["error"])
    stories = StoryBuilder()
    stories.add(row, rows)
    rows["articles"] = [row]
    return tables_from_rows(rows | stories.tables())


def extract_many(items: Iterable[Item], jobs: int = 1, published: str | None = None) -> Tables:
    """The tables of many articles together (ids made unique as ``vnews run`` does); an item
    that is no article is one ``status=error`` row and the others go on. ``jobs`` > 1 forks
    worker processes that share the loaded models; the tables are the same for any ``jobs``."""
    articles = unique_ids(to_article(item, n, published) for n, item in enumerate(items, 1))
    rows = empty_rows()
    stories = StoryBuilder()
    with results_in_order(((article, False) for article in articles), jobs) as results:
        for row, table_rows in results:
            if table_rows is not None:
                stories.add(row, table_rows)
            rows["articles"].append(row)
            for name, found in (table_rows or {}).items():
                rows[name].extend(found)
    return tables_from_rows(rows | stories.tables())
