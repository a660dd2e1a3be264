"""Token features of the learned entity recognizer (a CRF, model.py).

Per token: the word and its syllables' shape and case, its POS, chunk and underthesea CRF NER
tags, the word lists of the rules (titles, honorifics, organisation heads, family names, place
words, the Viet74K dictionary), word clusters learned from ``../shared/news`` (``make train``),
and, stacked, what every rule source proposed there (a gazetteer name, an organisation pattern,
a title, the CRF span ...) and what the rules decided: the model learns when to trust each.
A window of two tokens either side carries the most telling of them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from spacy.tokens import Doc, Span

from pipeline.core.constants import TOKEN_CHUNK, TOKEN_CRF_NER
from pipeline.core.lexicon import model_path
from pipeline.stages.entities.words import Candidate, Columns, EntityWords
from pipeline.text.tokenizer import token_tags

CLUSTERS = "entities/clusters.tsv"
PRIORS = "entities/name_priors.tsv"
# Features of the neighbours: the nearest carry more of them.
NEAR = ("w", "shape", "pos", "ner", "rule", "c1", "c2")
FAR = ("w", "pos", "rule", "c1")
_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=1)
def word_clusters() -> dict[str, tuple[str, str]]:
    """Lower-cased word -> (coarse, fine) cluster ids (models/entities/clusters.tsv); empty
    when the file is absent (a model trained without clusters)."""
    try:
        path = model_path(CLUSTERS)
    except FileNotFoundError:
        return {}
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("word\t"):
                continue
            word, coarse, fine = line.rstrip("\n").split("\t")
            out[word] = (coarse, fine)
    return out


@functools.lru_cache(maxsize=1)
def name_priors() -> dict[str, tuple[str, ...]]:
    """A capitalised name seen in ../shared/news -> feature strings for the types its context
    words there gave it (``ông X`` PER, ``tại X`` LOC, ``đến X`` MOV, ``hãng X`` ORG, ``chiếc X``
    MISC; models/entities/name_priors.tsv), each with its share: ``LOC=hi``, ``ORG=lo``; keys
    ``first:W`` and ``last:W`` for the names' first and last words (a given name, ``FC``)."""
    try:
        path = model_path(PRIORS)
    except FileNotFoundError:
        return {}
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("name\t"):
                continue
            name, votes = line.rstrip("\n").split("\t")
            out[name] = _shares(votes)
    return out


def _shares(votes: str) -> tuple[str, ...]:
    """``LOC=7,ORG=3`` -> ``("LOC=mid", "ORG=lo", "n=+")``: each type's share of the votes, coarsely."""
    counts = {label: int(n) for label, n in (item.split("=") for item in votes.split(","))}
    total = sum(counts.values())
    out = [f"{label}={'hi' if n >= 0.75 * total else 'mid' if n >= 0.4 * total else 'lo'}"
           for label, n in sorted(counts.items()) if n >= 0.15 * total]
    return (*out, f"n={'+' if total >= 5 else '-'}")


