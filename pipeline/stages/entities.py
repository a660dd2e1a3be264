"""``vnews_entities``: persons, locations, organisations with a canonical name.

Candidates come from four sources, merged by a fixed precedence (highest first):

1. organisation patterns: a capitalised head noun (``Bộ``, ``Ủy ban``, ``Công ty``...)
   followed by capitalised name parts that are not only a place
   (``Bộ Quốc phòng Azerbaijan``; the outermost name counts);
2. gazetteer names (models/gazetteers): a known name beats the CRF's label;
3. titles: a capitalised run after ``Thủ tướng``, ``ông``, ``tỉnh``... takes the title's type;
4. underthesea's CRF NER tags, with common nouns trimmed from the edges
   (``lực lượng Azerbaijan`` -> ``Azerbaijan``).

A lower-precedence span that overlaps accepted ones keeps only its uncovered
capitalised remainder: CRF ``Nga Sergei Lavrov`` next to gazetteer ``Nga`` leaves PER
``Sergei Lavrov``.
"""

from __future__ import annotations

import functools
import re

from spacy.attrs import IDX, LENGTH, POS, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.core.constants import SPANS_ENTITIES, TOKEN_CRF_NER
from pipeline.text.gazetteer import default_gazetteer
from pipeline.core.lexicon import load_tsv, load_words
from pipeline.core.spanvalues import set_values
from pipeline.text.tokenizer import token_tags
from pipeline.text.vocabulary import viet74k

GROUP = SPANS_ENTITIES
_OPEN_QUOTES = {"“", '"', "«", "‘"}
_CLOSE_QUOTES = {"”", '"', "»", "’"}
_ROMAN = re.compile(r"^[IVXLC]+$")  # khóa XIV, lần thứ XII: numbers, not names
_WEB_NAME = re.compile(r"(?<![\w.])[A-Z][\w-]*\.(?:vn|com|net|org|info)(?![\w])")
PRIORITY = {"cue": 6, "titled": 6, "pattern": 5, "gazetteer": 4, "title": 3, "name": 2, "crf": 1}


def _is_cap(token) -> bool:
    return _cap_text(token.text)


@functools.lru_cache(maxsize=100_000)
def _cap_text(text: str) -> bool:
    return text[:1].isupper() and any(ch.isalpha() for ch in text)


class _Columns:
    """Per-document token attributes as plain lists (read once from the Doc's arrays), for
    the loops that look at every token: no spaCy Token object per token and per loop."""

    def __init__(self, doc: Doc):
        self.text = doc.text
        if len(doc):
            idx, length, pos, sent = doc.to_array([IDX, LENGTH, POS, SENT_START]).T.tolist()
        else:
            idx, length, pos, sent = [], [], [], []
        self.words = [self.text[i:i + n] for i, n in zip(idx, length)]
        self.lower = [w.lower() for w in self.words]
        self.cap = [_cap_text(w) for w in self.words]
        self.pos = [doc.vocab.strings[p] for p in pos]
        self.sent_start = [v == 1 for v in sent]


