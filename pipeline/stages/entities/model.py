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

from pipeline.core.lexicon import model_path
from pipeline.stages.entities.features import FeatureIds
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
        self.ids = FeatureIds(crf.attributes)

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

    def tag_many(self, sentences: list[list[list[int]]]) -> list[list[str]]:
        """BIO tags of each sentence from its tokens' feature ids (``DocFeatures.sentence_ids``),
        all sentences decoded at once."""
        lengths = [len(rows) for rows in sentences]
        tokens = [row for rows in sentences for row in rows]
        width = max(map(len, tokens), default=0)
        ids = np.full((len(tokens), width), self.crf.unknown, dtype=np.intp)
        sizes = np.fromiter(map(len, tokens), dtype=np.intp, count=len(tokens))
        rows = np.repeat(np.arange(len(tokens)), sizes)
        ids[rows, positions_within(sizes)] = np.fromiter(itertools.chain.from_iterable(tokens), dtype=np.intp,
                                                        count=len(rows))
        # the padding is the zero row: adds 0.0 after a token's own features, the same scores
        tags = iter(self.crf.decode(self.crf.emissions(ids.T), lengths))
        return [[next(tags) for _ in range(length)] for length in lengths]


@functools.lru_cache(maxsize=1)
def entity_model() -> EntityModel | None:
    """The shipped model, or None when models/entities/ner.crfsuite is absent."""
    try:
        return EntityModel.load(model_path(MODEL))
    except FileNotFoundError:
        return None


def decode(tags: list[str], offset: int) -> list[Tagged]:
    """BIO tags of one sentence (first token at doc index ``offset``) -> entities; an ``I-`` with
    no open entity of its label starts one."""
    out: list[Tagged] = []
    start, label = None, None
    for k, tag in enumerate(list(tags) + ["O"]):
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
    return tag_documents(model, [(list(sentences), words)])[0]


def tag_documents(model: EntityModel, documents: list[tuple[list, list[str]]]) -> list[list[Tagged]]:
    """``tag_document`` of each (sentences, words), all their sentences decoded at once."""
    tags = iter(model.tag_many([rows for sentences, _ in documents for rows, _ in sentences]))
    out = []
    for sentences, words in documents:
        found: list[Tagged] = []
        for _, start in sentences:
            found.extend(decode(next(tags), start))
        out.append(one_label_per_name(found, words))
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

