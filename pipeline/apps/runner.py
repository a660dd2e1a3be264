"""Batch runs: inputs -> Docs -> rows -> tables, one failed article never stops the rest.

Articles stream through: read one by one, processed by ``jobs`` worker processes (each
loads the pipeline once; results come back in input order, so the tables are the same
for any number of jobs), and appended to the tables in chunks.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import pickle
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import click

from pipeline.apps.checkpoints import Checkpoints, checkpoint_key
from pipeline.apps.workers import OrderedPool, batch_gc
from pipeline.core import errors
from pipeline.io.formats import output_format, read_output
from pipeline.io.reader import DEFAULT_MAX_BYTES, Article, iter_input_files, read_inputs, with_published
from pipeline.io.rows import with_article_id
from pipeline.io.tables import article_row, doc_rows, empty_rows
from pipeline.io.writer import TableWriter
from pipeline.language import default_nlp, process, tokenize_many
from pipeline.stories.build import StoryBuilder

CHUNK = 64  # articles per append to the tables
ARTICLES_PER_TASK = 8  # tokenized together (work_chunk); what a worker gets at a time
FIRST_TASKS = 2  # per worker, of 2 articles each: all workers start at once, small inputs too


@dataclasses.dataclass
class Summary:
    ok: int
    failed: int
    counts: dict[str, int]
    seconds: float
    resumed: int = 0
    skipped: int = 0  # vnews add: articles already in the output

    def line(self, label: str = "vnews") -> str:
        parts = ", ".join(f"{n} {name}" for name, n in self.counts.items() if name != "articles")
        again = f" ({self.resumed} taken from an interrupted run)" if self.resumed else ""
        there = f", {self.skipped} already there" if self.skipped else ""
        return (f"{label}: {self.ok} articles ok, {self.failed} failed{there}{again}; {parts}; "
                f"{self.seconds:.1f} s")


class Known:
    """What an output already holds (``vnews add``): its article ids and content hashes."""

    def __init__(self, out: Path):
        articles = read_output(out, "articles")
        self.ids: set[str] = set() if articles is None else set(articles["article_id"].dropna())
        self.hashes: set[str] = set() if articles is None else set(articles["content_hash"].dropna())
        self.skipped = 0

    def new(self, articles: Iterable[Article]) -> Iterator[Article]:
        """The articles whose content is not in the output yet (nor earlier in this input)."""
        for article in articles:
            digest = article.content_hash
            if digest in self.hashes:
                self.skipped += 1
                continue
            self.hashes.add(digest)
            yield article


def work_item(item: tuple[Article, bool]) -> tuple[dict, dict | None] | None:
    """``work`` for an article not finished by an earlier, interrupted run (None if it was)."""
    article, done = item
    return None if done else work(article)


def work(article: Article) -> tuple[dict, dict | None]:
    """One article -> (its articles.csv row, its rows of the other tables or None)."""
    if article.error is not None:
        return article_row(article, None, article.error), None
    try:
        return _rows(article, process(article, default_nlp()))
    except Exception as exc:
        return _failed(article, exc)


def _rows(article: Article, doc) -> tuple[dict, dict]:
    return article_row(article, doc), doc_rows(doc)


def _failed(article: Article, exc: Exception) -> tuple[dict, None]:  # one article's failure, one error row
    return article_row(article, None, errors.E020.format(kind=type(exc).__name__, reason=exc)), None


def work_chunk(items: list[tuple[Article, bool]]) -> list[tuple[dict, dict | None] | None]:
    """``work_item`` of each item, the articles processed together (``tokenize_many``, then
    ``nlp.pipe``); if that fails, one by one, so one article's failure stays its own."""
    todo, nlp, out = [article for article, done in items if not done and article.error is None], default_nlp(), []
    try:  # the stages too: nlp.pipe lets a stage with a ``pipe`` method batch (the entity model)
        docs = dict(zip(map(id, todo), nlp.pipe(tokenize_many(todo, nlp)))) if len(todo) > 1 else {}
    except Exception:  # the failing article fails again below, alone
        docs = {}
    for article, done in items:
        doc = docs.get(id(article))
        if done or doc is None:
            out.append(work_item((article, done)))
            continue
        try:
            out.append(_rows(article, doc))
        except Exception as exc:
            out.append(_failed(article, exc))
    return out


