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
from pathlib import Path

import pandas as pd

from pipeline.io.formats import read_columns, read_output
from pipeline.io.rows import records
from pipeline.io.schema import STORY_TABLES, columns
from pipeline.stories.claims import story_claim_rows, with_measures
from pipeline.stories.events import happenings, mentions, story_event_rows
from pipeline.stories.index import StoryIndex
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
        for row in articles.astype(object).where(articles.notna(), None).to_dict("records"):
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
        entities, events, quantities = (self._frame(name, ids) for name in KEPT)
        sentences = self._frame("sentences", ids)
        if len(quantities) and len(sentences):
            sentences["start_char"] = pd.to_numeric(sentences["start_char"])
            quantities = with_measures(quantities, sentences)
        said = {(a, int(i)): t for a, i, t in zip(sentences.get("article_id", ()), sentences.get("sentence_id", ()),
                                                   sentences.get("text", ())) if isinstance(t, str)}
        canonical = {(a, t): c for a, t, c in zip(entities.get("article_id", ()), entities.get("text", ()),
                                                    entities.get("canonical", ())) if isinstance(c, str)}
        by_story = {name: _by_story(df, story_of, rank) for name, df in
                    (("entities", entities), ("events", events), ("quantities", quantities))}
        out = {name: self._previous_rows(name, kept) for name in STORY_TABLES}
        for story_id, group in arts.groupby("story_id", sort=True):
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
        df = df[df["story_id"].isin(stories)]
        return df.astype(object).where(df.notna(), None).to_dict("records")


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


def _by_story(df: pd.DataFrame, story_of: dict[str, str], rank: dict[str, int]) -> dict[str, list[dict]]:
    """A table's rows (as dicts, missing values None) per story, articles in story order, rows
    in their own order."""
    if df.empty or "article_id" not in df:
        return {}
    df = df[df["article_id"].isin(story_of)]
    df = df.assign(_rank=df["article_id"].map(rank), _row=range(len(df))).sort_values(["_rank", "_row"],
                                                                                       kind="stable")
    out: dict[str, list[dict]] = {}
    for row in df.drop(columns=["_rank", "_row"]).astype(object).where(df.notna(), None).to_dict("records"):
        out.setdefault(story_of[row["article_id"]], []).append(row)
    return out


def _story_row(story_id: str, group: pd.DataFrame, entities: list[dict] | None) -> dict:
    published = [p for p in group["published"] if isinstance(p, str) and p]
    top = ""
    if entities:
        counts = Counter(n for e in entities if isinstance(n := e.get("canonical") or e.get("text"), str))
        top = "; ".join(n for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ENTITIES])
    sources = {o for o in group["outlet"] if isinstance(o, str)}
    return {"story_id": story_id, "title": group["title"].iloc[0], "first_published": min(published, default=None),
            "last_published": max(published, default=None), "n_articles": len(group),
            "n_sources": len(sources) or None, "top_entities": top or None}
