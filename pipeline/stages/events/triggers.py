"""Finding the trigger candidates of a sentence: lexicon entries (whole words, longest first,
aligned to token boundaries), speaker verbs that close a quotation, and future actions
(``sẽ`` + a verb no entry covers)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.core.meta import span_text, token_lowers, token_pos
from pipeline.grammar.words import DASHES, NEGATION
from pipeline.stages.events.context import ArticleContext
from pipeline.stages.events.lexicon import FUTURE, EventLexicon

# How far back from a speaker's verb the closing quote mark may stand: the speaker's name and
# description in between (“...”, Tổng thư ký Liên Hợp Quốc Ban Ki-moon nhận định).
SPEAKER_REACH = 14
# "sẽ triển khai hợp tác": a lexicon trigger up to two words after the verb is the event under "sẽ".
FUTURE_COVER = 3


class TriggerFinder:
    def __init__(self, lex: EventLexicon):
        self.lex = lex

    def candidates(self, doc: Doc, sent: Span, ents: list[Span], ent_tokens: set[int],
                   context: ArticleContext, dropped: list[tuple[Span, str]]) -> list[Span]:
        """The sentence's triggers in order: lexicon entries, a speaker-only verb where it closes
        a quotation or follows a named speaker, and future actions."""
        triggers = []
        for t in self.lexicon_triggers(doc, sent, ent_tokens, context, dropped):
            if t.label_ not in self.lex.speaker_only or self.closes_quotation(doc, sent, t) \
                    or self.said_by_name(doc, sent, t, ents):
                triggers.append(t)
            else:
                dropped.append((t, "speaker_verb_alone"))
        return sorted(triggers + self.future_actions(doc, sent, triggers), key=lambda t: t.start)

    def lexicon_triggers(self, doc: Doc, sent: Span, ents: set[int], context: ArticleContext,
                         dropped: list[tuple[Span, str]]) -> list[Span]:
        spans = []
        lower = token_lowers(doc)
        for m in self.lex.regex.finditer(context.sentence_lower(sent)):
            start, end = sent.start_char + m.start(), sent.start_char + m.end()
            span = doc.char_span(start, end, alignment_mode="expand", label=m.group())  # label: the lexicon entry
            if span is None:
                continue
            text = span_text(span)
            if text.lower() != m.group() and not self.glued_after(doc, span, start, end):
                continue  # inside a longer word ("bắt" in "bắt đầu"); a glued token stays whole in the trigger
            if any(i in ents for i in range(span.start, span.end)):
                continue  # inside a name
            # the tokenizer flags each sentence's first token: is_sent_start is span.start == sent.start
            if text[:1].isupper() and span.start != sent.start:
                continue  # capitalised inside a sentence: part of a name (Phòng chống thiên tai – Tìm kiếm cứu nạn)
            if span.start > sent.start and lower[span.start - 1] in self.lex.modifier_heads:
                dropped.append((span, "modifier_of_noun"))
                continue  # a noun's modifier (cơ quan điều tra, kẻ đánh bom), not an event
            if spans and span.start < spans[-1].end:
                continue
            spans.append(span)
        dropped.extend((s, "not_a_trigger") for s in spans if s.label_ in self.lex.not_triggers)
        return [s for s in spans if s.label_ not in self.lex.not_triggers]

    def future_actions(self, doc: Doc, sent: Span, triggers: list[Span]) -> list[Span]:
        """``sẽ`` (and adverbs) before a verb that no lexicon trigger covers: a future action,
        kept as CAMEO 030 when the clause names its doer (``chúng tôi sẽ thông báo chi tiết sau``)."""
        covered = {i for t in triggers for i in range(t.start, t.end)}
        committed = {t.end for t in triggers if not self.lex.is_reporting(t.label_)}
        spans = []
        lower, pos = token_lowers(doc), token_pos(doc)
        for i in range(sent.start, sent.end - 1):
            if lower[i] != "sẽ" or i in committed:
                continue  # "cam kết sẽ triển khai": what is promised is the commitment's content
            j = i + 1
            while j < sent.end and pos[j] == "ADV" and lower[j] not in NEGATION:
                j += 1
            if j >= sent.end or pos[j] != "VERB" or j in covered or lower[j] in self.lex.not_intents \
                    or " ".join(lower[j:j + 2]) in self.lex.not_intents:  # diễn | ra
                continue
            if any(k in covered for k in range(i, j + FUTURE_COVER)) or lower[j] in NEGATION:
                continue  # "sẽ triển khai hợp tác": the event is the lexicon's, under "sẽ"
            spans.append(Span(doc, i, j + 1, label=FUTURE))
        return spans

    def glued_after(self, doc: Doc, span: Span, start: int, end: int) -> bool:
        """The trigger starts on a token boundary and ends inside a token that the segmenter glued
        to the next word (``cấm | vận vũ khí``): that token is not a word of the dictionary."""
        last = doc[span.end - 1]
        return (doc[span.start].idx == start and last.idx < end
                and last.text.lower() not in self.lex.dictionary)

    def closes_quotation(self, doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the trigger the speaker's verb after a quotation: a closing quote mark and a comma,
        then a speaker with no verb of its own, and nothing but ``thêm`` after the verb
        (``“...”, Thủ tướng đánh giá.``)?"""
        if any(not (t.is_punct or t.is_space or t.lower_ == "thêm") for t in doc[trig.end:sent.end]):
            return False
        for i in range(trig.start - 1, max(sent.start, trig.start - SPEAKER_REACH) - 1, -1):
            tok = doc[i]
            if tok.text in (",", *DASHES) and i > sent.start and doc[i - 1].text in ('"', "”", "»"):
                return True  # "...”, Thủ tướng đánh giá", '..." - sinh viên X chia sẻ'
            if tok.text in DASHES:
                continue  # the dash of the speaker's description
            if tok.is_punct or (tok.pos_ == "VERB" and self.lex.is_reporting(tok.lower_)):
                return False  # the speaker may be described (sống tại Tartus), not say something else
        return False

    @staticmethod
    def said_by_name(doc: Doc, sent: Span, trig: Span, ents: list[Span]) -> bool:
        """Is the reporting verb a verb right after a named speaker, or after the dashes of the
        speaker's description (``Tổ chức Lao động quốc tế ... ước tính``, ``Russell Crowe - người
        từng đóng vai nô lệ - mô tả``)?"""
        end = trig.start
        if end > sent.start and doc[end - 1].text in DASHES:  # "Russell Crowe - người từng ... - mô tả"
            end = next((i for i in range(end - 2, sent.start - 1, -1) if doc[i].text in DASHES), end)
        return trig[0].pos_ == "VERB" and any(e.end == end and e.label_ in ("PER", "ORG") for e in ents)
