"""Writing and reading the tables: atomic CSV files typed by schema.py."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from .schema import TABLES, columns


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows -> DataFrame with exactly the schema's columns, in order, with its dtypes."""
    df = pd.DataFrame(rows, columns=columns(table))
    return df.astype(TABLES[table])


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

    def __init__(self, out: Path):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
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
        for name, (fh, tmp) in self.files.items():
            fh.close()
            os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; tables are ordinary files
            os.replace(tmp, self.out / f"{name}.csv")
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