class EntityRecognizer:
    def __init__(self, nlp: Language, name: str = "vnews_entities"):
        self.name = name
        self.gazetteer = default_gazetteer()
        heads = load_tsv("entities/org_heads.tsv")
        self.org_heads = {row["word"] for row in heads}
        self.team_heads = {row["word"] for row in heads if row["place_only"] == "yes"}
        titles = load_tsv("entities/titles.tsv")
        self.titles = {row["word"]: row["label"] for row in titles}
        self.honorifics = {row["word"] for row in titles if row["honorific"] == "yes"}
        self.trim = set(load_words("entities/trim_words.tsv"))
        self.surnames = set(load_words("entities/vn_surnames.tsv"))
        self.not_entities = set(load_words("entities/not_entities.tsv"))
        self.org_modifiers = set(load_words("entities/org_modifiers.tsv"))
        self.foreign_tails = {row["word"]: row["label"] for row in load_tsv("entities/foreign_tails.tsv")}
        self.misc_cues = {row["word"]: row["kind"] for row in load_tsv("entities/misc_cues.tsv")}
        self.place_words = set(load_words("entities/place_words.tsv"))
        self.dictionary = viet74k()
        # time nouns end an organisation's name (Bộ Quốc phòng Nga hôm 3/10, ... tháng trước)
        self.time_words = (set(load_words("dates/duration_units.tsv")) | set(load_words("dates/parts_of_day.tsv"))
                           | {w.split()[0] for w in load_words("dates/anaphors.tsv")}
                           | set(load_words("entities/field_stops.tsv")))
        self.particles = set(load_words("entities/name_particles.tsv"))
        heads = {row["word"]: row["label"] for row in load_tsv("entities/name_heads.tsv")}
        alternation = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
        # head + one or more capitalised syllables ("Cộng hòa Artsakh", "Thành phố Hồ Chí Minh")
        self.name_heads = heads
        self._name_head_re = re.compile(rf"(?<!\w)({alternation})((?: [\w-]+)+)")

    def __call__(self, doc: Doc) -> Doc:
        cols = _Columns(doc)
        candidates = self.candidates(doc, cols)
        accepted = self.given_names(doc, self.join_particles(doc, self.resolve(doc, candidates)))
        self.set_annotations(doc, self.repeated_names(doc, cols.text, self.bracketed_aliases(doc, accepted)))
        return doc

    # -- candidates: (source, start, end, label, canonical, key) in token indices ----
    def candidates(self, doc: Doc, cols: _Columns | None = None) -> list[tuple]:
        cols = cols if cols is not None else _Columns(doc)
        gaz = self._gazetteer(doc, cols)
        return (self._patterns(doc, gaz, cols) + self._titled_names(doc, gaz, cols) + self._name_heads(doc, cols)
                + gaz + self._titles(doc, cols, gaz) + self._vietnamese_names(doc, cols) + self._crf(doc))

    def _titled_names(self, doc: Doc, gaz: list[tuple], cols: _Columns) -> list[tuple]:
        """A person's title, then the known organisations or places they serve, then their
        name: ``Tổng Thư ký LHQ Ban Ki Moon``, ``Tổng thư ký Tổ chức Hiệp ước Bắc Đại Tây
        Dương (NATO) Jens Stoltenberg``. The capitalised run after the chain is a person."""
        known = {s: e for _, s, e, *_ in gaz}
        out = []
        for i in range(len(doc)):
            if self.titles.get(cols.lower[i]) != "PER" or cols.lower[i] in self.honorifics:
                continue
            token = doc[i]
            k = token.i + 1
            while k in known or (k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")"
                                 and k > token.i + 1 and doc[k + 1].text.isupper()):
                k = known[k] if k in known else k + 3
            if k == token.i + 1:
                continue
            end = self._capitalised_run(doc, k)
            if k < end <= k + 4 and not any(i in known for i in range(k, end)):
                out.append(("titled", k, end, "PER", None, ""))
        return out

    def _vietnamese_names(self, doc: Doc, cols: _Columns) -> list[tuple]:
        """A family name followed by capitalised given names is a person: ``Trần Đại Quang``."""
        out = []
        for i in range(len(doc)):
            syllables = cols.words[i].split()
            if not syllables or syllables[0] not in self.surnames:
                continue
            token = doc[i]
            end, n = token.i + 1, len(syllables)
            while end < len(doc) and n < 4 and _is_cap(doc[end]) and not doc[end].is_sent_start \
                    and doc[end].text.lower() not in self.titles:
                n += len(doc[end].text.split())
                end += 1
            if 2 <= n <= 4 and all(w[:1].isupper() for t in doc[token.i:end] for w in t.text.split()):
                out.append(("name", token.i, end, "PER", None, ""))
        return out

    def _gazetteer(self, doc: Doc, cols: _Columns) -> list[tuple]:
        out = []
        for hit in self.gazetteer.find(cols.text):
            span = doc.char_span(hit.start, hit.end)
            if span is None or self._inside_name(doc, span, hit.entry.surface):
                continue
            out.append(("gazetteer", span.start, span.end, hit.entry.label,
                        hit.entry.canonical, hit.entry.key))
        return out

    def _inside_name(self, doc: Doc, span: Span, surface: str) -> bool:
        """A place name inside a person's name is not the place: after a family name
        (``Nguyễn Thanh Hà``), a one-syllable name after any capitalised syllable
        (``Trần Đức Lương``) or before Vietnamese given names (``Thái Anh Văn``)."""
        if surface.isupper():
            return False
        one_syllable = " " not in surface
        if span.start > 0:
            prev = doc[span.start - 1]
            if prev.lower_ in self.honorifics:
                return True  # "bà Nga", "ông Đức": a given name
            if (_is_cap(prev) and not prev.is_sent_start and prev.lower_ not in self.titles and not prev.is_punct
                    and not (" " in prev.text and prev.lower_ in self.dictionary)):  # "Nhân quyền Syria": a word, not a name
                if one_syllable or prev.text.split()[0] in self.surnames:
                    return True
        if one_syllable and span.end < len(doc):
            nxt = doc[span.end]
            return (_is_cap(nxt) and not nxt.is_sent_start and nxt.lower_ in self.dictionary
                    and self.gazetteer.get(nxt.text) is None)
        return False

    def _patterns(self, doc: Doc, gaz: list[tuple], cols: _Columns) -> list[tuple]:
        """Organisation names: a capitalised head, up to three lower-case nouns of its field,
        then a capitalised name (``Bộ Quốc phòng Azerbaijan``, ``Xí nghiệp nước sạch Cầu Giấy``,
        ``Ủy ban nhân dân tỉnh Quảng Nam``), which may go on with lower-case field words and
        another capitalised part (``Bộ Hàng không dân dụng Ai Cập``); and a known organisation
        with the place of its branch (``Agribank Bình Chánh``, ``Agribank chi nhánh Bình Chánh``).

        After a person's title the name may run on into the person's own name (``Chủ nhiệm
        Ủy ban Tài chính Ngân sách Phùng Quốc Hiển``): it is cut there (see _person_inside).
        A head before a foreign name is a translated generic, outside the name (``Tổ chức
        Walk Free Foundation`` -> ``Walk Free Foundation``)."""
        places = {i for _, s, e, label, *_ in gaz if label == "LOC" for i in range(s, e)}
        place_starts = {s: e for _, s, e, label, *_ in gaz if label == "LOC"}
        place_ends = set(place_starts.values())
        out = []
        for i in range(len(doc)):
            if not (cols.cap[i] and cols.lower[i] in self.org_heads):
                continue
            token = doc[i]
            field = token.i + 1
            while field < len(doc) and field - token.i <= 3 and self._field_word(doc[field]):
                field += 1
            end = self._capitalised_run(doc, field)
            if end == field and field == token.i + 1 and self._name_number(doc, field):
                out.append(("pattern", token.i, field + 1, "ORG", doc[token.i:field + 1].text, ""))
                continue  # Quân khu 7
            if end == field:
                continue
            if self._name_number(doc, end):
                end += 1  # Bệnh viện Trung ương Quân đội 108
            more = end
            while more < len(doc) and more - end < 3 and self._field_word(doc[more]):
                more += 1
            if more > end and end not in place_ends:  # a place closes a name
                after = self._capitalised_run(doc, more)
                if after == more:  # the name ends lower-case: nouns and name adjectives only
                    while more > end and (doc[more - 1].lower_ in self.trim or (
                            doc[more - 1].pos_ == "ADJ" and doc[more - 1].lower_ not in self.org_modifiers)):
                        more -= 1
                    end = more
                else:
                    end = after
            named = (field > token.i + 1 or any(i not in places for i in range(field, end))
                     or token.lower_ in self.team_heads)
            if not named:
                continue
            start = token.i
            if self._title_before(doc, token.i) == "PER":
                person = self._person_inside(doc, field, end, place_ends)
                if person is not None:
                    out.append(("titled", person, end, "PER", None, ""))
                    end = person
            if field == token.i + 1 and token.lower_ not in self.team_heads and self._foreign(doc[field:end]):
                start = field
            out.append(("pattern", start, end, "ORG", doc[start:end].text, ""))
        for _, start, end, label, canonical, _ in gaz:
            if label != "ORG":
                continue
            nxt = end + 1 if end < len(doc) and doc[end].lower_ == "chi nhánh" else end
            if nxt in place_starts:
                place = doc[nxt:place_starts[nxt]]
                out.append(("pattern", start, place.end, "ORG", f"{canonical} {place.text}", ""))
        return out

    @staticmethod
    def _name_number(doc: Doc, i: int) -> bool:
        """A number that ends a name (Quân khu 7, Bệnh viện 108), not a count (Bộ Y tế 3 lần)."""
        return (i < len(doc) and doc[i].text.isdigit() and len(doc[i].text) <= 4
                and (i + 1 == len(doc) or doc[i + 1].pos_ not in ("NOUN", "NUM")))

    def _foreign(self, span: Span) -> bool:
        """A name in a foreign language: plain Latin letters, no acronym, no Vietnamese word."""
        return all(t.text.isascii() and not t.text.isupper() and t.lower_ not in self.dictionary
                   and all(w.lower() not in self.dictionary for w in t.text.split()) for t in span)

    def _field_word(self, token) -> bool:
        """A lower-case noun or adjective inside an organisation's name (``nước sạch``)."""
        return (token.text.islower() and token.pos_ in ("NOUN", "ADJ") and token.lower_ not in self.time_words
                and self.titles.get(token.lower_, "LOC") == "LOC")  # "UBND tỉnh Yên Bái": a place title stays

    @staticmethod
    def _capitalised_run(doc: Doc, start: int) -> int:
        end = start
        while end < len(doc) and _is_cap(doc[end]) and not doc[end].is_sent_start and not _ROMAN.match(doc[end].text):
            end += 1
        return end

    def _title_before(self, doc: Doc, i: int) -> str | None:
        """The label of a title of one to three tokens ending right before token ``i``
        (``Thủ tướng``, ``Người đứng đầu`` split by the segmenter)."""
        for n in (1, 2, 3):
            if i - n < 0:
                break
            label = self.titles.get(" ".join(t.lower_ for t in doc[i - n:i]))
            if label:
                return label
        return None

    def _person_inside(self, doc: Doc, field: int, end: int, place_ends: set[int]) -> int | None:
        """Where a person's name starts at the end of an organisation's capitalised run: a
        Vietnamese family name opening two to four capitalised syllables that end the run, or
        capitalised words after a place that closes the organisation's name."""
        for j in range(field + 1, end):
            syllables = [w for t in doc[j:end] for w in t.text.split()]
            if doc[j].text.split()[0] in self.surnames and 2 <= len(syllables) <= 4 \
                    and all(w[:1].isupper() for w in syllables):
                return j
            if j in place_ends and all(_is_cap(t) and t.text.isascii() for t in doc[j:end]):
                return j
        return None

    def _foreign_orgs(self, doc: Doc, cols: _Columns) -> list[tuple]:
        """A run of capitalised foreign proper nouns that ends in an organisation or event
        word (models/entities/foreign_tails.tsv): ``Vientiane Times``, ``Lao Airlines`` (ORG),
        ``Global Slavery Index`` (MISC)."""
        out, run = [], []
        foreign = [c and w.isascii() and p in ("PROPN", "NOUN") for c, w, p in zip(cols.cap, cols.words, cols.pos)]
        for i in range(len(doc) + 1):
            if i < len(doc) and foreign[i] and not (run and cols.sent_start[i]):
                run.append(i)
                continue
            ends = [j for j in run if cols.words[j].split()[-1] in self.foreign_tails]
            if ends and (ends[-1] > run[0] or len(cols.words[run[0]].split()) > 1):
                label = self.foreign_tails[cols.words[ends[-1]].split()[-1]]
                out.append(("pattern", run[0], ends[-1] + 1, label, doc[run[0]:ends[-1] + 1].text, ""))
            run = [i] if i < len(doc) and foreign[i] else []
        return out

    def _misc_names(self, doc: Doc, cols: _Columns) -> list[tuple]:
        """Names after the common noun of a product, work or event (models/entities/misc_cues.tsv):
        ``máy bay P-3 Orion``, ``báo cáo “Nô lệ toàn cầu 2016”``, ``giải U21 Quốc tế``. The cue
        outranks an organisation pattern inside the name (a tournament named after its team)."""
        out = []
        lower = cols.lower
        for i in range(len(doc)):
            kind, j = None, i + 1
            if lower[i] in self.misc_cues:
                kind = self.misc_cues[lower[i]]
            if j < len(doc) and f"{lower[i]} {lower[j]}" in self.misc_cues:
                kind, j = self.misc_cues[f"{lower[i]} {lower[j]}"], j + 1
            if kind is None or j >= len(doc):
                continue
            if doc[j].text in _OPEN_QUOTES and kind in ("title", "event"):
                close = next((k for k in range(j + 1, min(j + 16, len(doc))) if doc[k].text in _CLOSE_QUOTES), None)
                if close is not None and close > j + 1 and _is_cap(doc[j + 1]):
                    out.append(("cue", j + 1, close, "MISC", doc[j + 1:close].text, ""))
                continue
            if not (_is_cap(doc[j]) or (kind == "model" and re.match(r"[A-Z]+-?\d", doc[j].text))):
                continue
            end = j + 1
            if kind == "title":  # a work's title is written in sentence case: up to punctuation
                if doc[i].pos_ != "NOUN" or self.gazetteer.get(doc[j].text) is not None:
                    continue  # "báo cáo Quốc hội": the verb "report" to a known body, not a title
                while end < len(doc) and end - j < 6 and not doc[end].is_punct and not doc[end].is_sent_start:
                    end += 1
            else:
                while end < len(doc) and not doc[end].is_sent_start and (
                        _is_cap(doc[end]) or (kind == "model" and doc[end].text.isdigit())):
                    end += 1
            if kind == "model" and not any(any(ch.isdigit() for ch in t.text) or t.text.isascii()
                                           for t in doc[j:end]):
                continue  # a make or model is written in Latin letters or with a number
            out.append(("cue", j, end, "MISC", doc[j:end].text, ""))
        return out

    def _name_heads(self, doc: Doc, cols: _Columns) -> list[tuple]:
        out = []
        out.extend(self._foreign_orgs(doc, cols))
        out.extend(self._misc_names(doc, cols))
        for m in _WEB_NAME.finditer(cols.text):  # news sites by their address: Zing.vn, VnExpress.net
            span = doc.char_span(m.start(), m.end())
            if span is not None:
                out.append(("pattern", span.start, span.end, "ORG", span.text, ""))
        for m in self._name_head_re.finditer(cols.text):
            end = m.end(1)
            for word in re.finditer(r" ([\w-]+)", m.group(2)):
                if not word.group(1)[:1].isupper():
                    break
                end = m.end(1) + word.end()
            span = doc.char_span(m.start(), end, alignment_mode="contract")
            if span is None or end == m.end(1) or span.end_char != end:
                continue
            if span.start > 0 and self.titles.get(doc[span.start - 1].lower_, "LOC") != "LOC":
                continue  # "đảng Cộng hòa": the title says what it is (a party), not an official name
            out.append(("pattern", span.start, span.end, self.name_heads[m.group(1)], span.text, ""))
        return out

    def _titles(self, doc: Doc, cols: _Columns, gaz: list[tuple]) -> list[tuple]:
        places = {s for _, s, _, label, *_ in gaz if label == "LOC"}
        out = []
        for i in range(len(doc)):
            label = self.titles.get(cols.lower[i])
            if label is None:
                continue
            token = doc[i]
            end = token.i + 1
            # "Chủ tịch UBND ...", "Giám đốc Công ty ...": an organisation, not the person's name;
            # "ứng viên Tổng thống": a second title, not a name
            while end < len(doc) and _is_cap(doc[end]) and not doc[end].is_sent_start \
                    and doc[end].lower_ not in self.org_heads and not doc[end].text.isupper() \
                    and (cols.lower[end] not in self.titles or cols.lower[end] in self.honorifics):
                if label != "PER" and end > token.i + 1 and end in places and end + 1 < len(doc) \
                        and _is_cap(doc[end + 1]) and not doc[end + 1].is_sent_start:
                    break  # "đảng Cộng hòa | Mỹ | Donald Trump": the party's name ends at its country
                end += 1
            if end > token.i + 1:
                out.append(("title", token.i + 1, end, label, None, ""))
        return out

    def _crf(self, doc: Doc) -> list[tuple]:
        out, start, label = [], None, None
        tags = token_tags(doc, TOKEN_CRF_NER) + ["O"]
        for i, tag in enumerate(tags):
            if tag == "O" and start is None:
                continue
            inside = tag.startswith("I-") and start is not None and tag[2:] == label
            if inside and not doc[i].is_sent_start:
                continue
            if start is not None:
                out.extend(self._trimmed(doc, start, i, label))
                start = None
            if tag[:2] in ("B-", "I-"):
                start, label = i, tag[2:]
        return out

    def _trimmed(self, doc: Doc, start: int, end: int, label: str) -> list[tuple]:
        """The CRF's span without the common nouns and titles at its edges; nothing if what
        is left is a capitalised common word at a sentence start (``Hãng``, ``Tổng thống``)
        or a code before a number (``MS 804``)."""
        while start < end and (doc[start].lower_ in self.trim or doc[start].lower_ in self.titles
                               or not _is_cap(doc[start])):
            start += 1
        while end > start and not _is_cap(doc[end - 1]) and not doc[end - 1].like_num:
            end -= 1
        if end <= start or label not in ("PER", "LOC", "ORG", "MISC"):
            return []
        if all(t.lower_ in self.org_heads or t.lower_ in self.titles for t in doc[start:end]):
            return []  # "Công ty", "Tổng biên tập": the head or title alone names nothing
        if all(_ROMAN.match(t.text) for t in doc[start:end]):
            return []
        if end - start == 1:
            tok = doc[start]
            if tok.text.isupper() and start > 0 and doc[start - 1].like_num:
                return []  # a unit after its number (35 KV)
            if tok.is_sent_start and tok.lower_ in self.dictionary or tok.text in self.not_entities:
                return []
            if tok.text.isupper() and len(tok.text) <= 3 and start + 1 < len(doc) and doc[start + 1].like_num:
                return []
            if tok.text.isupper() and len(tok.text) >= 2 and tok.text.isalpha():
                label = "ORG"  # an unknown acronym names an organisation far more often than a place
        if label == "LOC" and doc[start:end].text.isascii() and not self._after_place_word(doc, start):
            # measured on the gold articles: without a place word before it, the CRF's LOC on
            # a name in plain Latin letters is a foreign person or organisation 4 times in 5
            return []
        return [("crf", start, end, label, None, "")]

    def _after_place_word(self, doc: Doc, start: int) -> bool:
        prev = doc[start - 1].lower_ if start > 0 else ""
        return prev in self.place_words or self.titles.get(prev) == "LOC"

    # -- precedence ----------------------------------------------------------------
    def resolve(self, doc: Doc, candidates: list[tuple]) -> list[tuple]:
        ordered = sorted(candidates, key=lambda c: (-PRIORITY[c[0]], -(c[2] - c[1]), c[1]))
        taken: set[int] = set()
        accepted = []
        for cand in ordered:
            source, start, end = cand[:3]
            if not any(i in taken for i in range(start, end)):
                accepted.append(cand)
                taken.update(range(start, end))
            elif source in ("title", "crf"):
                # keep the uncovered capitalised remainder(s)
                run = []
                for i in list(range(start, end)) + [None]:
                    if i is not None and i not in taken and _is_cap(doc[i]):
                        run.append(i)
                        continue
                    if run and not all(doc[j].lower_ in self.org_heads or doc[j].lower_ in self.titles
                                       or doc[j].lower_ in self.trim for j in run):
                        accepted.append((source, run[0], run[-1] + 1) + tuple(cand[3:]))
                        taken.update(run)
                    run = []
        return sorted(accepted, key=lambda c: c[1])

    def repeated_names(self, doc: Doc, text: str, accepted: list[tuple]) -> list[tuple]:
        """An organisation named once with capitals (``Hội Nghề cá``) and again with its field
        in lower case (``Hội nghề cá nhận định``) is the same organisation: the later mentions,
        capitalised head and all, get its label and canonical."""
        names = {}
        for source, start, end, label, canonical, key in accepted:
            if label == "ORG" and end - start >= 2 and doc[start].lower_ in self.org_heads:
                names.setdefault(doc[start:end].text.lower(), (canonical or doc[start:end].text, key))
                for k in range(end - 1, start + 1, -1):  # "Hội Nghề cá Việt Nam" is also "Hội nghề cá"
                    entry = self.gazetteer.get(doc[k:end].text)
                    if entry is not None and entry.label == "LOC":
                        names.setdefault(doc[start:k].text.lower(), (canonical or doc[start:end].text, key))
        if not names:
            return accepted
        taken = {i for c in accepted for i in range(c[1], c[2])}
        out = list(accepted)
        pattern = re.compile(r"(?<!\w)(%s)(?!\w)" % "|".join(re.escape(n) for n in names), re.IGNORECASE)
        for m in pattern.finditer(text):
            span = doc.char_span(m.start(), m.end())
            if span is None or not span.text[:1].isupper() or any(i in taken for i in range(span.start, span.end)):
                continue
            canonical, key = names[m.group().lower()]
            out.append(("repeat", span.start, span.end, "ORG", canonical, key))
            taken.update(range(span.start, span.end))
        return sorted(out, key=lambda c: c[1])

    @staticmethod
    def bracketed_aliases(doc: Doc, accepted: list[tuple]) -> list[tuple]:
        """A capitalised name in brackets right after a place or organisation is another name
        of it (``Hãng hàng không quốc gia Ai Cập (EgyptAir)``, ``đảng Dân tiến (DPP)``): same
        label, and the outer name as canonical so that counts join them. After a person the
        brackets hold an affiliation or an age, not an alias."""
        taken = {i for c in accepted for i in range(c[1], c[2])}
        out = list(accepted)
        for source, start, end, label, canonical, key in accepted:
            if label == "PER" or end >= len(doc) or doc[end].text != "(":
                continue
            close = next((k for k in range(end + 1, min(end + 5, len(doc))) if doc[k].text == ")"), None)
            if close is None or close == end + 1 or any(k in taken for k in range(end + 1, close)):
                continue
            if all(_is_cap(t) and not t.is_punct for t in doc[end + 1:close]):
                outer = canonical if canonical is not None else doc[start:end].text
                out.append(("alias", end + 1, close, label, outer, key))
        return sorted(out, key=lambda c: c[1])

    def join_particles(self, doc: Doc, accepted: list[tuple]) -> list[tuple]:
        """A person's name goes on over ``van``, ``der``, ``bin``... and the capitalised word
        after them (``Alexander Van der Bellen``); what the extension covers is dropped."""
        out: list[tuple] = []
        covered = -1
        for cand in accepted:
            source, start, end, label, *rest = cand
            if start < covered:
                continue
            if label == "PER":
                while end + 1 < len(doc) and doc[end].lower_ in self.particles and _is_cap(doc[end + 1]):
                    end += 1
                    while end < len(doc) and (doc[end].lower_ in self.particles or _is_cap(doc[end])) \
                            and not doc[end].is_sent_start:
                        end += 1
                covered = end
                cand = (source, start, end, label, *rest)
            out.append(cand)
        return out

    def given_names(self, doc: Doc, accepted: list[tuple]) -> list[tuple]:
        """Vietnamese news names a person in full once, then by the given name alone
        (``Nguyễn Văn Lợi`` ... ``Lợi``). A one-word mention equal to the given name of a
        person named in full is that person, even where it spells a place (``Nga``), unless
        a place word stands before it (``tại Nga``)."""
        given = {}
        for source, start, end, label, *_ in accepted:
            words = doc[start:end].text.split()
            if label == "PER" and len(words) >= 2 and words[0] in self.surnames:
                given[words[-1]] = doc[start:end].text
        if not given:
            return accepted
        taken = {i for _, start, end, *_ in accepted for i in range(start, end)}
        out = []
        for cand in accepted:
            source, start, end, label, canonical, key = cand
            text = doc[start:end].text
            if end - start == 1 and text in given and label != "PER" and not self._after_place_word(doc, start):
                cand = ("name", start, end, "PER", given[text], "")
            out.append(cand)
        for token in doc:
            if token.i not in taken and token.text in given and not token.is_sent_start \
                    and not self._after_place_word(doc, token.i):
                out.append(("name", token.i, token.i + 1, "PER", given[token.text], ""))
        return sorted(out, key=lambda c: c[1])

    def set_annotations(self, doc: Doc, accepted: list[tuple]) -> None:
        spans = [Span(doc, start, end, label=label) for _, start, end, label, _, _ in accepted]
        full_names = [s.text for s in spans if s.label_ == "PER"]
        for span, (source, _, _, _, canonical, key) in zip(spans, accepted):
            if canonical is None:
                canonical = self._canonical(span, full_names)
            set_values(doc, GROUP, span, {"canonical": canonical, "key": key, "source": source})
        doc.ents = spans

    @staticmethod
    def _canonical(span: Span, full_names: list[str]) -> str:
        """A person's canonical name is the fullest name the article uses for them."""
        if span.label_ != "PER":
            return span.text
        longer = [n for n in full_names if n.endswith(" " + span.text)]
        return max(longer, key=len) if longer else span.text


@Language.factory("vnews_entities", assigns=["doc.ents"], requires=["token.tag"])
def make_entities(nlp: Language, name: str) -> EntityRecognizer:
    return EntityRecognizer(nlp, name)
