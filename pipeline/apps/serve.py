"""``vnews serve``: articles posted over HTTP, their tables answered as JSON (FastAPI, uvicorn).

The models are loaded once, then ``workers`` processes are forked from the loaded process
(copy-on-write, before the server starts any thread); each request's article goes to one of
them and its answer comes back to that request alone. With ``--out``, answered articles are
added to the output in batches: one writer task takes whatever has queued up and commits it
atomically under the output's lock, so concurrent posts never rewrite the tables at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field, create_model

from pipeline import __version__
from pipeline.apps.runner import Stored, store, work
from pipeline.core import errors
from pipeline.io.loader import tables_from_rows
from pipeline.io.reader import DEFAULT_MAX_BYTES, Article, article_from_object
from pipeline.io.rows import with_article_id
from pipeline.io.schema import TABLE_NAMES
from pipeline.language import default_nlp

# JSON escapes (\\u1ea1) make a body up to 6 bytes per character of text: the body limit
# leaves room for that, the text's own UTF-8 size is checked against --max-bytes after.
BODY_FACTOR = 6


class ArticleIn(BaseModel):
    """One article, as in a .json input file. Other keys are ignored."""
    text: str = Field(description="The article's body (plain text, paragraphs separated by newlines).")
    published: str | None = Field(None, description="Publication date: 2024-03-05, 05/03/2024, ... "
                                                    "Relative dates (hôm qua, thứ Hai) resolve against it.")
    id: str | None = Field(None, description="Article id (default: post- and the text's content hash).")
    title: str | None = None
    url: str | None = None
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "text": "Sáng 5/3, Thủ tướng Phạm Minh Chính tiếp Đại sứ Hoa Kỳ tại Hà Nội.",
        "published": "2024-03-05", "id": "vnexpress-123", "title": "Thủ tướng tiếp Đại sứ Hoa Kỳ"}]})


TablesOut = create_model(
    "TablesOut",
    __doc__="The article's rows, one list of row objects per table (columns as in the CSV tables).",
    stored=(str | None, Field(None, description="With --out: 'added', or 'already there' (same text).")),
    **{name: (list[dict[str, Any]], ...) for name in TABLE_NAMES},
)


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle, not a worker's


def _ready() -> bool:
    return True


def _pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes forked now, from this process with its models loaded."""
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(workers, mp_context=mp.get_context(method), initializer=_quiet_worker)
    pool.submit(_ready).result()  # with fork, the first task starts every worker at once
    return pool


class Service:
    """The worker pool and the writer queue behind the routes."""

    def __init__(self, workers: int, out: Path | None, fmt: str, max_bytes: int):
        self.workers, self.out, self.fmt, self.max_bytes = workers, out, fmt, max_bytes
        default_nlp()
        self.pool = _pool(workers)
        self.queue: list[tuple[dict, dict, asyncio.Future]] = []
        self.writer: asyncio.Task | None = None

    def article(self, item: ArticleIn) -> Article:
        """The posted article, or 413/422 with the coded reason it is no article."""
        size = len(item.text.encode("utf-8", "surrogatepass"))
        if size > self.max_bytes:
            raise HTTPException(413, errors.E004.format(size=size, limit=self.max_bytes))
        article = article_from_object(item.model_dump(), "<post>", "post")
        if article.error:
            raise HTTPException(422, article.error)
        if not item.id:
            article.article_id = f"post-{article.content_hash[:12]}"
        return article

    async def process(self, article: Article) -> tuple[dict, dict]:
        try:
            row, rows = await asyncio.wrap_future(self.pool.submit(work, article))
        except BrokenProcessPool:  # a worker died (memory): new workers for the next requests
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = _pool(self.workers)
            raise HTTPException(503, "a worker process died; try again") from None
        if rows is None:
            raise HTTPException(500, row["error"])
        return row, rows

    async def store(self, row: dict, rows: dict) -> Stored:
        """Queue the article for the writer task and wait until it is committed."""
        future = asyncio.get_running_loop().create_future()
        self.queue.append((row, rows, future))
        if self.writer is None or self.writer.done():
            self.writer = asyncio.create_task(self._write())
        return await future

    async def _write(self) -> None:
        while self.queue:
            batch, self.queue = self.queue, []
            try:
                done = await asyncio.to_thread(store, self.out, [(row, rows) for row, rows, _ in batch], self.fmt)
            except Exception as exc:  # the tables stay as they were; every waiting request hears why
                for *_, future in batch:
                    future.set_exception(HTTPException(500, f"could not add to {self.out}: {exc}"))
                continue
            for (*_, future), stored in zip(batch, done):
                future.set_result(stored)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def create_app(workers: int = 1, out: Path | None = None, fmt: str = "csv",
               max_bytes: int = DEFAULT_MAX_BYTES) -> FastAPI:
    """The vnews HTTP API with its worker processes started (forked here, before any server
    thread exists); they stop when the app shuts down."""
    service = Service(workers, out, fmt, max_bytes)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        service.close()

    app = FastAPI(title="vnews", version=__version__, lifespan=lifespan,
                  description="Vietnamese news articles in, the tables of `vnews run` out: entities, dates, "
                              "numeric claims and CAMEO events.")
    app.state.service = service
    app.add_middleware(BodyLimit, limit=BODY_FACTOR * max_bytes + 65_536)

    @app.get("/", include_in_schema=False)
    async def home():
        return RedirectResponse("/docs")

    @app.get("/health", summary="Whether the service is up")
    async def health() -> dict:
        return {"status": "ok", "version": __version__, "workers": service.workers,
                "out": str(service.out) if service.out else None}

    @app.post("/articles", response_model=TablesOut, summary="Extract the tables of one article",
              responses={413: {"description": "Article larger than --max-bytes"},
                         422: {"description": "No article: empty text, a published date that is no date, bad JSON"}})
    async def post_article(item: ArticleIn):
        article = service.article(item)
        row, rows = await service.process(article)
        stored = None
        if service.out is not None:
            stored, article_id, story_id = await service.store(row, rows)
            row, rows = with_article_id({**row, "story_id": story_id}, rows, article_id)
        tables = tables_from_rows({**rows, "articles": [row]}).records()
        return JSONResponse({"stored": stored, **tables})

    return app


class BodyLimit:
    """413 for a body over ``limit`` bytes, before it is read whole (Content-Length), or as
    soon as a streamed body passes it."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            response = JSONResponse({"detail": f"request body of {int(length)} bytes is over the limit of "
                                               f"{self.limit} bytes"}, status_code=413)
            return await response(scope, receive, send)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, f"request body over the limit of {self.limit} bytes")
            return message

        return await self.app(scope, limited, send)


def serve(host: str = "127.0.0.1", port: int = 8000, out: Path | None = None, workers: int = 1, fmt: str = "csv",
          max_bytes: int = DEFAULT_MAX_BYTES, echo: Callable[[str], None] = print) -> None:
    """Load the models, fork the workers, serve until Ctrl-C (uvicorn stops gracefully)."""
    import uvicorn

    echo(f"vnews serve: loading the models and starting {workers} worker process{'es' if workers > 1 else ''} ...")
    app = create_app(workers=workers, out=out, fmt=fmt, max_bytes=max_bytes)
    echo(f"vnews serve: POST http://{host}:{port}/articles, API page http://{host}:{port}/docs"
         + (f", articles added to {out}/" if out else ""))
    uvicorn.run(app, host=host, port=port, log_level="info")
