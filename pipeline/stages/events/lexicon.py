"""The word lists of the events stage, loaded once from ``models/`` (each TSV names its
source): triggers and their CAMEO codes, the never-an-event lists, cue codes, intents, actor
roles, anaphors and the gazetteer's countries."""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import NamedTuple

from spacy.tokens import Token

from pipeline.core.lexicon import load_tsv, load_words
from pipeline.stages.claims import reporting_frames
from pipeline.text.gazetteer import Gazetteer, default_gazetteer, trie_pattern
from pipeline.text.vocabulary import viet74k

FUTURE = "<sẽ>"  # label of a future action found by TriggerFinder.future_actions, not a lexicon entry


class Code(NamedTuple):
    """A CAMEO event code and its name in the codebook."""
    code: str
    name: str


class Scale(NamedTuple):
    """Where a CAMEO code sits on Goldstein's conflict-cooperation scale, and its QuadClass."""
    goldstein: float
    quad_class: int


STATEMENT = Code("010", "Make statement, not specified below")  # CAMEO 1.1b3
INTENT = Code("030", "Express intent to cooperate, not specified below")


@dataclasses.dataclass(frozen=True)
class ContextCode:
    """A trigger's code when one of the cues stands in its sentence (models/cameo/context_codes.tsv)."""
    cues: re.Pattern
    code: str
    name: str


@dataclasses.dataclass(frozen=True, eq=False)
class EventLexicon:
    codes: dict[str, Code]  # trigger -> CAMEO code
    scale: dict[str, Scale]  # code -> Goldstein and QuadClass
    not_triggers: frozenset[str]
    nominalizers: frozenset[str]
    modifier_heads: frozenset[str]
    dictionary: frozenset[str]
    conditionals: frozenset[str]
    not_before_number: frozenset[str]
    undergone: frozenset[str]
    not_intents: frozenset[str]
    event_objects: frozenset[str]
    states: frozenset[str]
    documents: frozenset[str]
    reporting: dict[str, str]
    speaker_only: frozenset[str]
    regex: re.Pattern
    roles: frozenset[str]
    titles: dict[str, str]
    offices: frozenset[str]
    role_words: dict[str, str]
    country_codes: dict[str, str]
    gazetteer: Gazetteer
    continuations: list[str]
    intents: dict[str, Code]
    context_codes: dict[str, list[ContextCode]]
    demonstratives: frozenset[str]
    noun_heads: frozenset[str]
    anaphors: dict[str, str]

    def is_reporting(self, entry: str) -> bool:
        """Is the lexicon entry a reporting verb (``cho biết``, ``nói rằng``)?"""
        return entry in self.reporting or entry.removesuffix(" rằng") in self.reporting

    def nominal(self, tok: Token) -> bool:
        """A noun, or a word the segmenter glued onto a head noun and the tagger took for a
        verb (``cơ quan chức năng``, ``lực lượng chức năng``)."""
        if tok.pos_ in ("NOUN", "PROPN"):
            return True
        words = tok.lower_.split()
        return len(words) > 2 and (" ".join(words[:2]) in self.noun_heads or words[0] in self.noun_heads)

    def country_of(self, text: str) -> str:
        """The ISO code of the country a name is, or ""."""
        entry = self.gazetteer.get(text)
        return entry.key if entry is not None and entry.key and not entry.key.startswith("VN-") else ""


@functools.lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    codes = {row["trigger"].lower(): Code(row["code"], row["name"]) for row in load_tsv("cameo/triggers.tsv")}
    not_triggers = frozenset(load_words("cameo/not_triggers.tsv"))
    reporting = {w: frame for w, frame in reporting_frames().items() if frame != "said"}
    # reporting verbs with no trigger entry of their own (đánh giá, thông tin) are a statement
    # only where they close a quotation: "“...”, Thủ tướng đánh giá."
    speaker_only = frozenset(w for w, frame in reporting.items() if frame == "verb" and w not in codes)
    # one regex shaped as a character trie: longest entry first at each position
    entries = set(codes) | not_triggers | speaker_only
    titles = load_tsv("entities/titles.tsv")
    context_codes: dict[str, list[ContextCode]] = {}
    for row in load_tsv("cameo/context_codes.tsv"):  # first matching row of a trigger wins
        alternation = "|".join(re.escape(c) for c in row["cues"].split(";"))
        cues = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
        context_codes.setdefault(row["trigger"], []).append(ContextCode(cues, row["code"], row["name"]))
    anaphors = {row["word"]: row["refers"] for row in load_tsv("cameo/anaphors.tsv")}
    roles = frozenset(load_words("entities/trim_words.tsv"))
    return EventLexicon(
        codes=codes,
        scale={row["code"]: Scale(float(row["goldstein"]), int(row["quad_class"]))
               for row in load_tsv("cameo/goldstein.tsv")},
        not_triggers=not_triggers,
        nominalizers=frozenset(load_words("cameo/nominalizers.tsv")),
        modifier_heads=frozenset(load_words("cameo/modifier_heads.tsv")),
        dictionary=viet74k(),
        conditionals=frozenset(load_words("cameo/conditionals.tsv")),
        not_before_number=frozenset(load_words("cameo/not_before_number.tsv")),
        undergone=frozenset(load_words("cameo/undergone.tsv")),
        not_intents=frozenset(load_words("cameo/not_intents.tsv")),
        event_objects=frozenset(load_words("cameo/event_objects.tsv")),
        states=frozenset(load_words("cameo/states.tsv")),
        documents=frozenset(load_words("cameo/documents.tsv")),
        reporting=reporting,
        speaker_only=speaker_only,
        regex=re.compile(rf"(?<!\w)(?:{trie_pattern(entries)})(?!\w)"),
        roles=roles,
        titles={row["word"]: row["label"] for row in titles},
        # a person's office alone (Thủ tướng đề nghị ...) names the one who holds it in the article
        offices=frozenset(row["word"] for row in titles if row["label"] == "PER" and row["honorific"] != "yes"),
        role_words={row["word"]: row["role"] for row in load_tsv("cameo/actor_roles.tsv")},
        country_codes={row["iso2"]: row["cameo"] for row in load_tsv("gazetteers/country_codes.tsv")},
        gazetteer=default_gazetteer(),
        continuations=load_words("cameo/continuations.tsv"),
        intents={row["root"]: Code(row["code"], row["name"]) for row in load_tsv("cameo/intent_codes.tsv")},
        context_codes=context_codes,
        demonstratives=frozenset(w for w, r in anaphors.items() if r == "DEMONSTRATIVE"),
        noun_heads=roles | {w for w, r in anaphors.items() if r != "DEMONSTRATIVE"},
        anaphors={w: r for w, r in anaphors.items() if r != "DEMONSTRATIVE"},
    )
