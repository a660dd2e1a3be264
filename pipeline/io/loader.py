"""Loading vnews tables in a notebook: ``from pipeline import load; t = load("out")``.

Every table comes back typed from schema.py (nullable integers, categoricals for labels
and codes, datetimes for dates, floats for values) and validated; ``Tables`` adds the
joins analysts write most often.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from pipeline.io.formats import DUCKDB_FILE, read_table, typed
from pipeline.io.schema import DATES, TABLE_NAMES, TABLES, validate


@dataclasses.dataclass
class Tables:
    articles: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    entities: pd.DataFrame
    dates: pd.DataFrame
    quantities: pd.DataFrame
    events: pd.DataFrame

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

    def events_with_actors(self) -> pd.DataFrame:
        """Events with their article's date and title, and their quantities joined in
        (one row per event and quantity; events without quantities kept)."""
        ev = self.events.merge(self.articles[["article_id", "title", "published"]], on="article_id", how="left")
        ids = ev["quantity_ids"].astype("string").str.split(";")
        ev = ev.assign(quantity_id=ids).explode("quantity_id")
        ev["quantity_id"] = pd.to_numeric(ev["quantity_id"], errors="coerce").astype("Int64")
        q = self.quantities[["article_id", "quantity_id", "value", "qualifier", "unit"]]
        return ev.merge(q, on=["article_id", "quantity_id"], how="left")

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


def _read(out: Path, name: str) -> pd.DataFrame | None:
    """One table from whichever format the run wrote (csv, parquet or the duckdb file)."""
    if (out / f"{name}.csv").exists():
        return read_table(out / f"{name}.csv", name)
    if (out / f"{name}.parquet").exists():
        df = pd.read_parquet(out / f"{name}.parquet")
    elif (out / DUCKDB_FILE).exists():
        import duckdb

        with duckdb.connect(str(out / DUCKDB_FILE), read_only=True) as con:
            df = con.execute(f"SELECT * FROM {name}").df()
    else:
        return None
    # back to the CSV-level dtypes, so that one path types and validates every format
    return df.astype({c: "string" for c in DATES.get(name, ())}).astype(TABLES[name])


def load(out: str | Path = "out") -> Tables:
    """All tables of a ``vnews run --out OUT`` folder (csv, parquet or duckdb), typed and validated."""
    out = Path(out)
    frames = {}
    for name in TABLE_NAMES:
        df = _read(out, name)
        if df is None:
            raise FileNotFoundError(f"{out}: no {name} table (.csv, .parquet or {DUCKDB_FILE}); "
                                    f"run `vnews run ... --out {out}`")
        validate(name, df)
        frames[name] = typed(name, df)
    return Tables(**frames)
