"""Events in GDELT 2.0 event-table columns (``vnews export --gdelt DIR``).

Only the columns vnews can fill are written, with GDELT's own names, so a notebook can
``concat`` vnews rows with GDELT rows: ids, dates, actors, CAMEO codes, QuadClass,
GoldsteinScale, the action location and the source URL. Actor and location codes that
need GDELT's geocoder or actor dictionaries are left out rather than invented.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.io.loader import load, start_of
from pipeline.io.writer import write_atomic


def to_gdelt(out: Path) -> pd.DataFrame:
    t = load(out)
    ev = t.events.merge(t.articles[["article_id", "published", "source", "url"]], on="article_id", how="left")
    when = start_of(ev["date_value"])[0].fillna(ev["published"])
    return pd.DataFrame({
        "GLOBALEVENTID": ev["article_id"].astype(str) + "-" + ev["event_id"].astype(str),
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
        "NumMentions": 1,
        "NumSources": 1,
        "NumArticles": 1,
        "ActionGeo_FullName": ev["location"],
        "DATEADDED": ev["published"].dt.strftime("%Y%m%d"),
        "SOURCEURL": ev["url"].fillna(ev["source"]),
    })


def export(out: Path, target: Path) -> Path:
    df = to_gdelt(out)
    path = Path(target) / "events.gdelt.csv"
    write_atomic(df, path)
    return path
