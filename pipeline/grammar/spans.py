"""Predicates over the tokens of a sentence that more than one stage asks: is a word quoted,
where does its clause start, is it in a passive, a question, a clause opened by some word.

They read only what the tokenizer put on the Doc (words, POS, sentence bounds) and the
closed-class words of ``grammar/words.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span, Token

from pipeline.core.meta import token_lowers, token_pos, token_punct, token_texts
from pipeline.grammar.words import (
    ADVERBS,
    AFTER_CLOSING,
    CLAUSE_BREAK,
    CLAUSE_OPENERS,
    CLAUSE_START_MARKS,
    CLAUSE_START_WORDS,
    CLOSING_QUOTES,
    PASSIVE,
    QUOTE_MARKS,
)

# How far back a passive marker may stand from its verb: the marker and an agent of up to
# four words (bị cảnh sát giao thông bắt).
PASSIVE_REACH = 5
# How far back a word list is looked up before a word: three tokens (sẽ | tiếp tục | cung cấp).
WORDS_BEFORE_REACH = 3


def in_quotation(doc: Doc, sent: Span, i: int) -> bool:
    """Is token ``i`` inside quotation marks? A sentence whose first quote mark closes a
    quotation (``”``, or ``"`` before a comma or dash: ``... sau", Egidio Torre Cantu chia
    sẻ``) starts inside one opened in an earlier sentence."""
    texts = token_texts(doc)
    marks = [k for k in range(sent.start, sent.end) if texts[k] in QUOTE_MARKS]
    if not marks:
        return False

    def closes(k: int) -> bool:
        return texts[k] in CLOSING_QUOTES or (texts[k] == '"' and k + 1 < sent.end and texts[k + 1] in AFTER_CLOSING)

    inside = closes(marks[0])
    for k in marks:
        if k >= i:
            break
        inside = not inside
    return inside


def quoted_tokens(doc: Doc, sent: Span) -> list[int]:
    """The tokens of ``sent`` inside quotation marks, as ``in_quotation`` tells them, in one pass."""
    texts = token_texts(doc)
    marks = [k for k in range(sent.start, sent.end) if texts[k] in QUOTE_MARKS]
    if not marks:
        return []
    first = marks[0]
    inside = texts[first] in CLOSING_QUOTES or (texts[first] == '"' and first + 1 < sent.end
                                                 and texts[first + 1] in AFTER_CLOSING)
    out, at = [], set(marks)
    for k in range(sent.start, sent.end):
        if inside:
            out.append(k)
        if k in at:
            inside = not inside
    return out


def clause_start(doc: Doc, sent: Span, i: int) -> int:
    """The first token of the clause token ``i`` stands in (after a comma, a quote mark, a
    bracket, ``khi``, ``nếu``, ``nhưng``...)."""
    texts, lower = token_texts(doc), token_lowers(doc)
    for k in range(i - 1, sent.start - 1, -1):
        if texts[k] in CLAUSE_START_MARKS or lower[k] in CLAUSE_START_WORDS:
            return k + 1
    return sent.start


def clause_break(doc: Doc, start: int, end: int, lists: bool = False) -> bool:
    """Is there a clause boundary between tokens ``start`` and ``end`` (``và`` joins)? With
    ``lists``, a comma between two nouns separates list items (``các tỉnh, thành phố``)."""
    texts, lower, pos = token_texts(doc), token_lowers(doc), token_pos(doc)
    for i in range(start, end):
        if lower[i] not in CLAUSE_BREAK:
            continue
        if lists and texts[i] == "," and start < i < end - 1 and pos[i - 1] in ("NOUN", "PROPN") \
                and pos[i + 1] in ("NOUN", "PROPN"):
            continue
        return True
    return False


def opens_clause(doc: Doc, i: int) -> bool:
    """Does token ``i`` open a clause (punctuation, ``khi``, ``trong lúc``...)?"""
    lower = token_lowers(doc)
    if token_punct(doc)[i] or lower[i] in CLAUSE_OPENERS:
        return True
    return i + 1 < len(doc) and f"{lower[i]} {lower[i + 1]}" in CLAUSE_OPENERS


def opened_by(doc: Doc, sent: Span, i: int, opens: Callable[[int], bool], reach: int | None = None,
              stops: Iterable[str] | None = None) -> bool:
    """Is token ``i`` in a clause opened by a token ``opens`` accepts? The search walks back at
    most ``reach`` tokens and stops at a mark of ``stops`` (any punctuation by default)."""
    first = sent.start if reach is None else max(sent.start, i - reach)
    punct, texts = token_punct(doc), token_texts(doc)
    for k in range(i - 1, first - 1, -1):
        if punct[k] if stops is None else texts[k] in stops:
            return False
        if opens(k):
            return True
    return False


def words_before(doc: Doc, sent: Span, i: int, words) -> str | None:
    """A word (or two-word phrase) of ``words`` among the few tokens before token ``i``."""
    lower = token_lowers(doc)
    for n in range(1, WORDS_BEFORE_REACH + 1):
        k = i - n
        if k < sent.start:
            break
        for w in (lower[k], " ".join(lower[k:k + 2])):
            if w in words:
                return w
    return None


def asked(doc: Doc, sent: Span, end: int) -> bool:
    """Is the clause from token ``end`` on a question: a ``?`` before any other end mark?"""
    for text in token_texts(doc)[end:sent.end]:
        if text == "?":
            return True
        if text in (".", "!", ";", "”", "»"):
            return False
    return False


def passive(doc: Doc, start: int, i: int, nominal: Callable[[Token], bool]) -> int | None:
    """The index of ``bị``/``được`` opening a passive before token ``i`` (not before ``start``):
    right before it (``bị bắt cóc``) or before its agent, a noun phrase or name (``bị cảnh sát
    bắt``). ``nominal`` tells a noun of the agent."""
    lower, pos = token_lowers(doc), token_pos(doc)
    end = i
    while end > start and lower[end - 1] in ADVERBS:
        end -= 1
    for k in range(end - 1, max(start, end - PASSIVE_REACH) - 1, -1):
        if lower[k] in PASSIVE:
            return k if k == i - 1 or nominal(doc[k + 1]) else None
        if pos[k] not in ("NUM", "DET", "ADJ") and not nominal(doc[k]):
            return None
    return None