def capitalised_runs(cap: list[bool], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Token ranges of runs of capitalised words (``cap[i]``) between ``start`` and ``end``."""
    end = len(cap) if end is None else end
    runs, i = [], start
    while i < end:
        if cap[i]:
            j = i + 1
            while j < end and cap[j]:
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


@functools.lru_cache(maxsize=200_000)
def shape(word: str) -> str:
    """Syllable shapes, runs collapsed: ``Nguyễn Văn`` -> ``Xx Xx``, ``UBND`` -> ``X``, ``50km`` -> ``dx``."""
    out = []
    for syllable in word.split():
        s, last = [], ""
        for ch in syllable:
            k = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
            if k != last:
                s.append(k)
            last = k
        out.append("".join(s))
    return " ".join(out)


def _bio(spans, n: int) -> list[str]:
    """Per token: ``B-x``/``I-x`` for the spans (start, end, x), else "O"."""
    out = ["O"] * n
    for start, end, x in spans:
        for i in range(start, end):
            out[i] = ("B-" if i == start else "I-") + x
    return out


@functools.lru_cache(maxsize=200_000)
def _own(word: str, cap: bool) -> tuple[dict[str, str], tuple[str, ...]]:
    """What a word is on its own: its values for the neighbours' features, and its own feature
    strings. Memoised: the same words come back in every article."""
    words, clusters = _word_lists(), word_clusters()
    lower = word.lower()
    syllables = lower.split()
    c = clusters.get(lower, ("-", "-"))
    values = {
        "w": lower, "shape": shape(word), "c1": c[0], "c2": c[1],
        "s0": syllables[0] if syllables else "", "sN": syllables[-1] if syllables else "",
        "n": str(min(len(syllables), 4)),
        "title": words.titles.get(lower, ""), "honor": "1" if lower in words.honorifics else "",
        "head": "1" if lower in words.org_heads else "", "trim": "1" if lower in words.trim else "",
        "surname": "1" if word.split() and word.split()[0] in words.surnames else "",
        "place": "1" if lower in words.place_words else "", "dict": "1" if lower in words.dictionary else "",
        "digit": "1" if _DIGIT.search(word) else "",
        # spelling of a capitalised foreign word: -ez, -ski, -ova; Mc-, Al-
        "suf3": syllables[-1][-3:] if cap and syllables and word.isascii() else "",
        "pre3": syllables[0][:3] if cap and syllables and word.isascii() else "",
    }
    return values, tuple(f"{k}={v}" for k, v in values.items() if v)


@functools.lru_cache(maxsize=1)
def _word_lists() -> EntityWords:
    from pipeline.stages.entities.words import entity_words

    return entity_words()


def document_labels(doc: Doc, cols: Columns, accepted: list[Candidate]) -> dict[str, str]:
    """The label the rules give each name most often in the article: another mention of the same
    name elsewhere in it tells this one's type (``Galaxy Gear`` after ``chiếc``, then alone)."""
    votes: dict[str, dict[str, int]] = {}
    for c in accepted:
        name = " ".join(cols.words[c.start:c.end])
        votes.setdefault(name, {}).setdefault(c.label, 0)
        votes[name][c.label] += 1
    return {name: max(sorted(v), key=v.get) for name, v in votes.items()}


class FeatureIds:
    """A model's attribute ids of the features above, with what ``DocFeatures.sentence_ids``
    looks up for every article: the window's BOS/EOS features, ``first``, a cache of the
    neighbours' feature ids."""

    def __init__(self, attributes: dict[str, int]):
        self.attributes = attributes
        self.first = self.known_tuple(["first"])
        self.outside = {key: self.known_tuple(feats) for key, feats in _OUTSIDE.items()}
        self.neighbours: dict[tuple, tuple[int, ...]] = {}
        self._tags: dict[tuple[str, ...], list[int]] = {}
        self._words: dict[tuple[str, bool], list[int]] = {}

    def known(self, feats) -> list[int]:
        get = self.attributes.get
        return [i for i in map(get, feats) if i is not None]

    def known_tuple(self, feats) -> tuple[int, ...]:
        return tuple(self.known(feats))

    def bigram(self, before: str, word: str) -> tuple[int, ...]:
        """The id of the previous word and this one's feature (``w-1|w=``), if known."""
        found = self.attributes.get(f"w-1|w={before}|{word}")
        return () if found is None else (found,)

    def tags(self, pos: str, chunk: str, ner: str, rule: str) -> list[int]:
        """The ids of a token's first features (``bias``, its tags), cached."""
        key = (pos, chunk, ner, rule)
        hit = self._tags.get(key)
        if hit is None:
            hit = self._tags[key] = self.known(["bias", f"pos={pos}", f"chunk={chunk}", f"ner={ner}", f"rule={rule}"])
        return hit

    def word(self, word: str, cap: bool) -> list[int]:
        """The ids of a word's own features (``_own``), cached."""
        hit = self._words.get((word, cap))
        if hit is None:
            if len(self._words) > 200_000:
                self._words.clear()
            hit = self._words[(word, cap)] = self.known(_own(word, cap)[1])
        return hit


class DocFeatures:
    """Every token's features, computed once per article; ``sentence`` adds the window."""

    def __init__(self, doc: Doc, cols: Columns, candidates: list[Candidate], accepted: list[Candidate]):
        n = len(doc)
        self.pos, self.chunk, self.ner = cols.pos, token_tags(doc, TOKEN_CHUNK), token_tags(doc, TOKEN_CRF_NER)
        self.rule = _bio([(c.start, c.end, c.label) for c in accepted], n)
        self.words, self.cap = cols.words, cols.cap
        self.values = [_own(w, c)[0] for w, c in zip(cols.words, cols.cap)]
        # per token, after its word's features: what each rule source proposed (sources in order),
        # then what its capitalised run is elsewhere
        self.more: list[list[str]] = [[] for _ in range(n)]
        for source in sorted({c.source for c in candidates}):
            tags = {}
            for c in candidates:
                if c.source == source:
                    tags.update((i, ("B-" if i == c.start else "I-") + c.label) for i in range(c.start, c.end))
            for i, tag in sorted(tags.items()):
                self.more[i].append(f"src:{source}={tag}")
        for i, feats in self._names(doc, cols, accepted).items():
            self.more[i] += feats
        self._own: list[list[str]] | None = None
        self._windows: dict[int, list[tuple[str, ...]]] | None = None
        self._window_ids: dict[int, list[tuple[int, ...]]] | None = None
        self._own_ids: list[list[int]] = []
        self._lower = [v["w"] for v in self.values]

    @property
    def own(self) -> list[list[str]]:
        """Each token's own feature strings: its tags, its word's features, the ``more`` ones."""
        if self._own is None:
            self._own = [["bias", f"pos={pos}", f"chunk={chunk}", f"ner={ner}", f"rule={rule}",
                          *_own(word, cap)[1], *more]
                         for pos, chunk, ner, rule, word, cap, more in
                         zip(self.pos, self.chunk, self.ner, self.rule, self.words, self.cap, self.more)]
        return self._own

    @staticmethod
    def _names(doc: Doc, cols: Columns, accepted: list[Candidate]) -> dict[int, list[str]]:
        """What each capitalised run is elsewhere: in the article (by the rules) and in the news
        corpus (the whole name, its first word, its last word)."""
        doc_labels = document_labels(doc, cols, accepted)
        priors = name_priors()
        out: dict[int, list[str]] = {}
        for sent in doc.sents:
            for a, b in capitalised_runs(cols.cap, sent.start, sent.end):
                name = " ".join(cols.words[a:b])
                feats = [f"doc={doc_labels[name]}"] if name in doc_labels else []
                for key, prior in (("news", name), ("news1", f"first:{cols.words[a]}"),
                                   ("newsN", f"last:{cols.words[b - 1]}")):
                    feats += [f"{key}:{share}" for share in priors.get(prior, ())]
                for i in range(a, b):
                    out[i] = feats
        return out

    def sentence(self, sent: Span) -> list[list[str]]:
        """The feature strings of every token of ``sent`` (doc indices ``sent.start`` .. ``sent.end``)."""
        if self._windows is None:
            self._windows = {d: self._neighbours(d, names, _NEIGHBOUR_STRINGS, tuple) for d, names in _WINDOW}
        return self._rows(sent, self.own, self._windows, _OUTSIDE, ("first",),
                          lambda before, word: (f"w-1|w={before}|{word}",))

    def sentence_ids(self, sent: Span, ids: FeatureIds) -> list[list[int]]:
        """``sentence`` as a model's attribute ids, the features it does not know left out (they
        add nothing to a score): same order, so the same scores, without the strings."""
        if self._window_ids is None:
            self._window_ids = {d: self._neighbours(d, names, ids.neighbours, ids.known_tuple) for d, names in _WINDOW}
            self._own_ids = [ids.tags(pos, chunk, ner, rule) + ids.word(word, cap) + (ids.known(more) if more else [])
                             for pos, chunk, ner, rule, word, cap, more in
                             zip(self.pos, self.chunk, self.ner, self.rule, self.words, self.cap, self.more)]
        return self._rows(sent, self._own_ids, self._window_ids, ids.outside, ids.first, ids.bigram)

    def _rows(self, sent: Span, own: list, windows: dict[int, list], outside: dict, first, bigram) -> list[list]:
        """Each token's features: its own, ``first`` at the sentence start, its neighbours'
        (``outside`` where the window leaves the sentence), the previous word and its own."""
        words = self._lower
        rows = []
        start, end = sent.start, sent.end
        for i in range(start, end):
            row = list(own[i])
            if i == start:
                row += first
            for d, _ in _WINDOW:
                j = i + d
                row += windows[d][j] if start <= j < end else outside[d, j < start]
            if i > start:
                row += bigram(words[i - 1], words[i])
            rows.append(row)
        return rows

    def _neighbours(self, d: int, names: tuple[str, ...], cache: dict,
                    convert: Callable[[list[str]], tuple]) -> list[tuple]:
        """Per token, its features as the neighbour at distance ``d`` (``-1:pos=N`` ...), made once
        per article instead of once per window, and once per (distance, word, tags) seen in
        ``cache`` (a word's values follow from the word: ``_own``); ``convert`` makes the strings
        what the caller wants (themselves, or their ids)."""
        if len(cache) > 500_000:
            cache.clear()
        out = []
        for word, cap, values, pos, ner, rule in zip(self.words, self.cap, self.values, self.pos, self.ner,
                                                     self.rule):
            key = (d, word, cap, pos, ner, rule)
            hit = cache.get(key)
            if hit is None:
                token = {"pos": pos, "ner": ner, "rule": rule}
                hit = cache[key] = convert([f"{d}:{k}={token[k] if k in token else values[k]}" for k in names])
            out.append(hit)
        return out


# Window order of the features: the nearest neighbours carry more of them.
_WINDOW = ((-1, NEAR), (1, NEAR), (-2, FAR), (2, FAR))
# A window's feature where it leaves the sentence: (distance, before the start) -> the features
_OUTSIDE = {(d, before): (f"{d}:{'BOS' if before else 'EOS'}",) for d, _ in _WINDOW for before in (True, False)}
_NEIGHBOUR_STRINGS: dict[tuple, tuple[str, ...]] = {}
