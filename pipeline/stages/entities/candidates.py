"""Entity candidates from four sources (see the package's docstring for their precedence):
organisation patterns and name heads, gazetteer names, titles, and underthesea's CRF tags
with common nouns trimmed. Each is a ``Candidate`` in token indices."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from pipeline.core.constants import TOKEN_CRF_NER
from pipeline.stages.entities.words import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    ROMAN,
    WEB_NAME,
    Candidate,
    Columns,
    EntityWords,
    after_place_word,
    is_cap,
)
from pipeline.text.tokenizer import token_tags

# "Xí nghiệp nước sạch Cầu Giấy": up to three lower-case field words inside an organisation's name.
FIELD_WORDS = 3
# báo cáo “Nô lệ toàn cầu 2016”: a quoted title closes within 15 tokens; one in sentence case
# without quotes runs at most five words.
QUOTED_TITLE = 16
TITLE_WORDS = 6


class CandidateFinder:
    def __init__(self, words: EntityWords):
        self.words = words
        # what a cue of two words can start with (a word may hold spaces itself): most words
        # are not, and need no "word next" string
        self.cue_heads = {cue[:k] for cue in words.misc_cues for k, ch in enumerate(cue) if ch == " "}

    # -- candidates: (source, start, end, label, canonical, key) in token indices ----
    def candidates(self, doc: Doc, cols: Columns | None = None) -> list[Candidate]:
        cols = cols if cols is not None else Columns(doc)
        gaz = self._gazetteer(doc, cols)
        return (self._patterns(doc, gaz, cols) + self._titled_names(doc, gaz, cols) + self._name_heads(doc, cols)
                + gaz + self._titles(doc, cols, gaz) + self._vietnamese_names(doc, cols) + self._crf(doc, cols))

    def _titled_names(self, doc: Doc, gaz: list[Candidate], cols: Columns) -> list[Candidate]:
        """A person's title, then the known organisations or places they serve, then their
        name: ``Tổng Thư ký LHQ Ban Ki Moon``, ``Tổng thư ký Tổ chức Hiệp ước Bắc Đại Tây
        Dương (NATO) Jens Stoltenberg``. The capitalised run after the chain is a person."""
        known = {s: e for _, s, e, *_ in gaz}
        out = []
        for i in range(len(doc)):
            if self.words.titles.get(cols.lower[i]) != "PER" or cols.lower[i] in self.words.honorifics:
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
                out.append(Candidate("titled", k, end, "PER", None, ""))
        return out

    def _vietnamese_names(self, doc: Doc, cols: Columns) -> list[Candidate]:
        """A family name followed by capitalised given names is a person: ``Trần Đại Quang``."""
        out = []
        for i in range(len(doc)):
            syllables = cols.words[i].split()
            if not syllables or syllables[0] not in self.words.surnames:
                continue
            token = doc[i]
            end, n = token.i + 1, len(syllables)
            while end < len(doc) and n < 4 and is_cap(doc[end]) and not doc[end].is_sent_start \
                    and doc[end].text.lower() not in self.words.titles:
                n += len(doc[end].text.split())
                end += 1
            if 2 <= n <= 4 and all(w[:1].isupper() for t in doc[token.i:end] for w in t.text.split()):
                out.append(Candidate("name", token.i, end, "PER", None, ""))
        return out

    def _gazetteer(self, doc: Doc, cols: Columns) -> list[Candidate]:
        out = []
        for hit in self.words.gazetteer.find(cols.text):
            span = doc.char_span(hit.start, hit.end)
            if span is None or self._inside_name(doc, span, hit.entry.surface):
                continue
            out.append(Candidate("gazetteer", span.start, span.end, hit.entry.label,
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
            if prev.lower_ in self.words.honorifics:
                return True  # "bà Nga", "ông Đức": a given name
            # "Nhân quyền Syria": a capitalised word of the dictionary before it, not a name
            if (is_cap(prev) and not prev.is_sent_start and prev.lower_ not in self.words.titles and not prev.is_punct
                    and not (" " in prev.text and prev.lower_ in self.words.dictionary)):
                if one_syllable or prev.text.split()[0] in self.words.surnames:
                    return True
        if one_syllable and span.end < len(doc):
            nxt = doc[span.end]
            return (is_cap(nxt) and not nxt.is_sent_start and nxt.lower_ in self.words.dictionary
                    and self.words.gazetteer.get(nxt.text) is None)
        return False

    def _patterns(self, doc: Doc, gaz: list[Candidate], cols: Columns) -> list[Candidate]:
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
            if not (cols.cap[i] and cols.lower[i] in self.words.org_heads):
                continue
            token = doc[i]
            field = token.i + 1
            while field < len(doc) and field - token.i <= FIELD_WORDS and self._field_word(doc[field]):
                field += 1
            end = self._capitalised_run(doc, field)
            if end == field and field == token.i + 1 and self._name_number(doc, field):
                out.append(Candidate("pattern", token.i, field + 1, "ORG", doc[token.i:field + 1].text, ""))
                continue  # Quân khu 7
            if end == field:
                continue
            if self._name_number(doc, end):
                end += 1  # Bệnh viện Trung ương Quân đội 108
            more = end
            while more < len(doc) and more - end < FIELD_WORDS and self._field_word(doc[more]):
                more += 1
            if more > end and end not in place_ends:  # a place closes a name
                after = self._capitalised_run(doc, more)
                if after == more:  # the name ends lower-case: nouns and name adjectives only
                    while more > end and (doc[more - 1].lower_ in self.words.trim or (
                            doc[more - 1].pos_ == "ADJ" and doc[more - 1].lower_ not in self.words.org_modifiers)):
                        more -= 1
                    end = more
                else:
                    end = after
            named = (field > token.i + 1 or any(i not in places for i in range(field, end))
                     or token.lower_ in self.words.team_heads)
            if not named:
                continue
            start = token.i
            if self._title_before(doc, token.i) == "PER":
                person = self._person_inside(doc, field, end, place_ends)
                if person is not None:
                    out.append(Candidate("titled", person, end, "PER", None, ""))
                    end = person
            if field == token.i + 1 and token.lower_ not in self.words.team_heads and self._foreign(doc[field:end]):
                start = field
            out.append(Candidate("pattern", start, end, "ORG", doc[start:end].text, ""))
        for _, start, end, label, canonical, _ in gaz:
            if label != "ORG":
                continue
            nxt = end + 1 if end < len(doc) and doc[end].lower_ == "chi nhánh" else end
            if nxt in place_starts:
                place = doc[nxt:place_starts[nxt]]
                out.append(Candidate("pattern", start, place.end, "ORG", f"{canonical} {place.text}", ""))
        return out

    @staticmethod
    def _name_number(doc: Doc, i: int) -> bool:
        """A number that ends a name (Quân khu 7, Bệnh viện 108), not a count (Bộ Y tế 3 lần)."""
        return (i < len(doc) and doc[i].text.isdigit() and len(doc[i].text) <= 4
                and (i + 1 == len(doc) or doc[i + 1].pos_ not in ("NOUN", "NUM")))

    def _foreign(self, span: Span) -> bool:
        """A name in a foreign language: plain Latin letters, no acronym, no Vietnamese word."""
        return all(t.text.isascii() and not t.text.isupper() and t.lower_ not in self.words.dictionary
                   and all(w.lower() not in self.words.dictionary for w in t.text.split()) for t in span)

    def _field_word(self, token) -> bool:
        """A lower-case noun or adjective inside an organisation's name (``nước sạch``)."""
        return (token.text.islower() and token.pos_ in ("NOUN", "ADJ") and token.lower_ not in self.words.time_words
                and self.words.titles.get(token.lower_, "LOC") == "LOC")  # "UBND tỉnh Yên Bái": a place title stays

    @staticmethod
    def _capitalised_run(doc: Doc, start: int) -> int:
        end = start
        while end < len(doc) and is_cap(doc[end]) and not doc[end].is_sent_start and not ROMAN.match(doc[end].text):
            end += 1
        return end

    def _title_before(self, doc: Doc, i: int) -> str | None:
        """The label of a title of one to three tokens ending right before token ``i``
        (``Thủ tướng``, ``Người đứng đầu`` split by the segmenter)."""
        for n in (1, 2, 3):
            if i - n < 0:
                break
            label = self.words.titles.get(" ".join(t.lower_ for t in doc[i - n:i]))
            if label:
                return label
        return None

    def _person_inside(self, doc: Doc, field: int, end: int, place_ends: set[int]) -> int | None:
        """Where a person's name starts at the end of an organisation's capitalised run: a
        Vietnamese family name opening two to four capitalised syllables that end the run, or
        capitalised words after a place that closes the organisation's name."""
        for j in range(field + 1, end):
            syllables = [w for t in doc[j:end] for w in t.text.split()]
            if doc[j].text.split()[0] in self.words.surnames and 2 <= len(syllables) <= 4 \
                    and all(w[:1].isupper() for w in syllables):
                return j
            if j in place_ends and all(is_cap(t) and t.text.isascii() for t in doc[j:end]):
                return j
        return None

    def _foreign_orgs(self, doc: Doc, cols: Columns) -> list[Candidate]:
        """A run of capitalised foreign proper nouns that ends in an organisation or event
        word (models/entities/foreign_tails.tsv): ``Vientiane Times``, ``Lao Airlines`` (ORG),
        ``Global Slavery Index`` (MISC)."""
        out, run = [], []
        foreign = [c and w.isascii() and p in ("PROPN", "NOUN") for c, w, p in zip(cols.cap, cols.words, cols.pos)]
        n = len(doc)
        for i in range(n + 1):
            if i < n and foreign[i] and not (run and cols.sent_start[i]):
                run.append(i)
                continue
            if not run:
                continue  # nothing to close, and token i is not foreign
            ends = [j for j in run if cols.words[j].split()[-1] in self.words.foreign_tails]
            if ends and (ends[-1] > run[0] or len(cols.words[run[0]].split()) > 1):
                label = self.words.foreign_tails[cols.words[ends[-1]].split()[-1]]
                out.append(Candidate("pattern", run[0], ends[-1] + 1, label, doc[run[0]:ends[-1] + 1].text, ""))
            run = [i] if i < n and foreign[i] else []
        return out

    def _misc_names(self, doc: Doc, cols: Columns) -> list[Candidate]:
        """Names after the common noun of a product, work or event (models/entities/misc_cues.tsv):
        ``máy bay P-3 Orion``, ``báo cáo “Nô lệ toàn cầu 2016”``, ``giải U21 Quốc tế``. The cue
        outranks an organisation pattern inside the name (a tournament named after its team)."""
        out = []
        lower, n = cols.lower, len(doc)
        for i in range(n):
            kind, j = None, i + 1
            if lower[i] in self.words.misc_cues:
                kind = self.words.misc_cues[lower[i]]
            if j < n and lower[i] in self.cue_heads and f"{lower[i]} {lower[j]}" in self.words.misc_cues:
                kind, j = self.words.misc_cues[f"{lower[i]} {lower[j]}"], j + 1
            if kind is None or j >= n:
                continue
            if doc[j].text in OPEN_QUOTES and kind in ("title", "event"):
                close = next((k for k in range(j + 1, min(j + QUOTED_TITLE, len(doc))) if doc[k].text in CLOSE_QUOTES),
                             None)
                if close is not None and close > j + 1 and is_cap(doc[j + 1]):
                    out.append(Candidate("cue", j + 1, close, "MISC", doc[j + 1:close].text, ""))
                continue
            if not (is_cap(doc[j]) or (kind == "model" and re.match(r"[A-Z]+-?\d", doc[j].text))):
                continue
            end = j + 1
            if kind == "title":  # a work's title is written in sentence case: up to punctuation
                if doc[i].pos_ != "NOUN" or self.words.gazetteer.get(doc[j].text) is not None:
                    continue  # "báo cáo Quốc hội": the verb "report" to a known body, not a title
                while end < len(doc) and end - j < TITLE_WORDS and not doc[end].is_punct and not doc[end].is_sent_start:
                    end += 1
            else:
                while end < len(doc) and not doc[end].is_sent_start and (
                        is_cap(doc[end]) or (kind == "model" and doc[end].text.isdigit())):
                    end += 1
            if kind == "model" and not any(any(ch.isdigit() for ch in t.text) or t.text.isascii()
                                           for t in doc[j:end]):
                continue  # a make or model is written in Latin letters or with a number
            out.append(Candidate("cue", j, end, "MISC", doc[j:end].text, ""))
        return out

    def _name_heads(self, doc: Doc, cols: Columns) -> list[Candidate]:
        out = []
        out.extend(self._foreign_orgs(doc, cols))
        out.extend(self._misc_names(doc, cols))
        for m in WEB_NAME.finditer(cols.text):  # news sites by their address: Zing.vn, VnExpress.net
            span = doc.char_span(m.start(), m.end())
            if span is not None:
                out.append(Candidate("pattern", span.start, span.end, "ORG", span.text, ""))
        for m in self.words.name_head_re.finditer(cols.text):
            end = m.end(1)
            for word in re.finditer(r" ([\w-]+)", m.group(2)):
                if not word.group(1)[:1].isupper():
                    break
                end = m.end(1) + word.end()
            span = doc.char_span(m.start(), end, alignment_mode="contract")
            if span is None or end == m.end(1) or span.end_char != end:
                continue
            if span.start > 0 and self.words.titles.get(doc[span.start - 1].lower_, "LOC") != "LOC":
                continue  # "đảng Cộng hòa": the title says what it is (a party), not an official name
            out.append(Candidate("pattern", span.start, span.end, self.words.name_heads[m.group(1)], span.text, ""))
        return out

    def _titles(self, doc: Doc, cols: Columns, gaz: list[Candidate]) -> list[Candidate]:
        places = {s for _, s, _, label, *_ in gaz if label == "LOC"}
        out = []
        n, lower, cap, sent_start = len(doc), cols.lower, cols.cap, cols.sent_start
        for i in range(n):
            label = self.words.titles.get(lower[i])
            if label is None:
                continue
            end = i + 1
            # "Chủ tịch UBND ...", "Giám đốc Công ty ...": an organisation, not the person's name;
            # "ứng viên Tổng thống": a second title, not a name
            while end < n and cap[end] and not sent_start[end] \
                    and lower[end] not in self.words.org_heads and not cols.words[end].isupper() \
                    and (lower[end] not in self.words.titles or lower[end] in self.words.honorifics):
                if label != "PER" and end > i + 1 and end in places and end + 1 < n \
                        and cap[end + 1] and not sent_start[end + 1]:
                    break  # "đảng Cộng hòa | Mỹ | Donald Trump": the party's name ends at its country
                end += 1
            if end > i + 1:
                out.append(Candidate("title", i + 1, end, label, None, ""))
        return out

    def _crf(self, doc: Doc, cols: Columns) -> list[Candidate]:
        out, start, label = [], None, None
        tags = token_tags(doc, TOKEN_CRF_NER) + ["O"]
        for i, tag in enumerate(tags):
            if tag == "O" and start is None:
                continue
            inside = tag.startswith("I-") and start is not None and tag[2:] == label
            if inside and not cols.sent_start[i]:
                continue
            if start is not None:
                out.extend(self._trimmed(doc, cols, start, i, label))
                start = None
            if tag[:2] in ("B-", "I-"):
                start, label = i, tag[2:]
        return out

    def _trimmed(self, doc: Doc, cols: Columns, start: int, end: int, label: str) -> list[Candidate]:
        """The CRF's span without the common nouns and titles at its edges; nothing if what
        is left is a capitalised common word at a sentence start (``Hãng``, ``Tổng thống``)
        or a code before a number (``MS 804``)."""
        lower, cap = cols.lower, cols.cap
        while start < end and (lower[start] in self.words.trim or lower[start] in self.words.titles or not cap[start]):
            start += 1
        while end > start and not cap[end - 1] and not doc[end - 1].like_num:
            end -= 1
        if end <= start or label not in ("PER", "LOC", "ORG", "MISC"):
            return []
        if all(w in self.words.org_heads or w in self.words.titles for w in lower[start:end]):
            return []  # "Công ty", "Tổng biên tập": the head or title alone names nothing
        if all(ROMAN.match(w) for w in cols.words[start:end]):
            return []
        if end - start == 1:
            tok = doc[start]
            if tok.text.isupper() and start > 0 and doc[start - 1].like_num:
                return []  # a unit after its number (35 KV)
            if tok.is_sent_start and tok.lower_ in self.words.dictionary or tok.text in self.words.not_entities:
                return []
            if tok.text.isupper() and len(tok.text) <= 3 and start + 1 < len(doc) and doc[start + 1].like_num:
                return []
            if tok.text.isupper() and len(tok.text) >= 2 and tok.text.isalpha():
                label = "ORG"  # an unknown acronym names an organisation far more often than a place
        if label == "LOC" and doc[start:end].text.isascii() and not after_place_word(self.words, lower, start):
            # measured on the gold articles: without a place word before it, the CRF's LOC on
            # a name in plain Latin letters is a foreign person or organisation 4 times in 5
            return []
        return [Candidate("crf", start, end, label, None, "")]
