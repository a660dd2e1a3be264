"""Gazetteer lookup over the text: names from models/gazetteers/*.tsv.

Matching is on characters, not tokens: underthesea may segment the same name
differently in different contexts, while its characters do not change.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from .lexicon import load_tsv

FILES = ("gazetteers/curated.tsv", "gazetteers/countries.tsv", "gazetteers/vn_provinces.tsv",
         "gazetteers/vn_districts.tsv")
_LETTER = r"[^\W\d_]"


@dataclasses.dataclass(frozen=True)
class Entry:
    surface: str
    label: str
    canonical: str
    key: str


@dataclasses.dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entry: Entry


class Gazetteer:
    def __init__(self, files: tuple[str, ...] = FILES):
        self.entries: dict[str, Entry] = {}
        for name in files:  # earlier files win: curated aliases before generated lists
            for row in load_tsv(name):
                self.entries.setdefault(row["surface"], Entry(row["surface"], row["label"],
                                                              row["canonical"], row["key"]))
        surfaces = sorted(self.entries, key=len, reverse=True)
        alternation = "|".join(re.escape(s) for s in surfaces)
        # A name is bounded by non-letters on both sides (and not glued to a digit).
        self._regex = re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")

    def find(self, text: str) -> list[Hit]:
        return [Hit(m.start(), m.end(), self.entries[m.group()]) for m in self._regex.finditer(text)]

    def get(self, surface: str) -> Entry | None:
        return self.entries.get(surface)


@functools.lru_cache(maxsize=None)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()
