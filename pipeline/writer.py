"""Writing and reading the tables: atomic CSV files typed by schema.py."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from .schema import TABLES, columns, validate


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows -> DataFrame with exactly the schema's columns, in order, with its dtypes,
    validated (keys, closed categories) before anything is written."""
    df = pd.DataFrame(rows, columns=columns(table)).astype(TABLES[table])
    validate(table, df)
    return df


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()


def write_atomic(df: pd.DataFrame, path: Path) -> None:
    """Write to a temporary file in the same folder, then rename: never a half-written CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            df.to_csv(fh, index=False)
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class TableWriter:
    """All tables of a run, appended chunk by chunk to temporary files that replace the
    real ones only when the run completes: memory does not grow with the corpus, and an
    interrupted run leaves the previous tables (or none) but never a half-written one."""

    def __init__(self, out: Path, fmt: str = "csv"):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
        self.fmt = fmt
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        for stale in self.out.glob(".*.tmp"):  # left by a run that was killed (SIGKILL, power loss)
            if stale.name.split(".")[1] in TABLES or stale.name.startswith(f".{DUCKDB_FILE}."):
                stale.unlink(missing_ok=True)
        self.counts = {name: 0 for name in TABLES}
        self.files = {}
        try:
            for name in TABLES:
                fd, tmp = tempfile.mkstemp(prefix=f".{name}.csv.", suffix=".tmp", dir=self.out)
                fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
                frame(name, []).to_csv(fh, index=False)
                self.files[name] = (fh, Path(tmp))
        except BaseException:
            self.abort()
            raise

    def append(self, tables: dict[str, list[dict]]) -> None:
        for name, rows in tables.items():
            if rows:
                frame(name, rows).to_csv(self.files[name][0], index=False, header=False)
                self.counts[name] += len(rows)

    def commit(self) -> dict[str, int]:
        for fh, _ in self.files.values():
            fh.close()
        if self.fmt == "csv":
            for name, (_, tmp) in self.files.items():
                os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; tables are ordinary files
                os.replace(tmp, self.out / f"{name}.csv")
        else:
            tables = {name: read_table(tmp, name) for name, (_, tmp) in self.files.items()}
            (write_parquet if self.fmt == "parquet" else write_duckdb)(tables, self.out)
            for _, tmp in self.files.values():
                tmp.unlink(missing_ok=True)
        self.files = {}
        return dict(self.counts)

    def abort(self) -> None:
        for fh, tmp in self.files.values():
            fh.close()
            tmp.unlink(missing_ok=True)
        self.files = {}

    def __enter__(self) -> "TableWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            self.abort()
        return False


FORMATS = ("csv", "parquet", "duckdb")
DUCKDB_FILE = "vnews.duckdb"


def _replace_into(out: Path, name: str, write) -> None:
    """Write ``out/name`` through a temporary file in the same folder, then rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
    os.close(fd)
    try:
        Path(tmp).unlink()  # the writers want to create the file themselves
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, out / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(text: str, path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace_into(path.parent, path.name, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_parquet(tables: dict[str, pd.DataFrame], out: Path) -> None:
    from .loader import typed

    for name, df in tables.items():
        _replace_into(out, f"{name}.parquet", lambda path, df=df, name=name: typed(name, df).to_parquet(path, index=False))


def write_duckdb(tables: dict[str, pd.DataFrame], out: Path) -> None:
    """One DuckDB file: every table with its primary key, and article_id a foreign key
    to articles, so ``SELECT ... JOIN`` works as the schema says."""
    import duckdb

    from .loader import typed
    from .schema import DATES, KEYS

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
                if name != "articles":
                    cols.append("FOREIGN KEY (article_id) REFERENCES articles(article_id)")
                con.execute(f"CREATE TABLE {name} ({', '.join(cols)})")
                frame_ = typed(name, df)
                for col in DATES.get(name, ()):
                    frame_[col] = frame_[col].dt.date
                con.register("frame_", frame_)
                con.execute(f"INSERT INTO {name} SELECT {', '.join(chr(34) + c + chr(34) for c in TABLES[name])} FROM frame_")
                con.unregister("frame_")
        finally:
            con.close()

    _replace_into(out, DUCKDB_FILE, write)


def write_tables(tables: dict[str, list[dict]], out: Path) -> dict[str, int]:
    with TableWriter(out) as writer:
        writer.append(tables)
        return writer.commit()


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
