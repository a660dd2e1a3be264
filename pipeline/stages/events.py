"""``vnews_events``: who did what to whom, where and when, coded in CAMEO.

Triggers come from models/cameo/triggers.tsv (whole words, longest first, aligned
to token boundaries). Arguments are read from what earlier stages put on the Doc,
never re-parsed: actor1 is the nearest entity before the trigger that is not the
object of a preposition, actor2 the first entity after it in the clause, location a
LOC after a place preposition, date the sentence's first date (else the previous
event's date when the sentence continues it: ``Sau đó``, ``Đáp lại``; else the
publication date), quantities those of the sentence, claimant from claims.py.
A reporting verb that introduces another event is not an event itself: it gives
that event its claimant. The actor rules are in event_actors.py, the grammar word sets in
event_words.py.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.stages.claims import DocIndex, claimant, reporting_frames
from pipeline.core.constants import SPANS_DATES, SPANS_EVENTS, SPANS_QUANTITIES
from pipeline.text.gazetteer import default_gazetteer, trie_pattern
from pipeline.core.lexicon import load_tsv, load_words
from pipeline.core.meta import get_meta
from pipeline.core.spanvalues import get_values, set_values
from pipeline.text.vocabulary import viet74k
from pipeline.stages.event_actors import ActorFinder
from pipeline.stages.event_words import (
    ADVERBS, BOTH_SIDES, CAUSATIVE, CONCESSIVE, CLAUSE_BREAK, CLAUSE_END, CLAUSE_MODALITY, FUTURE, INTENT,
    LIST_OPENERS, MEANS, MODALITY, NEGATION, NEW_SUBJECT, PLACE_PREPS, SHARED_SUBJECT, STATEMENT,
    TIME_PREPS)



class _Context:
    """What the events of a sentence may look back at: the article's lower-cased text (cues of
    a nominal mention) and its entities in order (antecedents of ``Tôi``, ``nước này``)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        text = doc.text
        self.lower_text = text.lower()  # once per article: trigger and cue search
        self._same_offsets = len(self.lower_text) == len(text)  # lower() keeps Vietnamese offsets
        self.ents = [e for e in doc.ents if e.label_ != "MISC"]
        self.told: set[str] = set()  # lexicon entries already kept as events in the article
        self.told_roots: set[str] = set()  # and their CAMEO root codes
        self.doers: dict[str, int] = {}  # CAMEO country code -> events its actors did so far
        self.previous_sent: Span | None = None  # the sentence before the one being read
        self.previous_ents: list[Span] = []

    def sentence_lower(self, sent: Span) -> str:
        if self._same_offsets:
            return self.lower_text[sent.start_char:sent.end_char]
        return sent.text.lower()  # a letter such as "İ" grows when lower-cased


