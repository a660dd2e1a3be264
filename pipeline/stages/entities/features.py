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
import itertools
import re
from collections.abc import Callable, Hashable

import numpy as np
from spacy.tokens import Doc, Span

from pipeline.core.constants import TOKEN_CHUNK, TOKEN_CRF_NER
from pipeline.core.lexicon import model_path
from pipeline.stages.entities.words import Candidate, Columns, EntityWords, cap_text
from pipeline.text.crf_model import positions_within
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


def document_labels(cols: Columns, accepted: list[Candidate]) -> dict[str, str]:
    """The label the rules give each name most often in the article: another mention of the same
    name elsewhere in it tells this one's type (``Galaxy Gear`` after ``chiếc``, then alone)."""
    votes: dict[str, dict[str, int]] = {}
    for c in accepted:
        name = " ".join(cols.words[c.start:c.end])
        votes.setdefault(name, {}).setdefault(c.label, 0)
        votes[name][c.label] += 1
    return {name: max(sorted(v), key=v.get) for name, v in votes.items()}


class _Rows:
    """Rows of attribute ids made once per key (a word, a token's tags), in a numpy array that
    grows, so an article's rows are one gather."""

    def __init__(self, make: Callable[[Hashable], list[int]], limit: int):
        self.make, self.limit = make, limit
        self.index: dict[Hashable, int] = {}
        self.rows: np.ndarray | None = None

    def of(self, keys: list[Hashable]) -> np.ndarray:
        """The rows of ``keys``, made for the keys not seen yet."""
        index = self.index
        if len(index) > self.limit:
            index.clear()
        found = list(map(index.get, keys))
        if None in found:
            for k, key in enumerate(keys):
                if found[k] is None:
                    found[k] = index.get(key)
                    if found[k] is None:  # not even earlier in ``keys``
                        found[k] = self._add(key)
        return self.rows[found]

    def _add(self, key: Hashable) -> int:
        row = self.make(key)
        if self.rows is None:
            self.rows = np.empty((1024, len(row)), dtype=np.int32)
        elif len(self.index) == len(self.rows):
            self.rows = np.concatenate([self.rows, np.empty_like(self.rows)])
        i = self.index[key] = len(self.index)
        self.rows[i] = row
        return i


class FeatureIds:
    """A model's attribute ids of the features above, in fixed columns: a feature the model
    does not know, or a word's empty one, is ``unknown`` (the model's zero row: it adds 0.0, the
    same scores as leaving it out). A token's tags and its word give rows made once per tags and
    per word: the ids of its own features and of those it gives its neighbours."""

    def __init__(self, attributes: dict[str, int], unknown: int):
        self.attributes, self.unknown = attributes, unknown
        self.first = attributes.get("first", unknown)
        self.outside = {key: attributes.get(feat, unknown) for key, (feat,) in _OUTSIDE.items()}
        self.tags = _Rows(self._tag_row, 100_000)
        self.words = _Rows(self._word_row, 200_000)
        # the previous word and this one (``w-1|w=a|b``) by the pair's code, a * words + b over
        # the words of the model's pairs, sorted: an article's are a numpy search, no string made
        # per token (a "|" in a word would split the feature more than one way: each is kept)
        pairs = {}
        for feat, i in attributes.items():
            if feat.startswith(_BIGRAM):
                parts = feat[len(_BIGRAM):].split("|")
                if len(parts) == 2:
                    pairs[parts[0], parts[1]] = i
                else:
                    pairs.update((("|".join(parts[:k]), "|".join(parts[k:])), i) for k in range(1, len(parts)))
        self.pair_words: dict[str, int] = {}
        for a, b in pairs:
            self.pair_words.setdefault(a, len(self.pair_words))
            self.pair_words.setdefault(b, len(self.pair_words))
        codes = np.array([self.pair_words[a] * len(self.pair_words) + self.pair_words[b] for a, b in pairs],
                         dtype=np.int64)
        order = np.argsort(codes)
        self.pair_codes = codes[order]
        self.pair_ids = np.array(list(pairs.values()), dtype=np.int32)[order]

    def known(self, feats) -> list[int]:
        get = self.attributes.get
        return [i for i in map(get, feats) if i is not None]

    def ids_or_unknown(self, feats) -> list[int]:
        """The ids of ``feats``, ``unknown`` for those the model does not know (None: no feature)."""
        get, unknown = self.attributes.get, self.unknown
        return [unknown if f is None else get(f, unknown) for f in feats]

    def bigrams(self, lower: list[str]) -> np.ndarray:
        """Per token, the id of the previous word and its own (``w-1|w=a|b``; ``lower``: the
        article's words in lower case), ``unknown`` for the first token and unknown pairs."""
        words = np.fromiter(map(self.pair_words.get, lower, itertools.repeat(-1)), dtype=np.int64, count=len(lower))
        codes = words[:-1] * len(self.pair_words) + words[1:]
        at = np.searchsorted(self.pair_codes, codes)
        known = (words[:-1] >= 0) & (words[1:] >= 0) & (at < len(self.pair_codes))  # -1: a word of no pair
        known[known] = self.pair_codes[at[known]] == codes[known]
        out = np.full(len(lower), self.unknown, dtype=np.int32)
        out[1:][known] = self.pair_ids[at[known]]
        return out

    def _tag_row(self, key: tuple[str, str, str, str]) -> list[int]:
        """``bias`` and the tags (pos, chunk, ner, rule ``key``), then ``_TAG_COLUMNS``."""
        tags = dict(zip(("pos", "chunk", "ner", "rule"), key))
        return self.ids_or_unknown(["bias", *(f"{k}={tags[k]}" for k in _OWN_TAGS[1:]),
                                    *(f"{d}:{k}={tags[k]}" for d, k in _TAG_COLUMNS)])

    def _word_row(self, word: str) -> list[int]:
        """``_WORD_COLUMNS``, then the word's own features (``_own``: one column per value; its
        capitals follow from the word, as in ``Columns.cap``)."""
        values = _own(word, cap_text(word))[0]
        return self.ids_or_unknown([*(f"{d}:{k}={values[k]}" for d, k in _WORD_COLUMNS),
                                    *(f"{k}={v}" if v else None for k, v in values.items())])


