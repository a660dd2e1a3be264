"""Who says so: the claimant of a fact, from reporting verbs and frames.

Shared by the quantities and events stages. A reporting verb (``tuyên bố``,
``cho biết``...) makes its subject the claimant of what follows it in the sentence;
``theo X, ...`` makes X the claimant; ``..., X cho biết.`` after the fact works too.
The subject is the stretch from the clause start up to the verb, without adverbs.
"""

from __future__ import annotations

import bisect
import functools
from typing import NamedTuple

from spacy.tokens import Span

from pipeline.core.lexicon import load_tsv, load_words
from pipeline.core.meta import span_text, token_lowers, token_pos, token_punct, token_texts
from pipeline.grammar.spans import opens_clause, quoted_tokens
from pipeline.grammar.words import CLAUSE_OPENERS, QUOTE_MARKS

# A speaker named by a pronoun: the person named last (``Ông này cho biết thêm``).
_PRONOUN_SPEAKERS = {"ông", "bà", "ông này", "bà này", "anh", "chị", "anh này", "chị này", "vị này", "ông ấy",
                     "bà ấy", "người này"}
# Words trimmed from a speaker's noun phrase: adverbs and deictic times (Phía Mỹ hôm qua cho biết).
# Sentence openers that detail what the sentence before reported: its source goes on.
LINKING_OPENERS = {"theo đó", "theo này", "cụ thể"}
TAIL_REACH = 7  # tokens, the comma included, of the clause after a quotation that names its speaker
_SUBJECT_TRIM = {"sau đó", "đã", "cũng", "vừa", "mới", "đều", "thì", "hôm qua", "hôm nay", "cả", "các"}


@functools.lru_cache(maxsize=1)
def _nominal_markers() -> frozenset[str]:
    """Words before a reporting word that make it a noun (các cáo buộc, lời kêu gọi)."""
    return frozenset(load_words("claims/nominal_markers.tsv"))


@functools.lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    """Role nouns before a place that let the place speak (Phía Mỹ, các lực lượng Armenia)."""
    return frozenset(load_words("claims/role_words.tsv"))


class Frame(NamedTuple):
    """A reporting verb or frame in a sentence: its token range and kind (verb, theo, dan_loi)."""
    start: int
    end: int
    frame: str


@functools.cache
def reporting_frames() -> dict[str, str]:
    return {row["word"]: row["frame"] for row in load_tsv("claims/reporting_verbs.tsv")}


@functools.lru_cache(maxsize=64)  # asked once per number and event of the sentence
def find_reporting(sent: Span) -> list[Frame]:
    """(start, end, frame) token ranges of reporting verbs in a sentence (doc indices).
    A reporting word used as a noun (``các cáo buộc``) or ``theo đó`` is not one."""
    frames = reporting_frames()
    markers = _nominal_markers()
    doc = sent.doc
    lower, pos = token_lowers(doc), token_pos(doc)
    out = []
    i = sent.start
    while i < sent.end:
        pair = lower[i] + " " + lower[i + 1] if i + 1 < sent.end else None
        n, frame = (2, frames[pair]) if pair in frames else (1, frames.get(lower[i]))
        nominal = i > sent.start and lower[i - 1] in markers
        anaphoric = frame == "theo" and i + 1 < sent.end and lower[i + 1] in ("đó", "này", "đây")
        # a source's "theo" opens its clause ("Theo X, ...", "..., theo X."); inside one it is
        # "following, by" (theo hình thức BOT, theo quy định của Luật NSNN)
        anaphoric = anaphoric or frame == "theo" and i > sent.start and not opens_clause(doc, i - 1)
        if frame == "theo":  # "theo báo cáo (nhanh) của X": the report words belong to the frame
            while i + n < sent.end and (lower[i + n] in frames or pos[i + n] == "ADJ"):
                n += 1
        if frame and not nominal and not anaphoric:
            out.append(Frame(i, i + n, frame))
        i += n if frame else 1
    return out


def _subject(sent: Span, verb_start: int, index: DocIndex) -> str:
    """Who speaks: a person named before the verb, else an organisation, else the
    noun phrase from the clause start (``Người đứng đầu cơ quan phòng vệ ...``)."""
    doc = sent.doc
    lower, texts = token_lowers(doc), token_texts(doc)
    start = verb_start
    while start > sent.start:
        if texts[start - 1] == ")" and (opening := _opening_bracket(texts, sent.start, start - 1)) is not None:
            start = opening  # "Công an huyện X (tỉnh Y) cho biết": an aside in brackets is part of the subject
        elif opens_clause(doc, start - 1):
            break
        else:
            start -= 1
    if start > sent.start and f"{lower[start - 1]} {lower[start]}" in CLAUSE_OPENERS:
        start += 1  # the second word of a two-word opener ("trong lúc")
    if start == verb_start and start > sent.start and token_texts(doc)[start - 1] == ",":
        # "Ông X, Thứ trưởng Bộ Tài chính, dẫn chứng": the speaker stands before the apposition
        start = sent.start
    return _speaker(doc, start, verb_start, index)


