"""Checkpoints of a batch run: the finished articles of a run that was interrupted, so that
the next run into the same output resumes where it stopped and ends with the same tables."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import struct
from pathlib import Path

from pipeline import __version__
from pipeline.io.reader import Article

CHECKPOINTS = ".vnews-checkpoint"  # inside --out: finished articles of an interrupted run


def checkpoint_key(article: Article) -> str:
    """Content hash of an article as the pipeline sees it (and of the pipeline version)."""
    h = hashlib.sha256(f"vnews {__version__}\n".encode())
    for value in (article.article_id, article.source, article.title, article.published, article.url,
                  article.error, article.text):
        h.update(b"\0" + (value or "").encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class Checkpoints:
    """Finished articles of a run, appended to one file as they come (a record per article: its
    key, then its rows, pickled), so that a run interrupted by Ctrl-C or a kill resumes where it
    stopped and ends with the same tables. A record a kill cut short is dropped on resume. One
    file, not one per article: a file made, renamed and looked up per article cost the main
    process more than the rest of its work."""

    _HEAD = struct.Struct("<64sQ")  # key (sha256, hex), length of the pickled rows

    def __init__(self, out: Path, enabled: bool = True):
        self.dir = Path(out) / CHECKPOINTS
        self.enabled = enabled
        self.offsets: dict[str, tuple[int, int]] = {}  # key -> (offset, length) of its rows
        self._fh = None
        if enabled:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.dir / CHECKPOINT_FILE, "a+b")  # noqa: SIM115  closed by close()/clear()
            self.offsets, end = _records(self._fh)
            self._fh.truncate(end)  # a record cut short by a kill

    def has(self, key: str) -> bool:
        return key in self.offsets

    def load(self, key: str) -> tuple[dict, dict | None]:
        offset, length = self.offsets[key]
        self._fh.seek(offset)
        return pickle.loads(self._fh.read(length))

    def save(self, key: str, row: dict, rows: dict | None, data: bytes | None = None) -> None:
        """Keep an article's rows; ``data``: the same already pickled (as a worker sent them)."""
        if not self.enabled:
            return
        data = data or pickle.dumps((row, rows), protocol=pickle.HIGHEST_PROTOCOL)
        self._fh.seek(0, os.SEEK_END)
        offset = self._fh.tell() + self._HEAD.size
        self._fh.write(self._HEAD.pack(key.encode("ascii"), len(data)) + data)
        self._fh.flush()  # to the OS: a kill of this process loses nothing written
        self.offsets[key] = (offset, len(data))

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def clear(self) -> None:
        self.close()
        shutil.rmtree(self.dir, ignore_errors=True)


CHECKPOINT_FILE = "finished.bin"


def _records(fh) -> tuple[dict[str, tuple[int, int]], int]:
    """The complete records of a checkpoint file: key -> (offset, length), and where they end."""
    head = Checkpoints._HEAD
    size = os.fstat(fh.fileno()).st_size
    offsets: dict[str, tuple[int, int]] = {}
    pos = 0
    fh.seek(0)
    while pos + head.size <= size:
        key, length = head.unpack(fh.read(head.size))
        if pos + head.size + length > size:
            break
        offsets[key.decode("ascii")] = (pos + head.size, length)
        pos += head.size + length
        fh.seek(pos)
    return offsets, pos


def finished_articles(out: Path) -> int:
    """How many finished articles an interrupted run into ``out`` left in its checkpoint."""
    path = Path(out) / CHECKPOINTS / CHECKPOINT_FILE
    if not path.exists():
        return 0
    with open(path, "rb") as fh:
        return len(_records(fh)[0])
