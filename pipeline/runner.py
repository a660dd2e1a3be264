"""Batch runs: inputs -> Docs -> rows -> tables, one failed article never stops the rest."""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import time
from pathlib import Path
from typing import Iterable

import click

from . import errors
from .nlp import default_nlp, process
from .reader import DEFAULT_MAX_BYTES, make_ids_unique, read_inputs
from .tables import article_row, doc_rows, empty_rows
from .writer import write_tables


@dataclasses.dataclass
class Summary:
    ok: int
    failed: int
    counts: dict[str, int]
    seconds: float

    def line(self) -> str:
        parts = ", ".join(f"{n} {name}" for name, n in self.counts.items() if name != "articles")
        return (f"vnews: {self.ok} articles ok, {self.failed} failed; {parts}; "
                f"{self.seconds:.1f} s")


def run(paths: Iterable[str], out: Path, max_bytes: int = DEFAULT_MAX_BYTES, progress: bool = True) -> Summary:
    started = time.perf_counter()
    articles = list(read_inputs(paths, max_bytes=max_bytes))
    make_ids_unique(articles)
    tables = empty_rows()
    nlp = default_nlp() if any(a.ok for a in articles) else None
    failed = 0
    show = progress and len(articles) > 1
    with click.progressbar(articles, label="articles", file=sys.stderr,
                           item_show_func=lambda a: a.article_id if a else "") if show else contextlib.nullcontext(articles) as bar:
        for article in bar:
            error = article.error
            doc = None
            if error is None:
                try:
                    doc = process(article, nlp)
                    rows = doc_rows(doc)
                except Exception as exc:  # one article's failure is one error row
                    error = errors.E020.format(kind=type(exc).__name__, reason=exc)
                    doc = None
                else:
                    for name, table_rows in rows.items():
                        tables[name].extend(table_rows)
            if error:
                failed += 1
                click.echo(f"error: {article.source}: {error}", err=True)
            tables["articles"].append(article_row(article, doc, error))
    counts = write_tables(tables, Path(out))
    return Summary(ok=len(articles) - failed, failed=failed, counts=counts,
                   seconds=time.perf_counter() - started)
