"""The table formats both sides share: rows to typed frames, a table CSV back to its
schema dtypes, analysis dtypes (categories, datetimes), Parquet and DuckDB files, and the
atomic replace every writer goes through. The writer and the loader both import this
module, and neither imports the other.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from pipeline.io.rows import ColumnRows
from pipeline.io.schema import CATEGORIES, DATES, KEYS, TABLES, columns, validate

FORMATS = ("csv", "parquet", "duckdb")
DUCKDB_FILE = "vnews.duckdb"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


UMASK = _umask()


def replace_into(out: Path, name: str, write) -> None:
    """Write ``out/name`` through a temporary file in the same folder, then rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
    os.close(fd)
    try:
        Path(tmp).unlink()  # the writers want to create the file themselves
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~UMASK)
        os.replace(tmp, out / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def frame(table: str, rows: list[dict] | ColumnRows) -> pd.DataFrame:
    """Rows -> DataFrame with exactly the schema's columns, in order, with its dtypes,
    validated (keys, closed categories) before anything is written."""
    data = rows.columns if isinstance(rows, ColumnRows) else rows
    df = pd.DataFrame(data, columns=columns(table)).astype(TABLES[table])
    validate(table, df)
    return df


def read_table(path: Path, table: str) -> pd.DataFrame:
    """A table CSV (output or gold) with the schema's dtypes; missing columns are empty."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    for col in columns(table):
        if col not in df.columns:
            df[col] = pd.NA
    dtypes = TABLES[table]
    for col, dtype in dtypes.items():
        if dtype == "Int64":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        elif dtype == "float64":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
        elif dtype == "boolean":
            df[col] = df[col].map({"True": True, "False": False, "true": True, "false": False}).astype("boolean")
        else:
            df[col] = df[col].astype("string")
    extra = [c for c in df.columns if c not in dtypes]
    return df[columns(table) + extra]


def typed(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """CSV-level dtypes (schema.TABLES) -> analysis dtypes (categories, datetimes)."""
    df = df.copy()
    for col, allowed in CATEGORIES.get(table, {}).items():
        df[col] = pd.Categorical(df[col].astype("string"), categories=list(allowed) if allowed else None)
    for col in DATES.get(table, ()):
        df[col] = pd.to_datetime(df[col], errors="coerce", format="ISO8601")
    return df


def write_parquet(tables: dict[str, pd.DataFrame], out: Path) -> None:
    for name, df in tables.items():
        replace_into(out, f"{name}.parquet",
                     lambda path, df=df, name=name: typed(name, df).to_parquet(path, index=False))


def write_duckdb(tables: dict[str, pd.DataFrame], out: Path) -> None:
    """One DuckDB file: every table with its primary key, and article_id a foreign key
    to articles, so ``SELECT ... JOIN`` works as the schema says."""
    import duckdb


    sql_types = {"string": "VARCHAR", "Int64": "BIGINT", "float64": "DOUBLE", "boolean": "BOOLEAN"}

    def write(path: Path) -> None:
        con = duckdb.connect(str(path))
        try:
            for name, df in tables.items():
                cols = []
                for col, dtype in TABLES[name].items():
                    kind = "DATE" if col in DATES.get(name, ()) else sql_types[dtype]
                    cols.append(f'"{col}" {kind}')
                cols.append(f"PRIMARY KEY ({', '.join(KEYS[name])})")
                if name != "articles" and "article_id" in TABLES[name]:
                    cols.append("FOREIGN KEY (article_id) REFERENCES articles(article_id)")
                con.execute(f"CREATE TABLE {name} ({', '.join(cols)})")
                frame_ = typed(name, df)
                for col in DATES.get(name, ()):
                    frame_[col] = frame_[col].dt.date
                con.register("frame_", frame_)
                quoted = ", ".join(f'"{c}"' for c in TABLES[name])
                con.execute(f"INSERT INTO {name} SELECT {quoted} FROM frame_")
                con.unregister("frame_")
        finally:
            con.close()

    replace_into(out, DUCKDB_FILE, write)




def output_format(out: Path) -> str | None:
    """The format of the tables already in ``out`` (csv, parquet, duckdb), None if there are none."""
    out = Path(out)
    if (out / "articles.csv").exists():
        return "csv"
    if (out / "articles.parquet").exists():
        return "parquet"
    if (out / DUCKDB_FILE).exists():
        return "duckdb"
    return None


def read_output(out: Path, name: str) -> pd.DataFrame | None:
    """One table of an output folder, whichever format wrote it, with the CSV-level dtypes
    of schema.py (so that one path types and validates every format); None if absent."""
    out = Path(out)
    if (out / f"{name}.csv").exists():
        return read_table(out / f"{name}.csv", name)
    if (out / f"{name}.parquet").exists():
        df = pd.read_parquet(out / f"{name}.parquet")
    elif (out / DUCKDB_FILE).exists():
        import duckdb

        with duckdb.connect(str(out / DUCKDB_FILE), read_only=True) as con:
            known = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            if name not in known:
                return None
            df = con.execute(f"SELECT * FROM {name}").df()
    else:
        return None
    for col in columns(name):  # a column the schema gained since the file was written
        if col not in df.columns:
            df[col] = pd.NA
    df = df[columns(name)]
    return df.astype({c: "string" for c in DATES.get(name, ())}).astype(TABLES[name])


try:  # pyarrow's multithreaded CSV reader, where installed (the formats extra): 3x faster
    import pyarrow  # noqa: F401

    _CSV_ENGINE = "pyarrow"
except ImportError:
    _CSV_ENGINE = "c"


def read_columns(out: Path, name: str, wanted: list[str]) -> pd.DataFrame | None:
    """Some columns of one table, as strings (empty cells NA), without the typing and
    validation of ``read_output``: the fast path for a big table (tokens) read for one purpose."""
    out = Path(out)
    if (out / f"{name}.csv").exists():
        return pd.read_csv(out / f"{name}.csv", usecols=wanted, dtype=str, keep_default_na=False,
                           na_values=[""], engine=_CSV_ENGINE)[wanted]
    df = read_output(out, name)
    return None if df is None else df[wanted].astype("string").astype(object).where(df[wanted].notna(), None)
