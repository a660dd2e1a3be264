"""Triggers that are never events of their own, each a named predicate.

``NEVER_EVENTS`` is checked for every trigger of a sentence before any is kept: the first
predicate that holds names the reason the trigger is dropped (``vnews show --why`` prints it).
The other predicates here are asked while the sentence's events are kept, in the order of
``EventExtractor``: a described state, a condition, a question, a scheduled mention, a topic.
Each predicate reads the sentence's tokens, the words of ``EventLexicon`` and the closed-class
grammar; none changes anything.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span

from pipeline.core.meta import token_lowers, token_pos, token_punct, token_texts
from pipeline.grammar.spans import clause_break, clause_start, opened_by, passive, words_before
from pipeline.grammar.words import (
    BEFORE_KHI,
    CAUSATIVE,
    CLAUSE_END,
    CLAUSE_MODALITY,
    CONCESSIVE,
    LIST_OPENERS,
    MEANS,
    MODALITY,
    PASSIVE,
    PLURAL,
    TIME_CLAUSE,
    TIME_PREPS,
)
from pipeline.stages.events.context import ArticleContext, SentenceSpans
from pipeline.stages.events.lexicon import EventLexicon

# An object follows its verb closely (lên án các cuộc tấn công): at most this many words between.
OBJECT_REACH = 4
# A number of the event itself stands within this many words after the trigger (vụ nổ làm 7 người).
OWN_NUMBER_REACH = 4
# How far back a relative clause's ``mà``/``do`` may stand from its verb.
RELATIVE_REACH = 8
# A concessive opener (mặc dù) or a time clause (sau khi) governs the next few words only.
CONCESSIVE_REACH = 6
TIME_CLAUSE_REACH = 7
# "giải phóng được 6 ngôi làng bị Armenia chiếm giữ": the object between the two verbs is short.
OBJECT_PHRASE = 5


def object_of_event(lex: EventLexicon, doc: Doc, sent: Span, trig: Span, earlier: list[Span],
                    spans: SentenceSpans, context: ArticleContext) -> bool:
    """A nominal event (``các cuộc tấn công``) right after another, non-reporting event of
    its clause is that event's object (``lên án các cuộc tấn công``); after a preposition
    (``sau cuộc chiến``) or a conjunction it is an event of its own."""
    first = trig.start
    if earlier and earlier[-1].label_ in lex.event_objects and 0 <= trig.start - earlier[-1].end <= OBJECT_REACH \
            and not clause_break(doc, earlier[-1].end, trig.start):
        return True  # "kỷ niệm 20 năm bình thường hóa quan hệ": what is commemorated
    lower, pos, punct = token_lowers(doc), token_pos(doc), token_punct(doc)
    if trig.text.split()[0].lower() not in lex.nominalizers:
        if first > sent.start and lower[first - 1] in lex.nominalizers:
            first -= 1
        else:
            return False
    while first > sent.start and pos[first - 1] in ("DET", "NUM") or (
            first > sent.start and lower[first - 1] in ("các", "những", "một", "nhiều", "mọi")):
        first -= 1
    if first > sent.start and (pos[first - 1] in ("ADP", "CCONJ") or lower[first - 1] in TIME_PREPS
                               or lower[first - 1] in ("cũng như", "và", "hoặc") or lower[first - 1] in MEANS):
        return False
    for prev in reversed(earlier):
        between = range(prev.end, first)
        if sum(not punct[k] for k in between) > OBJECT_REACH or any(lower[k] in CLAUSE_END for k in between):
            return False  # an object follows its verb closely (lên án các cuộc tấn công)
        return prev.label_ not in lex.reporting
    return False


def repeated(lex: EventLexicon, doc: Doc, sent: Span, trig: Span, earlier: list[Span],
             spans: SentenceSpans, context: ArticleContext) -> bool:
    """Is the trigger a nominal event (``chuyến thăm``, ``vụ nổ``) of a CAMEO root the article
    has already told, with no number, date or place of its own in the sentence? Then it names
    the told event again."""
    if trig.label_ not in lex.codes or lex.codes[trig.label_].code[:2] not in context.told_roots:
        return False
    lower, pos = token_lowers(doc), token_pos(doc)
    noun_after_prep = pos[trig.start] == "NOUN" and trig.start > sent.start and pos[trig.start - 1] == "ADP"
    agentless = trig.start > sent.start and lower[trig.start - 1] in PASSIVE
    if not (trig.start > sent.start and lower[trig.start - 1] in lex.nominalizers
            or trig.text.split()[0].lower() in lex.nominalizers or noun_after_prep or agentless):
        return False  # a nominal event ("vụ nổ", "trong giao tranh") or a bare passive ("đang được điều tra")
    start = clause_start(doc, sent, trig.start)
    texts = token_texts(doc)
    end = next((i for i in range(trig.end, sent.end) if texts[i] in (",", ";", ":", '"', "”", "-", "–")),
               sent.end)
    near = min(end, trig.end + OWN_NUMBER_REACH)  # a number of the event itself, not of what is said of it
    return not any(start <= q.start < near for q in spans.quantities) and not any(
        start <= d.start < end for d in spans.dates) and not any(
        e.label_ == "LOC" and trig.start < e.start < end for e in spans.ents)


def relative(lex: EventLexicon, doc: Doc, sent: Span, trig: Span, earlier: list[Span],
             spans: SentenceSpans, context: ArticleContext) -> bool:
    """Is the trigger the verb of a relative clause that identifies the noun before it
    (``sáng kiến mà Bộ Quốc phòng Mỹ cam kết tài trợ``, ``Động cơ do Pratt & Whitney cung
    cấp``, ``thực hiện các hợp đồng xuất khẩu gạo đã ký``)? Only a subject and adverbs may
    stand between ``mà``/``do`` and the verb."""
    lower, pos, punct = token_lowers(doc), token_pos(doc), token_punct(doc)
    i = trig.start - 1
    if i > sent.start and lower[i] == "đã":  # "thực hiện các hợp đồng xuất khẩu gạo đã ký"
        j = i - 1
        while j > sent.start and pos[j] in ("NOUN", "VERB") and lower[j] not in PLURAL:
            j -= 1  # the noun phrase, verbs inside it too (hợp đồng xuất khẩu gạo)
        if j < i - 1 and lower[j] in PLURAL and j > sent.start and pos[j - 1] == "VERB" \
                and not lex.is_reporting(lower[j - 1]):
            return True
    for i in range(trig.start - 1, max(sent.start, trig.start - RELATIVE_REACH), -1):
        if lower[i] in ("mà", "do") and i > sent.start:
            return i + 1 < trig.start and pos[i - 1] in ("NOUN", "PROPN") and lower[i - 1] not in (
                "nguyên nhân", "lý do")
        if punct[i] or lower[i] in PASSIVE or pos[i] not in ("NOUN", "PROPN", "DET", "NUM", "ADV"):
            return False
    return False


def relative_passive(lex: EventLexicon, doc: Doc, sent: Span, trig: Span, earlier: list[Span],
                     spans: SentenceSpans, context: ArticleContext) -> bool:
    """Is the trigger a passive that describes the object of the event before it (``giải
    phóng được 6 ngôi làng bị Armenia chiếm giữ``)? That is a state told as a relative
    clause, not a new event."""
    if not earlier or lex.is_reporting(earlier[-1].label_):
        return False
    marker = passive(doc, earlier[-1].end, trig.start, lex.nominal)
    if marker is None or doc[marker].lower_ != "bị":
        return False
    between = doc[earlier[-1].end:marker]  # the object: a common noun phrase, no adverb
    return 0 < len(between) <= OBJECT_PHRASE and not any(
        t.is_punct or t.pos_ in ("ADV", "PROPN") or (t.pos_ == "VERB" and t.lower_ != "được") for t in between)


def described(lex: EventLexicon, doc: Doc, sent: Span, trig: Span, earlier: list[Span],
              spans: SentenceSpans, context: ArticleContext) -> bool:
    """Is the trigger a nominal event after a copula (``Đây là vụ đụng độ nghiêm trọng
    nhất``, ``các cuộc tấn công này là những vụ đẫm máu nhất``)? It describes an event
    already told."""
    i = trig.start - 1
    if i < sent.start or doc[i].lower_ not in lex.nominalizers:
        return False
    i -= 1
    while i >= sent.start and (doc[i].pos_ in ("DET", "NUM") or doc[i].lower_ in ("các", "những", "một")):
        i -= 1
    return i >= sent.start and doc[i].lower_ == "là"


def listed(lex: EventLexicon, doc: Doc, sent: Span, trig: Span, earlier: list[Span],
           spans: SentenceSpans, context: ArticleContext) -> bool:
    """Is the trigger an item of a list of fields or kinds (``các lĩnh vực gồm ...; hỗ trợ
    công tác đào tạo``, ``tội phạm như bắt cóc, tống tiền``)? Such items name what an
    agreement covers or what a crime is, not events."""
    lower = token_lowers(doc)
    i = trig.start
    if i > sent.start and lower[i - 1] == "việc":
        i -= 1
    if i <= sent.start:
        return False
    if lower[i - 1] in LIST_OPENERS:
        return not (i - 2 >= sent.start and lower[i - 2] == "cũng")  # "cũng như": as well as
    if token_texts(doc)[i - 1] not in (";", ","):
        return False
    # a later item: the list opened earlier in the sentence
    return any(w in LIST_OPENERS and w != "như" for w in lower[sent.start:i - 1])


def mentioned_before(lex: EventLexicon, doc: Doc, sent: Span, trig: Span, earlier: list[Span],
                     spans: SentenceSpans, context: ArticleContext) -> bool:
    """A nominal event with a demonstrative (``hiện trường vụ đánh bom này``) names an
    event the article has already told: not a new one."""
    lower = token_lowers(doc)
    first = lower[trig.start - 1] if trig.start > sent.start else ""
    if first not in lex.nominalizers and trig.text.split()[0].lower() not in lex.nominalizers:
        return False
    after = lower[trig.end:min(trig.end + 2, sent.end)]
    return bool(after) and (after[0] in lex.demonstratives or " ".join(after) in lex.demonstratives)


def document(lex: EventLexicon, doc: Doc, sent: Span, trig: Span, earlier: list[Span],
             spans: SentenceSpans, context: ArticleContext) -> bool:
    """Is a statement word (``báo cáo``: models/cameo/documents.tsv) the name of a document:
    a noun after a preposition or a verb, or before ``của`` or a quoted title?"""
    if trig.label_ not in lex.documents:
        return False
    before = doc[trig.start - 1] if trig.start > sent.start else None
    after = doc[trig.end] if trig.end < sent.end else None
    if after is not None and (after.lower_ == "của" or after.text in ("“", '"')):
        return True
    return trig[0].pos_ == "NOUN" and before is not None and before.pos_ in ("ADP", "VERB")


NeverEvent = Callable[[EventLexicon, Doc, Span, Span, list[Span], SentenceSpans, ArticleContext], bool]
# In this order; the first that holds is the reason.
NEVER_EVENTS: tuple[tuple[str, NeverEvent], ...] = (
    ("object", object_of_event),
    ("repeated", repeated),
    ("relative", relative),
    ("relative_passive", relative_passive),
    ("described", described),
    ("listed", listed),
    ("mentioned_before", mentioned_before),
    ("document", document),
)


def never_event(lex: EventLexicon, doc: Doc, sent: Span, triggers: list[Span], spans: SentenceSpans,
                context: ArticleContext) -> dict[int, str]:
    """Start token -> reason, for the sentence's triggers that are never events."""
    out = {}
    for k, t in enumerate(triggers):
        for name, holds in NEVER_EVENTS:
            if holds(lex, doc, sent, t, triggers[:k], spans, context):
                out[t.start] = name
                break
    return out


