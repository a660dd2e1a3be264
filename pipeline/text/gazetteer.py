"""Gazetteer lookup over the text: names from models/gazetteers/*.tsv.

Matching is on characters, not tokens: underthesea may segment the same name
differently in different contexts, while its characters do not change.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from pipeline.core.lexicon import load_tsv

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
        # A name is bounded by non-letters on both sides (and not glued to a digit).
        self._regex = re.compile(rf"(?<![\w])(?:{trie_pattern(self.entries)})(?![\w])")

    def find(self, text: str) -> list[Hit]:
        return [Hit(m.start(), m.end(), self.entries[m.group()]) for m in self._regex.finditer(text)]

    def get(self, surface: str) -> Entry | None:
        return self.entries.get(surface)


def trie_pattern(words) -> str:
    """An alternation of ``words`` shaped as a character trie (``A(?:nh|rmenia)|B...``).

    ``re`` tries alternatives one by one; a flat list of thousands of names costs thousands
    of tries at every position of the text, a trie only the few that share a prefix. Longer
    continuations come before a word that ends at a node, so the longest name matches
    first and a shorter one is tried when the boundary after the longer fails."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return build(trie)


@functools.cache
def default_gazetteer() -> Gazetteer:
    return Gazetteer()
