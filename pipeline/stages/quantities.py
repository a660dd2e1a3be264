"""``vnews_quantities``: numeric claims as ``doc.spans["quantities"]``.

For each number (digits with Vietnamese separators, number words, vague magnitudes
such as ``hàng trăm``, ranges) the stage reads, from the tokens around it:
the qualifier before it (``hơn`` -> ``>``), the unit after it (classifiers dropped,
multi-word nouns kept), the predicate (the verb of its clause: ``bắn hạ``,
``thiệt mạng``) and the claimant (claims.py). Tokens of dates and entities are
not numbers here.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.core.constants import SPANS_DATES, SPANS_QUANTITIES
from pipeline.core.lexicon import load_tsv, load_words
from pipeline.core.meta import token_lowers, token_texts
from pipeline.core.spanvalues import Found, set_values
from pipeline.grammar.words import AUXILIARIES, EVENT_NOUNS, LIST_JOINERS, QUANTIFIERS
from pipeline.stages.claims import DocIndex, claimant, find_reporting, reporting_frames
from pipeline.text.vocabulary import viet74k

_DIGITS = re.compile(r"^\d+(?:[.,]\d+)*$")
_RANGE = re.compile(r"^(\d+(?:[.,]\d+)*)\s*[-–]\s*(\d+(?:[.,]\d+)*)$")
_GLUED = re.compile(r"^(\d+(?:[.,]\d+)*)\s*([^\d\s].*)$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_CODE = re.compile(r"^[A-ZĐ]{1,4}$")  # an upper-case code right before a number
_ONLY_NUMBERS = {"mốt", "lăm", "linh", "lẻ", "mươi", "rưỡi", "trăm"}  # number words with no other sense
_NOT_UNIT_POS = {"ADP", "CCONJ", "SCONJ", "PART", "PRON", "DET", "ADV", "PUNCT", "SPACE", "X", "INTJ"}
_AMBIGUOUS_NUMBERS = {"năm", "ba", "tư", "bảy"}
# The verb of a quantity's clause stands within six words before it (bắn hạ được tổng cộng 4 trực thăng).
VERB_REACH = 6


class Number(NamedTuple):
    """A number found at a token: its token range, value (and upper value of a range or vague
    magnitude) and the qualifier it carries itself (``~`` for ``hàng trăm``)."""
    start: int
    end: int
    value: float
    value_max: float | None
    qualifier: str


class Single(NamedTuple):
    """One number with its scale words: where it ends, its value, and the scale applied."""
    end: int
    value: float
    scale: float


class Unit(NamedTuple):
    """What a number counts: where the unit ends, the unit, and its kind (count, money, ...;
    ``none`` where nothing counted follows)."""
    end: int
    unit: str
    kind: str


class VerbGroup(NamedTuple):
    """A verb with what completes it (``gọi điện``): where it ends and its text."""
    end: int
    text: str


class Glued(NamedTuple):
    """A number glued to its unit in one token (``50km``)."""
    value: float
    unit: str
    kind: str


def parse_digits(text: str) -> float | None:
    """``1.500`` = 1500, ``1,5`` = 1.5, ``1.500.000``, ``12,3``; Vietnamese separators."""
    if _THOUSANDS.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if text.count(",") == 1 and "." not in text:
        return float(text.replace(",", "."))
    if text.count(".") == 1 and "," not in text:
        return float(text)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):  # English-style thousands
        return float(text.replace(",", ""))
    try:
        return float(text)
    except ValueError:
        return None


class NumberWords:
    """Vietnamese number words to values: ``hai mươi mốt`` = 21, ``một trăm linh năm`` = 105."""

    def __init__(self):
        self.kinds = {row["word"]: (row["kind"], float(row["value"]))
                      for row in load_tsv("quantities/number_words.tsv")}

    def is_number_word(self, word: str) -> bool:
        words = word.lower().split()
        return bool(words) and all(w in self.kinds for w in words)

    def is_scale(self, word: str) -> bool:
        return self.kinds.get(word.lower(), ("",))[0] == "scale"

    def parse(self, words: list[str]) -> float | None:
        total, hundreds, tens, pending, last_scale = 0.0, 0.0, 0.0, None, 1.0
        seen = False
        for word in words:
            kind, value = self.kinds.get(word.lower(), (None, 0.0))
            if kind is None:
                return None
            seen = True
            if kind == "digit":
                if pending is not None and not tens and not hundreds:
                    return None  # "hai ba": two numbers, not one
                pending = value
            elif kind == "ten":
                tens = 10.0 if word.lower() == "mười" else (pending or 1.0) * 10
                pending = None
            elif kind == "hundred":
                hundreds = (pending or 1.0) * 100
                tens, pending = 0.0, None
            elif kind == "scale":
                group = hundreds + tens + (pending or 0.0)
                if not group and total:  # "nghìn tỷ": a scale of a scale
                    total *= value
                else:
                    total += (group or 1.0) * value
                hundreds = tens = 0.0
                pending, last_scale = None, value
            elif kind == "half":
                total += 0.5 * (last_scale if total else 1.0)
        return total + hundreds + tens + (pending or 0.0) if seen else None


class QuantityTagger:
    def __init__(self, nlp: Language, name: str = "vnews_quantities", spans_key: str = SPANS_QUANTITIES):
        self.name = name
        self.spans_key = spans_key
        self.numbers = NumberWords()
        self.qualifiers = {row["word"]: row["qualifier"] for row in load_tsv("quantities/qualifiers.tsv")}
        self.vague = {row["word"]: (float(row["value"]), float(row["value_max"]))
                      for row in load_tsv("quantities/vague.tsv")}
        self.classifiers = set(load_words("quantities/classifiers.tsv"))
        self.units = {row["word"]: (row["kind"], row["canonical"]) for row in load_tsv("quantities/units.tsv")}
        self.max_unit_words = max(len(w.split()) for w in self.units)
        self.reporting = reporting_frames()
        self.dictionary = viet74k()
        self.causatives = set(load_words("quantities/causatives.tsv"))
        self.modals = set(load_words("quantities/modals.tsv"))
        self.not_counts = set(load_words("quantities/not_counts.tsv"))
        # words after which a number is a label, not a quantity: "Điều 5", "lần thứ 2", "số 10"
        self.not_counted_after = set(load_words("quantities/not_counted_after.tsv"))
        self.score_verbs = set(load_words("quantities/score_verbs.tsv"))

    def __call__(self, doc: Doc) -> Doc:
        blocked = {i for span in doc.spans.get(SPANS_DATES, []) for i in range(span.start, span.end)}
        blocked |= {i for ent in doc.ents for i in range(ent.start, ent.end)}
        index, found = DocIndex(doc), []
        may = {w: self._may_start_number(w) for w in set(token_lowers(doc))}  # once per distinct word
        starts = [i for i, w in enumerate(token_lowers(doc)) if may[w]]
        for sent in doc.sents:
            found.extend(self._sentence(doc, sent, starts, blocked, index))
        self.set_annotations(doc, found)
        return doc

    # -- recognition ---------------------------------------------------------------
    def _sentence(self, doc: Doc, sent: Span, starts: list[int], blocked: set[int], index: DocIndex) -> list[Found]:
        out, lower, done = [], token_lowers(doc), sent.start
        for i in starts[bisect_left(starts, sent.start):bisect_left(starts, sent.end)]:  # the sentence's
            if i < done:  # tokens that may start a number, but not inside the quantity just read
                continue
            # "một" counts inside a list of counts: "4 trực thăng, một xe tăng và ..."
            last_end = out[-1].span.end if out else None
            in_list = bool(out) and i > last_end and all(w in LIST_JOINERS for w in lower[last_end:i])
            match = self._number_at(doc, i, sent.end, blocked, in_list)
            if match is None:
                continue
            start, end, value, value_max, qualifier = match
            q_start, qualifier = self._qualifier(doc, start, sent.start, qualifier)
            inline = self._inline_unit(doc[start]) if end == start + 1 else None
            u_end, unit, kind = Unit(end, inline.unit, inline.kind) if inline else self._unit(doc, end, sent.end)
            scaled = any(map(self.numbers.is_scale, token_texts(doc)[start:end]))
            if kind == "none" and not scaled and not self._counted(doc, start, value):
                done = end
                continue
            span = Span(doc, q_start, u_end, label="QUANTITY")
            out.append(Found(span, {"value": value, "value_max": value_max, "qualifier": qualifier,
                               "unit": unit, "predicate": "", "claimant": ""}))
            done = max(u_end, end)
        self._share_units(doc, out)
        reporting = {i for start, end, _ in find_reporting(sent) for i in range(start, end)} if out else set()
        for k, (span, values) in enumerate(out):
            values["predicate"] = self._predicate(doc, sent, span, out[:k], reporting)
            values["claimant"] = claimant(sent, span.start, index)
        return out

    def _may_start_number(self, lower: str) -> bool:
        """Most tokens cannot start a number: a digit, a number word, ``hàng`` or ``từ`` can."""
        first = lower.split(" ", 1)[0]
        return first[:1].isdigit() or first in self.numbers.kinds or first in ("hàng", "từ")

    def _number_at(self, doc: Doc, i: int, stop: int, blocked: set[int], in_list: bool = False) -> Number | None:
        """The number starting at token ``i`` (the caller has checked _may_start_number)."""
        tok, lower, texts = doc[i], token_lowers(doc), token_texts(doc)
        if i in blocked or (i > 0 and lower[i - 1] in self.not_counted_after):
            return None
        if i > 0 and _CODE.match(texts[i - 1]) and not doc[i - 1].is_sent_start:
            return None  # the number of a code or name: "chuyến bay MS 804"
        # vague magnitudes: "hàng trăm", "hàng chục nghìn"
        for n in (3, 2, 1):
            words = " ".join(lower[i:min(i + n, stop)])
            if words in self.vague and i + n <= stop:
                low, high = self.vague[words]
                return Number(i, i + n, low, high, "~")
        # "từ 10 đến 15"
        if lower[i] == "từ" and i + 3 < stop and lower[i + 2] in ("đến", "tới"):
            a, b = self._single(doc, i + 1, i + 2), self._single(doc, i + 3, stop)
            if a and b and i + 1 not in blocked:
                # "từ 10 đến 15 nghìn": the scale of the end applies to an unscaled start
                low = a.value * b.scale if a.scale == 1 else a.value
                return Number(i, b.end, low, b.value, "=")
        m = _RANGE.match(texts[i])
        if m:
            low, high = parse_digits(m.group(1)), parse_digits(m.group(2))
            if low is not None and high is not None and high > low:
                end, scale, _ = self._scale(doc, i + 1, stop)
                return Number(i, end, low * scale, high * scale, "=")
        spaced = self._spaced_range(doc, i, stop)
        if spaced:
            return spaced
        inline = self._inline_unit(tok)
        if inline:
            return Number(i, i + 1, inline.value, None, "=")
        single = self._single(doc, i, stop, in_list)
        if single:
            end, value, _ = single
            return Number(i, end, value, None, "=")
        return None

    def _spaced_range(self, doc: Doc, i: int, stop: int) -> Number | None:
        """``3 - 4 người``, ``3- 4 người``, and ``3, 4 người`` (three or four): two numbers joined by
        a dash, or by a comma when the second follows the first, are one range when a counted noun
        or unit comes right after (a score, ``thua 1 - 2 trước Thái Lan``, has none)."""
        if i + 3 >= stop or doc[i + 1].text not in ("-", "–", ","):
            return None
        if not (_DIGITS.match(doc[i].text) and _DIGITS.match(doc[i + 2].text)):
            return None
        low, high = parse_digits(doc[i].text), parse_digits(doc[i + 2].text)
        if low is None or high is None or high <= low or (doc[i + 1].text == "," and high != low + 1):
            return None
        if any(t.lower_ in self.score_verbs for t in doc[max(0, i - 2):i]):
            return None
        listed = self._listed_unit(doc, i + 3, stop)
        if listed is None and not (self._wordlike(doc[i + 3]) and doc[i + 3].pos_ == "NOUN"):
            return None
        return Number(i, i + 3, low, high, "=")

    def _inline_unit(self, token) -> Glued | None:
        """A number glued to its unit in one token: ``74.410m²``, ``50km``, ``12,3%``."""
        m = _GLUED.match(token.text)
        if not m or m.group(2) not in self.units:
            return None
        value = parse_digits(m.group(1))
        kind, canonical = self.units[m.group(2)]
        return Glued(value, canonical, kind) if value is not None else None

    def _single(self, doc: Doc, i: int, stop: int, in_list: bool = False) -> Single | None:
        tok = doc[i]
        value = None
        end = i + 1
        if _DIGITS.match(tok.text):
            if tok.text.startswith("0") and len(tok.text) >= 9:
                return None  # phone numbers and codes
            value = parse_digits(tok.text)
        elif self.numbers.is_number_word(tok.text) and self._number_word_here(doc, i, stop):
            words = tok.text.split()
            # the CRF sometimes tags the last word of "hai mươi mốt" as a noun
            while end < stop and self.numbers.is_number_word(doc[end].text) \
                    and (doc[end].tag_ == "M" or any(w in _ONLY_NUMBERS for w in doc[end].lower_.split())) \
                    and not self.numbers.is_scale(doc[end].text):
                words += doc[end].text.split()
                end += 1
            scaled = end < stop and self.numbers.is_scale(doc[end].text)
            if [w.lower() for w in words] == ["một"] and not in_list and not scaled:
                return None  # "một" is mostly the article "a"
            value = self.numbers.parse(words)
        if value is None:
            return None
        end, scale, added = self._scale(doc, end, stop)
        return Single(end, value * scale + added, scale)

    def _number_word_here(self, doc: Doc, i: int, stop: int) -> bool:
        """The CRF often tags number words as nouns (``mười lăm`` N). Unambiguous ones
        count whatever their tag; ``năm`` (year), ``ba`` (dad), ``tư`` (private) need the
        M tag or a next word that does not make them something else."""
        words = doc[i].lower_.split()
        if words[0] == "không":  # "không" alone is the negation, not zero
            return False
        if i > 0 and doc[i - 1].lower_ in QUANTIFIERS and words[0] in _AMBIGUOUS_NUMBERS:
            return False  # "nhiều năm", "mấy năm": years, not five
        if doc[i].tag_ == "M" or len(words) > 1 or words[0] not in _AMBIGUOUS_NUMBERS:
            return True
        nxt = doc[i + 1] if i + 1 < stop else None
        return nxt is not None and nxt.text[:1].isalpha() and nxt.lower_ not in self.not_counts \
            and not nxt.like_num

    def _scale(self, doc: Doc, i: int, stop: int) -> tuple[int, float, float]:
        """Scale words after a number (``triệu``, ``nghìn tỷ``) and a following ``rưỡi``
        (half a scale: ``3 triệu rưỡi`` = 3.5 million): (end, multiplier, added)."""
        scale, lower = 1.0, token_lowers(doc)
        while i < stop and self.numbers.is_scale(lower[i]):
            scale *= self.numbers.kinds[lower[i]][1]
            i += 1
        if scale > 1 and i < stop and lower[i] == "rưỡi":
            return i + 1, scale, scale / 2
        return i, scale, 0.0

    def _qualifier(self, doc: Doc, start: int, sent_start: int, current: str) -> tuple[int, str]:
        if current != "=":
            return start, current
        for n in (2, 1):
            if start - n >= sent_start:
                words = " ".join(token_lowers(doc)[start - n:start])
                if words in self.qualifiers:
                    return start - n, self.qualifiers[words]
        return start, current

    def _unit(self, doc: Doc, i: int, stop: int) -> Unit:
        """The counted noun or measure after a number: a listed unit (longest first), an
        event noun with its verb (``7 vụ nổ``), else a noun with the nouns that modify it
        (``10 thành viên phi hành đoàn``, ``5 cột điện``), classifier dropped (``ngôi làng``)."""
        if i < stop and doc[i].lower_ in EVENT_NOUNS and i + 1 < stop and doc[i + 1].pos_ == "VERB":
            return Unit(i + 2, doc[i:i + 2].text.lower(), "count")
        if i < stop and doc[i].lower_ in self.classifiers and i + 1 < stop and self._wordlike(doc[i + 1]):
            i += 1
        listed = self._listed_unit(doc, i, stop)
        if listed:
            return listed
        if i < stop and self._wordlike(doc[i]):
            end = i + 1
            # a following noun joins only where the two make a dictionary compound (cột điện)
            while end < stop and doc[end].text.islower() and doc[i:end + 1].text.lower() in self.dictionary:
                end += 1
            return Unit(end, doc[i:end].text.lower(), "count")
        return Unit(i, "", "none")

    def _listed_unit(self, doc: Doc, i: int, stop: int) -> Unit | None:
        for n in range(self.max_unit_words, 0, -1):
            if i + n > stop:
                continue
            text = " ".join(token_texts(doc)[i:i + n])
            for key in (text, text.lower()):
                if key in self.units:
                    kind, canonical = self.units[key]
                    return Unit(i + n, canonical, kind)
        return None

    def _wordlike(self, token) -> bool:
        """A counted noun right after a number. The POS CRF often calls rare nouns verbs
        there (``3 chuyên gia`` as V), so verbs count too, but not auxiliaries or names."""
        if not token.text[:1].isalpha() or token.text[:1].isupper() and token.tag_ == "Np":
            return False
        if token.lower_ in AUXILIARIES or token.pos_ in _NOT_UNIT_POS:
            return False
        # the CRF tags some nouns after numerals as M ("năm nghi phạm"): real numbers are not units
        return token.pos_ != "NUM" or not (token.like_num or self.numbers.is_number_word(token.text))

    @staticmethod
    def _counted(doc: Doc, start: int, value: float) -> bool:
        """A bare number (no unit) is kept only when it reads as a count of something
        said before it (``con số 148``), not as a label or score."""
        return start > 0 and doc[start - 1].lower_ in ("là", "lên", "xuống", "đạt", "còn", "tới", "đến")

    @staticmethod
    def _share_units(doc: Doc, found: list[Found]) -> None:
        """``3 hoặc 4 người``: a unit-less number right before a listed one shares its unit."""
        for k in range(len(found) - 2, -1, -1):
            span, values = found[k]
            nxt_span, nxt = found[k + 1]
            gap = token_lowers(doc)[span.end:nxt_span.start]
            if not values["unit"] and nxt["unit"] and gap and all(w in LIST_JOINERS for w in gap):
                values["unit"] = nxt["unit"]

    # -- predicate -----------------------------------------------------------------
    def _predicate(self, doc: Doc, sent: Span, span: Span, earlier: list[Found], reporting: set[int]) -> str:
        """The verb of the quantity's clause. A quantity right before a verb is its
        subject (``hơn 200 người thiệt mạng``), also after a causative (``khiến 48 người
        chết``); otherwise it is the object of the verb before it (``bắn hạ 4 trực thăng``).
        Items of a list share the verb (``4 trực thăng, 15 máy bay ... và 10 xe tăng``)."""
        if earlier:
            prev_span, prev = earlier[-1]
            gap = token_lowers(doc)[prev_span.end:span.start]
            if all(w in LIST_JOINERS for w in gap) and prev["predicate"]:
                return prev["predicate"]
        before = self._verb_before(doc, sent, span.start, reporting)
        after = self._verb_after(doc, sent, span.end, reporting)
        if after and (not before or before in self.causatives):
            return after
        return before if before not in self.causatives else ""

    def _verb_group(self, doc: Doc, i: int, stop: int, reporting: set[int]) -> VerbGroup:
        """The verb starting at ``i`` with what completes it: following verbs, or a noun
        that makes a dictionary compound with it (``gọi`` + ``điện``)."""
        end = i + 1
        while end < stop and end not in reporting and doc[end].lower_ not in AUXILIARIES and (
                doc[end].pos_ == "VERB" or doc[i:end + 1].text.lower() in self.dictionary):
            end += 1
        return VerbGroup(end, doc[i:end].text.lower())

    def _verb_before(self, doc: Doc, sent: Span, start: int, reporting: set[int]) -> str:
        i = start - 1
        steps = 0
        while i >= sent.start and steps < VERB_REACH:
            tok = doc[i]
            if tok.is_punct or i in reporting or tok.lower_ in ("và", "khi", "nhưng"):
                return ""
            if tok.pos_ == "VERB" and tok.lower_ not in AUXILIARIES and tok.lower_ not in self.modals:
                first = i
                while first - 1 >= sent.start and doc[first - 1].pos_ == "VERB" and first - 1 not in reporting \
                        and doc[first - 1].lower_ not in AUXILIARIES and doc[first - 1].lower_ not in self.modals \
                        and doc[first - 1].lower_ not in self.causatives:
                    first -= 1
                return self._verb_group(doc, first, start, reporting).text
            i -= 1
            steps += 1
        return ""

    def _verb_after(self, doc: Doc, sent: Span, end: int, reporting: set[int]) -> str:
        i = end
        while i < sent.end and (doc[i].pos_ in ("ADV", "PART") or doc[i].lower_ in AUXILIARIES
                                or doc[i].lower_ in self.modals):
            i += 1
        if i >= sent.end or i in reporting or doc[i].pos_ != "VERB":
            return ""
        return self._verb_group(doc, i, sent.end, reporting).text

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        doc.spans[self.spans_key] = [span for span, _ in found]
        for span, values in found:
            set_values(doc, self.spans_key, span, values)


@Language.factory("vnews_quantities", assigns=["doc.spans"], requires=["doc.sents", "token.tag"],
                  default_config={"spans_key": SPANS_QUANTITIES})
def make_quantities(nlp: Language, name: str, spans_key: str) -> QuantityTagger:
    return QuantityTagger(nlp, name, spans_key)