class EventExtractor(ActorFinder):
    def __init__(self, nlp: Language, name: str = "vnews_events", spans_key: str = SPANS_EVENTS):
        self.name = name
        self.spans_key = spans_key
        self.codes = {row["trigger"].lower(): (row["code"], row["name"]) for row in load_tsv("cameo/triggers.tsv")}
        self.scale = {row["code"]: (float(row["goldstein"]), int(row["quad_class"]))
                      for row in load_tsv("cameo/goldstein.tsv")}
        self.not_triggers = set(load_words("cameo/not_triggers.tsv"))
        self.nominalizers = set(load_words("cameo/nominalizers.tsv"))
        self.modifier_heads = set(load_words("cameo/modifier_heads.tsv"))
        self.dictionary = viet74k()
        self.conditionals = set(load_words("cameo/conditionals.tsv"))
        self.not_before_number = set(load_words("cameo/not_before_number.tsv"))
        self.undergone = set(load_words("cameo/undergone.tsv"))
        self.not_intents = set(load_words("cameo/not_intents.tsv"))
        self.event_objects = set(load_words("cameo/event_objects.tsv"))
        self.states = set(load_words("cameo/states.tsv"))
        self.documents = set(load_words("cameo/documents.tsv"))
        self.reporting = reporting_frames()
        # reporting verbs with no trigger entry of their own (đánh giá, thông tin) are a statement
        # only where they close a quotation: "“...”, Thủ tướng đánh giá."
        self.speaker_only = {w for w, frame in self.reporting.items() if frame == "verb" and w not in self.codes}
        # one regex shaped as a character trie: longest entry first at each position
        entries = set(self.codes) | self.not_triggers | self.speaker_only
        self.regex = re.compile(rf"(?<!\w)(?:{trie_pattern(entries)})(?!\w)")
        self.roles = set(load_words("entities/trim_words.tsv"))
        titles = load_tsv("entities/titles.tsv")
        self.titles = {row["word"]: row["label"] for row in titles}
        # a person's office alone (Thủ tướng đề nghị ...) names the one who holds it in the article
        self.offices = {row["word"] for row in titles if row["label"] == "PER" and row["honorific"] != "yes"}
        self.role_words = {row["word"]: row["role"] for row in load_tsv("cameo/actor_roles.tsv")}
        self.country_codes = {row["iso2"]: row["cameo"] for row in load_tsv("gazetteers/country_codes.tsv")}
        self.gazetteer = default_gazetteer()
        self.continuations = load_words("cameo/continuations.tsv")
        self.intents = {row["root"]: (row["code"], row["name"]) for row in load_tsv("cameo/intent_codes.tsv")}
        self.context_codes = {}
        for row in load_tsv("cameo/context_codes.tsv"):  # first matching row of a trigger wins
            cues = re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(re.escape(c) for c in row["cues"].split(";")))
            self.context_codes.setdefault(row["trigger"], []).append((cues, row["code"], row["name"]))
        anaphors = {row["word"]: row["refers"] for row in load_tsv("cameo/anaphors.tsv")}
        self.demonstratives = {w for w, r in anaphors.items() if r == "DEMONSTRATIVE"}
        self.noun_heads = self.roles | {w for w, r in anaphors.items() if r != "DEMONSTRATIVE"}
        self.anaphors = {w: r for w, r in anaphors.items() if r != "DEMONSTRATIVE"}

    def __call__(self, doc: Doc) -> Doc:
        sents = list(doc.sents)
        sent_of = [0] * len(doc)
        for k, sent in enumerate(sents):
            for i in range(sent.start, sent.end):
                sent_of[i] = k
        # each sentence's entities, dates and quantities, bucketed once (not filtered per sentence)
        buckets = {key: [[] for _ in sents] for key in ("ents", SPANS_DATES, SPANS_QUANTITIES)}
        for key, spans in (("ents", doc.ents), (SPANS_DATES, doc.spans.get(SPANS_DATES, [])),
                           (SPANS_QUANTITIES, doc.spans.get(SPANS_QUANTITIES, []))):
            for span in spans:
                buckets[key][sent_of[span.start]].append(span)
        ent_tokens = {i for e in doc.ents for i in range(e.start, e.end)}
        index = DocIndex(doc)
        context = _Context(doc)
        found = []
        for k, sent in enumerate(sents):
            events = self._sentence(doc, sent, buckets["ents"][k], buckets[SPANS_DATES][k],
                                    buckets[SPANS_QUANTITIES][k], ent_tokens, index, context)
            context.previous_sent, context.previous_ents = sent, buckets["ents"][k]
            if found and events and self._continues(sent):
                previous = found[-1][1]
                for _, values in events:
                    if values["date_source"] == "published" and previous["date_source"] in ("sentence", "carried"):
                        values["date_value"], values["date_source"] = previous["date_value"], "carried"
            found.extend(events)
        self.set_annotations(doc, found)
        return doc

    def _continues(self, sent: Span) -> bool:
        """Does the sentence open with a marker that continues the previous event
        (``Đáp lại, ...``, ``Azerbaijan sau đó ...``)?"""
        head = " ".join(t.lower_ for t in sent[:6])
        return any(f" {m} " in f" {head} " for m in self.continuations)

    def _triggers(self, doc: Doc, sent: Span, ents: set[int], context: _Context) -> list[Span]:
        spans = []
        for m in self.regex.finditer(context.sentence_lower(sent)):
            start, end = sent.start_char + m.start(), sent.start_char + m.end()
            span = doc.char_span(start, end, alignment_mode="expand", label=m.group())  # label: the lexicon entry
            if span is not None and span.text.lower() != m.group() and self._glued_after(doc, span, start, end):
                pass  # the whole glued token stays in the trigger
            elif span is not None and span.text.lower() != m.group():
                continue  # inside a longer word ("bắt" in "bắt đầu")
            if span is None or any(i in ents for i in range(span.start, span.end)):
                continue  # inside a name
            if span.text[:1].isupper() and not doc[span.start].is_sent_start:
                continue  # capitalised inside a sentence: part of a name (Phòng chống thiên tai – Tìm kiếm cứu nạn)
            if span.start > sent.start and doc[span.start - 1].lower_ in self.modifier_heads:
                continue  # a noun's modifier (cơ quan điều tra, kẻ đánh bom), not an event
            if spans and span.start < spans[-1].end:
                continue
            spans.append(span)
        return [s for s in spans if s.label_ not in self.not_triggers]

    def _future_actions(self, doc: Doc, sent: Span, triggers: list[Span]) -> list[Span]:
        """``sẽ`` (and adverbs) before a verb that no lexicon trigger covers: a future action,
        kept as CAMEO 030 when the clause names its doer (``chúng tôi sẽ thông báo chi tiết sau``)."""
        covered = {i for t in triggers for i in range(t.start, t.end)}
        committed = {t.end for t in triggers if not self._is_reporting(t.label_)}
        spans = []
        for i in range(sent.start, sent.end - 1):
            if doc[i].lower_ != "sẽ" or i in committed:
                continue  # "cam kết sẽ triển khai": what is promised is the commitment's content
            j = i + 1
            while j < sent.end and doc[j].pos_ == "ADV" and doc[j].lower_ not in NEGATION:
                j += 1
            if j >= sent.end or doc[j].pos_ != "VERB" or j in covered or doc[j].lower_ in self.not_intents \
                    or " ".join(t.lower_ for t in doc[j:j + 2]) in self.not_intents:  # diễn | ra
                continue
            if any(k in covered for k in range(i, j + 3)) or doc[j].lower_ in NEGATION:
                continue  # "sẽ triển khai hợp tác": the event is the lexicon's, under "sẽ"
            spans.append(Span(doc, i, j + 1, label=FUTURE))
        return spans

    def _sentence(self, doc: Doc, sent: Span, ents: list[Span], dates: list[Span],
                  quantities: list[Span], ent_tokens: set[int], index: DocIndex,
                  context: _Context) -> list[tuple[Span, dict]]:
        triggers = [t for t in self._triggers(doc, sent, ent_tokens, context)
                    if t.label_ not in self.speaker_only or self._closes_quotation(doc, sent, t)
                    or self._said_by_name(doc, sent, t, ents)]
        triggers = sorted(triggers + self._future_actions(doc, sent, triggers), key=lambda t: t.start)
        # events in a time clause (sau khi ...), and those joined to one by "và", are background
        background: set[int] = set()
        for k, t in enumerate(triggers):
            before = triggers[k - 1] if k else None
            if self._in_time_clause(doc, sent, t) or self._conceded(doc, sent, t) or (
                    before is not None and before.start in background and not self._clause_break(doc, before.end, t.start)
                    and any(w.lower_ == "và" for w in doc[before.end:t.start])):
                background.add(t.start)
        # triggers that are never events: a verb's object, an event named again, a relative clause,
        # a description, a listed item, a document
        not_events = {t.start for k, t in enumerate(triggers)
                      if self._object_of_event(doc, sent, t, triggers[:k])
                      or (t.label_ in self.codes and self._repeated(doc, sent, t, self.codes[t.label_][0],
                                                                     quantities, dates, ents, context))
                      or self._relative(doc, sent, t) or self._relative_passive(doc, sent, t, triggers[:k])
                      or self._described(doc, sent, t) or self._listed(doc, sent, t)
                      or self._mentioned_before(doc, sent, t) or self._document(doc, sent, t)}
        # ... and those no reporting verb introduces: background, a future with no doer, a topic
        inert = background | not_events | {
            t.start for t in triggers
            if (t.label_ == FUTURE and self._actor1(doc, sent, t, ents, None, context) is None)  # "luật pháp sẽ ..."
            or (self._topic_mention(doc, sent, t) and (t.label_ in context.told or self._evaluated(doc, sent, t)))}
        quoted_at = {t.start: self._quoted(doc, sent, t) for t in triggers}
        out = []
        appeal: Span | None = None  # the last appeal or demand of the sentence (kêu gọi, yêu cầu)
        previous: tuple[Span, dict] | None = None  # the last event kept in the sentence
        for k, trig in enumerate(triggers):
            text = trig.label_  # the lexicon entry the trigger matched
            reporting = self._is_reporting(text)
            # a reporting verb followed by another event in its sentence is that event's source
            # (an event in a time clause after it is background: "... kể từ khi chiến tranh nổ ra";
            # one told before is what the statement is about: "nói rằng các cuộc tấn công này ...";
            # inside a quotation, the speaker's verb after it is no event it introduces)
            quoted = reporting and quoted_at[trig.start]
            if reporting and any(t.start > trig.start and t.start not in inert
                                 and not (self._is_reporting(t.label_) and quoted)
                                 and not (quoted and not quoted_at[t.start])  # not past its quotation's end
                                 for t in triggers[k + 1:]):
                continue
            # ... or closes a quotation that holds one (“..., NATO sẵn sàng giúp đỡ”, ông X nói)
            if reporting and not quoted and any(quoted_at[t.start] and t.start not in inert for t in triggers[:k]):
                continue
            if trig.start in not_events:
                continue  # "lên án các cuộc tấn công", "sáng kiến mà ... cam kết tài trợ", "trong báo cáo hôm nay"
            if text in self.states and self._described_state(doc, sent, trig):
                continue  # "khiến cộng đồng quốc tế lo ngại": a state caused or owned, not expressed
            if self._conditional(doc, sent, trig) or self._asked(doc, sent, trig):
                continue  # "nếu Ai Cập đề nghị", "... khi mua thuốc không?": not an event that happened
            if appeal is not None and not self._clause_break(doc, appeal.end, trig.start, lists=True) \
                    and not any(t.lower_ in MEANS for t in doc[appeal.end:trig.start]):
                continue  # what is asked for (kêu gọi Armenia ngừng ... và xuống thang) has not happened
            if text == FUTURE:
                code, name = INTENT
            elif text in self.speaker_only:  # closes a quotation (kept above)
                code, name = STATEMENT
            else:
                code, name = self.codes[text]
            if self._topic_mention(doc, sent, trig) and (text in context.told or self._evaluated(doc, sent, trig)):
                continue  # "Việc hợp tác với Tập đoàn ANA ... sẽ giúp": the topic, not news
            code, name = self._context_code(doc, sent, trig, text, code, name, context)
            if code == "-":
                continue  # the sentence says it is no event (an attack in a match report)
            if text in self.not_before_number and any(0 <= q.start - trig.end <= 1 for q in quantities):
                continue  # "chiếm 58,7%": accounts for, does not occupy
            modality = self._modality(doc, sent, trig, previous)
            if reporting and self._pledges(doc, sent, trig):
                code, name = INTENT  # "khẳng định sẽ không dung thứ": a commitment, 030
            if modality == "wish" and (code[:2] == "01" or code[:2] not in self.intents):
                continue  # "Đài Loan muốn khẳng định ...": a wish to say or do, no CAMEO intent
            if self._scheduled(doc, sent, trig):
                continue  # "bài phát biểu ... dự kiến sẽ diễn ra": scheduled, not yet happened
            if modality in CLAUSE_MODALITY and code[:2] in self.intents:
                code, name = self.intents[code[:2]]  # "sẽ cung cấp": intent to give aid, 033
            if previous is not None and previous[1]["cameo_code"] == code and out and out[-1][1] is previous[1] \
                    and self._coordinated(doc, previous[0], trig) and not self._in_list(doc, sent, previous[0], trig):
                # "biểu dương, đánh giá cao", "cáo buộc đổ lỗi": one act told twice, one event over both
                merged = Span(doc, previous[0].start, trig.end, label=code[:2])
                previous[1]["trigger"] = merged.text
                out[-1] = (merged, previous[1])
                previous = (merged, previous[1], previous[2])
                continue
            if code[:2] in ("02", "10"):
                appeal = trig
            date_value, date_source = self._date(doc, dates)
            actor1 = self._actor1(doc, sent, trig, ents, previous, context)
            if text == FUTURE and (actor1 is None or (actor1[1].label_ == "LOC" and not self._country_of(actor1[1].text))):
                continue  # "quan hệ hai bờ sẽ được ...", "dãy núi Alps": a forecast, no one's intent
            actor2 = self._actor_after(doc, sent, trig, ents)
            pair = None
            if actor1 is None:  # "việc ký kết biên bản ghi nhớ giữa Vietjet và Pratt & Whitney"
                pair = self._between(doc, sent, ents, after=trig.end)
            if actor1 is None and actor2 is None:  # "các vụ đụng độ ... giữa Armenia và Azerbaijan"
                pair = pair or self._between(doc, sent, ents) or self._between(
                    doc, context.previous_sent, context.previous_ents)
            if actor1 is not None and BOTH_SIDES.match(actor1[0].text.lower()):
                pair = self._last_pair(doc, trig, context)  # "hai bên xác lập": the pair named last
            if pair is not None:  # one side on the other
                actor1, actor2 = pair[0], actor2 if actor2 is not None and actor2[1] != pair[1][1] else pair[1]
            values = {
                "trigger": trig.text, "cameo_code": code, "event_type": name,
                "root_code": code[:2],
                "goldstein": self.scale[code][0], "quad_class": self.scale[code][1],
                "actor1": actor1[0].text if actor1 else "", "actor1_code": self._actor_code(doc, actor1),
                "actor2": actor2[0].text if actor2 else "", "actor2_code": self._actor_code(doc, actor2),
                "location": self._location(doc, sent, ents),
                "date_value": date_value, "date_source": date_source,
                "quantities": [[q.start_char, q.end_char] for q in quantities],
                "claimant": "" if reporting else claimant(sent, trig.start, index),
                "negated": self._negated(doc, sent, trig),
                "modality": modality,
            }
            previous = (trig, values, actor1)
            context.told.add(text)
            context.told_roots.add(code[:2])
            doer = values["actor1_code"][:3]
            if doer:
                context.doers[doer] = context.doers.get(doer, 0) + 1
            out.append((Span(doc, trig.start, trig.end, label=code[:2]), values))
        return out

    @staticmethod
    def _pledges(doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the statement followed by the speaker's own future action (``khẳng định sẽ không
        dung thứ``)?"""
        i = trig.end
        if i + 1 >= sent.end or doc[i].lower_ != "sẽ":
            return False
        j = i + 1
        while j < sent.end and (doc[j].pos_ == "ADV" or doc[j].lower_ in NEGATION):
            j += 1
        return j < sent.end and doc[j].pos_ == "VERB"

    @staticmethod
    def _conceded(doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the trigger in a clause opened by ``mặc dù``, ``dù``, ``tuy`` (``..., mặc dù ông lo sợ
        ...``)? A statement before it does not introduce it: it is a second thing said."""
        for i in range(trig.start - 1, max(sent.start, trig.start - 6) - 1, -1):
            if doc[i].is_punct:
                return False
            if doc[i].lower_ in CONCESSIVE:
                return True
        return False

    @staticmethod
    def _in_time_clause(doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the trigger in a clause opened by ``sau khi``, ``kể từ khi``... (within six words)?"""
        for i in range(trig.start - 1, max(sent.start, trig.start - 7) - 1, -1):
            if doc[i].is_punct:
                return False
            if doc[i].lower_ == "khi" and i > sent.start and doc[i - 1].lower_ in ("sau", "trước", "từ", "kể từ"):
                return True
            if doc[i].lower_ in ("sau khi", "trước khi", "kể từ khi", "từ khi"):
                return True
        return False

    def _negated(self, doc: Doc, sent: Span, trig: Span) -> bool:
        """``không``, ``chưa`` right before the trigger, or before the passive that holds it
        (``không được cộng đồng quốc tế công nhận``)."""
        i = trig.start - 1
        while i >= sent.start and doc[i].lower_ not in NEGATION and (
                doc[i].pos_ in ("ADV", "AUX") or doc[i].lower_ in ADVERBS or MODALITY.get(doc[i].lower_)):
            i -= 1  # "chưa từng", "không hề", "không thể": only adverbs and modals between
        if i >= sent.start and doc[i].lower_ in NEGATION:
            return True  # not "không loại trừ khả năng sử dụng vũ lực": there "không" negates "loại trừ"
        passive = self._passive(doc, self._clause_start(doc, sent, trig), trig)
        return passive is not None and passive > sent.start and doc[passive - 1].lower_ in NEGATION

    def _is_reporting(self, entry: str) -> bool:
        """Is the lexicon entry a reporting verb (``cho biết``, ``nói rằng``)?"""
        return entry in self.reporting or entry.removesuffix(" rằng") in self.reporting

    @staticmethod
    def _clause_break(doc: Doc, start: int, end: int, lists: bool = False) -> bool:
        """Is there a clause boundary between tokens ``start`` and ``end`` (``và`` joins)? With
        ``lists``, a comma between two nouns separates list items (``các tỉnh, thành phố``)."""
        for t in doc[start:end]:
            if t.lower_ not in CLAUSE_BREAK:
                continue
            if lists and t.text == "," and start < t.i < end - 1 and doc[t.i - 1].pos_ in ("NOUN", "PROPN") \
                    and doc[t.i + 1].pos_ in ("NOUN", "PROPN"):
                continue
            return True
        return False

    def _mentioned_before(self, doc: Doc, sent: Span, trig: Span) -> bool:
        """A nominal event with a demonstrative (``hiện trường vụ đánh bom này``) names an
        event the article has already told: not a new one."""
        first = doc[trig.start - 1].lower_ if trig.start > sent.start else ""
        if first not in self.nominalizers and trig.text.split()[0].lower() not in self.nominalizers:
            return False
        after = [t.lower_ for t in doc[trig.end:min(trig.end + 2, sent.end)]]
        return bool(after) and (after[0] in self.demonstratives or " ".join(after) in self.demonstratives)

    def _context_code(self, doc: Doc, sent: Span, trig: Span, text: str, code: str, name: str,
                      context: _Context) -> tuple[str, str]:
        """The code a cue of the sentence gives the trigger (models/cameo/context_codes.tsv); a
        nominal mention (``các cuộc tấn công``) also takes cues from the sentences before it;
        code ``-`` (not an event) takes them from the whole article."""
        rows = self.context_codes.get(text)
        if not rows:
            return code, name
        words = context.sentence_lower(sent)
        nominal = trig.start > sent.start and doc[trig.start - 1].lower_ in self.nominalizers
        for cues, c_code, c_name in rows:
            if c_code == "-":  # "not an event" cues hold for the whole article (a match report)
                if cues.search(context.lower_text):
                    return c_code, c_name
            elif cues.search(words) or (nominal and cues.search(context.lower_text, 0, sent.start_char)):
                return c_code, c_name
        return code, name

    def _modality(self, doc: Doc, sent: Span, trig: Span, previous) -> str:
        """``sẽ``, ``dự kiến``... right before the trigger; a future or intent marker earlier in
        its clause (``Mỹ sẽ giúp ... bằng cách cung cấp``); or the modality of the event it is
        joined to (``dự kiến cung cấp ..., đồng thời hỗ trợ``)."""
        near = self._before_has(doc, sent, trig, MODALITY)
        if near:
            return MODALITY[near]
        joined = self._joined_to(doc, trig, previous)
        if joined is not None:
            return joined[1]["modality"]
        for i in range(trig.start - 1, sent.start - 1, -1):
            tok = doc[i]
            if tok.is_punct or tok.lower_ in CLAUSE_END or (previous is not None and i < previous[0].end):
                break
            for w in (tok.lower_, " ".join(t.lower_ for t in doc[i:i + 2])):
                if MODALITY.get(w) in CLAUSE_MODALITY:
                    return MODALITY[w]
        return ""

    @staticmethod
    def _joined_to(doc: Doc, trig: Span, previous):
        """The previous event of the sentence when only a joining word (and adverbs, a comma)
        stands between it and this trigger, with nothing that starts a new subject."""
        if previous is None:
            return None
        i = trig.start
        while i > previous[0].end and doc[i - 1].lower_ in ADVERBS:
            i -= 1
        for n in (2, 1):
            if i - n >= previous[0].end and " ".join(t.lower_ for t in doc[i - n:i]) in SHARED_SUBJECT:
                between = doc[previous[0].end:i - n]
                if not any(t.lower_ in NEW_SUBJECT for t in between):
                    return previous
        return None

    @staticmethod
    def _quoted(doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the trigger inside quotation marks? A sentence whose first quote mark closes a
        quotation (``”``, or ``"`` before a comma or dash: ``... sau", Egidio Torre Cantu chia
        sẻ``) starts inside one opened in an earlier sentence."""
        marks = [i for i in range(sent.start, sent.end) if doc[i].text in ('"', "“", "”", "«", "»")]
        if not marks:
            return False

        def closes(i: int) -> bool:
            return doc[i].text in ("”", "»") or (doc[i].text == '"' and i + 1 < sent.end
                                                  and doc[i + 1].text in (",", "-", "–", "."))

        inside = closes(marks[0])
        for i in marks:
            if i >= trig.start:
                break
            inside = not inside
        return inside

    @staticmethod
    def _said_by_name(doc: Doc, sent: Span, trig: Span, ents: list[Span]) -> bool:
        """Is the reporting verb a verb right after a named speaker, or after the dashes of the
        speaker's description (``Tổ chức Lao động quốc tế ... ước tính``, ``Russell Crowe - người
        từng đóng vai nô lệ - mô tả``)?"""
        end = trig.start
        if end > sent.start and doc[end - 1].text in ("-", "–"):  # "Russell Crowe - người từng ... - mô tả"
            end = next((i for i in range(end - 2, sent.start - 1, -1) if doc[i].text in ("-", "–")), end)
        return trig[0].pos_ == "VERB" and any(e.end == end and e.label_ in ("PER", "ORG") for e in ents)

    def _closes_quotation(self, doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the trigger the speaker's verb after a quotation: a closing quote mark and a comma,
        then a speaker with no verb of its own, and nothing but ``thêm`` after the verb
        (``“...”, Thủ tướng đánh giá.``)?"""
        if any(not (t.is_punct or t.is_space or t.lower_ == "thêm") for t in doc[trig.end:sent.end]):
            return False
        for i in range(trig.start - 1, max(sent.start, trig.start - 14) - 1, -1):
            tok = doc[i]
            if tok.text in (",", "-", "–") and i > sent.start and doc[i - 1].text in ('"', "”", "»"):
                return True  # "...”, Thủ tướng đánh giá", '..." - sinh viên X chia sẻ'
            if tok.text in ("-", "–"):
                continue  # the dash of the speaker's description
            if tok.is_punct or (tok.pos_ == "VERB" and self._is_reporting(tok.lower_)):
                return False  # the speaker may be described (sống tại Tartus), not say something else
        return False

    def _repeated(self, doc: Doc, sent: Span, trig: Span, code: str, quantities: list[Span], dates: list[Span],
                  ents: list[Span], context: _Context) -> bool:
        """Is the trigger a nominal event (``chuyến thăm``, ``vụ nổ``) of a CAMEO root the article
        has already told, with no number, date or place of its own in the sentence? Then it names
        the told event again."""
        if code[:2] not in context.told_roots:
            return False
        noun_after_prep = trig[0].pos_ == "NOUN" and trig.start > sent.start and doc[trig.start - 1].pos_ == "ADP"
        agentless = trig.start > sent.start and doc[trig.start - 1].lower_ in ("được", "bị")
        if not (trig.start > sent.start and doc[trig.start - 1].lower_ in self.nominalizers
                or trig.text.split()[0].lower() in self.nominalizers or noun_after_prep or agentless):
            return False  # a nominal event ("vụ nổ", "trong giao tranh") or a bare passive ("đang được điều tra")
        start = self._clause_start(doc, sent, trig)
        end = next((i for i in range(trig.end, sent.end) if doc[i].text in (",", ";", ":", '"', "”", "-", "–")),
                   sent.end)
        near = min(end, trig.end + 4)  # a number of the event itself, not of what is said of it
        return not any(start <= q.start < near for q in quantities) and not any(
            start <= d.start < end for d in dates) and not any(
            e.label_ == "LOC" and trig.start < e.start < end for e in ents)

    def _relative(self, doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the trigger the verb of a relative clause that identifies the noun before it
        (``sáng kiến mà Bộ Quốc phòng Mỹ cam kết tài trợ``, ``Động cơ do Pratt & Whitney cung
        cấp``, ``thực hiện các hợp đồng xuất khẩu gạo đã ký``)? Only a subject and adverbs may
        stand between ``mà``/``do`` and the verb."""
        i = trig.start - 1
        if i > sent.start and doc[i].lower_ == "đã":  # "thực hiện các hợp đồng xuất khẩu gạo đã ký"
            j = i - 1
            while j > sent.start and doc[j].pos_ in ("NOUN", "VERB") and doc[j].lower_ not in ("các", "những"):
                j -= 1  # the noun phrase, verbs inside it too (hợp đồng xuất khẩu gạo)
            if j < i - 1 and doc[j].lower_ in ("các", "những") and j > sent.start and doc[j - 1].pos_ == "VERB" \
                    and not self._is_reporting(doc[j - 1].lower_):
                return True
        for i in range(trig.start - 1, max(sent.start, trig.start - 8), -1):
            tok = doc[i]
            if tok.lower_ in ("mà", "do") and i > sent.start:
                return i + 1 < trig.start and doc[i - 1].pos_ in ("NOUN", "PROPN") and doc[i - 1].lower_ not in (
                    "nguyên nhân", "lý do")
            if tok.is_punct or tok.lower_ in ("được", "bị") or tok.pos_ not in ("NOUN", "PROPN", "DET", "NUM", "ADV"):
                return False
        return False

    def _described(self, doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the trigger a nominal event after a copula (``Đây là vụ đụng độ nghiêm trọng
        nhất``, ``các cuộc tấn công này là những vụ đẫm máu nhất``)? It describes an event
        already told."""
        i = trig.start - 1
        if i < sent.start or doc[i].lower_ not in self.nominalizers:
            return False
        i -= 1
        while i >= sent.start and (doc[i].pos_ in ("DET", "NUM") or doc[i].lower_ in ("các", "những", "một")):
            i -= 1
        return i >= sent.start and doc[i].lower_ == "là"

    def _relative_passive(self, doc: Doc, sent: Span, trig: Span, earlier: list[Span]) -> bool:
        """Is the trigger a passive that describes the object of the event before it (``giải
        phóng được 6 ngôi làng bị Armenia chiếm giữ``)? That is a state told as a relative
        clause, not a new event."""
        if not earlier or self._is_reporting(earlier[-1].label_):
            return False
        passive = self._passive(doc, earlier[-1].end, trig)
        if passive is None or doc[passive].lower_ != "bị":
            return False
        between = doc[earlier[-1].end:passive]  # the object: a common noun phrase, no adverb
        return 0 < len(between) <= 5 and not any(
            t.is_punct or t.pos_ in ("ADV", "PROPN") or (t.pos_ == "VERB" and t.lower_ != "được") for t in between)

    def _topic_mention(self, doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the trigger a ``việc`` noun opening its sentence or what a speaker says (``Việc hợp
        tác với Tập đoàn ANA ... sẽ giúp``, ``Với việc đầu tư ...``, ``cho biết việc công bố báo
        cáo ... là``)? Of an event the article has told, or one the clause evaluates, that is
        its topic, not a new event."""
        i = trig.start - 1
        if i < sent.start or doc[i].lower_ != "việc":
            return False
        first = sent.start + 1 if doc[sent.start].text in ("“", '"') else sent.start  # inside a quotation
        said = i > sent.start and (self._is_reporting(doc[i - 1].lower_) or (
            i - 1 > sent.start and self._is_reporting(f"{doc[i - 2].lower_} {doc[i - 1].lower_}")))
        return i == first or (i - 1 == first and doc[i - 1].lower_ in ("với", "qua")) or said

    @staticmethod
    def _evaluated(doc: Doc, sent: Span, trig: Span) -> bool:
        """Does the clause go on to say what the event is or will do (``Việc đầu tư xây dựng dự
        án ... sẽ góp phần``, ``... là ...``)? Then the event is its topic, not news."""
        for tok in doc[trig.end:sent.end]:
            if tok.text in (",", ";", ":"):
                return False
            if tok.lower_ in ("sẽ", "là", "giúp", "góp phần"):
                return True
        return False

    @staticmethod
    def _coordinated(doc: Doc, first: Span, second: Span) -> bool:
        """Are two triggers joined as one act: a comma or ``và`` alone between them (``biểu
        dương, đánh giá cao``), or ``và`` after the first one's short object (``ký hợp đồng và
        trao văn kiện``)?"""
        between = doc[first.end:second.start]
        if all(t.text == "," or t.lower_ == "và" for t in between):
            return True
        return len(between) <= 4 and between[-1].lower_ == "và" and not any(t.is_punct for t in between)

    @staticmethod
    def _in_list(doc: Doc, sent: Span, first: Span, second: Span) -> bool:
        """Are two joined triggers part of a longer list (``khắc phục hậu quả, hỗ trợ, thăm hỏi,
        động viên``), each item an act of its own?"""
        before = doc[first.start - 1] if first.start > sent.start else None
        after = doc[second.end] if second.end < sent.end else None
        return (before is not None and before.text == ",") or (after is not None and after.text == ",")

    def _scheduled(self, doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the trigger a noun (``bài phát biểu``, ``cuộc họp``) in a clause told in the
        future (``... dự kiến sẽ diễn ra``), rather than a verb an actor commits to?"""
        if not (trig.start > sent.start and doc[trig.start - 1].lower_ in self.nominalizers):
            return False
        for tok in doc[trig.end:sent.end]:
            if tok.is_punct or tok.lower_ in CLAUSE_END:
                break
            if MODALITY.get(tok.lower_) in CLAUSE_MODALITY:
                return True
        return self._before_has(doc, sent, doc[trig.start - 1:trig.end], MODALITY) is not None \
            or any(MODALITY.get(t.lower_) in CLAUSE_MODALITY for t in doc[sent.start:trig.start])

    def _document(self, doc: Doc, sent: Span, trig: Span) -> bool:
        """Is a statement word (``báo cáo``: models/cameo/documents.tsv) the name of a document:
        a noun after a preposition or a verb, or before ``của`` or a quoted title?"""
        if trig.label_ not in self.documents:
            return False
        before = doc[trig.start - 1] if trig.start > sent.start else None
        after = doc[trig.end] if trig.end < sent.end else None
        if after is not None and (after.lower_ == "của" or after.text in ("“", '"')):
            return True
        return trig[0].pos_ == "NOUN" and before is not None and before.pos_ in ("ADP", "VERB")

    @staticmethod
    def _described_state(doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the state after a causative and its experiencer (``khiến cộng đồng quốc tế lo
        ngại``) or a noun owned by someone (``lo ngại của Bắc Kinh``)?"""
        if trig.end < sent.end and doc[trig.end].lower_ == "của":
            return True
        i = trig.start - 1
        while i > sent.start and doc[i].pos_ in ("NOUN", "PROPN", "DET", "NUM", "ADJ"):
            i -= 1
        return i >= sent.start and i < trig.start - 1 and doc[i].lower_ in CAUSATIVE

    @staticmethod
    def _listed(doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the trigger an item of a list of fields or kinds (``các lĩnh vực gồm ...; hỗ trợ
        công tác đào tạo``, ``tội phạm như bắt cóc, tống tiền``)? Such items name what an
        agreement covers or what a crime is, not events."""
        i = trig.start
        if i > sent.start and doc[i - 1].lower_ == "việc":
            i -= 1
        if i <= sent.start:
            return False
        if doc[i - 1].lower_ in LIST_OPENERS:
            return not (i - 2 >= sent.start and doc[i - 2].lower_ == "cũng")  # "cũng như": as well as
        if doc[i - 1].text not in (";", ","):
            return False
        for tok in doc[sent.start:i - 1]:  # a later item: the list opened earlier in the sentence
            if tok.lower_ in LIST_OPENERS and tok.lower_ != "như":
                return True
        return False

    @staticmethod
    def _asked(doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the trigger in a question: a ``?`` ends its clause before any other end mark?"""
        for tok in doc[trig.end:sent.end]:
            if tok.text == "?":
                return True
            if tok.text in (".", "!", ";", "”", "»"):
                return False
        return False

    def _conditional(self, doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the trigger in a clause opened by ``nếu``/``giả sử`` (models/cameo/conditionals.tsv)?"""
        for i in range(trig.start - 1, sent.start - 1, -1):
            if doc[i].text in (",", ";", ":", "“", '"'):
                return False
            if doc[i].lower_ in self.conditionals:
                return True
        return False

    def _glued_after(self, doc: Doc, span: Span, start: int, end: int) -> bool:
        """The trigger starts on a token boundary and ends inside a token that the segmenter glued
        to the next word (``cấm | vận vũ khí``): that token is not a word of the dictionary."""
        last = doc[span.end - 1]
        return (doc[span.start].idx == start and last.idx < end
                and last.text.lower() not in self.dictionary)

    def _object_of_event(self, doc: Doc, sent: Span, trig: Span, earlier: list[Span]) -> bool:
        """A nominal event (``các cuộc tấn công``) right after another, non-reporting event of
        its clause is that event's object (``lên án các cuộc tấn công``); after a preposition
        (``sau cuộc chiến``) or a conjunction it is an event of its own."""
        first = trig.start
        if earlier and earlier[-1].label_ in self.event_objects and 0 <= trig.start - earlier[-1].end <= 4 \
                and not self._clause_break(doc, earlier[-1].end, trig.start):
            return True  # "kỷ niệm 20 năm bình thường hóa quan hệ": what is commemorated
        if trig.text.split()[0].lower() not in self.nominalizers:
            if first > sent.start and doc[first - 1].lower_ in self.nominalizers:
                first -= 1
            else:
                return False
        while first > sent.start and doc[first - 1].pos_ in ("DET", "NUM") or (
                first > sent.start and doc[first - 1].lower_ in ("các", "những", "một", "nhiều", "mọi")):
            first -= 1
        if first > sent.start and (doc[first - 1].pos_ in ("ADP", "CCONJ") or doc[first - 1].lower_ in TIME_PREPS
                                   or doc[first - 1].lower_ in ("cũng như", "và", "hoặc") or doc[first - 1].lower_ in MEANS):
            return False
        for prev in reversed(earlier):
            between = doc[prev.end:first]
            if sum(not t.is_punct for t in between) > 4 or any(t.lower_ in CLAUSE_END for t in between):
                return False  # an object follows its verb closely (lên án các cuộc tấn công)
            return prev.label_ not in self.reporting
        return False

    @staticmethod
    def _location(doc: Doc, sent: Span, ents: list[Span]) -> str:
        for ent in ents:
            if ent.label_ != "LOC":
                continue
            prev = doc[ent.start - 1].lower_ if ent.start > sent.start else ""
            prev2 = " ".join(t.lower_ for t in doc[max(sent.start, ent.start - 2):ent.start])
            if prev in PLACE_PREPS or prev2 in PLACE_PREPS:
                return ent.text
        return ""

    @staticmethod
    def _date(doc: Doc, dates: list[Span]) -> tuple[str, str]:
        for span in dates:
            values = get_values(doc, SPANS_DATES, span)
            if values.get("type") in ("DATE", "TIME"):
                return values["value"], "sentence"
        published = get_meta(doc).get("published")
        return (published, "published") if published else ("", "")

    @staticmethod
    def _before_has(doc: Doc, sent: Span, trig: Span, words) -> str | None:
        for n in (1, 2, 3):
            i = trig.start - n
            if i < sent.start:
                break
            for w in (doc[i].lower_, " ".join(t.lower_ for t in doc[i:i + 2])):
                if w in words:
                    return w
        return None

    def set_annotations(self, doc: Doc, found: list[tuple[Span, dict]]) -> None:
        doc.spans[self.spans_key] = [span for span, _ in found]
        for span, values in found:
            set_values(doc, self.spans_key, span, values)


@Language.factory("vnews_events", assigns=["doc.spans"], requires=["doc.ents", "doc.spans"],
                  default_config={"spans_key": SPANS_EVENTS})
def make_events(nlp: Language, name: str, spans_key: str) -> EventExtractor:
    return EventExtractor(nlp, name, spans_key)
