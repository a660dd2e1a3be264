"""What an article is about, as a weighted bag of terms, for telling which articles tell one story.

Terms are the article's content words (nouns, verbs, adjectives of the tokens table,
lower-cased, no numbers), its entities' canonical names (``E:``, counted more: who and where
decide a story), the syllable pairs of its title (``T:``: headlines of one story share
words), and the days its dates name (``D:``). Weights are TF-IDF with document frequencies
counted once over a large news collection (``models/stories/df.tsv``, ``make train``), so an
article's vector does not depend on what else is in the output.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from operator import itemgetter
from typing import NamedTuple
from urllib.parse import urlsplit

from pipeline.core.lexicon import model_path
from pipeline.io.rows import records, values

CONTENT_POS = frozenset({"N", "Np", "Nc", "Nb", "Ny", "V", "A"})
ENTITY_WEIGHT = 2.0
TITLE_WEIGHT = 3.0
DATE_WEIGHT = 1.0
MAX_TERMS = 150  # the heaviest terms kept: enough to compare, small to index
MIN_IDF = math.log(10)  # terms in over a tenth of all articles say nothing of the story (and cost most)
_DIGIT = re.compile(r"\d")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORD = re.compile(r"\w+")
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")


class Signature(NamedTuple):
    article_id: str
    day: int | None  # publication date as a day number (date.toordinal), None when unknown
    terms: dict[str, float]  # unit length


def content_terms(rows: dict[str, list[dict]], title: str | None) -> Counter:
    """Raw term counts of one article from its rows (tokens, entities, dates) and title."""
    digit = _DIGIT.search
    counts = Counter(text.lower() for text, pos in values(rows.get("tokens", ()), ("text", "pos"))
                     if pos in CONTENT_POS and isinstance(text, str) and not digit(text))
    add_names(counts, [e["canonical"] or e["text"] for e in records(rows.get("entities", ()), ("canonical", "text"))])
    add_title(counts, title)
    add_dates(counts, [d.get("value") for d in rows.get("dates", ())])
    return counts


def add_names(counts: Counter, names) -> None:
    for name in names:
        if isinstance(name, str) and name:
            counts["E:" + name.lower()] += ENTITY_WEIGHT


def add_title(counts: Counter, title) -> None:
    syllables = _WORD.findall(title.lower()) if isinstance(title, str) else []
    for a, b in zip(syllables, syllables[1:]):
        counts[f"T:{a}_{b}"] += TITLE_WEIGHT


def add_dates(counts: Counter, values) -> None:
    for value in values:
        if isinstance(value, str) and _DAY.match(value):
            counts["D:" + value[:10]] += DATE_WEIGHT


def token_terms(tokens) -> dict[str, Counter]:
    """Content-word counts per article from a tokens table (article_id, text, pos): the token
    part of ``content_terms`` for many articles at once."""
    t = tokens[tokens["pos"].isin(CONTENT_POS) & tokens["text"].notna()]
    out: dict[str, Counter] = {}
    for aid, text in zip(t["article_id"].tolist(), t["text"].tolist()):
        if not _DIGIT.search(text):
            counts = out.get(aid)
            if counts is None:
                counts = out[aid] = Counter()
            counts[text.lower()] += 1
    return out


class DocumentFrequencies:
    """How many articles of the reference collection hold each term (``models/stories/df.tsv``)."""

    def __init__(self, n: int, df: dict[str, int]):
        self.n, self.df = n, df
        self._idf = {t: math.log((n + 1) / (c + 1)) for t, c in df.items()}
        self._unseen = math.log(n + 1)

    def idf(self, term: str) -> float:
        found = self._idf.get(term)
        return self._unseen if found is None else found

    def weigh(self, counts: Counter) -> dict[str, float]:
        """TF-IDF (1 + log tf), the MAX_TERMS heaviest, unit length."""
        weights = {t: (1 + math.log(n)) * idf for t, n in counts.items()
                   if n > 0 and (idf := self.idf(t)) >= MIN_IDF}
        # heaviest first, ties by term: two stable sorts (C keys), the order of one by (-weight, term)
        top = sorted(sorted(weights.items(), key=itemgetter(0)), key=itemgetter(1), reverse=True)[:MAX_TERMS]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {t: w / norm for t, w in top}


@functools.cache
def reference_frequencies() -> DocumentFrequencies:
    n, df = 0, {}
    with open(model_path("stories/df.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("# articles:"):
                n = int(line.split(":", 1)[1])
            elif line.strip() and not line.startswith("#") and not line.startswith("term\t"):
                term, count = line.rstrip("\n").split("\t")
                df[term] = int(count)
    return DocumentFrequencies(n, df)


def outlet(url: str | None) -> str | None:
    """The outlet of an article's URL: its host without ``www.``; for an aggregator that puts
    the outlet in its path (``baomoi.com/Home/TheGioi/tuoitre.vn/...``), that outlet."""
    if not isinstance(url, str) or "//" not in url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    for segment in parts.path.split("/")[1:-1]:
        if _DOMAIN.match(segment.lower()) and segment.lower() != host:
            return segment.lower().removeprefix("www.")
    return host or None
