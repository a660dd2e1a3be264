"""Who says so: the claimant of a fact, from reporting verbs and frames.

Shared by the quantities and events stages. A reporting verb (``tuyên bố``,
``cho biết``...) makes its subject the claimant of what follows it in the sentence;
``theo X, ...`` makes X the claimant; ``..., X cho biết.`` after the fact works too.
The subject is the stretch from the clause start up to the verb, without adverbs.
"""

from __future__ import annotations

import functools

from spacy.tokens import Span

from .lexicon import load_tsv

# Tokens that open a clause: the subject of a reporting verb starts after them.
_CLAUSE_OPENERS = {"khi", "trong lúc", "trong khi", "và", "nhưng", "còn", "song", "mà", "đồng thời",
                   "đáp lại", "trong đó", "sau khi"}
_SUBJECT_TRIM = {"sau đó", "đã", "cũng", "vừa", "mới", "đều", "thì", "hôm qua", "hôm nay", "cả", "các"}


@functools.lru_cache(maxsize=None)
def reporting_frames() -> dict[str, str]:
    return {row["word"]: row["frame"] for row in load_tsv("claims/reporting_verbs.tsv")}


def _boundary(token) -> bool:
    return token.is_punct or token.lower_ in _CLAUSE_OPENERS


def find_reporting(sent: Span) -> list[tuple[int, int, str]]:
    """(start, end, frame) token ranges of reporting verbs in a sentence (doc indices)."""
    frames = reporting_frames()
    out = []
    i = sent.start
    while i < sent.end:
        tok = sent.doc[i]
        pair = tok.lower_ + " " + sent.doc[i + 1].lower_ if i + 1 < sent.end else None
        if pair in frames:
            out.append((i, i + 2, frames[pair]))
            i += 2
        elif tok.lower_ in frames:
            out.append((i, i + 1, frames[tok.lower_]))
            i += 1
        else:
            i += 1
    return out


def _subject(sent: Span, verb_start: int) -> str:
    doc = sent.doc
    start = verb_start
    while start > sent.start and not _boundary(doc[start - 1]):
        start -= 1
    end = verb_start
    while start < end and (doc[start].lower_ in _SUBJECT_TRIM or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in _SUBJECT_TRIM or doc[end - 1].pos_ == "ADV"):
        end -= 1
    return doc[start:end].text if end > start else ""


def claimant(sent: Span, target: int) -> str:
    """Claimant of the fact at token ``target`` in ``sent``, or "" when the article states it."""
    doc = sent.doc
    frames = find_reporting(sent)
    before = [f for f in frames if f[1] <= target]
    for start, end, frame in reversed(before):
        if frame == "theo":
            stop = end
            while stop < sent.end and not doc[stop].is_punct and stop < target:
                stop += 1
            if stop > end:
                return doc[end:stop].text
            continue
        if frame == "dan_loi":
            stop = end
            while stop < sent.end and not _boundary(doc[stop]) and stop < target:
                stop += 1
            return doc[end:stop].text
        who = _subject(sent, start)
        if who:
            return who
    after = [f for f in frames if f[0] > target and f[2] == "verb"]
    for start, _, _ in after:
        # "..., X cho biết." : X sits between the last comma and the verb
        who = _subject(sent, start)
        if who and any(doc[i].is_punct for i in range(target, start)):
            return who
    return ""
