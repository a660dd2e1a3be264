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

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..constants import TOKEN_CRF_NER
from ..gazetteer import default_gazetteer
from ..lexicon import load_tsv, load_words
from ..spanvalues import set_values
from ..tokenizer import token_tags
from ..vocabulary import viet74k

GROUP = "ents"
PRIORITY = {"pattern": 5, "gazetteer": 4, "title": 3, "name": 2, "crf": 1}


def _is_cap(token) -> bool:
    return token.text[:1].isupper() and any(ch.isalpha() for ch in token.text)


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
        self.place_words = set(load_words("entities/place_words.tsv"))
        self.dictionary = viet74k()
        heads = {row["word"]: row["label"] for row in load_tsv("entities/name_heads.tsv")}
        alternation = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
        # head + one or more capitalised syllables ("Cộng hòa Artsakh", "Thành phố Hồ Chí Minh")
        self.name_heads = heads
        self._name_head_re = re.compile(rf"(?<!\w)({alternation})((?: [\w-]+)+)")

    def __call__(self, doc: Doc) -> Doc:
        candidates = self.candidates(doc)
        accepted = self.given_names(doc, self.resolve(doc, candidates))
        self.set_annotations(doc, accepted)
        return doc

    # -- candidates: (source, start, end, label, canonical, key) in token indices ----
    def candidates(self, doc: Doc) -> list[tuple]:
        gaz = self._gazetteer(doc)
        return (self._patterns(doc, gaz) + self._name_heads(doc) + gaz + self._titles(doc)
                + self._vietnamese_names(doc) + self._crf(doc))

    def _vietnamese_names(self, doc: Doc) -> list[tuple]:
        """A family name followed by capitalised given names is a person: ``Trần Đại Quang``."""
        out = []
        for token in doc:
            syllables = token.text.split()
            if not syllables or syllables[0] not in self.surnames:
                continue
            end, n = token.i + 1, len(syllables)
            while end < len(doc) and n < 4 and _is_cap(doc[end]) and not doc[end].is_sent_start \
                    and doc[end].text.lower() not in self.titles:
                n += len(doc[end].text.split())
                end += 1
            if 2 <= n <= 4 and all(w[:1].isupper() for t in doc[token.i:end] for w in t.text.split()):
                out.append(("name", token.i, end, "PER", None, ""))
        return out

    def _gazetteer(self, doc: Doc) -> list[tuple]:
        out = []
        for hit in self.gazetteer.find(doc.text):
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
            if _is_cap(prev) and not prev.is_sent_start and prev.lower_ not in self.titles and not prev.is_punct:
                if one_syllable or prev.text.split()[0] in self.surnames:
                    return True
        if one_syllable and span.end < len(doc):
            nxt = doc[span.end]
            return (_is_cap(nxt) and not nxt.is_sent_start and nxt.lower_ in self.dictionary
                    and self.gazetteer.get(nxt.text) is None)
        return False

    def _patterns(self, doc: Doc, gaz: list[tuple]) -> list[tuple]:
        """Organisation names: a capitalised head, up to three lower-case nouns of its field,
        then a capitalised name (``Bộ Quốc phòng Azerbaijan``, ``Xí nghiệp nước sạch Cầu Giấy``,
        ``Ủy ban nhân dân tỉnh Quảng Nam``); and a known organisation with the place of its
        branch (``Agribank Bình Chánh``, ``Agribank chi nhánh Bình Chánh``)."""
        places = {i for _, s, e, label, *_ in gaz if label == "LOC" for i in range(s, e)}
        place_starts = {s: e for _, s, e, label, *_ in gaz if label == "LOC"}
        out = []
        for token in doc:
            if not (_is_cap(token) and token.text.lower() in self.org_heads):
                continue
            field = token.i + 1
            while field < len(doc) and field - token.i <= 3 and doc[field].text.islower() \
                    and doc[field].pos_ in ("NOUN", "ADJ") and doc[field].lower_ not in self.titles:
                field += 1
            end = field
            while end < len(doc) and _is_cap(doc[end]) and not doc[end].is_sent_start:
                end += 1
            if end == field:
                continue
            named = (field > token.i + 1 or any(i not in places for i in range(field, end))
                     or token.lower_ in self.team_heads)
            if named:
                out.append(("pattern", token.i, end, "ORG", doc[token.i:end].text, ""))
        for _, start, end, label, canonical, _ in gaz:
            if label != "ORG":
                continue
            nxt = end + 1 if end < len(doc) and doc[end].lower_ == "chi nhánh" else end
            if nxt in place_starts:
                place = doc[nxt:place_starts[nxt]]
                out.append(("pattern", start, place.end, "ORG", f"{canonical} {place.text}", ""))
        return out

    def _name_heads(self, doc: Doc) -> list[tuple]:
        out = []
        for m in self._name_head_re.finditer(doc.text):
            end = m.end(1)
            for word in re.finditer(r" ([\w-]+)", m.group(2)):
                if not word.group(1)[:1].isupper():
                    break
                end = m.end(1) + word.end()
            span = doc.char_span(m.start(), end, alignment_mode="contract")
            if span is None or end == m.end(1) or span.end_char != end:
                continue
            out.append(("pattern", span.start, span.end, self.name_heads[m.group(1)], span.text, ""))
        return out

    def _titles(self, doc: Doc) -> list[tuple]:
        out = []
        for token in doc:
            label = self.titles.get(token.text.lower())
            if label is None:
                continue
            end = token.i + 1
            # "Chủ tịch UBND ...", "Giám đốc Công ty ...": an organisation, not the person's name
            while end < len(doc) and _is_cap(doc[end]) and not doc[end].is_sent_start \
                    and doc[end].lower_ not in self.org_heads and not doc[end].text.isupper():
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
        if end - start == 1:
            tok = doc[start]
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
                    if run:
                        accepted.append((source, run[0], run[-1] + 1) + tuple(cand[3:]))
                        taken.update(run)
                    run = []
        return sorted(accepted, key=lambda c: c[1])

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
