"""``vnews_events``: the spaCy component. It walks the sentences, asks the trigger finder for
candidates, drops those the filters name (keeping the reason), codes the rest and asks the
actor finder for their actors; the parts live in the modules beside this one."""

from __future__ import annotations

from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.core.constants import SPANS_DATES, SPANS_EVENTS, SPANS_QUANTITIES, USER_DATA_DROPPED
from pipeline.core.spanvalues import Found, set_values
from pipeline.grammar.spans import asked, clause_break, in_quotation
from pipeline.grammar.words import BOTH_SIDES, CLAUSE_MODALITY, MEANS
from pipeline.stages.claims import DocIndex, claimant
from pipeline.stages.events import coding, filters
from pipeline.stages.events.acceptance import acceptance_model, judge
from pipeline.stages.events.actors import ActorFinder
from pipeline.stages.events.context import Actor, ArticleContext, Kept, SentenceSpans
from pipeline.stages.events.lexicon import FUTURE, INTENT, STATEMENT, event_lexicon
from pipeline.stages.events.triggers import TriggerFinder


class Roles(NamedTuple):
    """What each trigger of a sentence is before any is kept (keyed by its first token)."""
    never: dict[int, str]  # never an event, with the reason
    inert: set[int]  # introduced by no reporting verb: background, never events, doer-less futures, topics
    quoted: dict[int, bool]  # inside quotation marks


