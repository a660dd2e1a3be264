"""``vnews_dates``: temporal expressions as ``doc.spans["dates"]`` with TIMEX3 values.

Recognition and resolution live in ``timex.py``; this component runs them per
sentence, snaps matches to tokens and stores the values (type, value, date_from,
date_to, granularity, anchor) with ``spanvalues``. Tokens it claims are removed from
``doc.ents``: the CRF often tags date parts as LOC.
"""

from __future__ import annotations

import dataclasses

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..constants import SPANS_DATES
from ..meta import publication_date
from ..spanvalues import set_values
from ..timex import TimexTagger


class DateTagger:
    def __init__(self, nlp: Language, name: str = "vnews_dates", spans_key: str = SPANS_DATES):
        self.name = name
        self.spans_key = spans_key
        self.tagger = TimexTagger()

    def __call__(self, doc: Doc) -> Doc:
        dct = publication_date(doc)
        found = []
        for sent in doc.sents:
            text = sent.text
            for timex in self.tagger.tag(text, dct):
                span = doc.char_span(sent.start_char + timex.start, sent.start_char + timex.end,
                                     label=timex.type, alignment_mode="expand")
                if span is not None and (not found or span.start >= found[-1][0].end):
                    found.append((span, timex))
        self.set_annotations(doc, found)
        return doc

    def set_annotations(self, doc: Doc, found: list[tuple[Span, object]]) -> None:
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
