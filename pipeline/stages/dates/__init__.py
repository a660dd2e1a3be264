"""``vnews_dates``: temporal expressions as ``doc.spans["dates"]`` with TIMEX3 values.

- ``timex``: the Timex value and the Resolver (values against the publication date);
- ``tagger``: recognition patterns per sentence; ``handlers``: what each pattern's match becomes;
- ``component``: the spaCy component.
"""

from pipeline.stages.dates.component import DateTagger, make_dates

__all__ = ["DateTagger", "make_dates"]
