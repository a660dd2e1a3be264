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


def write_atomic(df: pd.DataFrame, path: Path) -> None:
    """Write to a temporary file in the same folder, then rename: never a half-written CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            df.to_csv(fh, index=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tables(tables: dict[str, list[dict]], out: Path) -> dict[str, int]:
    counts = {}
    for name in TABLES:
        df = frame(name, tables.get(name, []))
        write_atomic(df, Path(out) / f"{name}.csv")
        counts[name] = len(df)
    return counts


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
