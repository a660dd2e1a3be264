"""``vnews_events``: who did what to whom, where and when, coded in CAMEO.

Triggers come from models/cameo/triggers.tsv (whole words, longest first, aligned
to token boundaries). Arguments are read from what earlier stages put on the Doc,
never re-parsed: actor1 is the nearest entity before the trigger that is not the
object of a preposition, actor2 the first entity after it in the clause, location a
LOC after a place preposition, date the sentence's first date (else the previous
event's date when the sentence continues it: ``Sau đó``, ``Đáp lại``; else the
publication date), quantities those of the sentence, claimant from claims.py.
A reporting verb that introduces another event is not an event itself: it gives
that event its claimant.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..claims import DocIndex, claimant, reporting_frames
from ..constants import SPANS_DATES, SPANS_EVENTS, SPANS_QUANTITIES
from ..gazetteer import default_gazetteer
from ..lexicon import load_tsv, load_words
from ..meta import get_meta
from ..spanvalues import get_values, set_values
from ..vocabulary import viet74k

_OBJECT_PREPS = {"về", "với", "của", "cho", "từ", "tại", "ở", "giữa", "vào", "trên", "tới", "đến", "đối với"}
_PLACE_PREPS = {"tại", "ở", "về phía", "phía", "trên", "từ", "khu vực"}
_CLAUSE_END = {",", ";", ":", "khi", "trong lúc", "trong khi", "nhưng", "và"}
_TIME_PREPS = {"sau", "trước", "trong", "từ", "kể từ", "sau khi", "trước khi"}
_NEGATION = {"không", "chưa", "chẳng", "không hề", "chưa hề"}
_MODALITY = {"sẽ": "future", "dự kiến": "planned", "có thể": "possible", "muốn": "intent",
             "định": "intent", "dự định": "planned", "sắp": "future", "kêu gọi": "appeal",
             "cam kết": "intent", "sẵn sàng": "intent"}


class EventExtractor:
    def __init__(self, nlp: Language, name: str = "vnews_events", spans_key: str = SPANS_EVENTS):
        self.name = name
        self.spans_key = spans_key
        self.codes = {row["trigger"].lower(): (row["code"], row["name"]) for row in load_tsv("cameo/triggers.tsv")}
        self.scale = {row["code"]: (float(row["goldstein"]), int(row["quad_class"]))
                      for row in load_tsv("cameo/goldstein.tsv")}
        self.not_triggers = set(load_words("cameo/not_triggers.tsv"))
        self.context_codes = {row["trigger"]: (row["cues"].split(";"), row["code"], row["name"])
                              for row in load_tsv("cameo/context_codes.tsv")}
        self.nominalizers = set(load_words("cameo/nominalizers.tsv"))
        self.modifier_heads = set(load_words("cameo/modifier_heads.tsv"))
        self.dictionary = viet74k()
        self.conditionals = set(load_words("cameo/conditionals.tsv"))
        alternation = "|".join(re.escape(t) for t in sorted(set(self.codes) | self.not_triggers, key=len, reverse=True))
        self.regex = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
        self.reporting = reporting_frames()
        self.roles = set(load_words("entities/trim_words.tsv"))
        self.role_words = {row["word"]: row["role"] for row in load_tsv("cameo/actor_roles.tsv")}
        self.country_codes = {row["iso2"]: row["cameo"] for row in load_tsv("gazetteers/country_codes.tsv")}
        self.gazetteer = default_gazetteer()
        self.continuations = load_words("cameo/continuations.tsv")
        self.intents = {row["root"]: (row["code"], row["name"]) for row in load_tsv("cameo/intent_codes.tsv")}

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
        found = []
        for k, sent in enumerate(sents):
            events = self._sentence(doc, sent, buckets["ents"][k], buckets[SPANS_DATES][k],
                                    buckets[SPANS_QUANTITIES][k], ent_tokens, index)
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

    def _triggers(self, doc: Doc, sent: Span, ents: set[int]) -> list[Span]:
        spans = []
        for m in self.regex.finditer(sent.text.lower()):
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

    def _sentence(self, doc: Doc, sent: Span, ents: list[Span], dates: list[Span],
                  quantities: list[Span], ent_tokens: set[int], index: DocIndex) -> list[tuple[Span, dict]]:
        triggers = self._triggers(doc, sent, ent_tokens)
        out = []
        for k, trig in enumerate(triggers):
            text = trig.label_  # the lexicon entry the trigger matched
            # a reporting verb followed by another event in its sentence is that event's source
            if text in self.reporting and any(t.start > trig.start for t in triggers[k + 1:]):
                continue
            # ... or closes a quotation that holds one (“..., NATO sẵn sàng giúp đỡ”, ông X nói)
            if text in self.reporting and any(self._quoted(doc, sent, t) for t in triggers[:k]):
                continue
            if self._conditional(doc, sent, trig):
                continue  # "nếu Ai Cập đề nghị": a condition, not an event that happened
            code, name = self.codes[text]
            if self._object_of_event(doc, sent, trig, triggers[:k]):
                continue
            if text in self.context_codes:
                cues, c_code, c_name = self.context_codes[text]
                words = f" {sent.text.lower()} "
                if any(f" {cue} " in words for cue in cues):
                    code, name = c_code, c_name
            modality = _MODALITY.get(self._before_has(doc, sent, trig, _MODALITY) or "", "")
            if modality in ("future", "planned", "intent") and code[:2] in self.intents:
                code, name = self.intents[code[:2]]  # "sẽ cung cấp": intent to give aid, 033
            date_value, date_source = self._date(doc, dates)
            actor1 = self._actor_before(doc, sent, trig, ents)
            actor2 = self._actor_after(doc, sent, trig, ents)
            values = {
                "trigger": trig.text, "cameo_code": code, "event_type": name,
                "root_code": code[:2],
                "goldstein": self.scale[code][0], "quad_class": self.scale[code][1],
                "actor1": actor1[0].text if actor1 else "", "actor1_code": self._actor_code(doc, actor1),
                "actor2": actor2[0].text if actor2 else "", "actor2_code": self._actor_code(doc, actor2),
                "location": self._location(doc, sent, ents),
                "date_value": date_value, "date_source": date_source,
                "quantities": [[q.start_char, q.end_char] for q in quantities],
                "claimant": "" if text in self.reporting else claimant(sent, trig.start, index),
                "negated": self._before_has(doc, sent, trig, _NEGATION) is not None,
                "modality": modality,
            }
            out.append((Span(doc, trig.start, trig.end, label=code[:2]), values))
        return out

    @staticmethod
    def _quoted(doc: Doc, sent: Span, trig: Span) -> bool:
        """Is the trigger inside quotation marks in its sentence?"""
        before = [t.text for t in doc[sent.start:trig.start]]
        opens = sum(1 for t in before if t in ("“", "«")) + before.count('"') % 2
        closes = sum(1 for t in before if t in ("”", "»"))
        return opens > closes

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
        if trig.text.split()[0].lower() not in self.nominalizers:
            if first > sent.start and doc[first - 1].lower_ in self.nominalizers:
                first -= 1
            else:
                return False
        while first > sent.start and doc[first - 1].pos_ in ("DET", "NUM") or (
                first > sent.start and doc[first - 1].lower_ in ("các", "những", "một", "nhiều", "mọi")):
            first -= 1
        if first > sent.start and (doc[first - 1].pos_ == "ADP" or doc[first - 1].lower_ in _TIME_PREPS):
            return False
        for prev in reversed(earlier):
            between = doc[prev.end:first]
            if any(t.text in _CLAUSE_END or t.lower_ in _CLAUSE_END for t in between):
                return False
            return prev.label_ not in self.reporting
        return False

    def _np(self, doc: Doc, ent: Span) -> Span:
        """An entity with the role nouns right before it: ``các lực lượng Azerbaijan``."""
        start = ent.start
        while start > 0 and doc[start - 1].lower_ in self.roles:
            start -= 1
        return doc[start:ent.end]

    def _actor_before(self, doc: Doc, sent: Span, trig: Span, ents: list[Span]) -> tuple[Span, Span] | None:
        before = [e for e in ents if e.end <= trig.start]
        for k, ent in reversed(list(enumerate(before))):
            if self._reported_by_other(doc, ent.end, trig.start):
                return None  # the one who reports (AFP cho biết 7 vụ nổ ...) is not the doer
            first = ent.start
            while first > sent.start and doc[first - 1].lower_ in self.roles:
                first -= 1
            if first > sent.start and doc[first - 1].lower_ in _OBJECT_PREPS:
                continue
            np = self._np(doc, ent)
            # coordinated doers: "Đức và Pháp kêu gọi ..."
            while k > 0 and np.start - before[k - 1].end == 1 and doc[np.start - 1].lower_ == "và":
                k -= 1
                np = doc[self._np(doc, before[k]).start:np.end]
            return np, ent
        return None

    def _reported_by_other(self, doc: Doc, start: int, end: int) -> bool:
        """Is there a reporting verb between ``start`` and the trigger at ``end`` followed by
        words of its own (a subject, a noun: ``cho biết 7 vụ nổ``)? Right before the trigger
        (``tuyên bố đã bắn hạ``, ``lên tiếng kêu gọi``) the speaker is the doer."""
        between = doc[start:end].text.lower()
        if not any(verb in between for verb in self.reporting):
            return False
        for r in range(start, end):
            for n in (1, 2, 3):  # the segmenter may split a reporting verb (cho | biết)
                if r + n <= end and " ".join(t.lower_ for t in doc[r:r + n]) in self.reporting:
                    rest = doc[r + n:end]
                    if doc[end].lower_ in self.nominalizers or any(  # "cho biết 7 vụ nổ": a noun
                            t.pos_ in ("NOUN", "PROPN", "PRON") or t.lower_ in self.nominalizers for t in rest):
                        return True
        return False

    def _actor_after(self, doc: Doc, sent: Span, trig: Span, ents: list[Span]) -> tuple[Span, Span] | None:
        for i in range(trig.end, sent.end):
            if doc[i].lower_ in _CLAUSE_END:
                return None
            for ent in ents:
                if ent.start == i:
                    prev = doc[ent.start - 1].lower_ if ent.start > sent.start else ""
                    if prev in _PLACE_PREPS:
                        return None
                    return self._np(doc, ent), ent
        return None

    def _actor_code(self, doc: Doc, actor: tuple[Span, Span] | None) -> str:
        """CAMEO-style actor code: the country's code and a role (``AZEMIL``, ``ARMGOV``).

        The country is the actor itself (a country), a country inside its name (``Bộ Quốc
        phòng Azerbaijan``) or just before a person (``Thủ tướng Armenia Nikol Pashinyan``);
        the role comes from role words in the noun phrase, the name, or the person's title."""
        if actor is None:
            return ""
        np_span, ent = actor
        country, role = "", ""
        window = doc[max(ent.start - 3, np_span.start - 3, 0):ent.end] if ent.label_ == "PER" else np_span
        for tok in window:
            iso2 = self._country_of(tok.text)
            if iso2:
                country = self.country_codes.get(iso2, "")
        text = " " + window.text.lower() + " "
        for word in sorted(self.role_words, key=len, reverse=True):
            if f" {word} " in text:
                role = self.role_words[word]
                break
        return country + role

    def _country_of(self, text: str) -> str:
        entry = self.gazetteer.get(text)
        return entry.key if entry is not None and entry.key and not entry.key.startswith("VN-") else ""

    @staticmethod
    def _location(doc: Doc, sent: Span, ents: list[Span]) -> str:
        for ent in ents:
            if ent.label_ != "LOC":
                continue
            prev = doc[ent.start - 1].lower_ if ent.start > sent.start else ""
            prev2 = " ".join(t.lower_ for t in doc[max(sent.start, ent.start - 2):ent.start])
            if prev in _PLACE_PREPS or prev2 in _PLACE_PREPS:
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
