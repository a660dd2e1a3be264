"""What a kept trigger becomes: its CAMEO code (cue words of its sentence, intents), its
modality and negation, the event it is joined to, its date and place."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.core.constants import SPANS_DATES
from pipeline.core.meta import get_meta, token_lowers, token_pos, token_punct
from pipeline.core.spanvalues import get_values
from pipeline.grammar.spans import clause_start, passive, words_before
from pipeline.grammar.words import (
    ADVERBS,
    CLAUSE_END,
    CLAUSE_MODALITY,
    MODALITY,
    NEGATION,
    NEW_SUBJECT,
    PLACE_PREPS,
    SHARED_SUBJECT,
)
from pipeline.stages.events.context import ArticleContext, Kept
from pipeline.stages.events.lexicon import EventLexicon

# The first words of a sentence where a continuation marker (Sau đó, Đáp lại) is looked for.
CONTINUATION_REACH = 6
# "ký hợp đồng và trao văn kiện": the first verb's object is short, at most four words before "và".
SHORT_OBJECT = 4


def context_code(lex: EventLexicon, doc: Doc, sent: Span, trig: Span, code: str, name: str,
                 context: ArticleContext) -> tuple[str, str]:
    """The code a cue of the sentence gives the trigger (models/cameo/context_codes.tsv); a
    nominal mention (``các cuộc tấn công``) also takes cues from the sentences before it;
    code ``-`` (not an event) takes them from the whole article."""
    rows = lex.context_codes.get(trig.label_)
    if not rows:
        return code, name
    words = context.sentence_lower(sent)
    nominal = trig.start > sent.start and token_lowers(doc)[trig.start - 1] in lex.nominalizers
    for row in rows:
        if row.code == "-":  # "not an event" cues hold for the whole article (a match report)
            if row.cues.search(context.lower_text):
                return row.code, row.name
        elif row.cues.search(words) or (nominal and row.cues.search(context.lower_text, 0, sent.start_char)):
            return row.code, row.name
    return code, name


def joined_to(doc: Doc, trig: Span, previous: Kept | None) -> Kept | None:
    """The previous event of the sentence when only a joining word (and adverbs, a comma)
    stands between it and this trigger, with nothing that starts a new subject."""
    if previous is None:
        return None
    i = trig.start
    while i > previous.trigger.end and doc[i - 1].lower_ in ADVERBS:
        i -= 1
    for n in (2, 1):
        if i - n >= previous.trigger.end and " ".join(t.lower_ for t in doc[i - n:i]) in SHARED_SUBJECT:
            between = doc[previous.trigger.end:i - n]
            if not any(t.lower_ in NEW_SUBJECT for t in between):
                return previous
    return None


def modality(doc: Doc, sent: Span, trig: Span, previous: Kept | None) -> str:
    """``sẽ``, ``dự kiến``... right before the trigger; a future or intent marker earlier in
    its clause (``Mỹ sẽ giúp ... bằng cách cung cấp``); or the modality of the event it is
    joined to (``dự kiến cung cấp ..., đồng thời hỗ trợ``)."""
    near = words_before(doc, sent, trig.start, MODALITY)
    if near:
        return MODALITY[near]
    joined = joined_to(doc, trig, previous)
    if joined is not None:
        return joined.values["modality"]
    lower, punct = token_lowers(doc), token_punct(doc)
    for i in range(trig.start - 1, sent.start - 1, -1):
        if punct[i] or lower[i] in CLAUSE_END or (previous is not None and i < previous.trigger.end):
            break
        for w in (lower[i], " ".join(lower[i:i + 2])):
            if MODALITY.get(w) in CLAUSE_MODALITY:
                return MODALITY[w]
    return ""


def pledges(doc: Doc, sent: Span, trig: Span) -> bool:
    """Is the statement followed by the speaker's own future action (``khẳng định sẽ không
    dung thứ``)?"""
    i = trig.end
    if i + 1 >= sent.end or doc[i].lower_ != "sẽ":
        return False
    j = i + 1
    while j < sent.end and (doc[j].pos_ == "ADV" or doc[j].lower_ in NEGATION):
        j += 1
    return j < sent.end and doc[j].pos_ == "VERB"


def negated(lex: EventLexicon, doc: Doc, sent: Span, trig: Span) -> bool:
    """``không``, ``chưa`` right before the trigger, or before the passive that holds it
    (``không được cộng đồng quốc tế công nhận``)."""
    lower, pos = token_lowers(doc), token_pos(doc)
    i = trig.start - 1
    while i >= sent.start and lower[i] not in NEGATION and (
            pos[i] in ("ADV", "AUX") or lower[i] in ADVERBS or MODALITY.get(lower[i])):
        i -= 1  # "chưa từng", "không hề", "không thể": only adverbs and modals between
    if i >= sent.start and lower[i] in NEGATION:
        return True  # not "không loại trừ khả năng sử dụng vũ lực": there "không" negates "loại trừ"
    marker = passive(doc, clause_start(doc, sent, trig.start), trig.start, lex.nominal)
    return marker is not None and marker > sent.start and lower[marker - 1] in NEGATION


def coordinated(doc: Doc, first: Span, second: Span) -> bool:
    """Are two triggers joined as one act: a comma or ``và`` alone between them (``biểu
    dương, đánh giá cao``), or ``và`` after the first one's short object (``ký hợp đồng và
    trao văn kiện``)?"""
    between = doc[first.end:second.start]
    if all(t.text == "," or t.lower_ == "và" for t in between):
        return True
    return len(between) <= SHORT_OBJECT and between[-1].lower_ == "và" and not any(t.is_punct for t in between)


def in_list(doc: Doc, sent: Span, first: Span, second: Span) -> bool:
    """Are two joined triggers part of a longer list (``khắc phục hậu quả, hỗ trợ, thăm hỏi,
    động viên``), each item an act of its own?"""
    before = doc[first.start - 1] if first.start > sent.start else None
    after = doc[second.end] if second.end < sent.end else None
    return (before is not None and before.text == ",") or (after is not None and after.text == ",")


def location(doc: Doc, sent: Span, ents: list[Span]) -> str:
    lower = token_lowers(doc)
    for ent in ents:
        if ent.label_ != "LOC":
            continue
        prev = lower[ent.start - 1] if ent.start > sent.start else ""
        prev2 = " ".join(lower[max(sent.start, ent.start - 2):ent.start])
        if prev in PLACE_PREPS or prev2 in PLACE_PREPS:
            return ent.text
    return ""


def event_date(doc: Doc, dates: list[Span]) -> tuple[str, str]:
    """The sentence's first date or time, else the publication date: (value, source)."""
    for span in dates:
        values = get_values(doc, SPANS_DATES, span)
        if values.get("type") in ("DATE", "TIME"):
            return values["value"], "sentence"
    published = get_meta(doc).get("published")
    return (published, "published") if published else ("", "")


def continues(lex: EventLexicon, sent: Span) -> bool:
    """Does the sentence open with a marker that continues the previous event
    (``Đáp lại, ...``, ``Azerbaijan sau đó ...``)?"""
    head = " ".join(token_lowers(sent.doc)[sent.start:min(sent.start + CONTINUATION_REACH, sent.end)])
    return any(f" {m} " in f" {head} " for m in lex.continuations)