class DocFeatures:
    """Every token's features, computed once per article: as strings (``sentence``, for
    training) or as a model's attribute ids (``ids``)."""

    def __init__(self, doc: Doc, cols: Columns, candidates: list[Candidate], accepted: list[Candidate]):
        n = len(doc)
        self.pos, self.chunk, self.ner = cols.pos, token_tags(doc, TOKEN_CHUNK), token_tags(doc, TOKEN_CRF_NER)
        self.rule = _bio([(c.start, c.end, c.label) for c in accepted], n)
        self.words, self.cap, self.lower = cols.words, cols.cap, cols.lower
        self.starts = [sent.start for sent in doc.sents]  # each sentence's first token
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
        for i, feats in self._names(cols, accepted).items():
            self.more[i] += feats
        self._own: list[list[str]] | None = None
        self._windows: dict[int, list[tuple[str, ...]]] | None = None

    @property
    def own(self) -> list[list[str]]:
        """Each token's own feature strings: its tags, its word's features, the ``more`` ones."""
        if self._own is None:
            self._own = [["bias", f"pos={pos}", f"chunk={chunk}", f"ner={ner}", f"rule={rule}",
                          *_own(word, cap)[1], *more]
                         for pos, chunk, ner, rule, word, cap, more in
                         zip(self.pos, self.chunk, self.ner, self.rule, self.words, self.cap, self.more)]
        return self._own

    def _names(self, cols: Columns, accepted: list[Candidate]) -> dict[int, list[str]]:
        """What each capitalised run is elsewhere: in the article (by the rules) and in the news
        corpus (the whole name, its first word, its last word)."""
        doc_labels = document_labels(cols, accepted)
        priors = name_priors()
        out: dict[int, list[str]] = {}
        for start, end in zip(self.starts, [*self.starts[1:], len(cols.words)]):
            for a, b in capitalised_runs(cols.cap, start, end):
                name = " ".join(cols.words[a:b])
                feats = [f"doc={doc_labels[name]}"] if name in doc_labels else []
                for key, prior in (("news", name), ("news1", f"first:{cols.words[a]}"),
                                   ("newsN", f"last:{cols.words[b - 1]}")):
                    feats += [f"{key}:{share}" for share in priors.get(prior, ())]
                for i in range(a, b):
                    out[i] = feats
        return out

    def sentence(self, sent: Span) -> list[list[str]]:
        """The feature strings of every token of ``sent`` (doc indices ``sent.start`` .. ``sent.end``):
        its own, ``first`` at the sentence start, its neighbours' (``BOS``/``EOS`` where the
        window leaves the sentence), the previous word and its own."""
        if self._windows is None:
            self._windows = {d: self._neighbours(d, names) for d, names in _WINDOW}
        rows = []
        start, end = sent.start, sent.end
        for i in range(start, end):
            row = list(self.own[i])
            if i == start:
                row.append("first")
            for d, _ in _WINDOW:
                j = i + d
                row += self._windows[d][j] if start <= j < end else _OUTSIDE[d, j < start]
            if i > start:
                row.append(f"{_BIGRAM}{self.lower[i - 1]}|{self.lower[i]}")
            rows.append(row)
        return rows

    def _neighbours(self, d: int, names: tuple[str, ...]) -> list[tuple[str, ...]]:
        """Per token, its features as the neighbour at distance ``d`` (``-1:pos=N`` ...), made once
        per (distance, word, tags) (a word's values follow from the word: ``_own``)."""
        if len(_NEIGHBOUR_STRINGS) > 500_000:
            _NEIGHBOUR_STRINGS.clear()
        out = []
        for word, cap, pos, ner, rule in zip(self.words, self.cap, self.pos, self.ner, self.rule):
            key = (d, word, cap, pos, ner, rule)
            hit = _NEIGHBOUR_STRINGS.get(key)
            if hit is None:
                token, values = {"pos": pos, "ner": ner, "rule": rule}, _own(word, cap)[0]
                hit = _NEIGHBOUR_STRINGS[key] = tuple(f"{d}:{k}={token[k] if k in token else values[k]}"
                                                      for k in names)
            out.append(hit)
        return out

    def ids(self, ids: FeatureIds) -> np.ndarray:
        """The features of ``sentence`` (every sentence) as a model's attribute ids, template
        parts x tokens: a token's in the same order, ``unknown`` (0.0) where it has fewer, so
        the same scores (``CRFModel.emissions``), with a few numpy gathers per article."""
        n, unknown = len(self.words), ids.unknown
        if not n:
            return np.empty((0, 0), dtype=np.int32)
        both = np.concatenate([ids.tags.of(list(zip(self.pos, self.chunk, self.ner, self.rule))),
                               ids.words.of(self.words)], axis=1)
        sizes = np.fromiter(map(len, self.more), dtype=np.intp, count=n)
        more = np.full((n, sizes.max()), unknown, dtype=np.int32)
        more[np.repeat(np.arange(n), sizes), positions_within(sizes)] = \
            list(map(ids.attributes.get, itertools.chain.from_iterable(self.more), itertools.repeat(unknown)))
        lengths = np.diff([*self.starts, n])
        token = np.arange(n)
        starts, ends = np.repeat(self.starts, lengths), np.repeat([*self.starts[1:], n], lengths)
        first = np.where(token == starts, ids.first, unknown)
        parts = [both[:, :len(_OWN_TAGS)], both[:, _OWN_WORD:], more, first[:, None]]
        for d, _ in _WINDOW:
            j = token + d
            outside = (j < starts) | (j >= ends)
            window = both[np.where(outside, token, j)[:, None], _WINDOW_COLUMNS[d]]
            window[outside] = unknown
            window[outside, 0] = np.where(j < starts, ids.outside[d, True], ids.outside[d, False])[outside]
            parts.append(window)
        bigram = ids.bigrams(self.lower)
        bigram[self.starts] = unknown
        parts.append(bigram[:, None])
        return np.concatenate(parts, axis=1).T


