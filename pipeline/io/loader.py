"""Loading vnews tables in a notebook: ``from pipeline import load; t = load("out")``.

Every table comes back typed from schema.py (nullable integers, categoricals for labels
and codes, datetimes for dates, floats for values) and validated; ``Tables`` adds the
joins analysts write most often.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd

from pipeline.core.display import quantity_note
from pipeline.io.formats import DUCKDB_FILE, frame, read_output, typed
from pipeline.io.schema import STORY_TABLES, TABLE_NAMES, validate


@dataclasses.dataclass
class Tables:
    articles: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    entities: pd.DataFrame
    dates: pd.DataFrame
    quantities: pd.DataFrame
    events: pd.DataFrame
    stories: pd.DataFrame
    story_events: pd.DataFrame
    story_claims: pd.DataFrame

    def mentions(self, label: str | None = None) -> pd.DataFrame:
        """Entity mentions (of one label: "PER", "LOC", "ORG", "MISC"), with the article's
        title and publication date and the sentence they occur in."""
        ents = self.entities if label is None else self.entities[self.entities["label"] == label]
        out = ents.merge(self.articles[["article_id", "title", "published"]], on="article_id", how="left")
        sents = self.sentences[["article_id", "sentence_id", "text"]].rename(columns={"text": "sentence"})
        return out.merge(sents, on=["article_id", "sentence_id"], how="left")

    def counts(self, label: str | None = None) -> pd.Series:
        """How many mentions each canonical name has (most first)."""
        return self.mentions(label).groupby("canonical", observed=True).size().sort_values(ascending=False)

    def event_quantities(self) -> pd.DataFrame:
        """One row per event and linked quantity (events without quantities left out): the
        long form, for sums and plots of what the events counted."""
        ev = self.events[["article_id", "event_id", "trigger", "cameo_code", "actor1", "actor2"]]
        ids = self.events["quantity_ids"].astype("string").str.split(";")
        ev = ev.assign(quantity_id=ids).explode("quantity_id").dropna(subset=["quantity_id"])
        ev["quantity_id"] = pd.to_numeric(ev["quantity_id"], errors="coerce").astype("Int64")
        q = self.quantities[["article_id", "quantity_id", "text", "value", "value_max", "qualifier", "unit"]]
        return ev.merge(q, on=["article_id", "quantity_id"], how="inner")

    def events_with_actors(self) -> pd.DataFrame:
        """One row per event, with its article's title and publication date, and its
        quantities written out in one column (``=12 người; >20 căn nhà``); the first
        quantity's ``value`` and ``unit`` as numbers (``event_quantities`` has them all)."""
        ev = self.events.merge(self.articles[["article_id", "title", "published"]], on="article_id", how="left")
        long = self.event_quantities()
        if len(long):
            note = [quantity_note(row) for row in long[["qualifier", "value", "unit"]].astype(object)
                    .where(long[["qualifier", "value", "unit"]].notna(), None).to_dict("records")]
            grouped = long.assign(note=note).groupby(["article_id", "event_id"], observed=True, sort=False)
            per_event = grouped.agg(quantities=("note", "; ".join), value=("value", "first"),
                                    unit=("unit", "first")).reset_index()
        else:
            per_event = pd.DataFrame(columns=["article_id", "event_id", "quantities", "value", "unit"])
        per_event = per_event.astype({"article_id": ev["article_id"].dtype, "event_id": ev["event_id"].dtype})
        out = ev.merge(per_event, on=["article_id", "event_id"], how="left")
        out["quantities"] = out["quantities"].astype("string")
        return out

    def records(self) -> dict[str, list[dict]]:
        """Every table as a list of plain row objects (JSON-ready: missing values are None,
        dates ``YYYY-MM-DD``), as ``vnews serve`` answers."""
        out = {}
        for field in dataclasses.fields(self):
            df = getattr(self, field.name).copy()
            for column in df.columns:
                if pd.api.types.is_datetime64_any_dtype(df[column]):
                    df[column] = df[column].dt.strftime("%Y-%m-%d")
            out[field.name] = json.loads(df.to_json(orient="records", force_ascii=False))
        return out

    def timeline(self) -> pd.DataFrame:
        """Dated events, sorted: ``when`` is the start of what ``date_value`` names (a day,
        a month, a year, the first year of an interval) and ``precision`` says which."""
        ev = self.events.copy()
        ev["when"], ev["precision"] = start_of(ev["date_value"])
        return ev.dropna(subset=["when"]).sort_values(["when", "article_id", "event_id"])


def start_of(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """TIMEX values -> the first day they name (``2016`` -> 2016-01-01, ``1988/1994`` ->
    1988-01-01, ``2020-09-27TMO`` -> 2020-09-27) and its precision (day, month, year)."""
    value = values.astype("string")
    day = pd.to_datetime(value.str.slice(0, 10), errors="coerce", format="%Y-%m-%d")
    month = pd.to_datetime(value.str.extract(r"^(\d{4}-\d{2})(?:$|/)")[0], errors="coerce", format="%Y-%m")
    year = pd.to_datetime(value.str.extract(r"^(\d{4})(?:$|/)")[0], errors="coerce", format="%Y")
    precision = pd.Series("day", index=values.index).where(day.notna(), pd.Series(
        "month", index=values.index).where(month.notna(), "year"))
    when = day.fillna(month).fillna(year)
    return when, precision.where(when.notna())


def load(out: str | Path = "out") -> Tables:
    """All tables of a ``vnews run --out OUT`` folder (csv, parquet or duckdb), typed and
    validated; the path of the folder's ``vnews.duckdb`` or of one of its tables works too."""
    out = Path(out)
    if out.is_file():
        out = out.parent
    elif not out.exists():
        raise FileNotFoundError(f"{out}: no such folder; run `vnews run ... --out {out}`")
    frames = {}
    for name in TABLE_NAMES:
        df = read_output(out, name)
        if df is None and name in STORY_TABLES:  # an output of vnews 0.2 or older: no stories yet
            df = frame(name, [])
        if df is None:
            raise FileNotFoundError(f"{out}: no {name} table (.csv, .parquet or {DUCKDB_FILE}); "
                                    f"run `vnews run ... --out {out}`")
        validate(name, df)
        frames[name] = typed(name, df)
    return Tables(**frames)


def tables_from_rows(rows: dict[str, list[dict]]) -> Tables:
    """Rows as the pipeline makes them (``pipeline.io.tables``) -> the typed tables ``load`` gives."""
    return Tables(**{name: typed(name, frame(name, rows.get(name, []))) for name in TABLE_NAMES})