def _opening_bracket(texts: list[str], first: int, close: int) -> int | None:
    """The "(" that the ")" at ``close`` ends, not before token ``first``."""
    for k in range(close - 1, first - 1, -1):
        if texts[k] == "(":
            return k
        if texts[k] == ")":
            return None
    return None


def _outside_brackets(texts: list[str], ents: list) -> list:
    """The entities not inside brackets, when there are any (``South China Morning Post (SCMP)``
    is named by its full name)."""
    depth, inside = 0, set()
    for k in range(ents[0].start if ents else 0, ents[-1].end if ents else 0):
        depth += (texts[k] == "(") - (texts[k] == ")")
        if depth > 0:
            inside.add(k)
    kept = [e for e in ents if e.start not in inside]
    return kept or ents


class DocIndex:
    """The Doc's entities (by start) and date tokens, built once per Doc by the stage that
    asks for claimants, so that each claim does not rebuild ``doc.ents`` (quadratic)."""

    def __init__(self, doc):
        self.doc = doc
        self.ents = sorted(doc.ents, key=lambda e: e.start)
        self.starts = [e.start for e in self.ents]
        self.dates = {i for s in doc.spans.get("dates", []) for i in range(s.start, s.end)}
        self._carried: dict[int, str] | None = None
        self._sents: list[Span] | None = None

    @property
    def sents(self) -> list[Span]:
        """``doc.sents`` listed once (spaCy builds every sentence span anew on each access)."""
        if self._sents is None:
            self._sents = list(self.doc.sents)
        return self._sents

    def carried(self, sent: Span) -> str:
        """The speaker whose words ``sent`` still is (see ``carried_speakers``), or ""."""
        if self._carried is None:
            self._carried = carried_speakers(self.doc, self)
        return self._carried.get(sent.start, "")

    def last_person(self, before: int) -> str:
        """The last person named before token ``before`` (``ông này`` speaks for him)."""
        lo = bisect.bisect_left(self.starts, before)
        for e in reversed(self.ents[:lo]):
            if e.label_ == "PER" and e.end <= before:
                return e.text
        return ""

    def ents_within(self, start: int, end: int) -> list:
        lo, hi = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [e for e in self.ents[lo:hi] if e.end <= end]


def _speaker(doc, start: int, end: int, index: DocIndex) -> str:
    # "báo cáo của X": the possessor is the source
    lower, pos, punct = token_lowers(doc), token_pos(doc), token_punct(doc)
    of = [i for i in range(start, end) if lower[i] == "của"]
    if of:
        start = of[-1] + 1
    ents = _outside_brackets(token_texts(doc), index.ents_within(start, end))
    dates = index.dates
    for label in ("PER", "ORG"):
        found = [e for e in ents if e.label_ == label]
        if found:
            return found[-1].text
    if " ".join(lower[i] for i in range(start, end) if not punct[i]) in _PRONOUN_SPEAKERS:
        return index.last_person(start)  # "ông này cho biết thêm": the man named last
    while end > start and (lower[end - 1] in _SUBJECT_TRIM or pos[end - 1] == "ADV"
                           or end - 1 in dates or punct[end - 1]):
        end -= 1
    while start < end and (lower[start] in _SUBJECT_TRIM or punct[start]):
        start += 1
    # "Phía Mỹ", "các lực lượng Armenia": a role noun before a place is the place speaking
    roles = _role_words()
    for ent in ents:
        if ent.end == end and all(lower[i] in roles for i in range(start, ent.start)):
            return ent.text
    return span_text(doc[start:end]) if end > start else ""


def claimant(sent: Span, target: int, index: DocIndex) -> str:
    """Claimant of the fact at token ``target`` in ``sent``, or "" when the article states it."""
    doc = sent.doc
    punct = token_punct(doc)
    frames = find_reporting(sent)
    before = [f for f in frames if f.end <= target]
    for start, end, frame in reversed(before):
        if frame == "theo":
            stop = end
            while stop < sent.end and not punct[stop] and stop < target:
                stop += 1
            if stop > end:
                return _speaker(doc, end, stop, index)
            continue
        if frame == "dan_loi":
            stop = end
            while stop < sent.end and not opens_clause(doc, stop) and stop < target:
                stop += 1
            return _speaker(doc, end, stop, index)
        who = _subject(sent, start, index)
        if who:
            return who
    after = [f for f in frames if f.start > target and f.frame in ("verb", "said", "theo")]
    for start, end, frame in after:
        if not any(punct[i] for i in range(target, start)):
            continue
        if frame == "theo":  # "..., theo thông tin trên website sở thú."
            stop = end
            while stop < sent.end and not punct[stop]:
                stop += 1
            who = _speaker(doc, end, stop, index) if stop > end else ""
        else:  # "..., X cho biết." : X sits between the last comma and the verb
            who = _subject(sent, start, index)
        if who:
            return who
    quoted = quoted_tokens(doc, sent)
    if target in quoted:
        marks = [k for k in quoted if k > target and token_texts(doc)[k] in QUOTE_MARKS]
        if who := _tail_speaker(sent, marks[0], index) if marks else "":
            return who
    return index.carried(sent)