def unique_ids(articles: Iterable[Article], taken: Iterable[str] = ()) -> Iterator[Article]:
    """``id`` from metadata or file stem, suffixed ``-2``, ``-3``... where taken (by an earlier
    article of the input or by ``taken``, the ids already in the output), in input order."""
    seen: set[str] = set(taken)
    for art in articles:
        art.article_id = free_id(art.article_id or "article", seen)
        seen.add(art.article_id)
        yield art


def free_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... the first not in ``taken``."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


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


def _chunks(articles: Iterator[Article], size: int, first: int = 0) -> Iterator[list[Article]]:
    """Lists of ``size`` articles, the ``first`` ones of 2."""
    chunk: list[Article] = []
    made = 0
    for article in articles:
        chunk.append(article)
        if len(chunk) == (2 if made < first else size):
            yield chunk
            chunk = []
            made += 1
    if chunk:
        yield chunk


def work_chunk_packed(items: list[tuple[Article, bool]]) -> list[bytes | None]:
    """``work_chunk`` with each result pickled in the worker: the main process writes it to the
    checkpoint as it came and unpickles it once, instead of pickling it again."""
    return [None if r is None else pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in work_chunk(items)]


def _dask_results(articles: Iterator[tuple[Article, bool]], jobs: int, scheduler: str | None, func=None):
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
        for chunk in _chunks(articles, ARTICLES_PER_TASK):
            pending.append(client.submit(func or work_chunk, chunk, pure=False))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@contextlib.contextmanager
def results_in_order(articles: Iterator[tuple[Article, bool]], jobs: int, engine: str = "local",
                     scheduler: str | None = None, packed: bool = False) -> Iterator[Iterator]:
    """``work_item`` over (article, finished before) pairs, in one process, forked workers or
    Dask, the results in input order (``run`` and the API's ``extract_many``). ``packed``: a
    result that comes from another process is its pickle (``work_chunk_packed``)."""
    func = work_chunk_packed if packed else work_chunk
    if engine == "dask":
        yield _dask_results(articles, jobs, scheduler, func)
        return
    default_nlp()  # load once here: forked workers share it instead of loading their own
    chunks = _chunks(articles, ARTICLES_PER_TASK, first=FIRST_TASKS * jobs if jobs > 1 else 0)
    with batch_gc():
        if jobs <= 1:
            yield itertools.chain.from_iterable(map(work_chunk, chunks))
            return
        with OrderedPool(func, jobs) as pool:
            yield itertools.chain.from_iterable(pool.imap(chunks))


def unanchored(row: dict, rows: dict[str, list[dict]]) -> str | None:
    """A one-line warning when relative dates were left unresolved for want of a publication date
    (vague ones, ``PAST_REF``, are no value to resolve)."""
    if row.get("published"):
        return None
    n = sum(1 for r in rows.get("dates", ()) if r.get("anchor") == "none" and "X" in str(r.get("value")))
    if not n:
        return None
    return (f"no publication date and no dateline: {n} relative date{'s' if n > 1 else ''} left unresolved "
            "(give 'published' in the article or --published)")


