"""Writing and reading the tables: atomic CSV files typed by schema.py."""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from pathlib import Path
from typing import NamedTuple, TextIO

import pandas as pd

from pipeline.io.formats import (
    DUCKDB_FILE,
    FORMATS,
    UMASK,
    frame,
    read_output,
    read_table,
    replace_into,
    write_duckdb,
    write_parquet,
)
from pipeline.io.rows import ColumnRows
from pipeline.io.schema import STORY_TABLES, TABLES, columns, plain_columns


def write_atomic(df: pd.DataFrame, path: Path) -> None:
    """Write to a temporary file in the same folder, then rename: never a half-written CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            df.to_csv(fh, index=False)
        os.chmod(tmp, 0o666 & ~UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class TempTable(NamedTuple):
    """A table being written: its open file and the temporary path it will be renamed from."""
    fh: TextIO
    path: Path


class TableWriter:
    """All tables of a run, appended chunk by chunk to temporary files that replace the
    real ones only when the run completes: memory does not grow with the corpus, and an
    interrupted run leaves the previous tables (or none) but never a half-written one."""

    def __init__(self, out: Path, fmt: str = "csv", keep: bool = False):
        """``keep``: start from the tables already in ``out`` (``vnews add``): their rows stay
        as they are, byte for byte in CSV, and the new ones follow."""
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
                self.files[name] = TempTable(fh, Path(tmp))
                self._start(name, fh, keep)
        except BaseException:
            self.abort()
            raise

    def _start(self, name: str, fh: TextIO, keep: bool) -> None:
        """Write the table's header, or its existing rows when keeping them (``counts`` counts
        only the rows this writer adds). The story tables are rebuilt whole, never kept."""
        keep = keep and name not in STORY_TABLES
        if keep and self.fmt == "csv" and (self.out / f"{name}.csv").exists():
            with open(self.out / f"{name}.csv", encoding="utf-8", newline="") as old:
                header = old.readline()
                if header.rstrip("\r\n").split(",") == columns(name):  # else: an older schema, below
                    fh.write(header)
                    shutil.copyfileobj(old, fh)
                    return
        existing = read_output(self.out, name) if keep else None
        (frame(name, []) if existing is None else existing).to_csv(fh, index=False)

    def append(self, tables: dict[str, list[dict] | ColumnRows]) -> None:
        for name, rows in tables.items():
            if not rows:
                continue
            fh = self.files[name].fh
            if isinstance(rows, ColumnRows) and plain_columns(name, rows.columns):
                # what to_csv writes for these values (its csv.writer, as configured by pandas),
                # without a frame: for the tokens, the most of the main process's time
                csv.writer(fh, lineterminator=os.linesep).writerows(zip(*rows.columns.values()))
            else:
                frame(name, rows).to_csv(fh, index=False, header=False)
            self.counts[name] += len(rows)

    def commit(self) -> dict[str, int]:
        for fh, _ in self.files.values():
            fh.close()
        if self.fmt == "csv":
            for name, (_, tmp) in self.files.items():
                os.chmod(tmp, 0o666 & ~UMASK)  # mkstemp makes 0600; tables are ordinary files
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

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            self.abort()
        return False


def write_text_atomic(text: str, path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_into(path.parent, path.name, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_tables(tables: dict[str, list[dict]], out: Path) -> dict[str, int]:
    with TableWriter(out) as writer:
        writer.append(tables)
        return writer.commit()