def _tail_speaker(sent: Span, close: int, index: DocIndex) -> str:
    """'"... hơn 6,8 triệu đồng", anh bức xúc.': a short clause after a closing quotation names
    who said it, whatever its verb: the person it names, or the one a pronoun stands for."""
    doc = sent.doc
    texts, lower, punct = token_texts(doc), token_lowers(doc), token_punct(doc)
    tail = [k for k in range(close + 1, sent.end) if not texts[k].isspace()]
    while tail and punct[tail[-1]]:
        tail.pop()
    if len(tail) < 3 or texts[tail[0]] != "," or len(tail) > TAIL_REACH or any(punct[k] for k in tail[1:]):
        return ""
    people = [e for e in index.ents_within(tail[1], tail[-1] + 1) if e.label_ == "PER"]
    if people:
        return people[0].text
    if lower[tail[1]] in _PRONOUN_SPEAKERS or " ".join(lower[k] for k in tail[1:3]) in _PRONOUN_SPEAKERS:
        return index.last_person(close)
    return ""


def carried_speakers(doc, index: DocIndex) -> dict[int, str]:
    """Sentences that go on with someone's words, by their first token: after ``X dẫn chứng:``
    or ``X cho biết:`` ending a sentence's attribution, a quotation left open, the sentences that
    follow in the paragraph and name no speaker of their own are X's; a sentence opened by ``Theo
    đó`` or ``Cụ thể`` details the one before, also across a paragraph break."""
    out: dict[int, str] = {}
    texts, lower = token_texts(doc), token_lowers(doc)
    current = previous = ""  # the speaker whose words run on; the last one of the sentence before
    for sent in index.sents:
        if sent.start > 0 and "\n" in texts[sent.start - 1]:  # text_with_ws adds at most a space
            current = ""  # a new paragraph: only a linking opener goes on with the one before
        frames = find_reporting(sent)
        linked = lower[sent.start] in LINKING_OPENERS or sent.start + 1 < sent.end \
            and f"{lower[sent.start]} {lower[sent.start + 1]}" in LINKING_OPENERS
        if linked and (current or previous):
            out[sent.start] = current or previous
        elif current and not frames:
            out[sent.start] = current
        else:
            current = ""
        verbs = [f for f in frames if f.frame in ("verb", "said")]
        previous = _subject(sent, verbs[-1].start, index) if verbs else out.get(sent.start, "")
        if verbs:
            last = verbs[-1]
            tail = [texts[i] for i in range(last.end, sent.end) if not texts[i].isspace()]
            if tail[:1] == [":"] and len(tail) > 2 or _quote_left_open(doc, sent):
                current = previous or current
    for start, speaker in _closed_quotations(doc, index).items():
        out.setdefault(start, speaker)
    return out


def _closed_quotations(doc, index: DocIndex) -> dict[int, str]:
    """'"... Bể có 3 m3 mà thất thoát gần 40 m3 nước. Thật vô lý", ông nói.': the sentences of a
    quotation take the speaker named after it closes."""
    out: dict[int, str] = {}
    run: list[Span] = []  # the sentences of the open quotation so far
    texts = token_texts(doc)
    for sent in index.sents:
        if sent.start and "\n" in texts[sent.start - 1]:
            run = []  # a quotation does not run over a paragraph break unannounced
        quoted = quoted_tokens(doc, sent)
        if not quoted:
            if run:
                run.append(sent)  # no mark: still inside the quotation opened before
            continue
        run = run + [sent] if quoted[0] <= sent.start + 1 and run else [sent]
        if quoted[-1] + 1 < sent.end - 1:  # the quotation closes here: who said it?
            after = [f for f in find_reporting(sent) if f.start > quoted[-1] and f.frame in ("verb", "said")]
            speaker = _subject(sent, after[0].start, index) if after else _tail_speaker(sent, quoted[-1], index)
            for s in run[:-1] if speaker else ():
                out[s.start] = speaker
            run = []
    return out


def _quote_left_open(doc, sent: Span) -> bool:
    marks = [t for t in token_texts(doc)[sent.start:sent.end] if t in ('"', "“", "”")]
    return bool(marks) and (marks[-1] == "“" or (len(marks) % 2 == 1 and marks[-1] == '"'))