# -- asked while events are kept ------------------------------------------------------------
def described_state(doc: Doc, sent: Span, trig: Span) -> bool:
    """Is the state after a causative and its experiencer (``khiến cộng đồng quốc tế lo
    ngại``) or a noun owned by someone (``lo ngại của Bắc Kinh``)?"""
    if trig.end < sent.end and doc[trig.end].lower_ == "của":
        return True
    i = trig.start - 1
    while i > sent.start and doc[i].pos_ in ("NOUN", "PROPN", "DET", "NUM", "ADJ"):
        i -= 1
    return i >= sent.start and i < trig.start - 1 and doc[i].lower_ in CAUSATIVE


def conditional(lex: EventLexicon, doc: Doc, sent: Span, trig: Span) -> bool:
    """Is the trigger in a clause opened by ``nếu``/``giả sử`` (models/cameo/conditionals.tsv)?"""
    lower = token_lowers(doc)
    return opened_by(doc, sent, trig.start, lambda k: lower[k] in lex.conditionals,
                     stops=(",", ";", ":", "“", '"'))


def conceded(doc: Doc, sent: Span, trig: Span) -> bool:
    """Is the trigger in a clause opened by ``mặc dù``, ``dù``, ``tuy`` (``..., mặc dù ông lo sợ
    ...``)? A statement before it does not introduce it: it is a second thing said."""
    lower = token_lowers(doc)
    return opened_by(doc, sent, trig.start, lambda k: lower[k] in CONCESSIVE, reach=CONCESSIVE_REACH)


