"""The story stage: after the per-article stages, over every article of an output.

``StoryBuilder.add`` takes each finished article (its articles row and its rows of the
other tables, in input order), gives it a story (``StoryIndex``) and keeps what the story
tables need (entities, events, quantities). ``tables`` then makes ``stories``,
``story_events`` and ``story_claims`` for all of them. ``from_output`` starts from the
articles an output already holds (``vnews add``): their stories stay as they are and only
new articles are assigned.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from pipeline.io.formats import read_columns, read_output
from pipeline.io.rows import records
from pipeline.io.schema import STORY_TABLES, TABLES, columns
from pipeline.stories.claims import story_claim_rows, with_measures
from pipeline.stories.events import mentions, story_event_rows
from pipeline.stories.index import StoryIndex
from pipeline.stories.merge import happenings
from pipeline.stories.signature import (
    CONTENT_POS,
    Signature,
    add_dates,
    add_names,
    add_title,
    content_terms,
    outlet,
    reference_frequencies,
    token_terms,
)

KEPT = ("entities", "events", "quantities")  # the tables the story tables are made from
SENTENCE_COLUMNS = ("article_id", "sentence_id", "start_char", "text")  # of the sentences they quote
TOP_ENTITIES = 5


def _day(published) -> int | None:
    if not isinstance(published, str) or len(published) < 10:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


class StoryBuilder:
    def __init__(self):
        self.index = StoryIndex()
        self.frequencies = reference_frequencies()
        self.articles: list[dict] = []  # article_id, title, published, url, story_id: in arrival order
        # DataFrames or lists of rows; sentences only those holding a number or an event
        self.kept: dict[str, list] = {name: [] for name in KEPT + ("sentences",)}
        self.touched: set[str] = set()  # stories that gained an article here: their rows are remade
        self.previous: dict[str, pd.DataFrame] = {}  # story tables of the output, for the others
        # articles of the output not indexed yet, by publication day: only those near a new
        # article's day are ever compared with it, so only those are weighed and indexed
        self.pending: dict[int | None, list[dict]] = {}
        self.sources: dict[str, object] = {}  # what indexing a pending article needs

    def _take(self, row: dict, counts: Counter, story: str | None, listed: bool = False) -> str:
        sig = Signature(row["article_id"], _day(row.get("published")), self.frequencies.weigh(counts))
        story = self.index.assign(sig, story)
        if not listed:
            self.articles.append({k: row.get(k) for k in ("article_id", "title", "published", "url")}
                                 | {"story_id": story})
        return story

    def _index_near(self, day: int | None) -> None:
        """Index the output's articles published within the window of ``day`` (all of them for
        an article of unknown date), plus those of unknown date."""
        if not self.pending:
            return
        if day is None:
            days = list(self.pending)
        else:
            days = [d for d in range(day - self.index.window, day + self.index.window + 1) if d in self.pending]
            days += [None] if None in self.pending else []
        rows = [row for d in days for row in self.pending.pop(d)]
        if not rows:
            return
        ids = {row["article_id"] for row in rows}
        tokens = self.sources["tokens"]
        terms = token_terms(tokens[tokens["article_id"].isin(ids)])
        for row in rows:
            aid = row["article_id"]
            counts = Counter(terms.get(aid, ()))
            add_names(counts, self.sources["names"].get(aid, ()))
            add_title(counts, row.get("title"))
            add_dates(counts, self.sources["days"].get(aid, ()))
            self._take(row, counts, row["story_id"], listed=True)

    def add(self, row: dict, rows: dict[str, list[dict]]) -> str:
        """The story of a newly processed article (set into ``row["story_id"]`` too)."""
        self._index_near(_day(row.get("published")))
        row["story_id"] = self._take(row, content_terms(rows, row.get("title")), None)
        self.touched.add(row["story_id"])
        for name in ("events", "quantities"):
            self.kept[name].extend(rows.get(name, ()))
        # of names and sentences only what the story tables read: memory grows with the run
        self.kept["entities"].extend(records(rows.get("entities", ()), ("article_id", "text", "canonical")))
        told = {r["sentence_id"] for name in ("quantities", "events") for r in rows.get(name, ())}
        self.kept["sentences"].extend(s for s in records(rows.get("sentences", ()), SENTENCE_COLUMNS)
                                      if s["sentence_id"] in told)
        return row["story_id"]

    @classmethod
    def from_output(cls, out: Path) -> StoryBuilder:
        """The stories of the articles already in ``out`` (articles without a story, written by
        vnews 0.2 or older, are left out of the stories)."""
        builder = cls()
        articles = read_output(out, "articles")
        if articles is None:
            return builder
        articles = articles[(articles["status"] == "ok") & articles["story_id"].notna()]
        if articles.empty:
            return builder
        ids = set(articles["article_id"])
        tables = {name: read_output(out, name) for name in ("events", "quantities")}
        tables["entities"] = read_columns(out, "entities", ["article_id", "text", "canonical"])
        tables["dates"] = read_columns(out, "dates", ["article_id", "value"])
        tables = {name: df[df["article_id"].isin(ids)] for name, df in tables.items() if df is not None}
        tokens = read_columns(out, "tokens", ["article_id", "text", "pos"])
        builder.sources = {"tokens": tokens[tokens["pos"].isin(CONTENT_POS)],
                           "names": _grouped(tables.get("entities"), "canonical", fallback="text"),
                           "days": _grouped(tables.get("dates"), "value")}
        for row in _records(articles):
            builder.pending.setdefault(_day(row.get("published")), []).append(row)
            builder.articles.append({k: row.get(k) for k in ("article_id", "title", "published", "url", "story_id")})
            builder.index.last = max(builder.index.last, builder.index.number(row["story_id"]))
        for name in KEPT:
            if name in tables:
                builder.kept[name].append(tables[name])
        builder.previous = {name: df for name in STORY_TABLES if (df := read_output(out, name)) is not None}
        sentences = read_columns(out, "sentences", list(SENTENCE_COLUMNS))
        if sentences is not None:
            builder.kept["sentences"].append(sentences[sentences["article_id"].isin(ids)])
        return builder

    def _frame(self, name: str, ids: set[str]) -> pd.DataFrame:
        """The kept rows of a table for the articles ``ids``."""
        parts = [p[p["article_id"].isin(ids)] for p in self.kept[name] if isinstance(p, pd.DataFrame)]
        rows = [r for r in self.kept[name] if isinstance(r, dict) and r.get("article_id") in ids]
        frames = [p.astype(object).where(p.notna(), None) for p in parts]
        if rows:
            frames.append(pd.DataFrame(rows))
        if not frames:
            return pd.DataFrame(columns=columns(name))
        return pd.concat(frames, ignore_index=True)

    def _rows(self, name: str, ids: set[str]) -> list[dict]:
        """The rows of ``_frame`` as dicts, missing values None. In a fresh run the kept rows
        are all dicts that frame gives back unchanged, so they are taken as they are: building
        and undoing the frame was a third of the story tables' time."""
        rows = [r for r in self.kept[name] if isinstance(r, dict) and r.get("article_id") in ids]
        if all(isinstance(r, dict) for r in self.kept[name]) and _unframed(name, rows):
            return rows
        return _records(self._frame(name, ids))

    def tables(self) -> dict[str, list[dict]]:
        """Rows of the three story tables for every article taken so far: remade for the
        stories that gained an article, as they were for the others."""
        if not self.articles:
            return {name: [] for name in STORY_TABLES}
        arts = pd.DataFrame(self.articles)
        kept = set(arts["story_id"]) - self.touched
        if not all(name in self.previous for name in STORY_TABLES):
            kept = set()  # an output without story tables: make them all
        arts = arts[~arts["story_id"].isin(kept)]
        arts["order"] = range(len(arts))
        arts["outlet"] = arts["url"].map(outlet)
        arts["day"] = arts["published"].map(_day)
        arts = arts.sort_values(["story_id", "day", "order"], na_position="last", kind="stable")
        outlets = dict(zip(arts["article_id"], arts["outlet"]))
        rank = {aid: n for n, aid in enumerate(arts["article_id"])}  # story order: by day, then arrival
        story_of = dict(zip(arts["article_id"], arts["story_id"]))
        ids = set(arts["article_id"])
        entities, events, quantities, sentences = (self._rows(name, ids) for name in KEPT + ("sentences",))
        if quantities and sentences:
            quantities = with_measures(quantities, sentences)
        said = {(s["article_id"], int(s["sentence_id"])): s["text"] for s in sentences if isinstance(s["text"], str)}
        canonical = {(e["article_id"], e["text"]): e["canonical"] for e in entities if isinstance(e["canonical"], str)}
        by_story = {name: _by_story(rows, story_of, rank) for name, rows in
                    (("entities", entities), ("events", events), ("quantities", quantities))}
        out = {name: self._previous_rows(name, kept) for name in STORY_TABLES}
        members: dict[str, list[Member]] = {}  # by story_id, as arts are sorted
        for story_id, *told in zip(arts["story_id"], arts["title"], arts["published"], arts["outlet"]):
            members.setdefault(story_id, []).append(Member(*told))
        for story_id, group in members.items():
            out["stories"].append(_story_row(story_id, group, by_story["entities"].get(story_id)))
            story_events = by_story["events"].get(story_id)
            if story_events is not None:
                out["story_events"].extend(story_event_rows(
                    story_id, happenings(mentions(story_events, canonical, outlets, said))))
            story_quantities = by_story["quantities"].get(story_id)
            if story_quantities is not None:
                out["story_claims"].extend(story_claim_rows(story_id, story_quantities, canonical))
        for name in STORY_TABLES:  # in story order, whichever were remade
            out[name].sort(key=lambda r: (r["story_id"], r.get("story_event_id") or r.get("claim_id") or 0))
        return out

    def _previous_rows(self, name: str, stories: set[str]) -> list[dict]:
        df = self.previous.get(name)
        if df is None or not stories:
            return []
        return _records(df[df["story_id"].isin(stories)])


