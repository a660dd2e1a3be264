"""The learned entity recognizer: a CRF over the features of features.py, trained on the dev
gold by ``make train`` (scripts/train_entities.py) and shipped as
``models/entities/ner.crfsuite`` (CRFsuite format, written by underthesea_core's trainer, decoded
by pipeline/text/crf_model.py as underthesea_core's tagger decodes it). Without that file the
stage falls back to the rules alone."""

from __future__ import annotations

import functools
import itertools
import tempfile
from pathlib import Path
from typing import NamedTuple

import numpy as np

from pipeline.core.cache import cached
from pipeline.core.lexicon import model_path
from pipeline.stages.entities import features
from pipeline.stages.entities.features import FeatureIds
from pipeline.text import crf_model
from pipeline.text.crf_model import CRFModel, positions_within

MODEL = "entities/ner.crfsuite"
LABELS = ("PER", "LOC", "ORG", "MISC")


class Tagged(NamedTuple):
    """An entity the model found: token range (doc indices) and label."""
    start: int
    end: int
    label: str


class EntityModel:
    """The CRF (a ``CRFModel``: numpy arrays, underthesea_core's decoding) and the ids of its
    features."""

    def __init__(self, crf: CRFModel):
        self.crf = crf
        self.ids = FeatureIds(crf.attributes, crf.unknown)

    @classmethod
    def load(cls, path: Path) -> EntityModel:
        return cls(CRFModel.load(path))

    @classmethod
    def from_trained(cls, model) -> EntityModel:
        """A model just trained (underthesea_core.CRFModel), not yet saved."""
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.crfsuite"
            model.save(str(path))
            return cls.load(path)

    def rows(self, rows: list[list[str]]) -> list[list[int]]:
        """Feature strings -> the ids the model knows."""
        return [self.ids.known(row) for row in rows]

    def matrix(self, rows: list[list[int]]) -> np.ndarray:
        """Tokens' feature ids (``rows``) -> template parts x tokens, padded with the zero row: it
        adds 0.0 after a token's own features, the same scores."""
        width = max(map(len, rows), default=0)
        ids = np.full((len(rows), width), self.crf.unknown, dtype=np.intp)
        sizes = np.fromiter(map(len, rows), dtype=np.intp, count=len(rows))
        ids[np.repeat(np.arange(len(rows)), sizes), positions_within(sizes)] = \
            np.fromiter(itertools.chain.from_iterable(rows), dtype=np.intp, count=int(sizes.sum()))
        return ids.T

    def tag_many(self, ids: np.ndarray, lengths: list[int]) -> list[list[str]]:
        """BIO tags of each sentence, ``lengths`` tokens long one after the other in ``ids``
        (template parts x tokens: ``matrix``, ``DocFeatures.ids``), all decoded at once."""
        tags = iter(self.crf.decode(self.crf.emissions(ids), lengths))
        return [[next(tags) for _ in range(length)] for length in lengths]


class Article(NamedTuple):
    """An article for the model: its tokens' feature ids (template parts x tokens), its
    sentences' first tokens (the sentences follow one another from token 0), its words."""
    ids: np.ndarray
    starts: list[int]
    words: list[str]


@functools.lru_cache(maxsize=1)
def entity_model() -> EntityModel | None:
    """The shipped model, or None when models/entities/ner.crfsuite is absent."""
    try:
        path = model_path(MODEL)
    except FileNotFoundError:
        return None
    # its feature ids take as long to build as the CRF to parse: both kept in the user's cache
    code = [__file__, features.__file__, crf_model.__file__]
    return cached(path, "entity-model", lambda: EntityModel.load(path), code=code)


def decode(tags: list[str], offset: int) -> list[Tagged]:
    """BIO tags of one sentence (first token at doc index ``offset``) -> entities; an ``I-`` with
    no open entity of its label starts one."""
    out: list[Tagged] = []
    start, label = None, None
    for k, tag in enumerate([*tags, "O"]):
        if tag == "O" and start is None:
            continue  # most tokens: nothing to close or open
        kind, _, lab = tag.partition("-")
        if start is not None and (kind != "I" or lab != label):
            out.append(Tagged(offset + start, offset + k, label))
            start, label = None, None
        if kind in ("B", "I") and start is None and lab in LABELS:
            start, label = k, lab
    return out


def tag_document(model: EntityModel, sentences, words: list[str]) -> list[Tagged]:
    """The model's entities of a whole article: ``sentences`` are (feature ids of each token,
    first token) per sentence; then one label per name (see ``one_label_per_name``)."""
    sentences = list(sentences)
    rows = [row for sentence, _ in sentences for row in sentence]
    return tag_documents(model, [Article(model.matrix(rows), [start for _, start in sentences], words)])[0]


def tag_documents(model: EntityModel, articles: list[Article]) -> list[list[Tagged]]:
    """``tag_document`` of each article, all their sentences decoded at once."""
    sizes = [a.ids.shape[1] for a in articles]
    # the articles side by side, the narrower padded with the zero row (0.0: the same scores)
    ids = np.full((max((a.ids.shape[0] for a in articles), default=0), sum(sizes)), model.crf.unknown,
                  dtype=np.intp)
    lengths = []
    for a, offset, size in zip(articles, itertools.accumulate([0, *sizes]), sizes):
        ids[:a.ids.shape[0], offset:offset + size] = a.ids
        lengths += np.diff([*a.starts, size]).tolist()
    tags = iter(model.tag_many(ids, lengths))
    out = []
    for a in articles:
        found: list[Tagged] = []
        for start in a.starts:
            found.extend(decode(next(tags), start))
        out.append(one_label_per_name(found, a.words))
    return out


def one_label_per_name(found: list[Tagged], words: list[str]) -> list[Tagged]:
    """A name an article repeats keeps one type: the one most of its mentions got (``Galaxy
    Gear`` is a product each time, though one sentence alone made it a company). Ties and
    names seen once are left as tagged."""
    votes: dict[str, dict[str, int]] = {}
    for t in found:
        votes.setdefault(" ".join(words[t.start:t.end]), {}).setdefault(t.label, 0)
        votes[" ".join(words[t.start:t.end])][t.label] += 1
    out = []
    for t in found:
        v = votes[" ".join(words[t.start:t.end])]
        best = max(v.values())
        winners = [label for label, n in v.items() if n == best]
        out.append(t._replace(label=winners[0]) if len(winners) == 1 else t)
    return out

