"""Events in GDELT 2.0 event-table columns (``vnews export --gdelt DIR``).

Only the columns vnews can fill are written, with GDELT's own names, so a notebook can
``concat`` vnews rows with GDELT rows: ids, dates, actors, CAMEO codes, QuadClass,
GoldsteinScale, the action location and the source URL. One row is one happening: the
mentions of one story event (``story_events``, many articles) make one row with their counts
in NumMentions, NumSources and NumArticles, and one row each in the mentions table. Actor and location codes that
need GDELT's geocoder or actor dictionaries are left out rather than invented.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.io.loader import load, start_of
from pipeline.io.writer import write_atomic
from pipeline.stories.signature import outlet


def _mentions_of(t) -> pd.DataFrame:
    """Each event with the story event it is a mention of (``story_events.event_ids``), and that
    happening's counts; an event of an output without stories is a happening of its own."""
    ev = t.events.merge(t.articles[["article_id", "published", "source", "url"]], on="article_id", how="left")
    se = t.story_events
    if len(se):
        ids = se.assign(item=se["event_ids"].astype("string").str.split(";")).explode("item")
        ids["first"] = ~ids.duplicated(["story_id", "story_event_id"])
        ids["article_id"] = ids["item"].str.rsplit(":", n=1).str[0]
        ids["event_id"] = pd.to_numeric(ids["item"].str.rsplit(":", n=1).str[1]).astype("Int64")
        ids = ids[["article_id", "event_id", "story_id", "story_event_id", "n_mentions", "n_articles", "n_sources",
                   "first", "cameo_code"]].rename(columns={"cameo_code": "story_code"})
        ev = ev.merge(ids, on=["article_id", "event_id"], how="left")
    else:
        ev = ev.assign(story_id=pd.NA, story_event_id=pd.NA, n_mentions=1, n_articles=1, n_sources=1, first=True,
                       story_code=ev["cameo_code"])
    alone = ev["story_id"].isna()  # an event no story holds (a failed or older article)
    ev["GLOBALEVENTID"] = (ev["story_id"].astype("string") + "-" + ev["story_event_id"].astype("string")).where(
        ~alone, ev["article_id"].astype(str) + "-" + ev["event_id"].astype(str))
    for col in ("n_mentions", "n_articles", "n_sources"):
        ev[col] = ev[col].where(~alone, 1).fillna(1).astype("Int64")
    ev["first"] = ev["first"].where(~alone, True).astype(bool)
    return ev


def _events(all_mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per happening (a story event), from its first mention, with its counts."""
    ev = all_mentions[all_mentions["first"]].reset_index(drop=True)
    when = start_of(ev["date_value"])[0].fillna(ev["published"])
    return pd.DataFrame({
        "GLOBALEVENTID": ev["GLOBALEVENTID"],
        "SQLDATE": when.dt.strftime("%Y%m%d"),
        "MonthYear": when.dt.strftime("%Y%m"),
        "Year": when.dt.year.astype("Int64"),
        "Actor1Code": ev["actor1_code"],
        "Actor1Name": ev["actor1"],
        "Actor1CountryCode": ev["actor1_code"].str.slice(0, 3),
        "Actor1Type1Code": ev["actor1_code"].str.slice(3, 6),
        "Actor2Code": ev["actor2_code"],
        "Actor2Name": ev["actor2"],
        "Actor2CountryCode": ev["actor2_code"].str.slice(0, 3),
        "Actor2Type1Code": ev["actor2_code"].str.slice(3, 6),
        "IsRootEvent": 1,
        "EventCode": ev["cameo_code"].astype(str),
        "EventBaseCode": ev["cameo_code"].astype(str).str.slice(0, 3),
        "EventRootCode": ev["root_code"].astype(str),
        "QuadClass": ev["quad_class"],
        "GoldsteinScale": ev["goldstein"],
        "NumMentions": ev["n_mentions"],
        "NumSources": ev["n_sources"],
        "NumArticles": ev["n_articles"],
        "ActionGeo_FullName": ev["location"],
        "DATEADDED": ev["published"].dt.strftime("%Y%m%d"),
        "SOURCEURL": ev["url"].fillna(ev["source"]),
    })


def to_mentions(all_mentions: pd.DataFrame) -> pd.DataFrame:
    """GDELT 2.0 mentions table: one row per article's mention of a happening. ``Confidence``
    is how well the mention agrees with the happening's code: 100 the same CAMEO code, 50 the
    same base code, 20 only the same root."""
    m = all_mentions
    code, story = m["cameo_code"].astype(str), m["story_code"].astype(str)
    confidence = pd.Series(20, index=m.index)
    confidence[code.str.slice(0, 3) == story.str.slice(0, 3)] = 50
    confidence[code == story] = 100
    when = start_of(m["date_value"])[0].fillna(m["published"])
    return pd.DataFrame({
        "GLOBALEVENTID": m["GLOBALEVENTID"],
        "EventTimeDate": when.dt.strftime("%Y%m%d"),
        "MentionTimeDate": m["published"].dt.strftime("%Y%m%d"),
        "MentionType": 1,
        "MentionSourceName": pd.Series([outlet(u) if isinstance(u, str) else None for u in m["url"].astype(object)],
                                       index=m.index, dtype="string").fillna(m["source"].astype("string")),
        "MentionIdentifier": m["url"].fillna(m["source"]),
        "SentenceID": m["sentence_id"],
        "ActionCharOffset": m["start_char"],
        "InRawText": 1,
        "Confidence": confidence.astype("Int64"),
    })


def export(out: Path, target: Path) -> Path:
    """``events.gdelt.csv`` (one row per happening) and ``mentions.gdelt.csv`` in ``target``."""
    mentions = _mentions_of(load(out))
    path = Path(target) / "events.gdelt.csv"
    write_atomic(_events(mentions), path)
    write_atomic(to_mentions(mentions), Path(target) / "mentions.gdelt.csv")
    return path
