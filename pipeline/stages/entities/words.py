"""The word lists and shared helpers of the entities stage: what a candidate is, the Doc's
token columns, and the lists of ``models/entities`` and ``models/gazetteers``."""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import NamedTuple

from spacy.attrs import SENT_START
from spacy.tokens import Doc

from pipeline.core.lexicon import load_tsv, load_words
from pipeline.core.meta import doc_text, token_lowers, token_pos, token_texts
from pipeline.grammar.words import CLOSE_QUOTES, OPEN_QUOTES  # noqa: F401  re-exported for the finders
from pipeline.text.gazetteer import Gazetteer, default_gazetteer
from pipeline.text.vocabulary import viet74k

ROMAN = re.compile(r"^[IVXLC]+$")  # khóa XIV, lần thứ XII: numbers, not names
WEB_NAME = re.compile(r"(?<![\w.])[A-Z][\w-]*\.(?:vn|com|net|org|info)(?![\w])")
# Which candidate wins an overlap: higher first, then longer, then earlier.
PRIORITY = {"cue": 6, "titled": 6, "pattern": 5, "gazetteer": 4, "title": 3, "name": 2, "crf": 1}


class Candidate(NamedTuple):
    """A possible entity: where it came from, its token range, label and (when known) its
    canonical name and gazetteer key."""
    source: str
    start: int
    end: int
    label: str
    canonical: str | None
    key: str


def is_cap(token) -> bool:
    return cap_text(token.text)


@functools.lru_cache(maxsize=100_000)
def cap_text(text: str) -> bool:
    return text[:1].isupper() and any(ch.isalpha() for ch in text)


class Columns:
    """Per-document token attributes as plain lists (the per-Doc lists of core/meta.py), for
    the loops that look at every token: no spaCy Token object per token and per loop."""

    def __init__(self, doc: Doc):
        self.text = doc_text(doc)
        self.words, self.lower, self.pos = token_texts(doc), token_lowers(doc), token_pos(doc)
        self.cap = list(map(cap_text, self.words))
        self.sent_start = (doc.to_array(SENT_START) == 1).tolist() if len(doc) else []


@dataclasses.dataclass(frozen=True, eq=False)
class EntityWords:
    gazetteer: Gazetteer
    org_heads: set[str]
    team_heads: set[str]
    titles: dict[str, str]
    honorifics: set[str]
    trim: set[str]
    surnames: set[str]
    not_entities: set[str]
    org_modifiers: set[str]
    foreign_tails: dict[str, str]
    misc_cues: dict[str, str]
    place_words: set[str]
    dictionary: frozenset[str]
    time_words: set[str]
    particles: set[str]
    name_heads: dict[str, str]
    name_head_re: re.Pattern


@functools.lru_cache(maxsize=1)
def entity_words() -> EntityWords:
    heads = load_tsv("entities/org_heads.tsv")
    titles = load_tsv("entities/titles.tsv")
    name_heads = {row["word"]: row["label"] for row in load_tsv("entities/name_heads.tsv")}
    alternation = "|".join(re.escape(h) for h in sorted(name_heads, key=len, reverse=True))
    return EntityWords(
        gazetteer=default_gazetteer(),
        org_heads={row["word"] for row in heads},
        team_heads={row["word"] for row in heads if row["place_only"] == "yes"},
        titles={row["word"]: row["label"] for row in titles},
        honorifics={row["word"] for row in titles if row["honorific"] == "yes"},
        trim=set(load_words("entities/trim_words.tsv")),
        surnames=set(load_words("entities/vn_surnames.tsv")),
        not_entities=set(load_words("entities/not_entities.tsv")),
        org_modifiers=set(load_words("entities/org_modifiers.tsv")),
        foreign_tails={row["word"]: row["label"] for row in load_tsv("entities/foreign_tails.tsv")},
        misc_cues={row["word"]: row["kind"] for row in load_tsv("entities/misc_cues.tsv")},
        place_words=set(load_words("entities/place_words.tsv")),
        dictionary=viet74k(),
        # time nouns end an organisation's name (Bộ Quốc phòng Nga hôm 3/10, ... tháng trước)
        time_words=(set(load_words("dates/duration_units.tsv")) | set(load_words("dates/parts_of_day.tsv"))
                    | {w.split()[0] for w in load_words("dates/anaphors.tsv")}
                    | set(load_words("entities/field_stops.tsv"))),
        particles=set(load_words("entities/name_particles.tsv")),
        name_heads=name_heads,
        # head + one or more capitalised syllables ("Cộng hòa Artsakh", "Thành phố Hồ Chí Minh")
        name_head_re=re.compile(rf"(?<!\w)({alternation})((?: [\w-]+)+)"),
    )


def after_place_word(words: EntityWords, lower: list[str], start: int) -> bool:
    """Whether a place word or a place's title (``Columns.lower``) comes right before ``start``."""
    prev = lower[start - 1] if start > 0 else ""
    return prev in words.place_words or words.titles.get(prev) == "LOC"