def in_time_clause(doc: Doc, sent: Span, trig: Span) -> bool:
    """Is the trigger in a clause opened by ``sau khi``, ``kể từ khi``... (within seven words)?"""
    lower = token_lowers(doc)

    def opens(k: int) -> bool:
        return (lower[k] == "khi" and k > sent.start and lower[k - 1] in BEFORE_KHI) or lower[k] in TIME_CLAUSE
    return opened_by(doc, sent, trig.start, opens, reach=TIME_CLAUSE_REACH)


def scheduled(lex: EventLexicon, doc: Doc, sent: Span, trig: Span) -> bool:
    """Is the trigger a noun (``bài phát biểu``, ``cuộc họp``) in a clause told in the
    future (``... dự kiến sẽ diễn ra``), rather than a verb an actor commits to?"""
    if not (trig.start > sent.start and doc[trig.start - 1].lower_ in lex.nominalizers):
        return False
    for tok in doc[trig.end:sent.end]:
        if tok.is_punct or tok.lower_ in CLAUSE_END:
            break
        if MODALITY.get(tok.lower_) in CLAUSE_MODALITY:
            return True
    return words_before(doc, sent, trig.start - 1, MODALITY) is not None \
        or any(MODALITY.get(t.lower_) in CLAUSE_MODALITY for t in doc[sent.start:trig.start])


