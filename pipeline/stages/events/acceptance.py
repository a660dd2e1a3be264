"""Is an event the rules coded worth a row? A logistic model learned from the dev gold
(``scripts/train_events.py``, ``make train``) reads each event in its context and vetoes the
ones it finds unlikely: sports and culture vocabulary, topic nouns, lists of fields, speakers'
verbs in kinds of news the rules were not written on.

Features are plain strings (the CAMEO code and root, the trigger, its part of speech and
neighbours, quotation, modality, which actors and arguments were found, where the sentence
stands, how many events share it, and the article's dominant word clusters as a topic), so the
model is a table of weights, ``models/events/acceptance.tsv``: no library at run time. Without
that file every coded event is kept, as before.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

from spacy.tokens import Doc, Span

from pipeline.core.lexicon import load_weights
from pipeline.core.meta import token_lowers, token_pos
from pipeline.core.spanvalues import Found
from pipeline.grammar.spans import in_quotation
from pipeline.stages.entities.features import word_clusters

MODEL = "events/acceptance.tsv"
TOPICS = 3  # the article's most frequent coarse word clusters, as its kind of news
CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ")


class Acceptance(NamedTuple):
    weights: dict[str, float]
    bias: float
    threshold: float  # an event below this probability is dropped


@functools.lru_cache(maxsize=1)
def acceptance_model() -> Acceptance | None:
    try:
        return Acceptance(*load_weights(MODEL))
    except FileNotFoundError:
        return None


def probability(model: Acceptance, features: list[str]) -> float:
    z = model.bias + sum(model.weights.get(f, 0.0) for f in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def topics(doc: Doc) -> tuple[str, ...]:
    """The article's most frequent coarse word clusters among its content words."""
    clusters = word_clusters()
    counts: dict[str, int] = {}
    for pos, lower in zip(token_pos(doc), token_lowers(doc)):
        if pos in CONTENT_POS:
            c = clusters.get(lower)
            if c is not None:
                counts[c[0]] = counts.get(c[0], 0) + 1
    return tuple(sorted(counts, key=lambda c: (-counts[c], c))[:TOPICS])


def event_features(doc: Doc, sent: Span, sent_index: int, span: Span, values: dict, in_sentence: int,
                   doc_topics: tuple[str, ...]) -> list[str]:
    """The strings the acceptance model weighs for one event."""
    code = values["cameo_code"]
    trig = span.text.lower()
    lower = token_lowers(doc)
    before = lower[span.start - 1] if span.start > sent.start else "<s>"
    before2 = lower[span.start - 2] if span.start - 1 > sent.start else "<s>"
    after = lower[span.end] if span.end < sent.end else "</s>"
    feats = [
        f"code={code}", f"root={code[:2]}", f"trig={trig}", f"pos={token_pos(doc)[span.start]}",
        f"w-1={before}", f"w-2={before2}", f"w+1={after}", f"w-1|root={before}|{code[:2]}",
        f"quoted={in_quotation(doc, sent, span.start)}", f"modality={values.get('modality') or '-'}",
        f"a1={'y' if values.get('actor1_code') else 'n' if not values.get('actor1') else 'text'}",
        f"a2={'y' if values.get('actor2_code') else 'n' if not values.get('actor2') else 'text'}",
        f"a1a2={bool(values.get('actor1'))}|{bool(values.get('actor2'))}",
        f"date={values.get('date_source') or '-'}", f"place={bool(values.get('location'))}",
        f"claimant={bool(values.get('claimant'))}", f"numbers={bool(values.get('quantities'))}",
        f"sent={min(sent_index, 3)}", f"n_in_sent={min(in_sentence, 3)}",
        f"first_word={span.start == sent.start}",
    ]
    c = word_clusters().get(trig)
    if c is not None:
        feats.append(f"trig_c2={c[1]}")
    for t in doc_topics:
        feats += [f"topic={t}", f"topic|root={t}|{code[:2]}"]
    return feats


def judge(doc: Doc, found: list[Found], model: Acceptance) -> tuple[list[Found], list[tuple[Span, str]]]:
    """(kept, vetoed with the reason) of the events ``found`` (spaCy spans with their values)."""
    sents = list(doc.sents)
    sent_of = {s.start: k for k, s in enumerate(sents)}
    doc_topics = topics(doc)
    per_sentence: dict[int, int] = {}
    for span, _ in found:
        k = sent_of[span.sent.start]
        per_sentence[k] = per_sentence.get(k, 0) + 1
    kept, vetoed = [], []
    for span, values in found:
        sent = span.sent
        k = sent_of[sent.start]
        p = probability(model, event_features(doc, sent, k, span, values, per_sentence[k], doc_topics))
        if p < model.threshold:
            vetoed.append((span, f"unlikely_event ({p:.2f})"))
        else:
            kept.append(Found(span, values))
    return kept, vetoed