def run(paths: Iterable[str], out: Path, max_bytes: int = DEFAULT_MAX_BYTES, progress: bool = True,
        jobs: int = 1, engine: str = "local", scheduler: str | None = None, fmt: str = "csv",
        resume: bool = True, published: str | None = None, append: bool = False) -> Summary:
    """Process ``paths`` into tables in ``out``; ``published`` is the publication date of the
    articles that carry none. ``append`` (``vnews add``): keep the tables already in ``out``,
    in their format, and add the articles whose content is not there yet."""
    started = time.perf_counter()
    paths = list(paths)
    total = count_articles(paths) if progress else None
    checkpoints = Checkpoints(Path(out), enabled=resume)
    keys: list[str] = []
    known = Known(Path(out)) if append else None
    if append:
        fmt = output_format(Path(out)) or fmt

    def items() -> Iterator[tuple[Article, bool]]:
        articles = read_inputs(paths, max_bytes=max_bytes)
        for article in unique_ids(known.new(articles) if known else articles, known.ids if known else ()):
            article = with_published(article, published)
            key = checkpoint_key(article)
            keys.append(key)
            yield article, checkpoints.has(key)

    ok = failed = resumed = 0
    stories = StoryBuilder.from_output(Path(out)) if append else StoryBuilder()
    processed = results_in_order(items(), jobs, engine, scheduler, packed=resume)
    with contextlib.closing(checkpoints), TableWriter(Path(out), fmt, keep=append) as writer, \
            processed as results:
        bar = (click.progressbar(length=total, label="articles", file=sys.stderr)
               if progress and total and total > 1 else contextlib.nullcontext())
        with bar as shown:
            chunk = empty_rows()
            for n, result in enumerate(results, 1):
                key = keys[n - 1]
                if result is None:  # finished by an interrupted run
                    row, rows = checkpoints.load(key)
                    resumed += 1
                else:
                    data = result if isinstance(result, bytes) else None
                    row, rows = pickle.loads(data) if data else result
                    checkpoints.save(key, row, rows, data)
                if rows is not None:
                    stories.add(row, rows)
                chunk["articles"].append(row)
                if rows is None:
                    failed += 1
                    click.echo(f"error: {row['source']}: {row['error']}", err=True)
                else:
                    ok += 1
                    if unresolved := unanchored(row, rows):
                        click.echo(f"warning: {row['source']}: {unresolved}", err=True)
                    for name, table_rows in rows.items():
                        chunk[name].extend(table_rows)
                if shown is not None:
                    shown.update(1)
                if n % CHUNK == 0:
                    writer.append(chunk)
                    chunk = empty_rows()
            writer.append(chunk)
            writer.append(stories.tables())
        counts = writer.commit()
    checkpoints.clear()
    return Summary(ok=ok, failed=failed, counts=counts, seconds=time.perf_counter() - started, resumed=resumed,
                   skipped=known.skipped if known else 0)


LOCK = ".vnews.lock"  # inside --out: one writer at a time (vnews add, watch and serve may share an output)


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold ``out``'s lock: another ``vnews add``/``watch``/``serve`` on the same output waits."""
    import fcntl

    Path(out).mkdir(parents=True, exist_ok=True)
    with open(Path(out) / LOCK, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def add(paths: Iterable[str], out: Path, **options) -> Summary:
    """``vnews add``: the articles of ``paths`` not yet in ``out`` appended to its tables (any
    format), the rows and ids already there kept as they are; atomic like ``run``."""
    with output_lock(out):
        return run(paths, out, append=True, **options)


class Stored(NamedTuple):
    status: str  # "added", or "already there" (same content hash)
    article_id: str  # as written: suffixed -2, -3 ... when the asked id was taken
    story_id: str | None = None  # the story it joined (None when it was there already)


def store(out: Path, items: list[tuple[dict, dict]], fmt: str = "csv") -> list[Stored]:
    """Append processed articles ((articles row, rows of the other tables), as ``work`` makes
    them) to ``out`` in one atomic commit under its lock (``vnews serve``); an article whose
    content is there already is left out, an id already taken gets a suffix in every row."""
    with output_lock(out):
        known = Known(Path(out))
        stories = StoryBuilder.from_output(Path(out))
        done: list[Stored] = []
        chunk = empty_rows()
        for row, rows in items:
            if row["content_hash"] in known.hashes:
                done.append(Stored("already there", row["article_id"]))
                continue
            article_id = free_id(row["article_id"], known.ids)
            known.ids.add(article_id)
            known.hashes.add(row["content_hash"])
            row, rows = with_article_id(row, rows, article_id)
            stories.add(row, rows)
            chunk["articles"].append(row)
            for name, table_rows in rows.items():
                chunk[name].extend(table_rows)
            done.append(Stored("added", article_id, row["story_id"]))
        if chunk["articles"]:
            with TableWriter(Path(out), output_format(Path(out)) or fmt, keep=True) as writer:
                writer.append(chunk)
                writer.append(stories.tables())
                writer.commit()
        return done