def topic_mention(lex: EventLexicon, doc: Doc, sent: Span, trig: Span) -> bool:
    """Is the trigger a ``việc`` noun opening its sentence or what a speaker says (``Việc hợp
    tác với Tập đoàn ANA ... sẽ giúp``, ``Với việc đầu tư ...``, ``cho biết việc công bố báo
    cáo ... là``)? Of an event the article has told, or one the clause evaluates, that is
    its topic, not a new event."""
    i = trig.start - 1
    if i < sent.start or doc[i].lower_ != "việc":
        return False
    first = sent.start + 1 if doc[sent.start].text in ("“", '"') else sent.start  # inside a quotation
    said = i > sent.start and (lex.is_reporting(doc[i - 1].lower_) or (
        i - 1 > sent.start and lex.is_reporting(f"{doc[i - 2].lower_} {doc[i - 1].lower_}")))
    return i == first or (i - 1 == first and doc[i - 1].lower_ in ("với", "qua")) or said


def evaluated(doc: Doc, sent: Span, trig: Span) -> bool:
    """Does the clause go on to say what the event is or will do (``Việc đầu tư xây dựng dự
    án ... sẽ góp phần``, ``... là ...``)? Then the event is its topic, not news."""
    for tok in doc[trig.end:sent.end]:
        if tok.text in (",", ";", ":"):
            return False
        if tok.lower_ in ("sẽ", "là", "giúp", "góp phần"):
            return True
    return False


def topic(lex: EventLexicon, doc: Doc, sent: Span, trig: Span, context: ArticleContext) -> bool:
    """A ``việc`` topic of an event the article has told or the clause evaluates."""
    return topic_mention(lex, doc, sent, trig) and (trig.label_ in context.told or evaluated(doc, sent, trig))
