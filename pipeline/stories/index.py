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
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)  # term -> (article, weight)
        self.by_day: dict[str, dict[int | None, list[tuple[int, float]]]] = {}  # term -> day -> the same
        self.last = 0  # highest story number given

    def _near(self, day: int | None, other: int | None) -> bool:
        return day is None or other is None or abs(day - other) <= self.window

    def scores(self, sig: Signature) -> dict[str, float]:
        """Each candidate story's score for this article."""
        sims: dict[int, float] = defaultdict(float)
        day = sig.day
        if day is None:  # every article is near
            for term, weight in sig.terms.items():
                for n, w in self.postings.get(term, ()):
                    sims[n] += weight * w
        else:  # the articles of the days in the window, and those with no date
            keys = [*range(day - self.window, day + self.window + 1), None]
            for term, weight in sig.terms.items():
                days = self.by_day.get(term)
                if days is None:
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
        members = {s: sum(count for d, count in self.story_days[s].items() if self._near(day, d)) for s in best}
        return {s: 0.5 * best[s] + 0.5 * total[s] / members[s] for s in best}

    def assign(self, sig: Signature, story: str | None = None) -> str:
        """The story of a new article (``story`` when it is known already, as for the articles
        of an existing output), indexed for the ones to come."""
        if story is None:
            scores = self.scores(sig)
            # ties to the oldest story: deterministic whatever the dict order
            top = max(scores.items(), key=lambda kv: (kv[1], -self.number(kv[0])), default=None)
            if top is not None and top[1] >= self.threshold:
                story = top[0]
            else:
                story = self.new_id()
        else:
            self.last = max(self.last, self.number(story))
        n = len(self.days)
        self.days.append(sig.day)
        self.story_of.append(story)
        self.story_days[story][sig.day] += 1
        for term, weight in sig.terms.items():
            self.postings[term].append((n, weight))
            self.by_day.setdefault(term, {}).setdefault(sig.day, []).append((n, weight))
        return story

    def new_id(self) -> str:
        self.last += 1
        return f"s{self.last:05d}"

    @staticmethod
    def number(story: str) -> int:
        digits = story.lstrip("s")
        return int(digits) if digits.isdigit() else 0
