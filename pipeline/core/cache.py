"""A per-user cache of what is slow to build from a model file and quick to unpickle (a parsed
CRF model, underthesea's word set): every ``vnews`` command starts by loading them.

An entry is keyed by the source file (path, size, modification time), by the source of the code
that builds it (a change to that code makes a new entry) and by the Python version. It lives
under ``$VNEWS_CACHE``, else ``$XDG_CACHE_HOME/vnews``, else ``~/.cache/vnews``; ``VNEWS_CACHE=off``
turns it off. A cache that cannot be read or written is passed by: the thing is built as
without one, so a read-only home or a full disk only costs time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path | None:
    where = os.environ.get("VNEWS_CACHE")
    if where == "off":
        return None
    if where:
        return Path(where)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vnews"


def cached(source: Path, kind: str, build: Callable[[], T], code: Iterable[str] = ()) -> T:
    """``build()``, from the cache when an entry of this ``source`` file and ``code`` (the source
    files of the modules that build it) is there, else built and kept."""
    folder = cache_dir()
    try:
        stat = Path(source).stat()
    except OSError:
        return build()  # the builder says what is missing
    if folder is None:
        return build()
    key = hashlib.sha256(f"{kind}|{Path(source).resolve()}|{stat.st_size}|{stat.st_mtime_ns}|"
                         f"{sys.version_info[:2]}".encode())
    for path in sorted(code):
        key.update(Path(path).read_bytes())
    entry = folder / f"{kind}-{key.hexdigest()[:24]}.pickle"
    try:
        with open(entry, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # absent, or left unreadable by another version: built again
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)  # whole or not at all, also with two processes at once
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
    return value
