"""``vnews watch``: a folder that a crawler fills, each new file added to an output as it lands.

watchfiles tells which paths changed; a file is read only once its size and modification
time have stayed the same for ``settle`` seconds, so a file still being written is not read
half-way. Files are added in the order they became ready (the files already there first, in
path order), each with ``runner.add`` (atomic, under the output's lock), each reported in one
line. A crawler that writes to a hidden or other-suffix name and renames when done (``.a.tmp``
-> ``a.json``) is safe whatever its pauses: such names are never read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from pipeline.apps.runner import Known, add
from pipeline.io.reader import DEFAULT_MAX_BYTES, SUFFIXES, iter_input_files, read_source

SETTLE = 1.0  # seconds a file must stay unchanged before it is read


class Seen(NamedTuple):
    size: int
    mtime_ns: int
    since: float  # monotonic time this size and mtime were first seen


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:  # gone again (a crawler's temporary file)
        return None
    return st.st_size, st.st_mtime_ns


class Watcher:
    """The state of one ``vnews watch``: files waiting to settle and files done."""

    def __init__(self, folder: Path, out: Path, settle: float = SETTLE, echo: Callable[[str], None] = print,
                 max_bytes: int = DEFAULT_MAX_BYTES, **options):
        self.given = Path(folder)  # sources are written as the user named the folder
        self.folder, self.out = self.given.resolve(), Path(out).resolve()
        self.settle, self.echo, self.max_bytes = settle, echo, max_bytes
        self.options = options  # for runner.add: jobs, fmt, published
        self.pending: dict[Path, Seen] = {}
        self.done: dict[Path, tuple[int, int]] = {}
        self.hashes = Known(self.out).hashes  # content already in the output: no add to run
        self.files = 0

    def wanted(self, path: Path) -> bool:
        """An article file of the folder: a known suffix, no hidden part, not in the output."""
        path = Path(path).resolve()
        if path.suffix.lower() not in SUFFIXES or path.is_relative_to(self.out):
            return False
        try:
            parts = path.relative_to(self.folder).parts
        except ValueError:
            return False
        return not any(part.startswith(".") for part in parts)

    def saw(self, path: Path) -> None:
        """``path`` was created or changed (or is there at start): wait for it to settle."""
        path = Path(path).resolve()
        state = _stat(path)
        if state is None:
            self.pending.pop(path, None)
        elif self.done.get(path) != state:
            old = self.pending.get(path)
            if old is None or (old.size, old.mtime_ns) != state:
                self.pending[path] = Seen(*state, time.monotonic())

    def ready(self) -> list[Path]:
        """Pending files unchanged for ``settle`` seconds, oldest first."""
        now = time.monotonic()
        out = []
        for path, seen in list(self.pending.items()):
            state = _stat(path)
            if state is None:
                del self.pending[path]
            elif state != (seen.size, seen.mtime_ns):
                self.pending[path] = Seen(*state, now)
            elif now - seen.since >= self.settle:
                out.append((seen.since, str(path), path))
        return [path for *_, path in sorted(out)]

    def process(self, path: Path) -> None:
        """Add one settled file to the output and say how it went, in one line."""
        state = _stat(path)
        self.pending.pop(path, None)
        if state is None:
            return
        name = self._name(path)
        source = str(self.given / name)
        articles = read_source(source, max_bytes=self.max_bytes)
        if articles and all(article.content_hash in self.hashes for article in articles):
            self.echo(f"{name}: already there")
        else:
            summary = add([source], self.out, max_bytes=self.max_bytes, progress=False, **self.options)
            self.hashes.update(article.content_hash for article in articles)
            self.echo(summary.line(name))
        self.done[path] = state
        self.files += 1

    def _name(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.folder))
        except ValueError:
            return str(path)

    def start(self) -> None:
        """Take the files already in the folder, in path order (the order ``vnews run`` reads)."""
        for source in iter_input_files([str(self.folder)]):
            if self.wanted(Path(source)):
                self.saw(Path(source))
        # same first-seen time for all of them: ``ready`` then orders them by path
        first = time.monotonic()
        self.pending = {p: s._replace(since=first) for p, s in self.pending.items()}


def changes(folder: Path, watcher: Watcher, poll: bool = False, stop_event=None) -> Iterator[set]:
    """watchfiles' sets of changes under ``folder`` (empty sets on a quiet tick, so settled
    files are taken without waiting for another change)."""
    from watchfiles import Change, watch

    tick = max(50, int(watcher.settle * 1000 / 4))
    yield from watch(folder, watch_filter=lambda change, path: change != Change.deleted and watcher.wanted(path),
                     debounce=tick, step=50, rust_timeout=tick, yield_on_timeout=True, force_polling=poll or None,
                     poll_delay_ms=tick, stop_event=stop_event)


def watch(folder: Path, out: Path, settle: float = SETTLE, poll: bool = False, echo: Callable[[str], None] = print,
          stop_event=None, **options) -> int:
    """Run until Ctrl-C (KeyboardInterrupt) or ``stop_event``; the number of files taken."""
    watcher = Watcher(folder, out, settle=settle, echo=echo, **options)
    watcher.start()
    for path in watcher.ready():
        watcher.process(path)
    for batch in changes(watcher.folder, watcher, poll=poll, stop_event=stop_event):
        for _, path in batch:
            watcher.saw(Path(path))
        for path in watcher.ready():
            watcher.process(path)
    return watcher.files
