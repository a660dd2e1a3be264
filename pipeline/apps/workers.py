"""Worker processes for a batch: forked after the models are loaded, results in input order,
and a Ctrl-C that ends the run at once.

``multiprocessing.Pool`` shares one task queue and its lock among the workers; a terminal
Ctrl-C (SIGINT to the whole process group) that kills a worker while it holds that lock
leaves ``Pool.terminate`` waiting forever. Here every worker has its own task and result
queues, ignores SIGINT (the main process alone decides to stop) and is killed outright on
an interrupt: nothing is shared, so nothing can be left locked.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import queue
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

WINDOW = 4  # items in flight per worker: enough to hide one long article, little memory
# New objects between two young-generation collections during a batch (Python's default: 700).
GC_THRESHOLD = 20_000
_POLL = 1.0  # seconds a worker waits for a task before it checks that its parent lives


def _serve(func: Callable, tasks: mp.Queue, results: mp.Queue, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            item = tasks.get(timeout=_POLL)
        except queue.Empty:
            if os.getppid() != parent:  # the main process was killed: do not linger
                return
            continue
        if item is None:
            return
        results.put(func(item[0]))


@contextlib.contextmanager
def batch_gc(threshold: int = GC_THRESHOLD) -> Iterator[None]:
    """Garbage collection tuned for a batch. What is loaded so far (the models) is frozen: no
    collection walks it again, and forked workers leave its pages shared. A collection waits
    for ``threshold`` new objects: an article makes hundreds of thousands of short-lived ones,
    and the default collected 400 times per 400 KB of news (5% of the time)."""
    old = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(threshold, old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


class Worker(NamedTuple):
    process: Any
    tasks: Any
    results: Any


class OrderedPool:
    """``jobs`` forked processes that apply ``func`` to items; ``imap`` yields the results in
    input order, so the output does not depend on the number of jobs."""

    def __init__(self, func: Callable, jobs: int):
        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        self.workers: list[Worker] = []
        for _ in range(jobs):
            tasks, results = ctx.Queue(), ctx.Queue()
            process = ctx.Process(target=_serve, args=(func, tasks, results, os.getpid()), daemon=True)
            process.start()
            self.workers.append(Worker(process, tasks, results))

    def imap(self, items: Iterable) -> Iterator:
        pending: deque[Worker] = deque()  # the worker of each item in flight, in input order
        load = {id(w): 0 for w in self.workers}
        limit = WINDOW * len(self.workers)
        for item in items:
            if len(pending) >= limit:
                yield self._take(pending, load)
            worker = min(self.workers, key=lambda w: load[id(w)])
            worker.tasks.put((item,))
            load[id(worker)] += 1
            pending.append(worker)
        while pending:
            yield self._take(pending, load)

    def _take(self, pending: deque[Worker], load: dict[int, int]):
        worker = pending.popleft()
        while True:
            try:
                result = worker.results.get(timeout=_POLL)
                break
            except queue.Empty:
                if not worker.process.is_alive():
                    raise RuntimeError(f"worker process {worker.process.pid} died "
                                       f"(exit code {worker.process.exitcode})") from None
        load[id(worker)] -= 1
        return result

    def close(self, kill: bool = False) -> None:
        """Stop the workers: politely after a complete run, at once after an interrupt."""
        for worker in self.workers:
            if kill:
                worker.process.kill()
            else:
                worker.tasks.put(None)
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=5)
            for q in (worker.tasks, worker.results):
                q.cancel_join_thread()  # never wait to flush into a dead worker's pipe
                q.close()
        self.workers = []

    def __enter__(self) -> OrderedPool:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        self.close(kill=exc_type is not None)
        return False
