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

from spacy.tokens import Doc, Span

from pipeline.core.constants import TOKEN_CHUNK, TOKEN_CRF_NER
from pipeline.core.lexicon import model_path
from pipeline.stages.entities.words import Candidate, Columns, EntityWords
from pipeline.text.tokenizer import token_tags

CLUSTERS = "entities/clusters.tsv"
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


def _bio(spans, n: int, value) -> list[str]:
    """Per token: ``B-x``/``I-x`` for the spans (start, end, x), else "O"."""
    out = ["O"] * n
    for start, end, x in spans:
        for i in range(start, end):
            out[i] = ("B-" if i == start else "I-") + x
    return out


def _own(cols: Columns, words: EntityWords, clusters: dict, i: int) -> dict[str, str]:
    w, lower = cols.words[i], cols.lower[i]
    syllables = lower.split()
    c = clusters.get(lower, ("-", "-"))
    return {
        "w": lower, "shape": shape(w), "c1": c[0], "c2": c[1],
        "s0": syllables[0] if syllables else "", "sN": syllables[-1] if syllables else "",
        "n": str(min(len(syllables), 4)),
        "title": words.titles.get(lower, ""), "honor": "1" if lower in words.honorifics else "",
        "head": "1" if lower in words.org_heads else "", "trim": "1" if lower in words.trim else "",
        "surname": "1" if w.split() and w.split()[0] in words.surnames else "",
        "place": "1" if lower in words.place_words else "", "dict": "1" if lower in words.dictionary else "",
        "digit": "1" if _DIGIT.search(w) else "",
    }


def sentence_features(doc: Doc, sent: Span, cols: Columns, words: EntityWords, candidates: list[Candidate],
                      accepted: list[Candidate]) -> list[list[str]]:
    """The feature strings of every token of ``sent`` (doc indices ``sent.start`` .. ``sent.end``)."""
    clusters = word_clusters()
    n = len(doc)
    pos, chunk, ner = cols.pos, token_tags(doc, TOKEN_CHUNK), token_tags(doc, TOKEN_CRF_NER)
    rule = _bio([(c.start, c.end, c.label) for c in accepted], n, None)
    by_source: dict[str, list[str]] = {}
    for source in sorted({c.source for c in candidates}):
        by_source[source] = _bio([(c.start, c.end, c.label) for c in candidates if c.source == source], n, None)
    rows = []
    own = {i: _own(cols, words, clusters, i) for i in range(max(0, sent.start - 2), min(n, sent.end + 2))}
    for i in range(sent.start, sent.end):
        f = own[i]
        feats = ["bias", f"pos={pos[i]}", f"chunk={chunk[i]}", f"ner={ner[i]}", f"rule={rule[i]}"]
        feats += [f"{k}={v}" for k, v in f.items() if v]
        feats += [f"src:{s}={tags[i]}" for s, tags in by_source.items() if tags[i] != "O"]
        if i == sent.start:
            feats.append("first")
        for d, names in ((-1, NEAR), (1, NEAR), (-2, FAR), (2, FAR)):
            j = i + d
            if not sent.start <= j < sent.end:
                feats.append(f"{d}:{'BOS' if j < sent.start else 'EOS'}")
                continue
            g = own[j]
            extra = {"pos": pos[j], "ner": ner[j], "rule": rule[j]}
            feats += [f"{d}:{k}={extra[k] if k in extra else g[k]}" for k in names]
        if i > sent.start:
            feats.append(f"w-1|w={own[i - 1]['w']}|{f['w']}")
        rows.append(feats)
    return rows
