"""The learned entity recognizer: a CRF over the features of features.py, trained on the dev
gold by ``make train`` (scripts/train_entities.py) and shipped as
``models/entities/ner.crfsuite`` (CRFsuite format, read by underthesea_core's tagger: no new
runtime dependency). Without that file the stage falls back to the rules alone."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

from pipeline.core.lexicon import model_path

MODEL = "entities/ner.crfsuite"
LABELS = ("PER", "LOC", "ORG", "MISC")


class Tagged(NamedTuple):
    """An entity the model found: token range (doc indices) and label."""
    start: int
    end: int
    label: str


class EntityModel:
    def __init__(self, tagger):
        self.tagger = tagger

    @classmethod
    def load(cls, path: Path) -> EntityModel:
        from underthesea_core import CRFTagger

        tagger = CRFTagger()
        tagger.load(str(path))
        return cls(tagger)

    @classmethod
    def from_trained(cls, model) -> EntityModel:
        """A model just trained (underthesea_core.CRFModel), not yet saved."""
        from underthesea_core import CRFTagger

        return cls(CRFTagger.from_model(model))

    def tag(self, rows: list[list[str]]) -> list[str]:
        return list(self.tagger.tag(rows)) if rows else []


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
    """The model's entities of a whole article: ``sentences`` are (feature rows, first token)
    per sentence; then one label per name (see ``one_label_per_name``)."""
    found: list[Tagged] = []
    for rows, start in sentences:
        found.extend(decode(model.tag(rows), start))
    return one_label_per_name(found, words)


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

