"""Which event mentions of a story tell one happening: a logistic model over pairs of mentions,
learned from the blind story gold (``corpora/gold/stories``; ``scripts/train_stories.py``,
``models/stories/event_merge.tsv``), and the greedy grouping that uses it.

A pair is scored only where it may be one happening: the same CAMEO root, a trigger word in
common, or sentences that retell one another (``RETOLD`` of their syllable pairs shared); any
other pair counts 0 (on the gold no such pair reached the threshold). Mentions are taken in
story order; each joins the happening it is most like (half its best pair's probability, half
the mean over the happening's members, as stories are scored), when that reaches the model's
threshold, else it opens one.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

from pipeline.core.lexicon import load_weights
from pipeline.stories.events import Mention, overlap, same_actor, same_time, shared

MODEL = "stories/event_merge.tsv"
RETOLD = 0.3  # share of the shorter sentence's syllable pairs two retellings of one act have in common
FEATURES = ("same_root", "same_code", "actor1_shared", "actor1_conflict", "actor2_shared", "actor2_conflict",
            "same_trigger", "trigger_word", "overlap", "retold", "time_conflict", "same_day", "same_article",
            "both_statements", "same_root_doer")


class MergeModel(NamedTuple):
    weights: tuple[float, ...]  # in FEATURES order
    bias: float
    threshold: float

    def probability(self, features: tuple[float, ...]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features))
        return 1.0 / (1.0 + math.exp(-z))


@functools.cache
def merge_model() -> MergeModel:
    weights, bias, threshold = load_weights(MODEL)
    missing = set(FEATURES) - weights.keys()
    if missing:
        raise ValueError(f"models/{MODEL} lacks features {sorted(missing)} (make train)")
    return MergeModel(tuple(weights[f] for f in FEATURES), bias, threshold)


def pair_features(m: Mention, o: Mention) -> tuple[float, ...] | None:
    """The features of a pair (FEATURES order), or None for a pair that cannot be one happening."""
    same_root = m.root == o.root
    common_word = not set(m.trigger.split()).isdisjoint(o.trigger.split())
    told = overlap(m.words, o.words)
    retold = told >= RETOLD
    if not (same_root or common_word or retold):
        return None
    doer = shared(m.actor1, o.actor1, m.actor1_code, o.actor1_code)
    return (float(same_root), float(m.code == o.code), float(doer),
            float(not same_actor(m.actor1, o.actor1, m.named[0], o.named[0], m.actor1_code, o.actor1_code)),
            float(shared(m.actor2, o.actor2, m.actor2_code, o.actor2_code)),
            float(not same_actor(m.actor2, o.actor2, m.named[1], o.named[1], m.actor2_code, o.actor2_code)),
            float(m.trigger == o.trigger), float(common_word), told, float(retold), float(not same_time(m, o)),
            float(m.day is not None and m.day == o.day), float(m.article_id == o.article_id),
            float(m.root == "01" and o.root == "01"), float(doer and same_root))


def happenings(ordered: list[Mention], model: MergeModel | None = None) -> list[list[Mention]]:
    """The story's mentions (in story order) grouped into happenings."""
    model = model or merge_model()
    groups: list[list[int]] = []
    group_of: list[int] = []
    for i, m in enumerate(ordered):
        near: dict[int, list[float]] = {}  # group -> probabilities of the pairs scored
        for j in range(i):
            features = pair_features(ordered[j], m)
            if features is not None:
                near.setdefault(group_of[j], []).append(model.probability(features))
        best = None  # (group, score): the highest score, ties to the oldest happening
        for g in sorted(near):
            probs = near[g]
            score = 0.5 * max(probs) + 0.5 * sum(probs) / len(groups[g])  # unscored members count 0
            if score >= model.threshold and (best is None or score > best[1]):
                best = (g, score)
        if best is None:
            groups.append([i])
            group_of.append(len(groups) - 1)
        else:
            groups[best[0]].append(i)
            group_of.append(best[0])
    return [[ordered[i] for i in group] for group in groups]
