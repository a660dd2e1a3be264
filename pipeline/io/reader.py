"""Reading articles from files, folders and stdin.

Every input becomes an :class:`Article`; anything wrong with one input (bad
encoding, empty, HTML, broken front matter or JSON) becomes an Article with
``error`` set, so a batch reports it as one row and carries on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.core import errors

SUFFIXES = (".txt", ".json", ".jsonl")
DEFAULT_MAX_BYTES = 5_000_000
META_KEYS = ("id", "title", "published", "url")

_HTML = re.compile(rb"^\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)


@dataclasses.dataclass
class Article:
    source: str
    article_id: str
    text: str = ""
    title: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    url: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def content_hash(self) -> str:
        """What ``vnews add`` compares to skip an article already in the output: the text as
        given (or, for an input that could not be read, its source and error)."""
        h = hashlib.sha256()
        if self.error is None:
            h.update(b"text\0" + self.text.encode("utf-8", "surrogatepass"))
        else:
            h.update(f"error\0{self.source}\0{self.error}".encode("utf-8", "surrogatepass"))
        return h.hexdigest()[:32]


def iter_input_files(paths: Iterable[str]) -> Iterator[str]:
    """Expand the CLI's PATH arguments: files as given, folders recursively, ``-`` for stdin."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES and not _hidden(child, path):
                    yield str(child)
        else:
            yield str(path)


def _hidden(child: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in child.relative_to(root).parts)


def read_inputs(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article]:
    for source in iter_input_files(paths):
        yield from read_source(source, max_bytes=max_bytes)


def read_source(source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article]:
    """All articles of one input (a .jsonl file holds several)."""
    if source == "-":
        data = sys.stdin.buffer.read()
        name, suffix = "<stdin>", _sniff_suffix(data)
        stem = "stdin"
    else:
        path = Path(source)
        name, suffix, stem = source, path.suffix.lower(), path.stem
        try:
            if path.stat().st_size > max_bytes:
                return [_failed(name, stem, errors.E004.format(size=path.stat().st_size, limit=max_bytes))]
            data = path.read_bytes()
        except OSError as exc:
            return [_failed(name, stem, errors.E001.format(reason=exc.strerror or exc))]
    if len(data) > max_bytes:
        return [_failed(name, stem, errors.E004.format(size=len(data), limit=max_bytes))]
    try:
        text = decode(data)
    except ValueError as exc:
        return [_failed(name, stem, str(exc))]
    if suffix == ".jsonl":
        return _read_jsonl(text, name, stem)
    if suffix == ".json":
        return [_read_json(text, name, stem)]
    return [_read_txt(text, name, stem)]


def _sniff_suffix(data: bytes) -> str:
    head = data.lstrip()[:1]
    if head == b"{":
        lines = [line for line in data.splitlines() if line.strip()]
        return ".jsonl" if len(lines) > 1 and all(line.lstrip().startswith(b"{") for line in lines) else ".json"
    return ".txt"


# Encodings a Vietnamese article may really come in when it is not UTF-8.
LEGACY_ENCODINGS = {"utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "cp1258"}
_VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323\u1ea0-\u1ef9]")


def decode(data: bytes) -> str:
    """Bytes to str, or ValueError with a one-line reason.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as they are. Anything else
    is given to charset-normalizer; its guess is taken only when it is an encoding
    Vietnamese text really comes in (UTF-16 without BOM, Windows-1258) and the result reads
    as Vietnamese. Other legacy encodings (TCVN3/ABC, VNI fonts) are reported, not guessed."""
    if not data.strip():
        raise ValueError(errors.E002)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = _legacy(data)
        if text is None:
            raise ValueError(errors.E003.format(byte=data[exc.start], offset=exc.start)) from None
    if "\x00" in text:
        text = _legacy(data)
        if text is None:
            raise ValueError(errors.E005)
    if _HTML.match(text.encode("utf-8")[:200]):
        raise ValueError(errors.E006)
    return text


