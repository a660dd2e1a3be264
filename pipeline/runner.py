"""Batch runs: inputs -> Docs -> rows -> tables, one failed article never stops the rest.

Articles stream through: read one by one, processed by ``jobs`` worker processes (each
loads the pipeline once; results come back in input order, so the tables are the same
for any number of jobs), and appended to the tables in chunks.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

import click

from . import errors
from .nlp import default_nlp, process
from .reader import DEFAULT_MAX_BYTES, Article, iter_input_files, read_inputs
from .tables import article_row, doc_rows, empty_rows
from .writer import TableWriter

CHUNK = 64  # articles per append to the tables


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


def work(article: Article) -> tuple[dict, dict | None]:
    """One article -> (its articles.csv row, its rows of the other tables or None)."""
    if article.error is not None:
        return article_row(article, None, article.error), None
    try:
        doc = process(article, default_nlp())
        return article_row(article, doc), doc_rows(doc)
    except Exception as exc:  # one article's failure is one error row
        error = errors.E020.format(kind=type(exc).__name__, reason=exc)
        return article_row(article, None, error), None


def unique_ids(articles: Iterable[Article]) -> Iterator[Article]:
    """``id`` from metadata or file stem, suffixed ``-2``, ``-3``... where taken, in input order."""
    seen: set[str] = set()
    for art in articles:
        base = art.article_id or "article"
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        art.article_id = candidate
        seen.add(candidate)
        yield art


def count_articles(paths: Iterable[str]) -> int | None:
    """How many articles the inputs hold (a .jsonl file holds one per line), for the
    progress bar; None when reading stdin."""
    total = 0
    for source in iter_input_files(paths):
        if source == "-":
            return None
        if source.lower().endswith(".jsonl"):
            try:
                with open(source, "rb") as fh:
                    total += max(1, sum(1 for line in fh if line.strip()))
            except OSError:
                total += 1
        else:
            total += 1
    return total


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def work_chunk(articles: list[Article]) -> list[tuple[dict, dict | None]]:
    return [work(article) for article in articles]


def _chunks(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _dask_results(articles: Iterator[Article], jobs: int, scheduler: str | None):
    """Chunks of articles as futures on a Dask cluster, at most a few chunks per worker in
    flight (memory stays flat), results taken back in input order. Each worker process
    loads the pipeline once (``default_nlp`` is cached per process)."""
    from collections import deque

    from distributed import Client, LocalCluster

    cluster = None if scheduler else LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                  dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        window = 2 * max(1, len(client.scheduler_info()["workers"]))
        pending: deque = deque()
        for chunk in _chunks(articles, 8):
            pending.append(client.submit(work_chunk, chunk, pure=False))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@contextlib.contextmanager
def _results(articles: Iterator[Article], jobs: int, engine: str = "local",
             scheduler: str | None = None) -> Iterator[Iterator[tuple[dict, dict | None]]]:
    if engine == "dask":
        yield _dask_results(articles, jobs, scheduler)
        return
    if jobs <= 1:
        yield map(work, articles)
        return
    default_nlp()  # load once here: forked workers share it instead of loading their own
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    with ctx.Pool(jobs, initializer=default_nlp) as pool:
        yield pool.imap(work, articles, chunksize=4)


def run(paths: Iterable[str], out: Path, max_bytes: int = DEFAULT_MAX_BYTES, progress: bool = True,
        jobs: int = 1, engine: str = "local", scheduler: str | None = None) -> Summary:
    started = time.perf_counter()
    paths = list(paths)
    total = count_articles(paths) if progress else None
    articles = unique_ids(read_inputs(paths, max_bytes=max_bytes))
    ok = failed = 0
    with TableWriter(Path(out)) as writer, _results(articles, jobs, engine, scheduler) as results:
        bar = (click.progressbar(length=total, label="articles", file=sys.stderr)
               if progress and total and total > 1 else contextlib.nullcontext())
        with bar as shown:
            chunk = empty_rows()
            for n, (row, rows) in enumerate(results, 1):
                chunk["articles"].append(row)
                if rows is None:
                    failed += 1
                    click.echo(f"error: {row['source']}: {row['error']}", err=True)
                else:
                    ok += 1
                    for name, table_rows in rows.items():
                        chunk[name].extend(table_rows)
                if shown is not None:
                    shown.update(1)
                if n % CHUNK == 0:
                    writer.append(chunk)
                    chunk = empty_rows()
            writer.append(chunk)
        counts = writer.commit()
    return Summary(ok=ok, failed=failed, counts=counts, seconds=time.perf_counter() - started)