# Window order of the features: the nearest neighbours carry more of them.
_WINDOW = ((-1, NEAR), (1, NEAR), (-2, FAR), (2, FAR))
# A window's feature where it leaves the sentence: (distance, before the start) -> the features
_OUTSIDE = {(d, before): (f"{d}:{'BOS' if before else 'EOS'}",) for d, _ in _WINDOW for before in (True, False)}
_NEIGHBOUR_STRINGS: dict[tuple, tuple[str, ...]] = {}
_BIGRAM = "w-1|w="  # the previous word and this one: w-1|w=a|b
# A neighbour's features from its tags; the others are from its word.
_TAGS = ("pos", "ner", "rule")
_OWN_TAGS = ("bias", "pos", "chunk", "ner", "rule")
_TAG_COLUMNS = tuple((d, k) for d, names in _WINDOW for k in names if k in _TAGS)
_WORD_COLUMNS = tuple((d, k) for d, names in _WINDOW for k in names if k not in _TAGS)
# In a token's tags' row then its word's row (``FeatureIds``): where its word's own features
# start, and each window's columns, in the order of its names
_WORD_START = len(_OWN_TAGS) + len(_TAG_COLUMNS)
_OWN_WORD = _WORD_START + len(_WORD_COLUMNS)
_WINDOW_COLUMNS = {d: np.array([len(_OWN_TAGS) + _TAG_COLUMNS.index((d, k)) if k in _TAGS else
                                 _WORD_START + _WORD_COLUMNS.index((d, k)) for k in names]) for d, names in _WINDOW}
