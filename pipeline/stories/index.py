"""Incremental story assignment: each new article joins the story it is most like, or opens one.

An article is compared with the articles published within ``WINDOW`` days of it (all of
them when either date is unknown), through an inverted index of their terms. A story's
score is half its best member's cosine and half its members' mean cosine (members in the
window): one close retelling counts, but a story whose other articles are about something
else counts less, which keeps two neighbouring stories apart better than single link.
The article joins the best story when the score reaches ``THRESHOLD``. Nothing already
assigned is ever moved, so the result depends only on the order articles arrive in: a
batch and the same articles added one at a time give the same stories.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

from pipeline.stories.signature import Signature

WINDOW = 3  # days between publication dates of articles of one story
THRESHOLD = 0.14  # chosen on ../shared/news (B-cubed against its clusters; docs/EVALUATION.md)
DECAY = 0.15  # a day between two articles takes this share off their cosine: retellings come soon


class StoryIndex:
    def __init__(self, window: int = WINDOW, threshold: float = THRESHOLD):
        self.window, self.threshold = window, threshold
        self.story_of: list[str] = []  # article number -> story id
        self.story_days: dict[str, Counter] = defaultdict(Counter)  # story -> its members' days, counted
        self.days: list[int | None] = []
        self.by_day: dict[str, dict[int | None, list[tuple[int, float]]]] = {}  # term -> day -> (article, weight)
        self.last = 0  # highest story number given

    def scores(self, sig: Signature) -> dict[str, float]:
        """Each candidate story's score for this article."""
        sims: dict[int, float] = defaultdict(float)
        day = sig.day
        if day is None:  # every article is near, taken in the order they came
            for term, weight in sig.terms.items():
                days = self.by_day.get(term)
                for n, w in sorted(itertools.chain.from_iterable(days.values())) if days else ():
                    sims[n] += weight * w
        else:  # the articles of the days in the window, and those with no date
            low, high = day - self.window, day + self.window
            keys = [*range(low, high + 1), None]
            for term, weight in sig.terms.items():
                days = self.by_day.get(term)
                if days is None:
                    continue
                if len(days) == 1:  # most terms: one day, looked at without a lookup per day of the window
                    (other, found), = days.items()
                    if other is None or low <= other <= high:
                        for n, w in found:
                            sims[n] += weight * w
                    continue
                for key in keys:
                    for n, w in days.get(key, ()):
                        sims[n] += weight * w
        best: dict[str, float] = {}
        total: dict[str, float] = defaultdict(float)
        days_of, story_of = self.days, self.story_of
        for n, sim in sims.items():  # all near, as found through the window
            other = days_of[n]
            if day is not None and other is not None:
                sim *= 1 - DECAY * abs(day - other)
            story = story_of[n]
            kept = best.get(story, 0.0)
            best[story] = sim if sim > kept else kept
            total[story] += sim
        if not best:
            return {}
        window = self.window
        members = {s: sum(count for d, count in self.story_days[s].items()
                          if day is None or d is None or abs(d - day) <= window) for s in best}
        return {s: 0.5 * best[s] + 0.5 * total[s] / members[s] for s in best}

    def assign(self, sig: Signature, story: str | None = None) -> str:
        """The story of a new article (``story`` when it is known already, as for the articles
        of an existing output), indexed for the ones to come."""
        if story is None:
            scores = self.scores(sig)
            high = max(scores.values(), default=None)
            if high is not None and high >= self.threshold:
                # ties to the oldest story: deterministic whatever the dict order
                story = min((s for s, score in scores.items() if score == high), key=self.number)
            else:
                story = self.new_id()
        else:
            self.last = max(self.last, self.number(story))
        n = len(self.days)
        self.days.append(sig.day)
        self.story_of.append(story)
        self.story_days[story][sig.day] += 1
        by_day, day = self.by_day, sig.day
        for term, weight in sig.terms.items():
            days = by_day.get(term)
            if days is None:
                by_day[term] = {day: [(n, weight)]}
            else:
                days.setdefault(day, []).append((n, weight))
        return story

    def new_id(self) -> str:
        self.last += 1
        return f"s{self.last:05d}"

    @staticmethod
    def number(story: str) -> int:
        digits = story.lstrip("s")
        return int(digits) if digits.isdigit() else 0
