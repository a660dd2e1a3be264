"""``vnews_dates``: temporal expressions as ``doc.spans["dates"]`` with TIMEX3 values.

Recognition and resolution live in ``tagger.py``, ``handlers.py`` and ``timex.py``; this component runs them per
sentence, snaps matches to tokens and stores the values (type, value, date_from,
date_to, granularity, anchor) with ``spanvalues``. Tokens it claims are removed from
``doc.ents``: the CRF often tags date parts as LOC.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.core.constants import SPANS_DATES
from pipeline.core.meta import doc_text, publication_date, span_text
from pipeline.core.spanvalues import Found, set_values
from pipeline.grammar.spans import in_quotation, quoted_tokens
from pipeline.stages.dates.tagger import TimexTagger, is_period

_DATELINE = re.compile(r"(?<!\d)(?:(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)|((?:19|20)\d\d)-(\d\d)-(\d\d))(?!\d)")
DATELINE_CHARS = 200


def find_dateline(text: str) -> dt.date | None:
    """A full date (day, month and year) in the first lines of the text: the dateline
    many articles carry when the metadata has no publication date."""
    m = _DATELINE.search(text[:DATELINE_CHARS])
    if not m:
        return None
    try:
        if m.group(1):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
    except ValueError:
        return None


class DateTagger:
    def __init__(self, nlp: Language, name: str = "vnews_dates", spans_key: str = SPANS_DATES):
        self.name = name
        self.spans_key = spans_key
        self.tagger = TimexTagger()

    def __call__(self, doc: Doc) -> Doc:
        dct, dct_source = publication_date(doc), "published"
        if dct is None:  # no metadata: a dateline at the top of the text ("20/05/2016 10:17")
            dct, dct_source = find_dateline(doc_text(doc)), "dateline"
        found = []
        last = None  # the latest single-day date, for "cùng ngày" in later sentences
        speech_day = None  # the day a quotation was spoken, when the article dates it
        period = None  # the latest quarter, half or run of months, for "cùng kỳ" in later sentences
        in_name = {i for e in doc.ents for i in range(e.start, e.end)}
        text = doc_text(doc)
        for sent in doc.sents:
            timexes = self.tagger.tag(span_text(sent), dct, last, dct_source, period)
            speech_day = self._speech_day(doc, sent, timexes, speech_day)
            if speech_day is not None and speech_day != dct:
                timexes = self._as_spoken(doc, sent, timexes, speech_day, last)
            for timex in timexes:
                if timex.type in ("DATE", "TIME") and timex.date_from and timex.date_from == timex.date_to:
                    last = timex
                elif is_period(timex):
                    period = timex
                start, end = sent.start_char + timex.start, sent.start_char + timex.end
                span = doc.char_span(start, end, label=timex.type, alignment_mode="expand")
                if span is None or not self._stands_alone(text, span, start, end, in_name):
                    continue
                if not found or span.start >= found[-1].span.end:
                    found.append(Found(span, timex))
        self.set_annotations(doc, found)
        return doc

    @staticmethod
    def _quoted(doc: Doc, sent, timex) -> bool:
        token = doc.char_span(sent.start_char + timex.start, sent.start_char + timex.end, alignment_mode="expand")
        return token is not None and in_quotation(doc, sent, token.start)

    def _speech_day(self, doc: Doc, sent, timexes, speech_day: dt.date | None) -> dt.date | None:
        """``Ngày 18/5, ông nói: "Ngày mai ..."``: the day written before a quotation opens (or in
        the attribution after it) is when it was spoken; it holds while the quotation runs on into
        later sentences."""
        quoted = quoted_tokens(doc, sent)
        if not quoted:
            return None
        if quoted[0] == sent.start and speech_day is not None:  # a quotation carried over
            return speech_day
        opened = doc[quoted[0]].idx - sent.start_char
        closed = doc[quoted[-1]].idx + len(doc[quoted[-1]]) - sent.start_char
        written = [t for t in timexes if t.date_from and t.date_from == t.date_to
                   and any(ch.isdigit() for ch in span_text(sent)[t.start:t.end])]  # a written day, not "hôm qua"
        before = [t for t in written if t.end <= opened]
        after = [t for t in written if t.start >= closed]  # '"...", ông nói hôm 18/5'
        if before or after:
            return dt.date.fromisoformat((before[-1:] or after)[0].date_from)
        return None

    def _as_spoken(self, doc: Doc, sent, timexes, speech_day: dt.date, last):
        """Relative dates inside the quotation resolved against the day it was spoken."""
        spoken = {(t.start, t.end): t for t in self.tagger.tag(span_text(sent), speech_day, last, "quotation")}
        out = []
        for t in timexes:
            again = spoken.get((t.start, t.end))
            if t.anchor in ("published", "dateline") and again is not None and self._quoted(doc, sent, t):
                t = again
            out.append(t)
        return out

    @staticmethod
    def _stands_alone(text: str, span, start: int, end: int, in_name: set[int]) -> bool:
        """A date made of words only must be whole words of the tokenizer (``hiện`` in ``thực hiện``,
        ``mai`` in ``mai phục`` are none), and no date lies inside a name (``Bệnh viện Bạch Mai``,
        ``Hiến pháp năm 1992``)."""
        if not any(ch.isdigit() for ch in text[start:end]) and (span.start_char, span.end_char) != (start, end):
            return False
        return not all(i in in_name for i in range(span.start, span.end))

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        doc.spans[self.spans_key] = [span for span, _ in found]
        for span, timex in found:
            values = dict(vars(timex))  # the fields in order; asdict's deep copy is slow and they are immutable
            for key in ("start", "end"):
                values.pop(key)
            set_values(doc, self.spans_key, span, values)
        claimed = {i for span, _ in found for i in range(span.start, span.end)}
        doc.ents = [e for e in doc.ents if not any(i in claimed for i in range(e.start, e.end))]


@Language.factory("vnews_dates", assigns=["doc.spans"], requires=["doc.sents"],
                  default_config={"spans_key": SPANS_DATES})
def make_dates(nlp: Language, name: str, spans_key: str) -> DateTagger:
    return DateTagger(nlp, name, spans_key)
