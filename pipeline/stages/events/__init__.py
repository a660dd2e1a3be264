"""``vnews_events``: who did what to whom, where and when, coded in CAMEO.

Triggers come from models/cameo/triggers.tsv (whole words, longest first, aligned to token
boundaries). Arguments are read from what earlier stages put on the Doc, never re-parsed:
actor1 is the nearest entity before the trigger that is not the object of a preposition,
actor2 the first entity after it in the clause, location a LOC after a place preposition,
date the sentence's first date (else the previous event's date when the sentence continues
it: ``Sau đó``, ``Đáp lại``; else the publication date), quantities those of the sentence,
claimant from claims.py. A reporting verb that introduces another event is not an event
itself: it gives that event its claimant.

- ``lexicon``: the word lists (``models/cameo``), loaded once;
- ``triggers``: trigger candidates of a sentence;
- ``filters``: the triggers that are never events, each a named predicate (the reason);
- ``coding``: code, modality, negation, joins, date and place of a kept trigger;
- ``actors``: actor1, actor2 and their CAMEO actor codes;
- ``component``: the spaCy component that runs them in order.
"""

from pipeline.stages.events.component import EventExtractor, make_events

__all__ = ["EventExtractor", "make_events"]
