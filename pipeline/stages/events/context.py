"""What the events of a sentence may look back at, and the named results the stage passes on."""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc, Span

from pipeline.core.meta import doc_text, span_text


class Actor(NamedTuple):
    """An actor: the noun phrase as written (``các lực lượng Azerbaijan``) and the entity or
    phrase it names (``Azerbaijan``)."""
    np: Span
    ent: Span


class Kept(NamedTuple):
    """The last event kept in a sentence: its trigger, its row values and its doer."""
    trigger: Span
    values: dict
    actor1: Actor | None


class SentenceSpans(NamedTuple):
    """The entities, dates and quantities of one sentence."""
    ents: list[Span]
    dates: list[Span]
    quantities: list[Span]


class ArticleContext:
    """What the events of a sentence may look back at: the article's lower-cased text (cues of
    a nominal mention) and its entities in order (antecedents of ``Tôi``, ``nước này``)."""

    def __init__(self, doc: Doc, ents: list[Span]):
        """``ents``: the Doc's entities in order, as the caller has read them."""
        self.doc = doc
        text = doc_text(doc)
        self.lower_text = text.lower()  # once per article: trigger and cue search
        self._same_offsets = len(self.lower_text) == len(text)  # lower() keeps Vietnamese offsets
        self.ents = [e for e in ents if e.label_ != "MISC"]
        self.told: set[str] = set()  # lexicon entries already kept as events in the article
        self.told_roots: set[str] = set()  # and their CAMEO root codes
        self.doers: dict[str, int] = {}  # CAMEO country code -> events its actors did so far
        self.previous_sent: Span | None = None  # the sentence before the one being read
        self.previous_ents: list[Span] = []

    def sentence_lower(self, sent: Span) -> str:
        if self._same_offsets:
            return self.lower_text[sent.start_char:sent.end_char]
        return span_text(sent).lower()  # a letter such as "İ" grows when lower-cased
