"""``vnews_dates``: temporal expressions as ``doc.spans["dates"]`` with TIMEX3 values.

Recognition and resolution live in ``tagger.py``, ``handlers.py`` and ``timex.py``; this component runs them per
sentence, snaps matches to tokens and stores the values (type, value, date_from,
date_to, granularity, anchor) with ``spanvalues``. Tokens it claims are removed from
``doc.ents``: the CRF often tags date parts as LOC.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.core.constants import SPANS_DATES
from pipeline.core.meta import publication_date
from pipeline.core.spanvalues import Found, set_values
from pipeline.stages.dates.tagger import TimexTagger

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
            dct, dct_source = find_dateline(doc.text), "dateline"
        found = []
        last = None  # the latest single-day date, for "cùng ngày" in later sentences
        for sent in doc.sents:
            text = sent.text
            for timex in self.tagger.tag(text, dct, last, dct_source):
                if timex.type in ("DATE", "TIME") and timex.date_from and timex.date_from == timex.date_to:
                    last = timex
                span = doc.char_span(sent.start_char + timex.start, sent.start_char + timex.end,
                                     label=timex.type, alignment_mode="expand")
                if span is not None and (not found or span.start >= found[-1].span.end):
                    found.append(Found(span, timex))
        self.set_annotations(doc, found)
        return doc

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        doc.spans[self.spans_key] = [span for span, _ in found]
        for span, timex in found:
            values = dataclasses.asdict(timex)
            for key in ("start", "end"):
                values.pop(key)
            set_values(doc, self.spans_key, span, values)
        claimed = {i for span, _ in found for i in range(span.start, span.end)}
        doc.ents = [e for e in doc.ents if not any(i in claimed for i in range(e.start, e.end))]


@Language.factory("vnews_dates", assigns=["doc.spans"], requires=["doc.sents"],
                  default_config={"spans_key": SPANS_DATES})
def make_dates(nlp: Language, name: str, spans_key: str) -> DateTagger:
    return DateTagger(nlp, name, spans_key)
