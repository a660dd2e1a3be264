"""Who did it and to whom: actor1, actor2 and their CAMEO actor codes, read from the entities,
noun phrases and pronouns the earlier stages put on the Doc.

``ActorFinder`` is built from the events stage's word lists (``EventLexicon``) and uses the
shared span predicates of ``grammar/spans.py``; the events stage holds one and asks it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.core.meta import span_text, token_lowers, token_pos, token_punct, token_texts
from pipeline.grammar.spans import clause_start, passive
from pipeline.grammar.words import (
    ADVERBS,
    CLAUSE_END,
    CONCESSIVE,
    LIGHT_VERBS,
    NEGATION,
    OBJECT_PREPS,
    PLACE_PREPS,
    SPEAKER_PRONOUNS,
)
from pipeline.stages.events.coding import joined_to
from pipeline.stages.events.context import Actor, ArticleContext, Kept
from pipeline.stages.events.lexicon import EventLexicon

# "việc ký kết ... giữa Vietjet và Pratt & Whitney": the sides stand within a few words after the event.
BETWEEN_REACH = 6
# "chuyến thăm (chính thức) của X": the owner's "của" within three words after a nominal event.
OWNER_REACH = 3
# "Thủ tướng Armenia Nikol Pashinyan": an office stands within four words before its holder's name.
OFFICE_LEAD = 4
# "Ông X, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư ...": up to three descriptions in apposition.
APPOSITIONS = 3
# "Ngoại trưởng Nga Sergei Lavrov": a person's country within three words before the name.
COUNTRY_LEAD = 3


class ActorFinder:
    """The actor rules of the events stage, over the word lists of ``EventLexicon``."""

    def __init__(self, lex: EventLexicon):
        self.lex = lex
        self._roles_longest_first = sorted(lex.role_words, key=len, reverse=True)  # sorted once, not per actor

    def last_pair(self, doc: Doc, trig: Span, context: ArticleContext) -> tuple[Actor, Actor] | None:
        """The last two entities joined by ``và`` before the trigger (``Vietnam Airlines và Tập
        đoàn ANA``, ``giữa Mỹ và Việt Nam``): who ``hai bên``, ``hai nước`` stand for."""
        ents = [e for e in context.ents if e.end <= trig.start]
        for first, second in zip(reversed(ents[:-1]), reversed(ents[1:])):
            if first.end + 1 == self._np(doc, second).start and doc[first.end].lower_ == "và" \
                    and first.text.lower() != second.text.lower():
                return Actor(first, first), Actor(second, second)
        # else the last two countries named, the one that has acted more in the article first
        countries: dict[str, Span] = {}
        for ent in reversed(ents):
            if ent.label_ == "LOC" and self.lex.country_of(ent.text):
                countries.setdefault(self.lex.country_of(ent.text), ent)
                if len(countries) == 2:
                    break
        if len(countries) < 2:
            return None
        def acted(ent: Span) -> int:
            return context.doers.get(self.lex.country_codes.get(self.lex.country_of(ent.text), ""), 0)

        one, two = sorted(countries.values(), key=lambda e: -acted(e))
        return Actor(one, one), Actor(two, two)

    def between(self, doc: Doc, sent: Span | None, ents: list[Span], after: int | None = None):
        """The two sides of ``giữa X và Y`` in a sentence (or within a few words after token
        ``after``), as (actor1, actor2)."""
        if sent is None:
            return None
        starts = {e.start: e for e in ents if e.label_ != "MISC"}
        lo, hi = (sent.start, sent.end - 3) if after is None else (after, min(after + BETWEEN_REACH, sent.end - 3))
        lower = token_lowers(doc)
        for i in range(lo, hi):
            if lower[i] != "giữa" or i + 1 not in starts:
                continue
            first = starts[i + 1]
            if first.end < sent.end and lower[first.end] == "và" and first.end + 1 in starts:
                second = starts[first.end + 1]
                return Actor(first, first), Actor(second, second)
        return None

    def _np(self, doc: Doc, ent: Span) -> Span:
        """An entity with the role nouns right before it: ``các lực lượng Azerbaijan``."""
        start, lower = ent.start, token_lowers(doc)
        while start > 0 and lower[start - 1] in self.lex.roles:
            start -= 1
        return doc[start:ent.end]

    def actor1(self, doc: Doc, sent: Span, trig: Span, ents: list[Span], previous: Kept | None,
              context: ArticleContext) -> Actor | None:
        """The doer, in this order: the doer of the event this one is joined to (``...,
        đồng thời hỗ trợ``); an entity of the trigger's clause (a person, place or
        organisation before a product or work: ``Mỹ đã cử máy bay P-3 Orion hỗ trợ``); the
        owner of a nominal event (``Chuyến thăm của Tổng thống Barack Obama``); a pronoun or
        ``nước này`` there, resolved to the last such entity of the article; the noun phrase
        that is the clause's subject (``hải quân hai nước đang hợp tác``); else an entity
        earlier in the sentence."""
        if trig.label_ in self.lex.undergone:
            return None  # "chiếc xe bất ngờ nổ tung": what explodes does not do it
        joined = joined_to(doc, trig, previous)
        if joined is not None and joined.actor1 is not None:
            return joined.actor1
        start = clause_start(doc, sent, trig.start)
        marker = passive(doc, start, trig.start, self.lex.nominal)
        if marker is not None:  # "bị cảnh sát bắt": the agent or nobody, never the subject (the patient)
            agent = [e for e in ents if marker < e.start and e.end <= trig.start]
            if agent:
                return Actor(self._np(doc, agent[-1]), agent[-1])
            return Actor(doc[marker + 1:trig.start], doc[marker + 1:trig.start]) if marker + 1 < trig.start else None
        if start > sent.start and doc[start - 1].text == "," and self._by_means(doc, start, trig):
            start = sent.start  # "Mỹ sẽ giúp X, bằng cách cung cấp": the doer is the sentence's subject
        in_clause = [e for e in ents if e.start >= start]
        if self._by_means(doc, start, trig):
            first = [e for e in in_clause if e.end <= trig.start and not self._after_prep(doc, sent, e)]
            if first:
                return Actor(self._np(doc, first[0]), first[0])
        for group in ([e for e in in_clause if e.label_ != "MISC"], in_clause):
            found = self._actor_before(doc, sent, trig, group, ents)
            if found is not None:
                return found
        for find in (self._quoted_speaker, self._owner, self._antecedent, self._subject_np, self._main_subject):
            found = find(doc, sent, start, trig, ents, context)
            if found is not None:
                return found
        earlier = [e for e in ents if e.start < start and e.label_ != "MISC"
                   and not (e.start > sent.start and doc[e.start - 1].pos_ == "VERB"
                            and not self.lex.is_reporting(doc[e.start - 1].lower_))]  # an object of a verb
        return self._actor_before(doc, sent, trig, earlier, ents)

    def _quoted_speaker(self, doc: Doc, sent: Span, start: int, trig: Span, ents: list[Span],
                        context: ArticleContext) -> Actor | None:
        """``tôi``/``chúng tôi`` doing something inside a quotation is its speaker, named after
        the closing mark (``"... chúng tôi sẽ thông báo chi tiết sau", Egidio Torre Cantu, thống
        đốc bang Tamaulipas, chia sẻ``)."""
        if not any(doc[i].lower_ in ("tôi", "chúng tôi") for i in range(start, trig.start)):
            return None
        close = next((i for i in range(trig.end, sent.end) if doc[i].text in ("”", '"', "»")), None)
        if close is None or close + 1 >= sent.end or doc[close + 1].text not in (",", "-", "–"):
            return None
        speaker = next((e for e in ents if e.start > close and e.label_ in ("PER", "ORG")), None)
        return Actor(speaker, speaker) if speaker is not None else None

    def _main_subject(self, doc: Doc, sent: Span, start: int, trig: Span, ents: list[Span],
                      context: ArticleContext) -> Actor | None:
        """An event in the phrase that opens a sentence with a preposition (``Trong buổi họp báo
        chung với X ngày 23/5, Tổng thống Barack Obama tuyên bố ...``) or with the event's own
        verb (``Chủ trì hội nghị ..., Thủ tướng Nguyễn Xuân Phúc cho rằng``) is done by the
        subject of the main clause: the first name after the phrase's comma."""
        if start != sent.start or (doc[sent.start].pos_ != "ADP" and trig.start != sent.start):
            return None  # opened by a preposition, or by the event itself ("Chủ trì hội nghị ..., Thủ tướng X")
        comma = next((i for i in range(trig.end, sent.end) if doc[i].text == ","), None)
        if comma is None:
            return None
        for ent in ents:
            if ent.start > comma and ent.label_ != "MISC":
                first = self._np(doc, ent).start
                while first > comma + 1 and self._title_at(doc, first - 1):
                    first -= 1
                return Actor(self._np(doc, ent), ent) if first == comma + 1 or not any(
                    t.pos_ in ("VERB", "ADP") for t in doc[comma + 1:first]) else None
        return None

    @staticmethod
    def _by_means(doc: Doc, start: int, trig: Span) -> bool:
        """Is the trigger the means or aim of its clause's main verb (``bằng cách``, ``nhằm``)?"""
        before = " ".join(token_lowers(doc)[max(start, trig.start - 2):trig.start])
        return before.endswith(("bằng cách", "nhằm"))

    def _after_prep(self, doc: Doc, sent: Span, ent: Span) -> bool:
        first, lower = ent.start, token_lowers(doc)
        while first > sent.start and lower[first - 1] in self.lex.noun_heads:  # "thuộc Tập đoàn X"
            first -= 1
        return first > sent.start and lower[first - 1] in OBJECT_PREPS

    def _owner(self, doc: Doc, sent: Span, start: int, trig: Span, ents: list[Span],
               context: ArticleContext) -> Actor | None:
        """``chuyến thăm của X``, ``báo cáo nhanh của X``: the owner of a nominal event."""
        for i in range(trig.end, min(trig.end + OWNER_REACH, sent.end)):
            if doc[i].lower_ == "của":
                for ent in ents:
                    if ent.start == i + 1 or (ent.start > i + 1 and all(
                            t.lower_ in self.lex.roles or self.lex.titles.get(t.lower_) for t in doc[i + 1:ent.start])):
                        return Actor(self._np(doc, ent), ent)
                return None
            if doc[i].pos_ not in ("ADJ", "ADV"):
                return None
        return None

    def _subject_np(self, doc: Doc, sent: Span, start: int, trig: Span, ents: list[Span],
                    context: ArticleContext) -> Actor | None:
        """A common noun phrase right before a verbal trigger, after a clause opener or a
        reporting verb: ``hai kẻ đánh bom tự sát đã kích hoạt``, ``hai bên xác lập``."""
        if trig[0].lower_ in self.lex.nominalizers or (
                trig.start > sent.start and doc[trig.start - 1].lower_ in self.lex.nominalizers):
            return None  # a nominal event has no subject of its own
        end = trig.start
        while end > start and (doc[end - 1].lower_ in ADVERBS or doc[end - 1].lower_ in LIGHT_VERBS):
            end -= 1  # "hai bên sẽ triển khai hợp tác": the subject of the light verb
        begin = end
        while begin > start and doc[begin - 1].pos_ in ("NOUN", "NUM", "DET", "PROPN", "ADJ", "VERB") \
                and not self._opens_subject(doc, begin - 1):
            begin -= 1
        if begin == end or (begin > start and not self._opens_subject(doc, begin - 1)):
            return None
        np = doc[begin:end]
        if trig[0].pos_ != "VERB" and not (np[0].pos_ in ("NUM", "DET") and len(np) > 1):
            return None  # a verb the tagger took for a noun still has a counted subject ("hai bên xác lập")
        if begin > start and doc[begin - 1].lower_ in ("bị", "được") and self.lex.nominal(np[0]):
            return Actor(np, np)  # the agent of a passive: "bị cảnh sát bắt", "được cảnh sát giải cứu"
        if np[0].pos_ not in ("NOUN", "NUM", "DET", "PROPN") or np[0].lower_ in CONCESSIVE:
            return None
        # a bare noun right before the verb is a compound (dự án đầu tư, hàng tấn công), not its
        # subject: a subject shows a determiner or number, a name, or an adverb before the verb
        if end == trig.start and np[0].pos_ not in ("NUM", "DET") and not any(t.pos_ == "PROPN" for t in np) \
                and not (len(np) > 1 and np[0].lower_ in self.lex.modifier_heads):  # "Nhóm bắt cóc thả ...": a full NP
            return None
        for k, tok in enumerate(np):  # verbs only inside a noun they modify (kẻ đánh bom)
            if tok.pos_ == "VERB" and not any(t.lower_ in self.lex.modifier_heads for t in np[:k]):
                return None
        return Actor(np, np)

    def _opens_subject(self, doc: Doc, i: int) -> bool:
        """Does token ``i`` end what comes before a subject: a clause opener, ``thì``, a
        reporting verb (``Nhà Trắng nhận định | hải quân hai nước ...``)?"""
        tok = doc[i]
        connective = tok.pos_ == "CCONJ" and (tok.is_sent_start or doc[i - 1].is_punct)  # "Do đó BHXH đề nghị"
        return (tok.is_punct or connective
                or tok.lower_ in ("khi", "sau khi", "thì", "rằng", "là", "nhưng", "song", "bị", "được")
                or self.lex.is_reporting(tok.lower_)
                or (i > 0 and self.lex.is_reporting(f"{doc[i - 1].lower_} {tok.lower_}")))

    def _antecedent(self, doc: Doc, sent: Span, start: int, trig: Span, ents: list[Span],
                    context: ArticleContext) -> Actor | None:
        """A pronoun or a head noun with a demonstrative as the subject of the clause (``Tôi``,
        ``liên minh này``, ``Hãng`` opening a sentence), resolved to the last entity of the
        article of that kind before the sentence (models/cameo/anaphors.tsv)."""
        named = {i for e in ents for i in range(e.start, e.end)}
        lower, pos = token_lowers(doc), token_pos(doc)
        for i in range(start, trig.start):
            if lower[i] in OBJECT_PREPS:
                return None  # past the subject
            if i in named:
                continue  # "Đài Quan sát ...": a name, not the word "đài"
            for n in (3, 2, 1):
                word = " ".join(lower[i:i + n])
                if i + n > trig.start:
                    continue
                if word in self.lex.offices and (i + n == trig.start or pos[i + n] not in ("PROPN", "NOUN")):
                    if self._reported_by_other(doc, i + n, trig.start):
                        return None
                    holder = self._office_holder(doc[i], word, context)
                    return Actor(holder, holder) if holder is not None else None
                refers = self.lex.anaphors.get(word)
                if refers is None:
                    continue
                nxt = lower[i + n] if i + n < len(doc) else ""
                # "nước" alone is any country; "Hãng" capitalised opening a clause is the one named
                opening_name = i == start and token_texts(doc)[i][:1].isupper()
                if refers != "PER" and nxt not in self.lex.demonstratives and not opening_name:
                    continue
                if self._reported_by_other(doc, i + n, trig.start):
                    return None  # "Đài cũng cho biết có 4 vụ nổ": the one who reports
                ante = self._last_entity(doc[i], refers, word, context)
                return Actor(ante, ante) if ante is not None else None  # the actor is the one named before
        return None

    def _office_holder(self, tok, office: str, context: ArticleContext) -> Span | None:
        """The last person named before ``tok`` with ``office`` among the few words before the
        name (``Thủ tướng Nguyễn Xuân Phúc``, ``Thủ tướng Armenia Nikol Pashinyan``)."""
        doc = tok.doc
        for ent in reversed(context.ents):
            if ent.end <= tok.i and ent.label_ == "PER":
                lead = " ".join(t.lower_ for t in doc[max(0, ent.start - OFFICE_LEAD):ent.start])
                if f" {office} " in f" {lead} ":
                    return ent
        return None

    def _last_entity(self, tok, refers: str, word: str, context: ArticleContext) -> Span | None:
        candidates = [e for e in context.ents if e.end <= tok.i and not e.start <= tok.i < e.end]
        if refers == "PER":
            kinds = [e for e in candidates if e.label_ == "PER"]
        elif refers == "COUNTRY":
            kinds = [e for e in candidates if e.label_ == "LOC" and self.lex.country_of(e.text)]
        else:
            kinds = [e for e in candidates if e.label_ == "ORG" and e.text.lower().startswith(word)] or [
                e for e in candidates if e.label_ == "ORG"]
        return kinds[-1] if kinds else None

    def _actor_before(self, doc: Doc, sent: Span, trig: Span, ents: list[Span],
                      sentence_ents: list[Span]) -> Actor | None:
        """The nearest of ``ents`` before the trigger that is not after a preposition, with the
        doers coordinated to it, or the person an apposition around it describes (looked up
        among ``sentence_ents``)."""
        before = [e for e in ents if e.end <= trig.start]
        texts, lower = token_texts(doc), token_lowers(doc)
        for k, ent in reversed(list(enumerate(before))):
            if self._reported_by_other(doc, ent.end, trig.start):
                return None  # the one who reports (AFP cho biết 7 vụ nổ ...) is not the doer
            if self._after_prep(doc, sent, ent):
                continue
            if ent.start > sent.start and texts[ent.start - 1] == "(" and ent.end < sent.end \
                    and texts[ent.end] == ")":
                continue  # "Walk Free Foundation (Úc)": the bracket describes the name before it
            np = self._np(doc, ent)
            # coordinated doers: "Đức và Pháp kêu gọi ..."
            while k > 0 and np.start - before[k - 1].end == 1 and lower[np.start - 1] == "và":
                k -= 1
                np = doc[self._np(doc, before[k]).start:np.end]
            if np.start > sent.start and lower[np.start - 1] in OBJECT_PREPS:
                continue  # "giữa Armenia và Azerbaijan": a coordination after a preposition
            owner = self._apposition_owner(doc, sent, np.start, sentence_ents) if np.start > sent.start else None
            if owner is not None:
                return owner  # "James Huang, người đứng đầu Văn phòng ..., cho biết"
            return Actor(np, ent)
        return None

    def _apposition_owner(self, doc: Doc, sent: Span, start: int, ents: list[Span]) -> Actor | None:
        """The person an apposition describes: the entity at ``start`` sits in a phrase right
        after a person's name and a dash (``ông Nguyễn Đức Thu - chủ nhà xe Khánh Đơn``), or a
        comma and a common noun or title (``James Huang, người đứng đầu Văn phòng ...``,
        ``Ông Đinh Thế Huynh, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư ...``)."""
        i = start - 1
        texts, punct = token_texts(doc), token_punct(doc)
        for _ in range(APPOSITIONS):  # comma-separated descriptions
            while i > sent.start and texts[i] not in (",", "-", "–"):
                if punct[i] and texts[i] not in ("(", ")"):
                    return None
                i -= 1
            if i <= sent.start:
                return None
            nxt = texts[i + 1] if i + 1 < len(doc) else None
            if texts[i] == "," and (nxt is None or not (nxt[:1].islower() or self._title_at(doc, i + 1))):
                return None  # after a comma only a common noun or a title opens an apposition
            person = next((e for e in ents if e.end == i and e.label_ == "PER"), None)
            if person is not None:
                return Actor(person, person)
            i -= 1
        return None

    def _title_at(self, doc: Doc, i: int) -> bool:
        lower = token_lowers(doc)
        return any(" ".join(lower[i:i + n]) in self.lex.titles for n in (1, 2, 3))

    def _reported_by_other(self, doc: Doc, start: int, end: int) -> bool:
        """Is there a reporting verb between ``start`` and the trigger at ``end`` followed by
        words of its own (a subject, a noun: ``cho biết 7 vụ nổ``)? Right before the trigger
        (``tuyên bố đã bắn hạ``, ``lên tiếng kêu gọi``) the speaker is the doer."""
        if start >= end:
            return False
        between = span_text(doc[start:end]).lower()
        if not any(verb in between for verb in self.lex.reporting):
            return False
        lower, pos, punct = token_lowers(doc), token_pos(doc), token_punct(doc)
        for r in range(start, end):
            for n in (1, 2, 3):  # the segmenter may split a reporting verb (cho | biết)
                if r + n <= end and " ".join(lower[r:r + n]) in self.lex.reporting:
                    rest = [k for k in range(r + n, end) if not punct[k] and lower[k] not in ("rằng", "là")]
                    first = rest[0] if rest else None
                    if first is not None and lower[first] in SPEAKER_PRONOUNS and first + 1 < end:
                        first += 1  # "cho biết bà sẽ ...": the speaker named again
                    if first is not None and (pos[first] == "ADV" or lower[first] in NEGATION):
                        continue  # "tuyên bố sẽ không ...", "cho biết bà sẽ ...": the speaker goes on as doer
                    if lower[end] in self.lex.nominalizers or any(  # "cho biết 7 vụ nổ": a noun
                            (pos[k] in ("NOUN", "PROPN", "PRON") and lower[k] not in SPEAKER_PRONOUNS)
                            or lower[k] in self.lex.nominalizers for k in rest):
                        return True
        return False

    def actor_after(self, doc: Doc, sent: Span, trig: Span, ents: list[Span]) -> Actor | None:
        lower = token_lowers(doc)
        for i in range(trig.end, sent.end):
            if lower[i] in CLAUSE_END:
                return None
            for ent in ents:
                if ent.start == i:
                    prev = lower[ent.start - 1] if ent.start > sent.start else ""
                    if prev in PLACE_PREPS:
                        return None
                    person = next((e for e in ents if e.start == ent.end and e.label_ == "PER"), None)
                    if ent.label_ == "LOC" and person is not None:
                        ent = person  # "tiếp Thủ tướng Ấn Độ Manmohan Singh": the country says whose PM
                    return Actor(self._np(doc, ent), ent)
        return None

    def actor_code(self, doc: Doc, actor: Actor | None) -> str:
        """CAMEO-style actor code: the country's code and a role (``AZEMIL``, ``ARMGOV``).

        The country is the actor itself (a country), a country inside its name (``Bộ Quốc
        phòng Azerbaijan``) or just before a person (``Thủ tướng Armenia Nikol Pashinyan``);
        the role comes from role words in the noun phrase, the name, or the person's title."""
        if actor is None:
            return ""
        np_span, ent = actor
        country, role = "", ""
        lead = max(ent.start - COUNTRY_LEAD, np_span.start - COUNTRY_LEAD, 0)
        window = doc[lead:ent.end] if ent.label_ == "PER" else np_span
        for word in token_texts(doc)[window.start:window.end]:
            iso2 = self.lex.country_of(word)
            if iso2:
                country = self.lex.country_codes.get(iso2, "")
        text = " " + span_text(window).lower() + " "
        for word in self._roles_longest_first:
            if f" {word} " in text:
                role = self.lex.role_words[word]
                break
        return country + role