class EventExtractor:
    def __init__(self, nlp: Language, name: str = "vnews_events", spans_key: str = SPANS_EVENTS,
                 use_model: bool = True):
        self.name = name
        self.spans_key = spans_key
        self.lex = event_lexicon()
        self.triggers = TriggerFinder(self.lex)
        self.actors = ActorFinder(self.lex)
        self.use_model = use_model  # the acceptance model's veto (off while training it)

    def __call__(self, doc: Doc) -> Doc:
        index = DocIndex(doc)
        sents, ents = index.sents, index.ents  # read once: spaCy builds these spans anew on each access
        sent_of = [0] * len(doc)
        for k, sent in enumerate(sents):
            for i in range(sent.start, sent.end):
                sent_of[i] = k
        # each sentence's entities, dates and quantities, bucketed once (not filtered per sentence)
        buckets = [SentenceSpans([], [], []) for _ in sents]
        for field, spans in (("ents", ents), ("dates", doc.spans.get(SPANS_DATES, [])),
                             ("quantities", doc.spans.get(SPANS_QUANTITIES, []))):
            for span in spans:
                getattr(buckets[sent_of[span.start]], field).append(span)
        ent_tokens = {i for e in ents for i in range(e.start, e.end)}
        context = ArticleContext(doc, ents)
        found: list[Found] = []
        dropped: list[tuple[Span, str]] = []
        for k, sent in enumerate(sents):
            events = self._sentence(doc, sent, buckets[k], ent_tokens, index, context, dropped)
            context.previous_sent, context.previous_ents = sent, buckets[k].ents
            if found and events and coding.continues(self.lex, sent):
                previous = found[-1].values
                for _, values in events:
                    if values["date_source"] == "published" and previous["date_source"] in ("sentence", "carried"):
                        values["date_value"], values["date_source"] = previous["date_value"], "carried"
            found.extend(events)
        model = acceptance_model() if self.use_model else None
        if model is not None and found:
            found, vetoed = judge(doc, found, model)
            dropped.extend(vetoed)
        self.set_annotations(doc, found, dropped)
        return doc

    def _roles(self, doc: Doc, sent: Span, triggers: list[Span], spans: SentenceSpans,
               context: ArticleContext) -> Roles:
        lex = self.lex
        # events in a time clause (sau khi ...), and those joined to one by "và", are background
        background: set[int] = set()
        for k, t in enumerate(triggers):
            before = triggers[k - 1] if k else None
            if filters.in_time_clause(doc, sent, t) or filters.conceded(doc, sent, t) or (
                    before is not None and before.start in background and not clause_break(doc, before.end, t.start)
                    and any(w.lower_ == "và" for w in doc[before.end:t.start])):
                background.add(t.start)
        never = filters.never_event(lex, doc, sent, triggers, spans, context)
        # ... and those no reporting verb introduces: background, a future with no doer, a topic
        inert = background | set(never) | {
            t.start for t in triggers
            if (t.label_ == FUTURE and self.actors.actor1(doc, sent, t, spans.ents, None, context) is None)
            or filters.topic(lex, doc, sent, t, context)}
        return Roles(never, inert, {t.start: in_quotation(doc, sent, t.start) for t in triggers})

    def _sentence(self, doc: Doc, sent: Span, spans: SentenceSpans, ent_tokens: set[int], index: DocIndex,
                  context: ArticleContext, dropped: list[tuple[Span, str]]) -> list[Found]:
        triggers = self.triggers.candidates(doc, sent, spans.ents, ent_tokens, context, dropped)
        roles = self._roles(doc, sent, triggers, spans, context)
        out: list[Found] = []
        appeal: Span | None = None  # the last appeal or demand of the sentence (kêu gọi, yêu cầu)
        previous: Kept | None = None  # the last event kept in the sentence
        for k, trig in enumerate(triggers):
            reason = self._not_kept(doc, sent, k, triggers, roles, appeal)
            coded = self._coded(doc, sent, trig, spans, previous, context) if reason is None else reason
            if isinstance(coded, str):
                dropped.append((trig, coded))
                continue
            code, name, modality = coded
            if previous is not None and previous.values["cameo_code"] == code and out \
                    and out[-1].values is previous.values and coding.coordinated(doc, previous.trigger, trig) \
                    and not coding.in_list(doc, sent, previous.trigger, trig):
                # "biểu dương, đánh giá cao", "cáo buộc đổ lỗi": one act told twice, one event over both
                merged = Span(doc, previous.trigger.start, trig.end, label=code[:2])
                previous.values["trigger"] = merged.text
                out[-1] = Found(merged, previous.values)
                previous = Kept(merged, previous.values, previous.actor1)
                continue
            if code[:2] in ("02", "10"):
                appeal = trig
            kept = self._event(doc, sent, trig, (code, name, modality), spans, index, previous, context)
            if kept is None:
                dropped.append((trig, "future_without_doer"))
                continue
            previous = kept
            out.append(Found(Span(doc, trig.start, trig.end, label=code[:2]), kept.values))
        return out

    def _not_kept(self, doc: Doc, sent: Span, k: int, triggers: list[Span], roles: Roles,
                  appeal: Span | None) -> str | None:
        """Why the trigger is no event of its own, before it is coded; None if it may be one."""
        trig = triggers[k]
        reporting = self.lex.is_reporting(trig.label_)
        quoted = reporting and roles.quoted[trig.start]
        # a reporting verb followed by another event in its sentence is that event's source
        # (an event in a time clause after it is background: "... kể từ khi chiến tranh nổ ra";
        # one told before is what the statement is about: "nói rằng các cuộc tấn công này ...";
        # inside a quotation, the speaker's verb after it is no event it introduces)
        if reporting and any(t.start > trig.start and t.start not in roles.inert
                             and not (self.lex.is_reporting(t.label_) and quoted)
                             and not (quoted and not roles.quoted[t.start])  # not past its quotation's end
                             for t in triggers[k + 1:]):
            return "introduces_event"
        # ... or closes a quotation that holds one (“..., NATO sẵn sàng giúp đỡ”, ông X nói)
        if reporting and not quoted and any(roles.quoted[t.start] and t.start not in roles.inert
                                            for t in triggers[:k]):
            return "closes_quoted_event"
        if trig.start in roles.never:
            return roles.never[trig.start]  # "lên án các cuộc tấn công", "sáng kiến mà ... cam kết tài trợ"
        if trig.label_ in self.lex.states and filters.described_state(doc, sent, trig):
            return "state"  # "khiến cộng đồng quốc tế lo ngại": a state caused or owned, not expressed
        if filters.conditional(self.lex, doc, sent, trig):
            return "conditional"  # "nếu Ai Cập đề nghị": not an event that happened
        if asked(doc, sent, trig.end):
            return "question"  # "... khi mua thuốc không?"
        if appeal is not None and not clause_break(doc, appeal.end, trig.start, lists=True) \
                and not any(t.lower_ in MEANS for t in doc[appeal.end:trig.start]):
            return "asked_for"  # what is asked for (kêu gọi Armenia ngừng ... và xuống thang) has not happened
        return None

    def _coded(self, doc: Doc, sent: Span, trig: Span, spans: SentenceSpans, previous: Kept | None,
               context: ArticleContext) -> tuple[str, str, str] | str:
        """(code, name, modality) of a trigger that may be an event, or why it is none."""
        lex, text = self.lex, trig.label_
        if text == FUTURE:
            code, name = INTENT
        elif text in lex.speaker_only:  # closes a quotation (kept by the trigger finder)
            code, name = STATEMENT
        else:
            code, name = lex.codes[text]
        if filters.topic(lex, doc, sent, trig, context):
            return "topic"  # "Việc hợp tác với Tập đoàn ANA ... sẽ giúp": the topic, not news
        code, name = coding.context_code(lex, doc, sent, trig, code, name, context)
        if code == "-":
            return "context"  # the sentence or article says it is no event (an attack in a match report)
        if text in lex.not_before_number and any(0 <= q.start - trig.end <= 1 for q in spans.quantities):
            return "before_number"  # "chiếm 58,7%": accounts for, does not occupy
        modality = coding.modality(doc, sent, trig, previous)
        if lex.is_reporting(text) and coding.pledges(doc, sent, trig):
            code, name = INTENT  # "khẳng định sẽ không dung thứ": a commitment, 030
        if modality == "wish" and (code[:2] == "01" or code[:2] not in lex.intents):
            return "wish"  # "Đài Loan muốn khẳng định ...": a wish to say or do, no CAMEO intent
        if filters.scheduled(lex, doc, sent, trig):
            return "scheduled"  # "bài phát biểu ... dự kiến sẽ diễn ra": scheduled, not yet happened
        if modality in CLAUSE_MODALITY and code[:2] in lex.intents:
            code, name = lex.intents[code[:2]]  # "sẽ cung cấp": intent to give aid, 033
        return code, name, modality

    def _event(self, doc: Doc, sent: Span, trig: Span, coded: tuple[str, str, str], spans: SentenceSpans,
               index: DocIndex, previous: Kept | None, context: ArticleContext) -> Kept | None:
        """The event of a coded trigger with its arguments, or None for a future with no doer."""
        code, name, modality = coded
        lex, actors, ents = self.lex, self.actors, spans.ents
        date_value, date_source = coding.event_date(doc, spans.dates)
        actor1 = actors.actor1(doc, sent, trig, ents, previous, context)
        if trig.label_ == FUTURE and (actor1 is None or (actor1.ent.label_ == "LOC"
                                                         and not lex.country_of(actor1.ent.text))):
            return None  # "quan hệ hai bờ sẽ được ...", "dãy núi Alps": a forecast, no one's intent
        actor2 = actors.actor_after(doc, sent, trig, ents)
        pair = None
        if actor1 is None:  # "việc ký kết biên bản ghi nhớ giữa Vietjet và Pratt & Whitney"
            pair = actors.between(doc, sent, ents, after=trig.end)
        if actor1 is None and actor2 is None:  # "các vụ đụng độ ... giữa Armenia và Azerbaijan"
            pair = pair or actors.between(doc, sent, ents) or actors.between(
                doc, context.previous_sent, context.previous_ents)
        if actor1 is not None and BOTH_SIDES.match(actor1.np.text.lower()):
            pair = actors.last_pair(doc, trig, context)  # "hai bên xác lập": the pair named last
        if pair is not None:  # one side on the other
            actor1, actor2 = pair[0], actor2 if actor2 is not None and actor2.ent != pair[1].ent else pair[1]
        values = self._values(doc, sent, trig, coded, actor1, actor2, spans, index)
        values.update(date_value=date_value, date_source=date_source, modality=modality)
        context.told.add(trig.label_)
        context.told_roots.add(code[:2])
        doer = values["actor1_code"][:3]
        if doer:
            context.doers[doer] = context.doers.get(doer, 0) + 1
        return Kept(trig, values, actor1)

    def _values(self, doc: Doc, sent: Span, trig: Span, coded: tuple[str, str, str], actor1: Actor | None,
                actor2: Actor | None, spans: SentenceSpans, index: DocIndex) -> dict:
        code, name, _ = coded
        actors = self.actors
        return {
            "trigger": trig.text, "cameo_code": code, "event_type": name,
            "root_code": code[:2],
            "goldstein": self.lex.scale[code].goldstein, "quad_class": self.lex.scale[code].quad_class,
            "actor1": actor1.np.text if actor1 else "", "actor1_code": actors.actor_code(doc, actor1),
            "actor2": actor2.np.text if actor2 else "", "actor2_code": actors.actor_code(doc, actor2),
            "location": coding.location(doc, sent, spans.ents),
            "date_value": "", "date_source": "",
            "quantities": [[q.start_char, q.end_char] for q in spans.quantities],
            "claimant": "" if self.lex.is_reporting(trig.label_) else claimant(sent, trig.start, index),
            "negated": coding.negated(self.lex, doc, sent, trig),
            "modality": "",
        }

    def set_annotations(self, doc: Doc, found: list[Found], dropped: list[tuple[Span, str]]) -> None:
        doc.spans[self.spans_key] = [span for span, _ in found]
        for span, values in found:
            set_values(doc, self.spans_key, span, values)
        # why each dropped trigger is no event (vnews show --why); plain data, so pickling carries it
        doc.user_data[USER_DATA_DROPPED] = [(t.start_char, t.end_char, t.text, reason) for t, reason in dropped]


@Language.factory("vnews_events", assigns=["doc.spans"], requires=["doc.ents", "doc.spans"],
                  default_config={"spans_key": SPANS_EVENTS})
def make_events(nlp: Language, name: str, spans_key: str) -> EventExtractor:
    return EventExtractor(nlp, name, spans_key)
