"""One loader for the data files under ``models/`` (word lists, gazetteers, codebooks).

Files are UTF-8 TSV with a header row; lines starting with ``#`` are comments (each
file's first comment lines say where its content came from). A missing file fails
loudly: a pipeline silently running without its lexicon would be wrong, not slow.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import NamedTuple

from pipeline.core import errors

MODELS_DIR = Path(os.environ.get("VNEWS_MODELS", Path(__file__).resolve().parents[2] / "models"))


def model_path(name: str) -> Path:
    path = MODELS_DIR / name
    if not path.exists():
        raise FileNotFoundError(errors.E030.format(path=path))
    return path


@functools.cache
def _load(name: str) -> tuple[dict[str, str], ...]:
    path = model_path(name)
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            if len(cells) > len(header):
                raise ValueError(errors.E031.format(path=path, line=lineno,
                                                    reason=f"{len(cells)} cells, header has {len(header)}"))
            cells += [""] * (len(header) - len(cells))
            rows.append(dict(zip(header, cells)))
    return tuple(rows)


def load_tsv(name: str) -> list[dict[str, str]]:
    """Rows of ``models/<name>`` as dicts keyed by the header."""
    return [dict(row) for row in _load(name)]


def load_words(name: str, column: str = "word") -> list[str]:
    return [row[column] for row in _load(name)]


class Weights(NamedTuple):
    """A linear model shipped as a table (``feature``, ``weight``): the weight of each feature,
    and the two reserved rows ``__bias__`` and ``__threshold__``."""
    weights: dict[str, float]
    bias: float
    threshold: float


def load_weights(name: str) -> Weights:
    """The learned weights of ``models/<name>`` (written by a ``make train`` script)."""
    weights = {row["feature"]: float(row["weight"]) for row in _load(name)}
    return Weights(weights, weights.pop("__bias__", 0.0), weights.pop("__threshold__", 0.5))