def _legacy(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding not in LEGACY_ENCODINGS:
        return None
    text = str(best)
    letters = [ch for ch in text if ch.isalpha()]
    latin = sum(1 for ch in letters if ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF)
    if "\x00" in text or not letters or latin / len(letters) < 0.9 or not _VIETNAMESE.search(text):
        return None
    return text


def _failed(source: str, stem: str, message: str) -> Article:
    return Article(source=source, article_id=stem, error=message)


def _read_txt(text: str, source: str, stem: str) -> Article:
    meta: dict[str, str] = {}
    body = text
    if text.startswith("---\n") or text.startswith("---\r\n"):
        lines = text.splitlines()
        try:
            end = lines.index("---", 1)
        except ValueError:
            return _failed(source, stem, errors.E007)
        for line in lines[1:end]:
            if not line.strip():
                continue
            if ": " not in line and not line.rstrip().endswith(":"):
                return _failed(source, stem, errors.E008.format(line=line[:60]))
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip()
        body = "\n".join(lines[end + 1 :])
    return _article(meta, body, source, stem)


def _read_json(text: str, source: str, stem: str) -> Article:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return _failed(source, stem, errors.E009.format(reason=exc))
    if not isinstance(obj, dict):
        return _failed(source, stem, errors.E010)
    return article_from_object(obj, source, stem)


def _read_jsonl(text: str, source: str, stem: str) -> list[Article]:
    out = []
    # "\n" only: str.splitlines also breaks at U+2028, U+0085 ..., which real article texts hold
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        line_source = f"{source}:{lineno}"
        line_stem = f"{stem}-{lineno}"
        out.append(_read_json(line, line_source, line_stem))
    return out or [_failed(source, stem, errors.E002)]


def article_from_object(obj: dict, source: str, stem: str) -> Article:
    """An Article from a JSON-like object (``text`` and optional ``id``, ``title``,
    ``published``, ``url``), as a .json file is read; ``error`` set when it is no article."""
    text = obj.get("text")
    if not isinstance(text, str):
        return _failed(source, str(obj.get("id") or stem), errors.E011)
    meta = {k: str(obj[k]) for k in META_KEYS if obj.get(k) is not None}
    return _article(meta, text, source, stem)


def _article(meta: dict[str, str], body: str, source: str, stem: str) -> Article:
    article_id = meta.get("id") or stem
    art = Article(source=source, article_id=article_id, text=body,
                  title=meta.get("title") or None, url=meta.get("url") or None)
    published = meta.get("published")
    if published:
        try:
            art.published = parse_published(published)
        except ValueError:
            art.error = errors.E012.format(value=published[:40])
            return art
    if not body.strip():
        art.error = errors.E002
    return art


def with_published(article: Article, published: str | None) -> Article:
    """The article with a default publication date (``--published``) when it carries none."""
    if published and not article.published:
        return dataclasses.replace(article, published=published)
    return article


def parse_published(value: str) -> str:
    """A publication date as newsrooms write it -> ``YYYY-MM-DD``; ValueError otherwise.

    ISO dates and datetimes (``2020-09-27``, ``2020-09-27T08:30:00+07:00``), Vietnamese day-first
    dates with or without a weekday and time (``27/09/2020``, ``27-9-2020 08:30``, ``Chủ nhật,
    27/9/2020, 08:30 (GMT+7)``) and written-out ones (``ngày 27 tháng 9 năm 2020``)."""
    value = value.strip()
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    if found := _YEAR_FIRST.search(value):
        year, month, day = (int(g) for g in found.groups())
    elif found := _DAY_FIRST.search(value) or _WRITTEN.search(value.lower()):
        day, month, year = (int(g) for g in found.groups())
    else:
        raise ValueError(value)
    return dt.date(year, month, day).isoformat()  # ValueError on 31/02


# Day first, as Vietnamese sites print it; the year must have four digits so a bare "27/9" is
# refused rather than guessed.
_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?!\d)")
_WRITTEN = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