def _grouped(df: pd.DataFrame | None, column: str, fallback: str | None = None) -> dict[str, list]:
    if df is None or df.empty:
        return {}
    values = df[column]
    if fallback:
        values = values.fillna(df[fallback])
    out: dict[str, list] = {}
    for aid, value in zip(df["article_id"], values.astype(object).where(values.notna(), None)):
        out.setdefault(aid, []).append(value)
    return out


def _records(df: pd.DataFrame) -> list[dict]:
    """A frame's rows as dicts, missing values None."""
    return df.astype(object).where(df.notna(), None).to_dict("records")


_KINDS = {"Int64": {int}, "string": {str, type(None)}, "float64": {float, type(None)},
          "boolean": {bool, type(None)}}  # values a frame column of the dtype gives back as they are


def _unframed(name: str, rows: list[dict]) -> bool:
    """Whether ``_records`` of the frame of ``rows`` gives them back unchanged: the same
    columns of the table, in the same order, in every row, each value of its column's dtype.
    No NaN (it comes back None), and no None among ints (pandas would turn them into floats)."""
    if not rows:
        return True
    names, dtypes = tuple(rows[0]), TABLES[name]
    if not set(names) <= dtypes.keys() or set(map(tuple, rows)) != {names}:
        return False
    for column in names:
        values = list(map(itemgetter(column), rows))
        if not set(map(type, values)) <= _KINDS[dtypes[column]]:
            return False
        if dtypes[column] == "float64" and any(v != v for v in values):
            return False
    return True


def _by_story(rows: list[dict], story_of: dict[str, str], rank: dict[str, int]) -> dict[str, list[dict]]:
    """A table's rows per story, articles in story order, rows in their own order."""
    out: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda r: rank[r["article_id"]]):  # stable: rows keep their order
        out.setdefault(story_of[row["article_id"]], []).append(row)
    return out


class Member(NamedTuple):
    """An article of a story, as far as its row of ``stories`` reads it: values as the frame
    of the articles holds them (a missing title is NaN there, and stays so)."""
    title: str | float | None
    published: str | float | None
    outlet: str | float | None


def _story_row(story_id: str, group: list[Member], entities: list[dict] | None) -> dict:
    published = [m.published for m in group if isinstance(m.published, str) and m.published]
    top = ""
    if entities:
        counts = Counter(n for e in entities if isinstance(n := e.get("canonical") or e.get("text"), str))
        top = "; ".join(n for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ENTITIES])
    sources = {m.outlet for m in group if isinstance(m.outlet, str)}
    return {"story_id": story_id, "title": group[0].title, "first_published": min(published, default=None),
            "last_published": max(published, default=None), "n_articles": len(group),
            "n_sources": len(sources) or None, "top_entities": top or None}
